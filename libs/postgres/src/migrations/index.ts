export * from './errors';
export * from './migration';
export * from './prepare-schema';
export * from './run-migrations';
