import { SchemaBehind, MigrationRef } from './errors';
import { MigrationSet } from './migration';
import { applyMigrations, MigrationTarget, pendingMigrations } from './run-migrations';

export interface SchemaPolicy {
  /** `production`: only check, and refuse to start when behind; otherwise migrate. */
  nodeEnv: 'development' | 'test' | 'production';
  onApplied?: (migration: MigrationRef) => void;
}

/**
 * What a service does with its control-plane schema before it starts. In production
 * schema changes are the operator's step (`npm run migrate`, the deploy's migrate job),
 * never a side effect of a replica starting: a service whose schema is behind throws
 * `SchemaBehind`, naming the command. In development and tests it migrates.
 */
export async function prepareSchema(
  target: MigrationTarget,
  sets: MigrationSet[],
  policy: SchemaPolicy,
): Promise<MigrationRef[]> {
  if (policy.nodeEnv !== 'production') return applyMigrations(target, sets, policy.onApplied);
  const pending = await pendingMigrations(target, sets);
  if (pending.length > 0) throw new SchemaBehind(pending);
  return [];
}
