export * from './errors';
export * from './migration';
export * from './prepare-schema';
export * from './run-migrations';
export * from './migrate-command';
