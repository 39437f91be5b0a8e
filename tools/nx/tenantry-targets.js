'use strict';
/**
 * Nx plugin (nx.json "plugins"): gives every project the same four targets, so a package
 * declares only its name and dependencies (package.json, or project.json where it is not an
 * npm workspace) and the commands live here once. Caching (inputs, outputs, dependsOn) is in
 * nx.json's targetDefaults. `npx nx show project <name>` shows what a project gets:
 *
 * - build: `tsc -b` of the project's tsconfig.json (to dist/); a package.json "build" script
 *   wins (the console builds with Vite).
 * - typecheck: `tsc -p tsconfig.spec.json`, the code AND its specs, @tenantry/* resolved to
 *   the sources as jest does (see tsconfig.typecheck.json, which each one extends); after the
 *   dependencies' builds, since an `await import('@tenantry/x')` resolves as ESM, through
 *   the package's built types, and the console's specs (no paths) always do.
 * - test: the root jest config (unit and integration) on the project's folder only, writing
 *   its results to <project root>/test-results/jest.json, which .ci/run adds up (a folder of
 *   its own per project: tools/ holds tools/bench, whose results tools' run must not delete).
 * - lint: ESLint (the root eslint.config.mjs) on the project's folder.
 */
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const PROJECT_FILE = '{libs,services,tools,examples}/**/{package,project}.json';

function scriptsOf(workspaceRoot, root) {
  const file = join(workspaceRoot, root, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).scripts ?? {}) : {};
}

/** The projects inside this one's folder (tools/ holds tools/bench), relative to it. */
function nestedRoots(root, roots) {
  return roots.filter((other) => other.startsWith(`${root}/`)).map((other) => other.slice(root.length + 1));
}

/** Jest's path pattern that leaves out the nested projects' specs (they are theirs to run). */
function testPathPattern(root, roots) {
  const nested = nestedRoots(root, roots);
  if (nested.length === 0) return '';
  return ` '/${root}/(?!${nested.map((path) => `${path}/`).join('|')})'`;
}

function targetsOf(workspaceRoot, root, roots) {
  const has = (file) => existsSync(join(workspaceRoot, root, file));
  const scripts = scriptsOf(workspaceRoot, root);
  const targets = {};
  if (!scripts.build && has('tsconfig.json')) {
    targets.build = { command: `tsc -b ${root}` };
  }
  targets.typecheck = {
    command: has('tsconfig.spec.json')
      ? `tsc -p ${root}/tsconfig.spec.json`
      : `echo "${root} has no tsconfig.spec.json (extend tsconfig.typecheck.json, include its code and specs)" && exit 1`,
  };
  // A stale result never counts for this run: the folder is emptied before jest starts.
  const results = `${root}/test-results`;
  targets.test = {
    command:
      `rm -rf ${results} && mkdir -p ${results} && ` +
      `jest --ci --passWithNoTests${testPathPattern(root, roots)} --json --outputFile=${results}/jest.json --roots '<rootDir>/${root}'`,
  };
  const lintIgnores = nestedRoots(root, roots).map((path) => ` --ignore-pattern '${root}/${path}/**'`);
  targets.lint = { command: `eslint --max-warnings 0 ${root}${lintIgnores.join('')}` };
  return targets;
}

const createNodes = [
  PROJECT_FILE,
  (files, _options, context) => {
    const roots = [...new Set(files.map(dirname))];
    return roots.map((root) => [
      join(root, existsSync(join(context.workspaceRoot, root, 'project.json')) ? 'project.json' : 'package.json'),
      { projects: { [root]: { targets: targetsOf(context.workspaceRoot, root, roots) } } },
    ]);
  },
];

module.exports = { name: 'tenantry-targets', createNodes };
