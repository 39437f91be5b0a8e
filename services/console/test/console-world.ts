import { startTestSystem, type TestSystem } from '@tenantry/testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';

export const ROOT_ADMIN = { tenant: 'root', email: 'admin@tenantry.local', password: 'Tenantry-Admin-2026!' };
export const STRONG_PASSWORD = 'Tenant-Admin-2026!';

export interface ConsoleWorld {
  system: TestSystem;
  browser: Browser;
  /** e.g. http://localhost:43121: the gateway, serving the console at `/`. */
  baseUrl: string;
  /** GraphQL over HTTP as a script would call it, to change things behind the browser's back. */
  api<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  rootToken(): Promise<string>;
  dispose(): Promise<void>;
}

/** A whole Tenantry (tenant-command, provisioner, gateway as processes) and a Chromium, for one test file. */
export async function startConsoleWorld(
  label: string,
  options: { provisionerEnv?: Record<string, string> } = {},
): Promise<ConsoleWorld> {
  const system = await startTestSystem(label);
  let browser: Browser | undefined;
  try {
    await system.start('tenant-command');
    await system.start('provisioner', { env: options.provisionerEnv ?? {} });
    const gateway = await system.start('gateway');
    const [, graphqlUrl] = await gateway.waitForLog(/ready at (http:\/\/\S+\/graphql)/, { within: '30s' });
    const baseUrl = graphqlUrl!.replace(/\/graphql$/, '');
    browser = await launchChromium();
    const api = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
      return body.data!;
    };
    let token: string | undefined;
    const rootToken = async () => (token ??= (await api<{ login: { token: string } }>(LOGIN, ROOT_ADMIN)).login.token);
    const opened = browser;
    return {
      system,
      browser: opened,
      baseUrl,
      api,
      rootToken,
      async dispose() {
        await opened.close().catch(() => undefined);
        await system.dispose();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await system.dispose().catch(() => undefined);
    throw error;
  }
}

export const LOGIN = `mutation ($tenant: ID!, $email: String!, $password: String!) {
  login(tenant: $tenant, email: $email, password: $password) { token }
}`;

/** Signs in through the login form and waits for the tenants page with a live connection. */
export async function signIn(
  page: Page,
  who: { tenant: string; email: string; password: string } = ROOT_ADMIN,
): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Tenant', { exact: true }).fill(who.tenant);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Tenants' }).waitFor();
  await waitForConnection(page, 'live');
}

export const waitForConnection = (page: Page, state: 'live' | 'offline' | 'reconnecting', timeout = 15_000) =>
  page.locator(`[data-connection="${state}"]`).waitFor({ timeout });

/**
 * Records, in the page, every tenant status the console shows (each change of a
 * `[data-tenant-status]` badge inside an element with `data-tenant-id`), so a test
 * can check the order of states however fast they passed.
 */
export async function recordStatuses(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __statuses: { id: string; status: string; at: number }[] };
    w.__statuses = [];
    const last = new Map<string, string>();
    const scan = () => {
      document.querySelectorAll('[data-tenant-id] [data-tenant-status]').forEach((badge) => {
        const id = badge.closest('[data-tenant-id]')!.getAttribute('data-tenant-id')!;
        const status = badge.getAttribute('data-tenant-status')!;
        if (last.get(id) !== status) {
          last.set(id, status);
          w.__statuses.push({ id, status, at: Date.now() });
        }
      });
    };
    new MutationObserver(scan).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-tenant-status'],
    });
  });
}

export const statusesOf = (page: Page, id: string): Promise<string[]> =>
  page.evaluate((tenantId) => {
    const w = window as unknown as { __statuses: { id: string; status: string }[] };
    return w.__statuses.filter((s) => s.id === tenantId).map((s) => s.status);
  }, id);

/** When the page first showed the tenant in that status (ms since epoch). */
export const shownAtOf = (page: Page, id: string, status: string): Promise<number> =>
  page.evaluate(
    ([tenantId, wanted]) => {
      const w = window as unknown as { __statuses: { id: string; status: string; at: number }[] };
      return w.__statuses.find((s) => s.id === tenantId && s.status === wanted)?.at ?? NaN;
    },
    [id, status] as const,
  );

export const navLink = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** The statuses in the order first shown, repeats folded: [PENDING, PROVISIONING, ACTIVE]. */
export const distinctInOrder = (statuses: string[]): string[] => statuses.filter((s, i) => s !== statuses[i - 1]);

/** Fills the create form and submits it. */
export async function submitCreateForm(
  page: Page,
  form: {
    id: string;
    name: string;
    adminEmail?: string;
    adminPassword?: string;
    database?: 'shared' | 'isolated' | 'external';
    connectionString?: string;
  },
): Promise<void> {
  await navLink(page, 'New tenant').click();
  await page.getByRole('heading', { name: 'New tenant' }).waitFor();
  await page.getByLabel('Tenant id').fill(form.id);
  await page.getByLabel('Name', { exact: true }).fill(form.name);
  await page.getByLabel('Admin email').fill(form.adminEmail ?? `admin@${form.id}.example`);
  await page.getByLabel('Admin password').fill(form.adminPassword ?? STRONG_PASSWORD);
  if (form.database) await page.getByLabel(new RegExp(`^${form.database}\\b`)).check();
  if (form.connectionString !== undefined)
    await page.getByLabel('Connection string', { exact: true }).fill(form.connectionString);
  await page.getByRole('button', { name: 'Create tenant' }).click();
}

/** The toast of a notification type for a tenant. */
export const toastOf = (page: Page, type: string, tenantId: string) =>
  page.locator(`.toast[data-type="${type}"][data-tenant-id="${tenantId}"]`);
