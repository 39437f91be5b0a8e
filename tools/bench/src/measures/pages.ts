/**
 * Measure 7, paged reads at scale (issue 18): 100,000 tenants and 1,000,000 operations
 * seeded straight into a fresh installation's read model (set-based, as the rebuild
 * writes them), then each paged query timed at the gateway over HTTP GraphQL, one
 * request at a time: the first page of tenants (no filter, a status, a name prefix, an
 * id prefix), page 100 by cursor, and one tenant's operations (the tenant with 100,000).
 */
import { readFileSync } from 'node:fs';
import { cpuMsOf } from '../process-cpu';
import { SEED_WORDS, seedReadModel, seededTenantId } from '@tenantry/testing';
import { Client } from 'pg';
import { BenchContext, ms, MeasureResult, p5099, Row, verdict } from '../context';
import { round, summarize, Summary, timed } from '../stats';
import { Tenantry } from '../tenantry';
import { measureConsoleFirstPage } from './console-first-page';
import { DEVELOPMENT_ROOT_ADMIN } from '@tenantry/config';

const PREFIX = 'bench-';
const TARGET_MS = 20;
const NODE = 'id name status isActive adminEmail createdAt updatedAt version database { mode name }';
const TENANTS = `query($first: Int, $after: Cursor, $status: ProvisioningStatus, $search: String) {
  tenantsConnection(first: $first, after: $after, status: $status, search: $search) {
    edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
const COUNTED = `query($first: Int, $status: ProvisioningStatus) {
  tenantsConnection(first: $first, status: $status) { edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } totalCount } }`;
const OPERATIONS = `query($id: ID!) { tenant(id: $id) { id operationsConnection(first: 20) {
  edges { cursor node { id kind status requestedAt finishedAt attempt error } } pageInfo { hasNextPage endCursor } } } }`;

const rssOf = (pid: number | undefined): number => {
  if (pid === undefined) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
};
const mib = (bytes: number) => `${round(bytes / 2 ** 20, 0)} MiB`;
interface QueryFigures {
  summary: Summary;
  /** The gateway's CPU per request (ms), over the timed requests. */
  gatewayCpuMs: number;
  responseBytes: number;
  rssAfterBytes: number;
}

export async function measurePages(ctx: Pick<BenchContext, 'sizes' | 'smoke' | 'progress'>): Promise<MeasureResult> {
  const { sizes, progress } = ctx;
  progress.update('7 pages: starting a Tenantry installation of its own');
  const tenantry = await Tenantry.start();
  const sql = new Client({ connectionString: tenantry.system.database.url });
  await sql.connect();
  try {
    progress.update(`7 pages: seeding ${sizes.pageTenants} tenants and ${sizes.pageOperations} operations`);
    const seeded = await timed(() =>
      seedReadModel(sql, { prefix: PREFIX, tenants: sizes.pageTenants, operations: sizes.pageOperations }),
    );
    // What autovacuum does after a load (statistics, visibility map), done now rather than whenever.
    await sql.query('vacuum analyze read_model.tenants, read_model.operations');
    const sizesOnDisk = (
      await sql.query<{ name: string; bytes: string }>(
        `select c.relname as name, pg_total_relation_size(c.oid)::text as bytes from pg_class c
         where c.relnamespace = 'read_model'::regnamespace and c.relname in ('tenants', 'operations')`,
      )
    ).rows;

    const post = async (query: string, variables: Record<string, unknown>) => {
      const result = await tenantry.http.post(query, variables, tenantry.token);
      if (result.errors || !result.data) throw new Error(`query refused: ${JSON.stringify(result.errors)}`);
      return result.data;
    };
    const rssBefore = rssOf(tenantry.gatewayPid);
    const figures: Record<string, QueryFigures> = {};
    const sample = async (name: string, query: string, variables: Record<string, unknown>) => {
      progress.update(`7 pages: ${name}`);
      for (let i = 0; i < Math.min(20, sizes.pageSamples); i++) await post(query, variables);
      const samples: number[] = [];
      let responseBytes = 0;
      const cpuBefore = cpuMsOf(tenantry.gatewayPid);
      for (let i = 0; i < sizes.pageSamples; i++) {
        const { ms: took, value } = await timed(() => post(query, variables));
        samples.push(took);
        responseBytes = JSON.stringify(value).length;
      }
      figures[name] = {
        summary: summarize(samples),
        gatewayCpuMs: round((cpuMsOf(tenantry.gatewayPid) - cpuBefore) / sizes.pageSamples),
        responseBytes,
        rssAfterBytes: rssOf(tenantry.gatewayPid),
      };
    };

    const cursorOfPage = async (page: number): Promise<string> => {
      let after: string | null = null;
      for (let i = 1; i < page; i++) {
        const data = (await post(TENANTS, { first: 50, after })) as {
          tenantsConnection: { pageInfo: { endCursor: string | null } };
        };
        after = data.tenantsConnection.pageInfo.endCursor;
      }
      return after!;
    };
    const pageDepth = ctx.smoke ? 3 : 100;
    const nameSearch = SEED_WORDS[7]!.toLowerCase();
    const idSearch = `${PREFIX}${ctx.smoke ? '0001' : '0421'}`; // 100 tenants either way
    await sample('first page, no filter', TENANTS, { first: 50 });
    await sample('first page, status FAILED', TENANTS, { first: 50, status: 'FAILED' });
    await sample(`first page, name prefix '${nameSearch}'`, TENANTS, { first: 50, search: nameSearch });
    await sample(`first page, id prefix '${idSearch}'`, TENANTS, { first: 50, search: idSearch });
    await sample(`page ${pageDepth} by cursor`, TENANTS, { first: 50, after: await cursorOfPage(pageDepth) });
    await sample("one tenant's operations, first 20", OPERATIONS, { id: seededTenantId(PREFIX) });
    await sample('first page with totalCount, no filter', COUNTED, { first: 50 });
    await sample('first page with totalCount, status FAILED', COUNTED, { first: 50, status: 'FAILED' });

    progress.update("7 pages: the console's tenant list in Chromium");
    const consolePage = await measureConsoleFirstPage(tenantry, DEVELOPMENT_ROOT_ADMIN, ctx.smoke ? 2 : 10);

    const targeted = Object.keys(figures).filter((name) => !name.includes('totalCount'));
    const met = targeted.every((name) => figures[name]!.summary.p99 <= TARGET_MS);
    const rssAfter = rssOf(tenantry.gatewayPid);
    const rows: Row[] = Object.entries(figures).map(([name, f]) => ({
      measure: '7 pages',
      metric: `${name}: p50 / p99 (gateway CPU ${ms(f.gatewayCpuMs)}/request; response ${round(f.responseBytes / 1024, 1)} KiB)`,
      tenantry: p5099(f.summary),
      peers: '–',
      ratio: '–',
      target: name.includes('totalCount') ? 'reported' : `p99 ≤ ${TARGET_MS} ms`,
      verdict: name.includes('totalCount') ? 'n/a' : verdict(f.summary.p99 <= TARGET_MS),
    }));
    rows.push({
      measure: '7 pages',
      metric: `the console's tenant list in Chromium: navigation → first ${50} rows on screen, p50 / max (${consolePage?.shown ?? 'no Chromium'})`,
      tenantry: consolePage ? `${ms(consolePage.summary.p50)} / ${ms(consolePage.summary.max)}` : 'skipped',
      peers: '–',
      ratio: '–',
      target: '< 1 s',
      verdict: consolePage ? verdict(consolePage.summary.max < 1000) : 'n/a',
    });
    const onDisk = sizesOnDisk.map((r) => `${r.name} ${mib(Number(r.bytes))}`).join(', ');
    return {
      rows,
      notes: [
        `7 pages: ${sizes.pageTenants} tenants and ${sizes.pageOperations} operations seeded in ${ms(seeded.ms)} ` +
          `(one insert … select generate_series per table, indexes in place; tables with indexes: ${onDisk}); ` +
          `${sizes.pageSamples} sequential requests per query after 20 to warm up; every targeted query ` +
          `${met ? 'met' : 'did not meet'} p99 ≤ ${TARGET_MS} ms. Gateway RSS ${mib(rssBefore)} before the queries, ` +
          `${mib(rssAfter)} after: a page holds only its 50 rows, whatever the table's size.`,
      ],
      details: {
        tenants: sizes.pageTenants,
        operations: sizes.pageOperations,
        seedMs: round(seeded.ms),
        tableBytes: Object.fromEntries(sizesOnDisk.map((r) => [r.name, Number(r.bytes)])),
        gatewayRssBeforeBytes: rssBefore,
        gatewayRssAfterBytes: rssAfter,
        queries: figures,
        consoleFirstPage: consolePage,
      },
    };
  } finally {
    await sql.end().catch(() => undefined);
    await tenantry.dispose();
  }
}
