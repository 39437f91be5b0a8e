import type { BrowserContext, Page } from 'playwright-core';
import { waitFor } from '@tenantry/testing';
import { openPage, screenshot, takeNoProblems } from './browser';
import {
  ROOT_ADMIN,
  signIn,
  startConsoleWorld,
  STRONG_PASSWORD,
  toastOf,
  waitForConnection,
  type ConsoleWorld,
} from './console-world';

const CREATE = `mutation ($input: CreateTenantInput!) { createTenant(input: $input) { tenantId status } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { tenantId status } }`;
const CREATE_ADMINISTRATOR = `mutation ($input: CreateAdministratorInput!) { createAdministrator(input: $input) { id email } }`;
const TENANT_STATUS = `query ($id: ID!) { tenant(id: $id) { status name } }`;

const SECOND_ADMIN = { tenant: 'root', email: 'second@tenantry.local', password: 'Second-Admin-2026!' };
/** How long "nothing arrives" is watched for, once the same toast has reached the other tabs. */
const QUIET_WINDOW_MS = 1_500;

/**
 * Who is told what, live: every tab of the user who asked, nobody else; a tab that
 * was offline catches up from its cursor; a tenant's admin sees only their tenant.
 */
describe('console: live notifications in the browser', () => {
  let world: ConsoleWorld;
  const opened: { context: BrowserContext; page: Page; problems: string[] }[] = [];
  const open = async () => {
    const tab = await openPage(world.browser, world.baseUrl);
    opened.push(tab);
    return tab;
  };

  beforeAll(async () => {
    world = await startConsoleWorld('console-live');
    await world.api(
      CREATE_ADMINISTRATOR,
      { input: { email: SECOND_ADMIN.email, password: SECOND_ADMIN.password } },
      await world.rootToken(),
    );
  }, 90_000);
  afterAll(async () => {
    for (const { context } of opened) await context.close().catch(() => undefined);
    await world?.dispose();
  });
  afterEach(() => takeNoProblems(opened.flatMap((tab) => tab.problems.splice(0))));

  async function waitForTenantStatus(id: string, status: string): Promise<void> {
    await waitFor(
      async () =>
        (await world.api<{ tenant: { status: string } | null }>(TENANT_STATUS, { id }, await world.rootToken())).tenant
          ?.status,
      (seen) => seen === status,
      { within: '30s', interval: 100, description: `tenant ${id} ${status}` },
    );
  }

  it('tells both tabs of the root administrator, and not the second administrator', async () => {
    const first = await open();
    const second = await open();
    const other = await open();
    await signIn(first.page);
    await signIn(second.page);
    await signIn(other.page, SECOND_ADMIN);

    await first.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New tenant' }).click();
    await first.page.getByLabel('Tenant id').fill('both-tabs');
    await first.page.getByLabel('Name', { exact: true }).fill('Both Tabs');
    await first.page.getByLabel('Admin email').fill('admin@both-tabs.example');
    await first.page.getByLabel('Admin password').fill(STRONG_PASSWORD);
    await first.page.getByRole('button', { name: 'Create tenant' }).click();

    await toastOf(first.page, 'TENANT_CREATED', 'both-tabs').waitFor({ timeout: 30_000 });
    await toastOf(second.page, 'TENANT_CREATED', 'both-tabs').waitFor({ timeout: 5_000 });
    // The second administrator's list shows the tenant live (scope ALL refreshes it) but gets no toast.
    await other.page
      .locator('tr[data-tenant-id="both-tabs"] [data-tenant-status="ACTIVE"]')
      .waitFor({ timeout: 10_000 });
    await expectNoToast(other.page, 'both-tabs', QUIET_WINDOW_MS);
  }, 90_000);

  it('catches up after being offline: missed changes and their toasts, from the last cursor', async () => {
    const tab = opened[0]!;
    await tab.page.goto('/tenants');
    await tab.page.locator('tr[data-tenant-id="both-tabs"]').waitFor();
    await waitForConnection(tab.page, 'live');

    await tab.context.setOffline(true);
    await waitForConnection(tab.page, 'offline');
    // Behind the tab's back, the same administrator renames the tenant and creates another one.
    const token = await world.rootToken();
    await world.api(UPDATE, { id: 'both-tabs', input: { name: 'Renamed While Away' } }, token);
    await world.api(
      CREATE,
      {
        input: {
          id: 'while-away',
          name: 'While Away',
          adminEmail: 'admin@while-away.example',
          adminPassword: STRONG_PASSWORD,
        },
      },
      token,
    );
    await waitForTenantStatus('while-away', 'ACTIVE');
    await waitForTenantStatus('both-tabs', 'ACTIVE');
    expect(await tab.page.getByText('Renamed While Away').count()).toBe(0);
    await screenshot(tab.page, 'offline');

    await tab.context.setOffline(false);
    await waitForConnection(tab.page, 'live');
    await tab.page.getByRole('link', { name: 'Renamed While Away' }).waitFor({ timeout: 10_000 });
    await tab.page
      .locator('tr[data-tenant-id="while-away"] [data-tenant-status="ACTIVE"]')
      .waitFor({ timeout: 10_000 });
    await toastOf(tab.page, 'TENANT_UPDATED', 'both-tabs').waitFor({ timeout: 10_000 });
    await toastOf(tab.page, 'TENANT_CREATED', 'while-away').waitFor({ timeout: 10_000 });
    // Each missed notification once, not replayed twice.
    expect(await toastOf(tab.page, 'TENANT_UPDATED', 'both-tabs').count()).toBe(1);
  }, 90_000);

  it('cancels a tenant still waiting for a worker: Pending, Cancelling, then Cancelled', async () => {
    const tab = opened[0]!;
    await world.system.services.get('provisioner')!.stop({ grace: '5s' });
    await tab.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New tenant' }).click();
    await tab.page.getByLabel('Tenant id').fill('never-mind');
    await tab.page.getByLabel('Name', { exact: true }).fill('Never Mind');
    await tab.page.getByLabel('Admin email').fill('admin@never-mind.example');
    await tab.page.getByLabel('Admin password').fill(STRONG_PASSWORD);
    await tab.page.getByRole('button', { name: 'Create tenant' }).click();
    await tab.page.locator('article[data-tenant-id="never-mind"] [data-tenant-status="PENDING"]').waitFor();
    tab.page.once('dialog', (dialog) => void dialog.accept());
    await tab.page.getByRole('button', { name: 'Cancel provisioning' }).click();
    await tab.page
      .locator('article[data-tenant-id="never-mind"] [data-tenant-status="CANCELLING"]')
      .waitFor({ timeout: 10_000 });
    // The worker confirms the cancellation when it picks the job up.
    await world.system.start('provisioner');
    await tab.page
      .locator('article[data-tenant-id="never-mind"] [data-tenant-status="CANCELLED"]')
      .waitFor({ timeout: 30_000 });
    await toastOf(tab.page, 'TENANT_CANCELLED', 'never-mind').waitFor({ timeout: 10_000 });
    await tab.page.getByRole('button', { name: 'Delete tenant' }).waitFor();
  }, 90_000);

  it('shows a tenant’s admin their own tenant only, without the platform actions', async () => {
    const tab = await open();
    await signIn(tab.page, { tenant: 'both-tabs', email: 'admin@both-tabs.example', password: STRONG_PASSWORD });
    await tab.page.locator('tr[data-tenant-id="both-tabs"]').waitFor();
    expect(await tab.page.locator('tr[data-tenant-id]').count()).toBe(1);
    const nav = tab.page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Jobs' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'New tenant' }).count()).toBe(0);
    // A platform administrator's change to their tenant reaches them live.
    await world.api(UPDATE, { id: 'both-tabs', input: { name: 'Renamed By Root' } }, await world.rootToken());
    await tab.page.getByRole('link', { name: 'Renamed By Root' }).waitFor({ timeout: 15_000 });
    await tab.page.goto('/tenants/root');
    await tab.page.getByRole('heading', { name: 'Tenant not found' }).waitFor();
  }, 60_000);

  it('refuses a wrong password with the server’s message', async () => {
    const tab = await open();
    await tab.page.goto('/');
    await tab.page.getByLabel('Email', { exact: true }).fill(ROOT_ADMIN.email);
    await tab.page.getByLabel('Password', { exact: true }).fill('not the password');
    await tab.page.getByRole('button', { name: 'Sign in' }).click();
    await tab.page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();
  });

  it('works from the keyboard: skip link, then the filter', async () => {
    const tab = opened[0]!;
    await tab.page.goto('/tenants');
    await tab.page.locator('tr[data-tenant-id="root"]').waitFor();
    await tab.page.keyboard.press('Tab');
    expect(await tab.page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await tab.page.keyboard.press('Enter');
    await tab.page.getByLabel('Status').focus();
    await tab.page.keyboard.press('ArrowDown');
    expect(await tab.page.getByLabel('Status').inputValue()).not.toBe('');
  });
});

/** Watches a bounded window and fails if a toast about the tenant shows up in it. */
async function expectNoToast(page: Page, tenantId: string, windowMs: number): Promise<void> {
  const arrived = await page
    .locator(`.toast[data-tenant-id="${tenantId}"]`)
    .waitFor({ timeout: windowMs })
    .then(
      () => true,
      () => false,
    );
  expect(arrived).toBe(false);
}
