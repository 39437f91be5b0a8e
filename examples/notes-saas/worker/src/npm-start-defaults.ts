import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPOSITORY_ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Where `npm start` put Tenantry when nothing was configured: its embedded PostgreSQL and
 * the NATS prefix of that installation (.tenantry/). So `npm run example:worker` next to
 * `npm start` needs no setting; with DATABASE_URL set, the environment is used as given.
 */
export function npmStartDefaults(env: NodeJS.ProcessEnv): { databaseUrl?: string; prefix?: string } {
  if (env.DATABASE_URL || env.TENANTS_DATABASE_URL) return {};
  const stateDir = env.TENANTRY_STATE_DIR || join(REPOSITORY_ROOT, '.tenantry');
  const prefixFile = join(stateDir, 'nats-prefix');
  if (!existsSync(prefixFile)) return {};
  const port = Number(env.TENANTRY_POSTGRES_PORT || 54329);
  return {
    databaseUrl: `postgres://postgres:tenantry@127.0.0.1:${port}/tenantry`,
    prefix: readFileSync(prefixFile, 'utf8').trim(),
  };
}
