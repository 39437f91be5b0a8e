import { ConfigSchema, loadConfig } from '@tenantry/config';
import { envOf, instructionsOf } from './dockerfile';
import {
  dockerfileOf,
  HEALTH_PORT_SETTING,
  K8sObject,
  METRICS_PORT_SETTING,
  k8sFiles,
  readYaml,
  REQUIRED_IN_PRODUCTION,
  SECRET_SETTINGS,
  SERVICES,
  ServiceName,
} from './deploy-files';

const files = k8sFiles();
const objects = files.flatMap((file) => file.objects);
const settings = new Set(Object.keys(ConfigSchema.shape));
const compose = readYaml('deploy', 'compose.yaml');
const kustomization = readYaml('deploy', 'k8s', 'kustomization.yaml');

const find = (kind: string, name: string): K8sObject => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`${kind}/${name}`]);
  return found[0]!;
};
const containerOf = (service: ServiceName) => find('Deployment', service).spec.template.spec.containers[0];

/** The environment a container gets: `env` entries and every key of the ConfigMaps and Secrets in `envFrom`. */
function environmentOf(container: any): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const object = source.configMapRef
      ? find('ConfigMap', source.configMapRef.name)
      : find('Secret', source.secretRef.name);
    Object.assign(environment, object.data, object.stringData);
  }
  for (const entry of container.env ?? [])
    environment[entry.name] = entry.value ?? `<from ${JSON.stringify(entry.valueFrom)}>`;
  return environment;
}

/** The Secret template with what an operator puts in it. */
const operatorSecrets = {
  JWT_SECRETS: 'k3Jx9Qv2Lm8Rt5Wz1Yb7Nc4Hf6Gd0Sa-operator-secret,older-Xq8Lm2Rt5Wz1Yb7Nc4Hf6Gd0Sa-secret',
  SECRETS_KEY: 'bb'.repeat(32),
  ROOT_ADMIN_PASSWORD: 'Operator-Chosen-Password-9!',
  DATABASE_URL: 'postgres://tenantry:s3cret@postgres.internal:5432/tenantry',
};

describe('deploy/k8s', () => {
  it('lists every manifest in kustomization.yaml (the Secret template aside), in one namespace', () => {
    expect([...kustomization.resources].sort()).toEqual(
      files
        .map((f) => f.file)
        .filter((f) => f !== 'secret.example.yaml')
        .sort(),
    );
    expect(kustomization.namespace).toBe('tenantry');
    for (const object of objects.filter((o) => o.kind !== 'Namespace'))
      expect(object.metadata.namespace).toBe('tenantry');
    expect(find('Namespace', 'tenantry').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  it('keeps the secrets in the Secret, and the Secret template is refused as it is', () => {
    const config = find('ConfigMap', 'tenantry-config').data!;
    const secret = find('Secret', 'tenantry-secrets').stringData!;
    for (const name of [...SECRET_SETTINGS, 'DATABASE_URL']) {
      expect(Object.keys(secret)).toContain(name);
      expect(Object.keys(config)).not.toContain(name);
    }
    expect(() => loadConfig({ ...config, ...secret })).toThrow(/JWT_SECRET|SECRETS_KEY|ROOT_ADMIN_PASSWORD/);
  });

  describe.each(SERVICES)('the %s Deployment', (service) => {
    const healthSetting = HEALTH_PORT_SETTING[service];

    it('sets only settings that the config schema knows, from the ConfigMap and the Secret', () => {
      const container = containerOf(service);
      expect(container.envFrom).toEqual([
        { configMapRef: { name: 'tenantry-config' } },
        { secretRef: { name: 'tenantry-secrets' } },
      ]);
      for (const name of Object.keys(environmentOf(container))) expect(settings).toContain(name);
    });

    it('sets every setting production needs, NODE_ENV=production, and starts once the Secret is filled in', () => {
      const environment = environmentOf(containerOf(service));
      for (const name of REQUIRED_IN_PRODUCTION) expect(Object.keys(environment)).toContain(name);
      expect(environment.NODE_ENV).toBe('production');
      expect(() => loadConfig({ ...environment, ...operatorSecrets })).not.toThrow();
    });

    it('migrates its control-plane tables first: an init container runs its migrate.js from the same image and settings', () => {
      const [migrate, ...others] = find('Deployment', service).spec.template.spec.initContainers;
      expect(others).toEqual([]);
      expect(migrate.command).toEqual(['node', `services/${service}/dist/migrate.js`]);
      expect(migrate.image).toBe(containerOf(service).image);
      expect(migrate.envFrom).toEqual(containerOf(service).envFrom);
      expect(() => loadConfig({ ...environmentOf(migrate), ...operatorSecrets })).not.toThrow();
      expect(migrate.securityContext).toEqual(containerOf(service).securityContext);
    });

    it('runs two replicas of the image compose builds, spread over nodes, never all down in an update', () => {
      const deployment = find('Deployment', service);
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      const repository = (image: string) => image.split(':')[0];
      expect(repository(containerOf(service).image)).toBe(repository(compose.services[service].image));
      expect(kustomization.images.map((i: any) => i.name)).toContain(repository(containerOf(service).image));
      expect(deployment.spec.template.spec.topologySpreadConstraints[0].topologyKey).toBe('kubernetes.io/hostname');
    });

    it(`probes /healthz (liveness) and /readyz (readiness) on ${healthSetting}, the port its image exposes`, () => {
      const container = containerOf(service);
      const port = String(loadConfig({ ...environmentOf(container), ...operatorSecrets })[healthSetting]);
      expect(instructionsOf(dockerfileOf(service).stages.at(-1)!, 'EXPOSE')).toEqual([port]);
      expect(envOf(dockerfileOf(service).stages.at(-1)!)[healthSetting]).toBe(port);
      const named = Object.fromEntries(container.ports.map((p: any) => [p.name, String(p.containerPort)]));
      for (const [probe, path] of [
        ['livenessProbe', '/healthz'],
        ['readinessProbe', '/readyz'],
        ['startupProbe', '/healthz'],
      ] as const) {
        expect(container[probe].httpGet.path).toBe(path);
        expect(named[container[probe].httpGet.port]).toBe(port);
      }
      const metricsPort = String(loadConfig({ ...environmentOf(container), ...operatorSecrets })[METRICS_PORT_SETTING]);
      expect(Object.values(named)).toContain(metricsPort);
      const annotations = find('Deployment', service).spec.template.metadata.annotations;
      expect(annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': metricsPort,
        'prometheus.io/path': '/metrics',
      });
    });

    it('requests and limits CPU and memory', () => {
      const { requests, limits } = containerOf(service).resources;
      for (const amounts of [requests, limits]) expect(Object.keys(amounts).sort()).toEqual(['cpu', 'memory']);
    });

    it('runs as a non-root user without privileges', () => {
      const pod = find('Deployment', service).spec.template.spec;
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      const container = containerOf(service);
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
    });

    it('has a Service selecting its pods by a port they name, and a PodDisruptionBudget that keeps one running', () => {
      const deployment = find('Deployment', service);
      const labels = deployment.spec.template.metadata.labels;
      const serviceObject = find('Service', service);
      expect(labels).toMatchObject(serviceObject.spec.selector);
      const portNames = containerOf(service).ports.map((p: any) => p.name);
      for (const port of serviceObject.spec.ports) expect(portNames).toContain(port.targetPort);
      const budget = find('PodDisruptionBudget', service);
      expect(labels).toMatchObject(budget.spec.selector.matchLabels);
      expect(budget.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    });
  });

  it('routes the Ingress to the gateway Service by a port it has, for the console, GraphQL and REST', () => {
    const ingress = find('Ingress', 'gateway');
    const gatewayPorts = find('Service', 'gateway').spec.ports.map((p: any) => p.name);
    const paths = ingress.spec.rules[0].http.paths;
    expect(paths.map((p: any) => p.path).sort()).toEqual(['/', '/api', '/graphql']);
    for (const path of paths) {
      expect(path.backend.service.name).toBe('gateway');
      expect(gatewayPorts).toContain(path.backend.service.port.name);
    }
    expect(
      Number(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-read-timeout']),
    ).toBeGreaterThanOrEqual(3600);
  });
});
