// ESLint for the whole workspace, one file at the root so that `eslint <project root>` (each Nx
// project's lint target) and `npm run lint` see the same rules. Formatting is Prettier's job:
// eslint-config-prettier comes last and turns off every rule that would argue with it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// A name starting with _ is unused on purpose (a callback's leading parameter, a field taken out of
// an object before it is logged or sent); so is a property destructured next to `...rest`, the idiom
// that leaves it out of the rest.
const unusedVariables = {
  args: 'after-used',
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrorsIgnorePattern: '^_',
  destructuredArrayIgnorePattern: '^_',
  ignoreRestSiblings: true,
};

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '.tenantry/',
      'coverage/',
      'test-results/',
      'tools/bench/results/',
      '.nx/',
      // Written by graphql-codegen (`npm run codegen`), checked by its staleness spec.
      'services/console/src/api/generated/',
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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', unusedVariables],
      // `let x; … () => x …; x = await start()`: a variable a closure reads before it is set stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  // Specs and their helpers keep every promise rule, but not the rules on values typed `any`: they
  // read parsed JSON and YAML (deploy files, HTTP bodies) and jest's asymmetric matchers
  // (expect.objectContaining, expect.any), all typed `any` by their libraries, and the assertion on
  // them is the check. Their fakes of async ports are async without awaiting, as the port is, and
  // jest's expect(fake.method) takes a method off its object by design.
  {
    files: [
      '**/*.spec.ts',
      '**/*.spec.tsx',
      '**/__tests__/**',
      'libs/testing/src/**',
      'libs/event-store/src/contract/**',
      'tools/deploy-check/**',
    ],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Plain JavaScript (the development launcher, jest's config, bench workers, tools): Node
  // scripts, CommonJS but for .mjs, checked by ESLint's own recommended rules.
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', unusedVariables],
    },
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
