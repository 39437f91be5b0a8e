import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openPage, takeNoProblems } from '../../../console/test/browser';
import { edgeFixture } from '../__tests__/edge-fixture';
import { TENANT_ROUTES } from '../rest/tenant-routes';

/**
 * The pages for developers work offline: Swagger UI at /api/docs and GraphiQL at
 * /graphql (development) load everything from the gateway, under its CSP. Any request
 * to another origin is refused and fails the test.
 */
describe('developer pages in Chromium, with no network beyond the gateway', () => {
  let browser: Browser;
  let gateway: Awaited<ReturnType<ReturnType<typeof edgeFixture>['listen']>>;
  let origin: string;
  let tab: { context: BrowserContext; page: Page; problems: string[] };
  const elsewhere: string[] = [];

  beforeAll(async () => {
    gateway = await edgeFixture({}, { graphiql: true }).listen();
    origin = new URL(gateway.url).origin;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });
  beforeEach(async () => {
    tab = await openPage(browser, origin);
    await tab.context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) return route.continue();
      elsewhere.push(url);
      return route.abort('blockedbyclient');
    });
  });
  afterEach(async () => {
    await tab.context.close();
    // Console errors include every Content-Security-Policy refusal.
    takeNoProblems(tab.problems.map((problem) => problem.slice(0, 300)));
    expect(elsewhere.splice(0)).toEqual([]);
  });

  it('shows every REST route at /api/docs (Swagger UI)', async () => {
    await tab.page.goto('/api/docs');
    await tab.page.locator('.opblock').first().waitFor();
    const shown = await tab.page
      .locator('.opblock')
      .evaluateAll((blocks) =>
        blocks.map(
          (block) =>
            `${block.querySelector('.opblock-summary-method')?.textContent} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );
    expect(shown.sort()).toEqual(TENANT_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    await tab.page.getByText('Tenantry REST API').first().waitFor();
  });

  it('renders GraphiQL at /graphql and shows the result of { __typename }', async () => {
    // The query comes in the address, as a shared GraphiQL link does: nothing is typed, so no
    // completion list (slow to open and close on a loaded machine) can cover the run button.
    await tab.page.goto(`/graphql?query=${encodeURIComponent('{ __typename }')}`);
    await tab.page.locator('.graphiql-query-editor .monaco-editor').first().waitFor();
    await tab.page.locator('.graphiql-execute-button').click();
    await tab.page.locator('.graphiql-response').getByText('"Query"').waitFor();
    expect(await tab.page.locator('.graphiql-response').innerText()).toContain('__typename');
  });
});
