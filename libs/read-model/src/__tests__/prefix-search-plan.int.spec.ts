/**
 * A narrow prefix search must stay on the prefix indexes whatever rows ANALYZE samples. With
 * the default statistics, about one ANALYZE in eight estimated 'seed-0421%' (100 of 100,000
 * tenants) at 1% and planned a walk of the newest-first index that filtered most of the
 * table: ~30 ms instead of ~0.2 ms (seen as a missed target in the bench's measure 7).
 */
import { seedReadModel } from '@tenantry/testing';
import { Pool } from 'pg';
import type { ReadModel } from '../read-model';
import { SqlReadModelQueries } from '../queries/read-model-queries';
import { createReadSideWorld, ReadSideWorld } from './read-side-world';

jest.setTimeout(120_000);

const TENANTS = 100_000;
const ANALYZES = 30;

describe('the tenant prefix search plan', () => {
  let world: ReadSideWorld;
  let readModel: ReadModel;
  let pool: Pool;

  beforeAll(async () => {
    world = await createReadSideWorld('prefix_plan');
    readModel = await world.openReadModel({ projector: false });
    pool = new Pool({ connectionString: world.database.url, max: 1 });
    await seedReadModel(pool, { prefix: 'seed-', tenants: TENANTS, operations: 0 });
  });
  afterAll(async () => {
    await pool?.end();
    await readModel?.close();
    await world?.dispose();
  });

  it(`reads a narrow prefix through the prefix indexes after each of ${ANALYZES} ANALYZEs`, async () => {
    // The query the tenants list sends for the search, as it sends it.
    const sent: Array<{ text: string; values: unknown[] }> = [];
    const queries = new SqlReadModelQueries({
      query: (text: string, values: unknown[] = []) => {
        sent.push({ text, values });
        return pool.query(text, values);
      },
    } as never);
    const page = await queries.tenantsPage({ search: 'seed-0421' }, { first: 50 });
    expect(page.edges).toHaveLength(50);
    const [search] = sent;

    const plans: string[] = [];
    for (let i = 0; i < ANALYZES; i++) {
      await pool.query('analyze read_model.tenants');
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain ${search!.text}`, search!.values);
      plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
    }
    const walks = plans.filter((plan) => !plan.includes('tenants_id_prefix_index'));
    expect(walks).toEqual([]);
  });
});
