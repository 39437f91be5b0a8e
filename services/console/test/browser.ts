import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@tenantry/testing';

export const CHROMIUM = CHROMIUM_PATH;

/** Where screenshots go: test-results/ at the repository root (CI keeps it as artifacts). */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-results', 'console');

/**
 * Debian's Chromium, headless. `launch` gives the browser a fresh temporary profile
 * (its own user-data-dir); every context in it is a separate, cookie-less user.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run .ci/prepare-browser (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS], headless: true, timeout: 30_000 });
}

/** A new context whose page errors (uncaught exceptions) and console errors are kept: a test fails on any (see `takeNoProblems`). */
export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 860 },
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ baseURL, viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.setDefaultTimeout(15_000);
  return { context, page, problems };
}

/**
 * Fails the test if the page threw or logged an error since the last call (and clears
 * the list, so the next test starts clean). None is expected: the specs cause no
 * failing request on purpose, so even a failed resource load is a finding.
 */
export function takeNoProblems(problems: string[]): void {
  expect(problems.splice(0)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
