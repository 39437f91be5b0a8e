import { loadConfig } from '@tenantry/config';
import { renderNatsAuthorization } from '@tenantry/messaging';
import { interpolate } from './compose-interpolation';
import { k8sFiles, K8sObject, NATS_NODES, readText, readYaml, SERVICES } from './deploy-files';

/**
 * Production runs JetStream as a three-node cluster and keeps TENANT_EVENTS in three copies,
 * with compose and with Kubernetes alike: one node configuration (deploy/nats/nats-cluster.conf),
 * every node in NATS_URL, NATS_STREAM_REPLICAS equal to the number of nodes.
 */
const clusterConf = readText('deploy', 'nats', 'nats-cluster.conf');
const compose = readYaml('deploy', 'compose.yaml');
const objects = k8sFiles().flatMap((file) => file.objects);
const find = (kind: string, name: string): K8sObject => {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** `host:port` of each route in the `cluster { routes: [...] }` block. */
const routesOf = (conf: string): string[] =>
  [.../cluster\s*\{[\s\S]*?routes:\s*\[([^\]]*)\]/.exec(conf)![1]!.matchAll(/nats(?:-route)?:\/\/([^\s,]+)/g)].map(
    (match) => match[1]!,
  );
const clusterPort = (conf: string) => /cluster\s*\{[^}]*?\bport:\s*(\d+)/.exec(conf)?.[1];
const clientPort = (conf: string) => /^port:\s*(\d+)/m.exec(conf)?.[1];

/** The environment compose gives a service, with what an operator sets in .env. */
const operatorEnv = {
  JWT_SECRETS: 'k3Jx9Qv2Lm8Rt5Wz1Yb7Nc4Hf6Gd0Sa-operator-secret',
  SECRETS_KEY: 'aa'.repeat(32),
  ROOT_ADMIN_EMAIL: 'ops@example.com',
  ROOT_ADMIN_PASSWORD: 'Operator-Chosen-Password-9!',
  POSTGRES_PASSWORD: 'c0ffee'.repeat(4),
  TENANT_COMMAND_NATS_PASSWORD: 'ab'.repeat(24),
  PROVISIONER_NATS_PASSWORD: 'cd'.repeat(24),
  GATEWAY_NATS_PASSWORD: 'ef'.repeat(24),
};
const composeConfigOf = (service: string) =>
  loadConfig(
    Object.fromEntries(
      Object.entries(compose.services[service].environment).map(([name, value]) => [
        name,
        interpolate(String(value), operatorEnv),
      ]),
    ),
  );

describe('the NATS cluster', () => {
  describe('deploy/nats/nats-cluster.conf', () => {
    it('names each node from its environment and routes to every node as nats-N.nats', () => {
      expect(clusterConf).toMatch(/^server_name:\s*\$NATS_SERVER_NAME$/m);
      expect(routesOf(clusterConf)).toEqual(NATS_NODES.map((node) => `${node}.nats:${clusterPort(clusterConf)}`));
    });

    it('runs JetStream on file storage with an fsync before every acknowledgement', () => {
      expect(clusterConf).toMatch(/jetstream\s*\{[^}]*store_dir:\s*\/data/);
      expect(clusterConf).toMatch(/jetstream\s*\{[^}]*sync_interval:\s*always/);
    });
  });

  describe('deploy/compose.yaml', () => {
    it.each(NATS_NODES)('runs %s with the cluster configuration, its own name, and the name the routes use', (node) => {
      const service = compose.services[node];
      expect(service.volumes).toContain('./nats/nats-cluster.conf:/etc/nats/tenantry.conf:ro');
      expect(service.environment.NATS_SERVER_NAME).toBe(node);
      expect(service.networks.default.aliases).toContain(`${node}.nats`);
      expect(service.healthcheck.test.join(' ')).toMatch(/healthz\?js-enabled-only=true/);
    });

    it('runs no NATS server outside the cluster', () => {
      const natsServices = Object.keys(compose.services).filter((name) =>
        String(compose.services[name].image).startsWith('nats:'),
      );
      expect(natsServices.sort()).toEqual([...NATS_NODES]);
    });

    it.each(SERVICES)('connects %s to every node and keeps the stream on all of them', (service) => {
      const config = composeConfigOf(service);
      expect(config.NATS_URL.split(',')).toEqual(NATS_NODES.map((node) => `nats://${node}:${clientPort(clusterConf)}`));
      expect(config.NATS_STREAM_REPLICAS).toBe(NATS_NODES.length);
    });
  });

  describe('deploy/k8s', () => {
    const statefulSet = find('StatefulSet', 'nats');
    const pod = statefulSet.spec.template.spec;
    const container = pod.containers[0];

    it('runs three nodes, one per machine, named as the routes name them', () => {
      expect(statefulSet.spec.replicas).toBe(NATS_NODES.length);
      expect(NATS_NODES).toEqual(NATS_NODES.map((_, i) => `${statefulSet.metadata.name}-${i}`));
      const headless = find('Service', statefulSet.spec.serviceName);
      expect(headless.spec.clusterIP).toBe('None');
      expect(headless.spec.publishNotReadyAddresses).toBe(true);
      expect(statefulSet.spec.template.metadata.labels).toMatchObject(headless.spec.selector);
      expect(routesOf(clusterConf).map((route) => route.split(':')[0])).toEqual(
        NATS_NODES.map((node) => `${node}.${headless.spec.serviceName ?? headless.metadata.name}`),
      );
      expect(pod.topologySpreadConstraints[0]).toMatchObject({
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
      });
      expect(find('PodDisruptionBudget', 'nats').spec.maxUnavailable).toBe(1);
    });

    it('runs the configuration files of deploy/nats, unchanged', () => {
      const config = find('ConfigMap', 'nats-config').data!;
      expect(config['nats.conf']).toBe(clusterConf);
      expect(config['authorization.conf']).toBe(renderNatsAuthorization(''));
      const mount = container.volumeMounts.find((m: any) => m.name === 'config');
      expect(pod.volumes.find((v: any) => v.name === 'config').configMap.name).toBe('nats-config');
      expect(container.command).toEqual(['nats-server', '--config', `${mount.mountPath}/nats.conf`]);
    });

    it("names each node after its pod, gives it the users' passwords, and keeps its store on a volume", () => {
      const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
      expect(env.NATS_SERVER_NAME.valueFrom.fieldRef.fieldPath).toBe('metadata.name');
      expect(container.envFrom).toEqual([{ secretRef: { name: 'tenantry-nats' } }]);
      const storeDir = /store_dir:\s*(\S+)/.exec(clusterConf)![1];
      const data = container.volumeMounts.find((m: any) => m.mountPath === storeDir);
      expect(statefulSet.spec.volumeClaimTemplates.map((t: any) => t.metadata.name)).toContain(data.name);
      const ports = Object.fromEntries(container.ports.map((p: any) => [p.name, String(p.containerPort)]));
      expect(ports).toMatchObject({ client: clientPort(clusterConf), cluster: clusterPort(clusterConf) });
    });

    it('runs as a non-root user without privileges (the namespace enforces it)', () => {
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
    });

    it('points the services at every node and keeps the stream on all of them', () => {
      const settings = find('ConfigMap', 'tenantry-config').data!;
      const config = loadConfig({ ...settings, ...operatorEnv });
      expect(config.NATS_URL.split(',')).toEqual(
        NATS_NODES.map((node) => `nats://${node}.${statefulSet.spec.serviceName}:${clientPort(clusterConf)}`),
      );
      expect(config.NATS_STREAM_REPLICAS).toBe(statefulSet.spec.replicas);
    });
  });
});
