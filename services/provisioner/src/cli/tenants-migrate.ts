import { eventStoreSelection, loadConfig, redactCredentials, tenantsDatabaseUrl } from '@tenantry/config';
import { createEventStore } from '@tenantry/event-store';
import { tenantMigrationsFor } from '@tenantry/tenant-database';
import { TenantMigrationResult, migrateAllTenants } from './migrate-all-tenants';
import { USAGE, parseTenantsMigrateArgs } from './tenants-migrate-args';

/**
 * `npm run tenants:migrate [-- options]` (see USAGE): applies pending tenant migrations
 * (Tenantry's own, then TENANT_MIGRATIONS_DIR's) to every ACTIVE tenant, with a progress
 * bar, and lists the failures. Exit code 1 when a tenant failed (run it again to resume:
 * finished tenants are skipped), 2 for bad arguments or a failure before any tenant.
 */
async function main(argv: string[]): Promise<number> {
  const args = parseTenantsMigrateArgs(argv);
  if (args.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.kind === 'invalid') {
    console.error(`tenants:migrate: ${args.problem}\nRun with --help for the options.`);
    return 2;
  }
  const config = loadConfig();
  const migrations = tenantMigrationsFor(config.TENANT_MIGRATIONS_DIR);
  const store = createEventStore(eventStoreSelection(config));
  const started = Date.now();
  try {
    const results = await migrateAllTenants({
      store,
      settings: { tenantsDatabaseUrl: tenantsDatabaseUrl(config), secretsKey: config.SECRETS_KEY },
      migrations,
      only: args.tenants,
      concurrency: args.concurrency,
      dryRun: args.dryRun,
      onProgress: printProgress,
    });
    if (process.stdout.isTTY) process.stdout.write('\n');
    return args.dryRun ? printPending(results) : printSummary(results, Date.now() - started);
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

function printPending(results: TenantMigrationResult[]): number {
  console.log(
    `Dry run: nothing was applied. ${results.filter((r) => r.outcome === 'pending').length} of ${results.length} tenants have pending migrations:`,
  );
  for (const result of results) {
    if (result.outcome === 'failed') console.log(`  ${result.tenantId}: could not be read: ${result.error}`);
    else console.log(`  ${result.tenantId}: ${result.pending.length ? result.pending.join(', ') : 'up to date'}`);
  }
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

function printSummary(results: TenantMigrationResult[], elapsedMs: number): number {
  const count = (outcome: TenantMigrationResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  console.log(
    `${results.length} active tenants in ${(elapsedMs / 1000).toFixed(1)} s: ${count('migrated')} migrated, ${count('up-to-date')} already up to date, ${count('failed')} failed`,
  );
  for (const failure of results.filter((r) => r.outcome === 'failed'))
    console.log(`  ${failure.tenantId}: ${failure.error}`);
  if (count('failed') > 0)
    console.log('Fix the failures above, then run the command again: finished tenants are skipped.');
  return count('failed') > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      `tenants:migrate failed: ${redactCredentials(error instanceof Error ? error.message : String(error))}`,
    );
    process.exit(2);
  },
);
