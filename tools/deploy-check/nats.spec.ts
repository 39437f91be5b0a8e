import { loadConfig } from '@tenantry/config';
import { natsPasswordVariable, renderNatsAuthorization } from '@tenantry/messaging';
import { requiredVariables } from './compose-interpolation';
import { k8sFiles, NATS_NODES, readText, readYaml, SERVICES, ServiceName } from './deploy-files';

const compose = readYaml('deploy', 'compose.yaml');
const objects = k8sFiles().flatMap((file) => file.objects);
const deploymentOf = (service: ServiceName) =>
  objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service)!;
const secretKeys = (name: string) =>
  Object.keys(objects.find((o) => o.kind === 'Secret' && o.metadata.name === name)?.stringData ?? {});

/**
 * A container's NATS credentials, from secrets only: NATS_USER with NATS_PASSWORD from a
 * Secret's key, or NATS_CREDS, a file on a volume mounted from a Secret. Returns what is wrong.
 */
function k8sCredentialProblems(pod: any): string[] {
  const container = pod.containers[0];
  const env = Object.fromEntries((container.env ?? []).map((entry: any) => [entry.name, entry]));
  if (env.NATS_CREDS) {
    const path = env.NATS_CREDS.value ?? '';
    const mount = (container.volumeMounts ?? []).find((m: any) => path.startsWith(`${m.mountPath}/`));
    const volume = mount && pod.volumes.find((v: any) => v.name === mount.name);
    return volume?.secret ? [] : [`NATS_CREDS (${path}) is not on a volume mounted from a Secret`];
  }
  const problems: string[] = [];
  if (!env.NATS_USER) problems.push('no NATS_USER (nor NATS_CREDS)');
  const reference = env.NATS_PASSWORD?.valueFrom?.secretKeyRef;
  if (!reference) problems.push('NATS_PASSWORD is not taken from a Secret (valueFrom.secretKeyRef)');
  else if (!secretKeys(reference.name).includes(reference.key))
    problems.push(`Secret ${reference.name} has no key ${reference.key}`);
  return problems;
}

describe('the broker (deploy/nats)', () => {
  it("authorization.conf is the rendering of the services' permissions for the default prefix", () => {
    expect(readText('deploy', 'nats', 'authorization.conf')).toBe(renderNatsAuthorization(''));
  });

  it.each(['nats.conf', 'nats-cluster.conf'])(
    '%s includes authorization.conf and says where TLS certificates go',
    (file) => {
      const conf = readText('deploy', 'nats', file);
      expect(conf).toMatch(/^include \.\/authorization\.conf$/m);
      expect(conf).not.toMatch(/^\s*no_auth_user/m);
      for (const setting of ['cert_file', 'key_file', 'ca_file'])
        expect(conf).toMatch(new RegExp(`^#?\\s*${setting}:`, 'm'));
    },
  );

  describe('deploy/k8s', () => {
    it.each(SERVICES)('%s connects as its own NATS user, its password from a Secret, never in clear', (service) => {
      const pod = deploymentOf(service).spec.template.spec;
      expect(k8sCredentialProblems(pod)).toEqual([]);
      const env = Object.fromEntries((pod.containers[0].env ?? []).map((e: any) => [e.name, e]));
      if (env.NATS_USER) expect(env.NATS_USER.value).toBe(service);
      if (env.NATS_PASSWORD) expect(env.NATS_PASSWORD.valueFrom.secretKeyRef.key).toBe(natsPasswordVariable(service));
      for (const map of objects.filter((o) => o.kind === 'ConfigMap'))
        expect(Object.keys(map.data ?? {})).not.toContain('NATS_PASSWORD');
    });

    it('keeps the NATS passwords out of the Secret every service loads whole (each reads only its own)', () => {
      for (const service of SERVICES)
        expect(secretKeys('tenantry-secrets')).not.toContain(natsPasswordVariable(service));
    });
  });

  describe('deploy/compose.yaml', () => {
    it.each(SERVICES)(
      '%s connects as its own NATS user, its password from a variable the operator must set',
      (service) => {
        const environment = compose.services[service].environment;
        const credentials = environment.NATS_CREDS ?? environment.NATS_PASSWORD;
        expect(credentials).toBeDefined();
        expect(requiredVariables(String(credentials))).toHaveLength(1);
        expect(String(credentials)).toMatch(/^\$\{\w+:\?[^}]+\}$/);
        if (environment.NATS_PASSWORD) {
          expect(environment.NATS_USER).toBe(service);
          expect(requiredVariables(environment.NATS_PASSWORD)).toEqual([natsPasswordVariable(service)]);
          // The server gets the same variable, for authorization.conf.
          for (const node of NATS_NODES)
            expect(compose.services[node].environment[natsPasswordVariable(service)]).toBe(environment.NATS_PASSWORD);
        }
      },
    );

    it.each(NATS_NODES)('mounts authorization.conf next to the configuration of %s', (node) => {
      expect(compose.services[node].volumes).toContain('./nats/authorization.conf:/etc/nats/authorization.conf:ro');
    });
  });

  it('refuses half credentials in the configuration', () => {
    expect(() => loadConfig({ NATS_USER: 'gateway' })).toThrow(/NATS_USER and NATS_PASSWORD go together/);
    expect(() =>
      loadConfig({ NATS_CREDS: '/run/secrets/gateway.creds', NATS_USER: 'gateway', NATS_PASSWORD: 'x' }),
    ).toThrow(/NATS_CREDS replaces/);
    expect(() => loadConfig({ NATS_TLS_CERT: '/tls/client.crt' })).toThrow(
      /NATS_TLS_CERT and NATS_TLS_KEY go together/,
    );
    expect(loadConfig({ NATS_USER: 'gateway', NATS_PASSWORD: 'x', NATS_TLS_CA: '/tls/ca.crt' })).toMatchObject({
      NATS_USER: 'gateway',
    });
  });
});
