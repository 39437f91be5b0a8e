import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM } from '@tenantry/testing';
import { chromium } from 'playwright-core';
import { summarize, Summary } from '../stats';
import type { Tenantry } from '../tenantry';

const LOGIN = `mutation($t: ID!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) {
  token expiresAt user { id email tenantId roles } } }`;
/** Where `npm run build` puts the console, which the gateway serves (services/gateway's DEFAULT_CONSOLE_DIR). */
const CONSOLE_DIR = resolve(__dirname, '..', '..', '..', '..', 'services', 'console', 'dist');
/** The console's first page of tenants (TENANTS_PAGE_SIZE in services/console). */
const FIRST_PAGE_ROWS = 50;

export interface ConsoleFirstPage {
  /** From the navigation's start to the first page of rows on screen, per load (ms). */
  summary: Summary;
  /** What the page says it shows: "Showing 50 of 100,001 tenants". */
  shown: string;
}

/**
 * The console's tenant list in Chromium (Debian's, headless), signed in as root: each
 * sample loads /tenants afresh and takes the time from the navigation's start until the
 * first page's rows are in the document (the app's bundle, its GraphQL request, React's
 * render). Undefined when there is no Chromium here.
 */
export async function measureConsoleFirstPage(
  tenantry: Tenantry,
  credentials: { email: string; password: string },
  samples: number,
): Promise<ConsoleFirstPage | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  if (!existsSync(join(CONSOLE_DIR, 'index.html')))
    throw new Error(`the console is not built (${CONSOLE_DIR}): run \`npm run build\` (\`npm run bench\` does)`);
  const login = await tenantry.http.post<{ login: unknown }>(LOGIN, {
    t: 'root',
    e: credentials.email,
    p: credentials.password,
  });
  if (!login.data?.login) throw new Error(`console sign-in refused: ${JSON.stringify(login.errors)}`);
  const base = tenantry.url.replace(/\/graphql$/, '');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const context = await browser.newContext({ baseURL: base });
    // The console's stored session (services/console/src/session.ts), as its sign-in leaves it.
    await context.addInitScript((session) => {
      localStorage.setItem('tenantry.console.session', session);
    }, JSON.stringify(login.data.login));
    const page = await context.newPage();
    const times: number[] = [];
    let shown = '';
    for (let i = 0; i < samples + 1; i++) {
      await page.goto('/tenants', { waitUntil: 'commit' });
      // Runs in the page (the console's CSP allows no string eval); the bench has no DOM types.
      const handle = await page.waitForFunction(
        (rows: number) => {
          const { document } = globalThis as unknown as {
            document: { querySelectorAll(selector: string): { length: number } };
          };
          const shown = document.querySelectorAll('table.tenants-table tbody tr[data-tenant-id]').length;
          return shown >= rows && performance.now();
        },
        FIRST_PAGE_ROWS,
        { polling: 'raf', timeout: 30_000 },
      );
      const took = (await handle.jsonValue()) as number;
      shown = (await page.locator('.load-more [data-shown]').textContent()) ?? '';
      // The first load warms the browser's cache of the bundle, as a returning user's would be.
      if (i > 0) times.push(took);
    }
    return { summary: summarize(times), shown };
  } finally {
    await browser.close();
  }
}
