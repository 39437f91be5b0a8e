import type { BrowserContext, Locator, Page } from 'playwright-core';
import { seedReadModel, seededTenantId, waitFor } from '@tenantry/testing';
import { Client } from 'pg';
import { openPage, screenshot, takeNoProblems } from './browser';
import { signIn, startConsoleWorld, STRONG_PASSWORD, type ConsoleWorld } from './console-world';

const CREATE = `mutation ($input: CreateTenantInput!) { createTenant(input: $input) { tenantId status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { tenantId status } }`;

const PREFIX = 'seed-';
/** Seeded straight into the read model (as the rebuild writes it), besides root: 121 tenants in all. */
const SEEDED_TENANTS = 120;
/** Every tenth operation belongs to the first seeded tenant: 40 of them; its history has 45 events. */
const SEEDED_OPERATIONS = 400;
const FIRST_TENANT_EVENTS = 45;

const tenantRows = (page: Page) => page.locator('table.tenants-table tbody tr[data-tenant-id]');
const shownIds = (page: Page) =>
  tenantRows(page).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-tenant-id')!));
/** "Showing 50 of 121 tenants": the counts the page states. */
const shownCount = async (page: Page, noun: string) => {
  const line = page.locator('.load-more [data-shown]').filter({ hasText: noun });
  return { shown: Number(await line.getAttribute('data-shown')), total: Number(await line.getAttribute('data-total')) };
};
/** Waits until the page shows exactly `count` of these rows. */
const waitForRowCount = (rows: Locator, count: number) =>
  waitFor(
    () => rows.count(),
    (n) => n === count,
    {
      within: '15s',
      interval: 100,
      description: `${count} rows of ${String(rows)}`,
    },
  );

/**
 * The console over many tenants: the tenant list, a tenant's operations and events and
 * the Jobs page come a page at a time with "Load more", the list searches by id or name
 * prefix, and live updates keep working on a paged list.
 */
describe('console: paged lists in the browser', () => {
  let world: ConsoleWorld;
  let tab: { context: BrowserContext; page: Page; problems: string[] };

  beforeAll(async () => {
    world = await startConsoleWorld('console-pages');
    const sql = new Client({ connectionString: world.system.database.url });
    await sql.connect();
    try {
      await seedReadModel(sql, {
        prefix: PREFIX,
        tenants: SEEDED_TENANTS,
        operations: SEEDED_OPERATIONS,
        events: FIRST_TENANT_EVENTS,
      });
    } finally {
      await sql.end();
    }
    tab = await openPage(world.browser, world.baseUrl);
    await signIn(tab.page);
  }, 120_000);
  afterAll(async () => {
    await tab?.context.close().catch(() => undefined);
    await world?.dispose();
  });
  afterEach(() => takeNoProblems(tab.problems.splice(0)));

  it('shows the newest 50 tenants, then 50 more on "Load more", each once', async () => {
    const { page } = tab;
    await page.goto('/tenants');
    await waitForRowCount(tenantRows(page), 50);
    expect(await shownCount(page, 'tenants')).toEqual({ shown: 50, total: SEEDED_TENANTS + 1 });
    // Root was created live, after the seeded tenants (2025): newest first.
    expect((await shownIds(page))[0]).toBe('root');

    await page.getByRole('button', { name: 'Load more tenants' }).click();
    await waitForRowCount(tenantRows(page), 100);
    const ids = await shownIds(page);
    expect(new Set(ids).size).toBe(100);
    expect(await shownCount(page, 'tenants')).toEqual({ shown: 100, total: SEEDED_TENANTS + 1 });
    await page.getByRole('button', { name: 'Load more tenants' }).click();
    await waitForRowCount(tenantRows(page), SEEDED_TENANTS + 1);
    expect(await page.getByRole('button', { name: 'Load more tenants' }).count()).toBe(0);
  }, 60_000);

  it('searches by name prefix and by id prefix, case-insensitively, and keeps the search in the URL', async () => {
    const { page } = tab;
    await page.goto('/tenants');
    await waitForRowCount(tenantRows(page), 50);
    // Seeded names are "<word> <letter> <index>", the word by index mod 10: "Globex" is every tenth, 12 of 120.
    await page.getByLabel('Search').fill('glob');
    await waitForRowCount(tenantRows(page), 12);
    const names = await tenantRows(page).locator('.tenant-link').allTextContents();
    expect(names.every((name) => name.startsWith('Globex '))).toBe(true);
    expect(new URL(page.url()).searchParams.get('search')).toBe('glob');

    // Ids seed-000010 … seed-000019 start with "seed-00001" (upper case as typed: the search ignores case).
    await page.getByLabel('Search').fill('SEED-00001');
    await waitForRowCount(tenantRows(page), 10);
    expect((await shownIds(page)).every((id) => id.startsWith('seed-00001'))).toBe(true);

    await page.getByLabel('Search').fill('no-such-tenant');
    await page.getByText('No tenants matching “no-such-tenant”.').waitFor();
    await screenshot(page, 'tenant-search');
  }, 60_000);

  it('shows a new tenant at the top of a paged, searched list when it matches, and a changed one as it changes', async () => {
    const { page } = tab;
    await page.goto('/tenants?search=live');
    await page.getByText('No tenants matching “live”.').waitFor();
    const token = await world.rootToken();
    const create = (id: string, name: string) =>
      world.api(
        CREATE,
        { input: { id, name, adminEmail: `admin@${id}.example`, adminPassword: STRONG_PASSWORD } },
        token,
      );
    await create('live-first', 'Live First');
    await page.locator('tr[data-tenant-id="live-first"] [data-tenant-status="ACTIVE"]').waitFor({ timeout: 30_000 });
    // One that does not match the search stays off this list.
    await create('other-one', 'Other One');
    await create('live-second', 'Live Second');
    await page.locator('tr[data-tenant-id="live-second"]').waitFor({ timeout: 30_000 });
    expect(await shownIds(page)).toEqual(['live-second', 'live-first']);

    // On the unsearched list, loaded past its first page, the changed tenant updates in place.
    await page.goto('/tenants');
    await waitForRowCount(tenantRows(page), 50);
    await page.getByRole('button', { name: 'Load more tenants' }).click();
    await waitForRowCount(tenantRows(page), 100);
    await page.locator('tr[data-tenant-id="live-first"] [data-tenant-status="ACTIVE"]').waitFor({ timeout: 30_000 });
    await world.api(UPDATE, { id: 'live-first', input: { name: 'Live First Renamed' } }, token);
    await page.locator('tr[data-tenant-id="live-first"]').getByText('Live First Renamed').waitFor({ timeout: 30_000 });
    expect((await shownIds(page)).length).toBeGreaterThanOrEqual(100);
    await screenshot(page, 'tenants-live-paged');
  }, 120_000);

  it("shows a tenant's latest 20 operations and events, and more on request", async () => {
    const { page } = tab;
    const id = seededTenantId(PREFIX);
    await page.goto(`/tenants/${id}`);
    const operations = page.locator('table.operations-table tbody tr[data-operation-id]');
    const events = page.locator('ol.history > li');
    await waitForRowCount(operations, 20);
    await waitForRowCount(events, 20);
    expect(await shownCount(page, 'operations')).toEqual({ shown: 20, total: SEEDED_OPERATIONS / 10 });
    expect(await shownCount(page, 'events')).toEqual({ shown: 20, total: FIRST_TENANT_EVENTS });
    // Newest first: the history starts at the last version.
    expect(await events.first().getAttribute('data-event-type')).toBe('TenantUpdateRequested');
    expect(await events.first().locator('.history-version').textContent()).toBe(`#${FIRST_TENANT_EVENTS - 1}`);

    await page.getByRole('button', { name: 'Load more operations' }).click();
    await waitForRowCount(operations, 40);
    expect(await page.getByRole('button', { name: 'Load more operations' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Load more events' }).click();
    await waitForRowCount(events, 40);
    await page.getByRole('button', { name: 'Load more events' }).click();
    await waitForRowCount(events, FIRST_TENANT_EVENTS);
    expect(await page.getByRole('button', { name: 'Load more events' }).count()).toBe(0);
  }, 60_000);

  it('pages the Jobs page and filters it by status, kind and tenant', async () => {
    const { page } = tab;
    await page.goto('/jobs');
    const rows = page.locator('table.operations-table tbody tr[data-operation-id]');
    await waitForRowCount(rows, 20);
    await page.getByRole('button', { name: 'Load more operations' }).click();
    await waitForRowCount(rows, 40);

    const id = seededTenantId(PREFIX);
    await page.getByLabel('Tenant', { exact: true }).fill(id);
    await page.getByLabel('Kind').selectOption('DELETE');
    // Of the first tenant's 40 operations (i = 0, 10, … 390), DELETE where i % 7 = 0: i = 0, 70, … 350, six.
    await waitForRowCount(rows, 6);
    const tenants = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-tenant-id')));
    expect(new Set(tenants)).toEqual(new Set([id]));
    expect(await rows.locator('td[data-label="Kind"]').allTextContents()).toEqual(Array(6).fill('delete'));

    // FAILED where i % 13 = 0 as well: i = 0 and 910 is past 400, so one.
    await page.getByRole('group', { name: 'Operation status' }).getByRole('button', { name: 'Failed' }).click();
    await waitForRowCount(rows, 1);
    await screenshot(page, 'jobs-filtered');
  }, 60_000);
});
