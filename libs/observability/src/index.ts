export * from './health';
export * from './metric-conventions';
export * from './metrics';
export * from './ops-server';
export * from './tracing';
