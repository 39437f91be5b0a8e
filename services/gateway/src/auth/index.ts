export * from './authenticator';
export * from './authorization';
export * from './tenant-admission';
