export * from './keyed-request';
export * from './request-hash';
export * from './idempotency-migrations';
