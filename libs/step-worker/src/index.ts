export * from './protocol';
export * from './step-worker';
