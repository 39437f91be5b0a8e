import {
  ConfigSchema,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_ROOT_ADMIN,
  DEVELOPMENT_SECRETS_KEY,
  loadConfig,
} from '@tenantry/config';
import { interpolate, MissingComposeVariable, requiredVariables } from './compose-interpolation';
import {
  HEALTH_PORT_SETTING,
  METRICS_PORT_SETTING,
  NATS_NODES,
  readText,
  readYaml,
  REQUIRED_IN_PRODUCTION,
  SECRET_SETTINGS,
  SERVICES,
  ServiceName,
} from './deploy-files';

const compose = readYaml('deploy', 'compose.yaml');
const settings = new Set(Object.keys(ConfigSchema.shape));

/** What an operator puts in deploy/.env: strong values for every secret. */
const operatorEnv = {
  JWT_SECRETS: 'k3Jx9Qv2Lm8Rt5Wz1Yb7Nc4Hf6Gd0Sa-operator-secret,older-Xq8Lm2Rt5Wz1Yb7Nc4Hf6Gd0Sa-secret',
  SECRETS_KEY: 'aa'.repeat(32),
  ROOT_ADMIN_EMAIL: 'ops@example.com',
  ROOT_ADMIN_PASSWORD: 'Operator-Chosen-Password-9!',
  POSTGRES_PASSWORD: 'c0ffee'.repeat(4),
  TENANT_COMMAND_NATS_PASSWORD: 'ab'.repeat(24),
  PROVISIONER_NATS_PASSWORD: 'cd'.repeat(24),
  GATEWAY_NATS_PASSWORD: 'ef'.repeat(24),
};

const rawEnvironment = (service: string): Record<string, string> => {
  const environment = compose.services[service].environment;
  expect(Array.isArray(environment)).toBe(false);
  return Object.fromEntries(Object.entries(environment ?? {}).map(([name, value]) => [name, String(value)]));
};
const environmentOf = (service: string, variables: Record<string, string | undefined> = operatorEnv) =>
  Object.fromEntries(
    Object.entries(rawEnvironment(service)).map(([name, value]) => [name, interpolate(value, variables)]),
  );

describe('deploy/compose.yaml', () => {
  describe.each(SERVICES)('the %s service', (service: ServiceName) => {
    it('sets only settings that the config schema knows', () => {
      for (const name of Object.keys(rawEnvironment(service))) expect(settings).toContain(name);
    });

    it('sets every setting production needs, with NODE_ENV=production', () => {
      const environment = environmentOf(service);
      for (const name of REQUIRED_IN_PRODUCTION) expect(Object.keys(environment)).toContain(name);
      for (const name of SECRET_SETTINGS) expect(environment[name]).toBeTruthy();
      expect(environment.NODE_ENV).toBe('production');
    });

    it('takes every secret from a variable the operator must set (no default)', () => {
      const raw = rawEnvironment(service);
      for (const name of SECRET_SETTINGS) expect(raw[name]).toMatch(new RegExp(`^\\$\\{${name}:\\?[^}]+\\}$`));
      expect(requiredVariables(raw.DATABASE_URL!)).toEqual(['POSTGRES_PASSWORD']);
      for (const missing of [...SECRET_SETTINGS, 'POSTGRES_PASSWORD']) {
        const { [missing]: _left, ...without } = operatorEnv as Record<string, string>;
        expect(() => environmentOf(service, without)).toThrow(MissingComposeVariable);
      }
    });

    it('starts with the operator values, and refuses the development secrets', () => {
      expect(() => loadConfig(environmentOf(service))).not.toThrow();
      const development = {
        ...operatorEnv,
        JWT_SECRETS: DEVELOPMENT_JWT_SECRET,
        SECRETS_KEY: DEVELOPMENT_SECRETS_KEY,
        ROOT_ADMIN_PASSWORD: DEVELOPMENT_ROOT_ADMIN.password,
      };
      expect(() => loadConfig(environmentOf(service, development))).toThrow(
        /development secrets: set JWT_SECRETS, SECRETS_KEY, ROOT_ADMIN_PASSWORD/,
      );
    });

    it('reaches PostgreSQL and NATS by their compose service names and ports', () => {
      const config = loadConfig(environmentOf(service));
      expect(new URL(config.DATABASE_URL).host).toBe('postgres:5432');
      expect(config.NATS_URL.split(',')).toEqual(NATS_NODES.map((node) => `nats://${node}:4222`));
      expect(compose.services[service].depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        ...Object.fromEntries(NATS_NODES.map((node) => [node, { condition: 'service_healthy' }])),
      });
    });

    it('starts once its control-plane migrations ran to completion, from its image, with its settings', () => {
      const migrator = service === 'gateway' ? 'gateway-migrate' : 'tenant-command-migrate';
      expect(compose.services[service].depends_on[migrator]).toEqual({ condition: 'service_completed_successfully' });
      const owner = migrator.replace(/-migrate$/, '');
      expect(compose.services[migrator]).toMatchObject({
        image: compose.services[owner].image,
        command: ['node', `services/${owner}/dist/migrate.js`],
        restart: 'no',
      });
      expect(() => loadConfig(environmentOf(migrator))).not.toThrow();
      expect(environmentOf(migrator).NODE_ENV).toBe('production');
    });

    it('runs its own image, built from its Dockerfile at the repository root', () => {
      const { image, build } = compose.services[service];
      expect(image).toMatch(new RegExp(`^tenantry/${service}:`));
      expect(build).toEqual({ context: '..', dockerfile: `deploy/${service}.Dockerfile` });
    });

    it(`serves health and metrics on ${HEALTH_PORT_SETTING[service]}, and only the gateway is published`, () => {
      const port = String(loadConfig(environmentOf(service))[HEALTH_PORT_SETTING[service]]);
      const { ports, expose } = compose.services[service];
      if (service === 'gateway') expect(ports).toEqual([`\${GATEWAY_PORT:-4000}:${port}`]);
      else expect({ ports, expose }).toEqual({ ports: undefined, expose: [port] });
    });
  });

  describe('with the kurrentdb profile', () => {
    it('adds a KurrentDB node with a volume, only in that profile', () => {
      const kurrentdb = compose.services.kurrentdb;
      expect(kurrentdb.profiles).toEqual(['kurrentdb']);
      expect(kurrentdb.volumes).toContain('kurrentdb-data:/var/lib/kurrentdb');
      expect(Object.keys(compose.volumes)).toContain('kurrentdb-data');
    });

    it.each(SERVICES)('points %s at it when EVENT_STORE=kurrentdb', (service) => {
      const config = loadConfig(environmentOf(service, { ...operatorEnv, EVENT_STORE: 'kurrentdb' }));
      expect(config.EVENT_STORE).toBe('kurrentdb');
      expect(new URL(config.KURRENTDB_URL!).host).toBe('kurrentdb:2113');
      expect(compose.services[service].depends_on.kurrentdb).toEqual({ condition: 'service_healthy', required: false });
    });

    it.each(SERVICES)('leaves %s on PostgreSQL by default', (service) => {
      expect(loadConfig(environmentOf(service)).EVENT_STORE).toBe('postgres');
    });
  });

  describe('durability of the infrastructure', () => {
    it.each(NATS_NODES)('runs NATS node %s with JetStream on file storage, in a named volume of its own', (node) => {
      const conf = readText('deploy', 'nats', 'nats-cluster.conf');
      const storeDir = /jetstream\s*\{[^}]*store_dir:\s*(\S+)/.exec(conf)?.[1];
      expect(storeDir).toBe('/data');
      expect(conf).toMatch(/sync_interval:\s*always/);
      expect(compose.services[node].volumes).toEqual(
        expect.arrayContaining(['./nats/nats-cluster.conf:/etc/nats/tenantry.conf:ro', `${node}-data:${storeDir}`]),
      );
      expect(Object.keys(compose.volumes)).toContain(`${node}-data`);
      expect(compose.services[node].command).toEqual(['--config', '/etc/nats/tenantry.conf']);
      expect(compose.services[node].image).toMatch(/^nats:2\.(1\d|[2-9]\d)/);
    });

    it('runs PostgreSQL with fsync and synchronous commits, in a named volume', () => {
      const { command, volumes, environment } = compose.services.postgres;
      expect(command).toEqual(expect.arrayContaining(['fsync=on', 'synchronous_commit=on']));
      expect(volumes).toContain('postgres-data:/var/lib/postgresql/data');
      expect(environment.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}');
    });
  });

  describe('with the monitoring profile', () => {
    it('scrapes each service on its health port and loads the alert rules', () => {
      const prometheus = readYaml('deploy', 'prometheus', 'prometheus.yml');
      const targets = Object.fromEntries(
        prometheus.scrape_configs.map((job: any) => [job.job_name, job.static_configs[0].targets]),
      );
      for (const service of SERVICES) {
        const port = loadConfig(environmentOf(service))[METRICS_PORT_SETTING];
        expect(targets[`tenantry-${service}`]).toEqual([`${service}:${port}`]);
      }
      expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yaml']);
      expect(compose.services.prometheus.profiles).toEqual(['monitoring']);
      expect(compose.services.prometheus.volumes).toContain('./prometheus/alerts.yaml:/etc/prometheus/alerts.yaml:ro');
    });
  });
});

describe('compose interpolation (as the checks above read it)', () => {
  it('substitutes, defaults, requires and escapes like docker compose', () => {
    expect(interpolate('a${X}b', { X: '1' })).toBe('a1b');
    expect(interpolate('${X:-d}|${Y-d}|${Z-d}', { Y: '', X: '' })).toBe('d||d');
    expect(interpolate('$$HOME', {})).toBe('$HOME');
    expect(() => interpolate('${X:?set X}', { X: '' })).toThrow('X: set X');
    expect(interpolate('${X?set X}', { X: '' })).toBe('');
  });
});
