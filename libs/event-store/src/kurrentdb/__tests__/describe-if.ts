import { spawnSync } from 'node:child_process';

/**
 * `describe(name, body)` when `condition` holds; otherwise one skipped test whose
 * title names the reason, and the reason printed, so a run here says what it did
 * not run and why instead of passing silently.
 */
export function describeIf(condition: boolean, reason: string, name: string, body: () => void): void {
  if (condition) {
    describe(name, body);
    return;
  }
  console.warn(`SKIPPED ${name}: ${reason}`);
  describe(name, () => {
    it.skip(`${name} (skipped: ${reason})`, () => undefined);
  });
}

/**
 * Whether testcontainers finds a Docker-compatible runtime, answered synchronously
 * (jest collects tests synchronously) by asking a short-lived child process.
 */
export function containerRuntimeAvailable(): boolean {
  const entry = require.resolve('testcontainers');
  const probe = `require(${JSON.stringify(entry)}).getContainerRuntimeClient().then(() => process.exit(0), () => process.exit(3))`;
  const result = spawnSync(process.execPath, ['-e', probe], { timeout: 60_000, stdio: 'ignore' });
  return result.status === 0;
}
