export * from './migrations';
export { inBundledTransaction, inTransaction } from './in-transaction';
export type { BundledTransaction, TransactionOptions } from './in-transaction';
export { tryTakeLease, leaseHeldBy } from './lease';
export type { Lease } from './lease';
export type { SqlClient } from './sql-client';
export { arrayLiteral } from './array-literal';
export { bundledWith, inlineParameters } from './bundled-statements';
export type { AroundStatements, BundlingClient } from './bundled-statements';
