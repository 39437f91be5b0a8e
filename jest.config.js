// One jest run for the whole workspace. Unit specs (*.spec.ts) are pure; integration
// specs (*.int.spec.ts) talk to real PostgreSQL and NATS through libs/testing.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];
// The console's components (TSX, React's automatic runtime).
const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc, '^.+\\.tsx$': swcTsx },
  // jose, pg-boss and friends ship ESM only: let swc turn them into CommonJS for jest
  // (jest's own require(esm) needs --experimental-vm-modules).
  transformIgnorePatterns: ['/node_modules/(?!(jose|@nats-io|pg-boss|serialize-error|non-error)/)'],
  moduleNameMapper: { '^@tenantry/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/tools'],
  modulePathIgnorePatterns: ['/dist/'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
      testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '/node_modules/', '/dist/'],
    },
    { ...common, displayName: 'integration', testMatch: ['**/*.int.spec.ts'] },
  ],
  maxWorkers: 2,
  // Integration specs start whole services; a wait that fails names what it waited for well before this.
  testTimeout: 60000,
};
