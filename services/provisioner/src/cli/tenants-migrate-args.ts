import { parseArgs } from 'node:util';

export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 64;

export const USAGE = `Usage: npm run tenants:migrate -- [options]

Applies pending tenant migrations (Tenantry's own, then TENANT_MIGRATIONS_DIR's) to
every ACTIVE tenant, with a progress bar. Run it again to resume: finished tenants
are skipped. Exit code 0: all migrated; 1: a tenant failed; 2: bad arguments.

Options:
  --tenant <id>        only this tenant (repeatable: --tenant a --tenant b, or --tenant=a)
  --concurrency <n>    tenants migrated at once (1-${MAX_CONCURRENCY}, default ${DEFAULT_CONCURRENCY})
  --dry-run            list each tenant's pending migrations, apply nothing
  -h, --help           show this help`;

export type TenantsMigrateArgs =
  | { kind: 'run'; tenants: string[] | undefined; concurrency: number; dryRun: boolean }
  | { kind: 'help' }
  | { kind: 'invalid'; problem: string };

/** The command line of tenants:migrate; anything it does not understand is refused, never ignored. */
export function parseTenantsMigrateArgs(argv: string[]): TenantsMigrateArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return { kind: 'invalid', problem: error instanceof Error ? error.message : String(error) };
  }
  if (parsed.help) return { kind: 'help' };
  const tenants = parsed.tenant;
  if (tenants?.some((id) => id.trim() === '')) return { kind: 'invalid', problem: 'Option --tenant needs a tenant id' };
  let concurrency = DEFAULT_CONCURRENCY;
  if (parsed.concurrency !== undefined) {
    concurrency = Number(parsed.concurrency);
    if (!/^\d+$/.test(parsed.concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      return {
        kind: 'invalid',
        problem: `Option --concurrency takes a whole number from 1 to ${MAX_CONCURRENCY}, not '${parsed.concurrency}'`,
      };
    }
  }
  return { kind: 'run', tenants: tenants && [...new Set(tenants)], concurrency, dryRun: parsed['dry-run'] ?? false };
}
