export * from './config';
export * from './secrets';
export * from './logger';
export * from './run-service';
