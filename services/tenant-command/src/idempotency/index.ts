export * from './act-once';
export * from './idempotency-records';
export * from './postgres-idempotency-records';
export * from './request-hash';
export * from './idempotency-migrations';
