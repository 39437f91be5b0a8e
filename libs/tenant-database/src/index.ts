export * from './location';
export * from './connections';
export * from './migrate';
export * from './users';
export * from './migrations';
