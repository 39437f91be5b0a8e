#!/usr/bin/env node
'use strict';
/**
 * Brings the Node.js of .nvmrc when the running one is older, so a machine whose
 * system Node is behind (Node 20 here) still builds, tests and starts on Node 24.
 *
 *   node tools/ensure-node.js          prints the directory of a Node ≥ the .nvmrc's major
 *                                      (the running one, or .tenantry/node's, installed
 *                                      from the npm registry's `node` package if needed);
 *                                      .ci/run puts it first on PATH.
 *   node tools/ensure-node.js --link   (the root postinstall) links node_modules/.bin/node
 *                                      to that Node when the running one is older or is
 *                                      .tenantry/node's: npm puts node_modules/.bin first on
 *                                      PATH for every script, so `npm start`, `npm test` and
 *                                      the `#!/usr/bin/env node` tools they run (tsc, jest,
 *                                      vite) all run on it.
 *
 * Written for old Node versions too (CommonJS, no newer syntax): it runs before Node 24 is there.
 * Messages go to stderr; stdout carries only the directory.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const WANTED = fs.readFileSync(path.join(ROOT, '.nvmrc'), 'utf8').trim();
const WANTED_MAJOR = Number(WANTED.split('.')[0]);
const LOCAL_PREFIX = path.join(ROOT, '.tenantry', 'node');
const LOCAL_BIN_DIR = path.join(LOCAL_PREFIX, 'node_modules', 'node', 'bin');
const LOCAL_NODE = path.join(LOCAL_BIN_DIR, 'node');
const LINK = path.join(ROOT, 'node_modules', '.bin', 'node');

const say = (message) => process.stderr.write(`ensure-node: ${message}\n`);
const majorOf = (version) => Number(String(version).replace(/^v/, '').split('.')[0]);

function versionOf(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}

/** .tenantry/node's Node (installed first if it is missing or not the .nvmrc's version). */
function localNode() {
  if (versionOf(LOCAL_NODE) === WANTED) return LOCAL_NODE;
  say(
    `Node ${process.versions.node} is older than ${WANTED_MAJOR}: installing node@${WANTED} from the npm registry into ${path.relative(ROOT, LOCAL_PREFIX)}`,
  );
  fs.mkdirSync(LOCAL_PREFIX, { recursive: true });
  // Outside the workspace's npm settings (this may run inside `npm install`'s postinstall).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(
    npm,
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      LOCAL_PREFIX,
      `node@${WANTED}`,
    ],
    {
      cwd: LOCAL_PREFIX,
      env,
      stdio: ['ignore', 2, 2],
    },
  );
  const got = versionOf(LOCAL_NODE);
  if (install.status !== 0 || got !== WANTED) {
    throw new Error(
      `could not install Node ${WANTED} (npm exited ${install.status}; ${LOCAL_NODE} ${got ? `is ${got}` : 'does not run'}). ` +
        `The package's preinstall fetches the platform's binary: it must be allowed to run. Or install Node ${WANTED_MAJOR} yourself (e.g. nvm use).`,
    );
  }
  say(`Node ${got} ready: ${path.relative(ROOT, LOCAL_NODE)}`);
  return LOCAL_NODE;
}

const runningIsLocal = () => {
  try {
    return fs.realpathSync(process.execPath).startsWith(fs.realpathSync(LOCAL_PREFIX) + path.sep);
  } catch {
    return false;
  }
};

function link() {
  if (majorOf(process.versions.node) >= WANTED_MAJOR && !runningIsLocal()) return;
  const target = localNode();
  fs.mkdirSync(path.dirname(LINK), { recursive: true });
  fs.rmSync(LINK, { force: true });
  fs.symlinkSync(path.relative(path.dirname(LINK), target), LINK);
  say(`npm scripts run on Node ${WANTED} (node_modules/.bin/node → ${path.relative(ROOT, target)})`);
}

function binDir() {
  const dir =
    majorOf(process.versions.node) >= WANTED_MAJOR ? path.dirname(process.execPath) : path.dirname(localNode());
  process.stdout.write(`${dir}\n`);
}

try {
  if (process.argv.includes('--link')) link();
  else binDir();
} catch (error) {
  say(error.message);
  process.exit(1);
}
