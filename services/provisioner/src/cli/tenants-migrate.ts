import { eventStoreSelection, loadConfig, tenantsDatabaseUrl } from '@tenantry/config';
import { createEventStore } from '@tenantry/event-store';
import { TenantMigrationResult, migrateAllTenants } from './migrate-all-tenants';

/**
 * `npm run tenants:migrate [-- --tenant <id> ...]`: applies new tenant migrations to
 * every ACTIVE tenant, with a progress bar, and lists the failures. Exit code 1 when
 * a tenant failed; run it again to resume (finished tenants are skipped).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const only = process.argv.flatMap((arg, i, all) => (arg === '--tenant' && all[i + 1] ? [all[i + 1]!] : []));
  const store = createEventStore(eventStoreSelection(config));
  const started = Date.now();
  try {
    const results = await migrateAllTenants({
      store,
      settings: { tenantsDatabaseUrl: tenantsDatabaseUrl(config), secretsKey: config.SECRETS_KEY },
      only: only.length ? only : undefined,
      onProgress: printProgress,
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    return printSummary(results, Date.now() - started);
  } finally {
    await store.close();
  }
}

function printProgress(done: number, total: number, result: TenantMigrationResult): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${result.tenantId}: ${result.outcome}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${bar.padEnd(100)}`);
  else console.log(bar);
}

function printSummary(results: TenantMigrationResult[], elapsedMs: number): number {
  const count = (outcome: TenantMigrationResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  console.log(`${results.length} active tenants in ${(elapsedMs / 1000).toFixed(1)} s: ${count('migrated')} migrated, ${count('up-to-date')} already up to date, ${count('failed')} failed`);
  for (const failure of results.filter((r) => r.outcome === 'failed')) console.log(`  ${failure.tenantId}: ${failure.error}`);
  if (count('failed') > 0) console.log('Fix the failures above, then run the command again: finished tenants are skipped.');
  return count('failed') > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`tenants:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
