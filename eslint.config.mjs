// ESLint for the whole workspace, one file at the root so that `eslint <project root>` (each Nx
// project's lint target) and `npm run lint` see the same rules. Formatting is Prettier's job:
// eslint-config-prettier comes last and turns off every rule that would argue with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '.tenantry/',
      'coverage/',
      'test-results/',
      'tools/bench/results/',
      '.nx/',
    ],
  },
  js.configs.recommended,
  // TypeScript: the recommended rules plus the type-aware ones. A system of processes talking
  // over NATS and PostgreSQL lives on promises: a floating or misused one is a lost error.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The programs `npm run typecheck` builds: code and specs, @tenantry/x resolved to its
        // sources, so linting needs no build first.
        project: ['./tsconfig.typecheck.json', './services/console/tsconfig.spec.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  // Plain JavaScript (the development launcher, jest's config, bench workers, tools): Node
  // scripts, CommonJS but for .mjs, checked by ESLint's own recommended rules.
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  // The console: React, in the browser.
  {
    files: ['services/console/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
