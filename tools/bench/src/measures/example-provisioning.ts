import { join } from 'node:path';
import { spawnService, withClient } from '@tenantry/testing';
import { BenchContext } from '../context';
import { round, summarize } from '../stats';
import { Tenantry } from '../tenantry';

const EXAMPLE = join(__dirname, '..', '..', '..', '..', 'examples', 'notes-saas');

/**
 * 4. SHARED provisioning of an application's own tenant: a second installation started
 * with the notes-saas example (TENANT_MIGRATIONS_DIR: its three migrations; TENANT_STEPS:
 * its step worker `seed-welcome-note`, one process), the same clients and tenants as the
 * plain SHARED measure. `provisionShared` is that measure's own driver.
 */
export async function provisionExampleShared<T extends { requestAt: number; createdAt: number }, B>(
  ctx: BenchContext,
  provisionShared: (ctx: BenchContext, n: number, label: string) => Promise<{ timelines: T[]; submitted: number }>,
  whereTheTimeGoes: (ctx: BenchContext, timelines: T[]) => Promise<B>,
) {
  ctx.progress.update('4 provisioning: starting the notes-saas installation and its step worker');
  const tenantry = await Tenantry.start({
    TENANT_MIGRATIONS_DIR: join(EXAMPLE, 'migrations'),
    TENANT_STEPS: 'seed-welcome-note',
  });
  const worker = spawnService(join(EXAMPLE, 'worker', 'dist', 'main.js'), tenantry.system.env, {
    name: 'seed-welcome-note',
  });
  try {
    await worker.waitForLog(/step worker ready/, { within: '30s' });
    const { timelines, submitted } = await provisionShared(
      { ...ctx, tenantry },
      ctx.sizes.sharedTenants,
      'notes-saas SHARED tenants ACTIVE',
    );
    // The worker did its part: the first tenant has its welcome note.
    const notes = await withClient(tenantry.system.database.url, (c) =>
      c.query(`select 1 from tenant_shared_0.notes where title = 'Welcome'`),
    );
    if (notes.rowCount !== 1) throw new Error('the notes-saas step worker wrote no welcome note into tenant shared-0');
    const breakdown = await whereTheTimeGoes({ ...ctx, tenantry }, timelines);
    const first = Math.min(...timelines.map((t) => t.requestAt));
    const last = Math.max(...timelines.map((t) => t.createdAt));
    return {
      tenants: timelines.length,
      submitted,
      tenantsPerSecond: round(timelines.length / ((last - first) / 1000)),
      requestToActive: summarize(timelines.map((t) => t.createdAt - t.requestAt)),
      breakdown,
    };
  } finally {
    await worker.stop({ grace: '5s' });
    await tenantry.dispose();
  }
}
