export * from './location';
export * from './connections';
export * from './migrate';
export * from './users';
export * from './migrations';
export * from './migration-files';
export * from './migration-folder';
