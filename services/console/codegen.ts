import type { CodegenConfig } from '@graphql-codegen/cli';

// The console's types and typed documents, generated from the gateway's SDL and the
// documents in src/api/documents.ts: `npm run codegen` (from the repository root).
// Paths are relative to this folder; src/api/generated.spec.ts fails when the committed
// output differs from what this config generates.
const config: CodegenConfig & { sort: boolean } = {
  schema: '../gateway/schema/*.graphql',
  // Passed to the schema loader, which sorts by default: enums keep the SDL's order, the
  // order the console lists them in (statuses by lifecycle, LOW before HIGH).
  sort: false,
  documents: ['src/api/documents.ts'],
  generates: {
    'src/api/generated/': {
      preset: 'client',
      // The console reads every field a fragment selects where it is used: no masking.
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', Cursor: 'string' },
        strictScalars: true,
        // Enums as `as const` objects: the console lists their values (filters, pickers).
        enumType: 'const',
        useTypeImports: true,
      },
    },
  },
};

export default config;
