'use strict';
/**
 * Adds up the jest results of every Nx project that has a test target (each writes
 * <project root>/test-results/jest.json) and prints `tests: N passed, N failed`.
 * A project without its results (its build failed, or jest did not start or crashed)
 * counts as one failure; so does a red test run that reported no failed test, and each red
 * step given after it (typecheck, lint).
 * Usage: node .ci/test-summary.js <test exit status> [<other step's exit status> ...]
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createProjectGraphAsync } = require('nx/src/devkit-exports');

async function main() {
  const [testStatus = '1', ...stepStatuses] = process.argv.slice(2);
  const graph = await createProjectGraphAsync({ exitOnError: false });
  const roots = Object.values(graph.nodes)
    .filter((node) => node.data.targets?.test)
    .map((node) => node.data.root)
    .sort();
  let passed = 0;
  let failed = 0;
  for (const root of roots) {
    const file = join(root, 'test-results', 'jest.json');
    if (!existsSync(file)) {
      console.log(`  no results in ${file}: counted as 1 failed`);
      failed += 1;
      continue;
    }
    try {
      const result = JSON.parse(readFileSync(file, 'utf8'));
      const projectFailed = result.numFailedTests + result.numRuntimeErrorTestSuites;
      console.log(`  ${result.numPassedTests} passed, ${projectFailed} failed in ${root}`);
      passed += result.numPassedTests;
      failed += projectFailed;
    } catch (error) {
      console.log(`  unreadable ${file} (${error.message}): counted as 1 failed`);
      failed += 1;
    }
  }
  if (passed + failed === 0 || (testStatus !== '0' && failed === 0)) failed += 1;
  failed += stepStatuses.filter((status) => status !== '0').length;
  console.log(`tests: ${passed} passed, ${failed} failed`);
}

main().catch((error) => {
  console.log(`test summary failed: ${error.message}`);
  console.log('tests: 0 passed, 1 failed');
});
