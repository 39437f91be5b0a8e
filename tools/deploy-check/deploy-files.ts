import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Dockerfile, parseDockerfile } from './dockerfile';

/** The repository, the deploy folder, and what they hold, loaded once for the checks. */
export const REPOSITORY = resolve(__dirname, '..', '..');
export const DEPLOY = join(REPOSITORY, 'deploy');

export const SERVICES = ['tenant-command', 'provisioner', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * The three nodes of the NATS cluster: compose services and the Kubernetes StatefulSet's pods
 * (`nats-N`, reached as `nats-N.nats` by the routes).
 */
export const NATS_NODES = ['nats-0', 'nats-1', 'nats-2'] as const;

/** Every service serves /metrics on METRICS_PORT only (the gateway's public port answers 404 there). */
export const METRICS_PORT_SETTING = 'METRICS_PORT';

/** Which setting gives the port that the probes use for /healthz and /readyz. */
export const HEALTH_PORT_SETTING: Record<ServiceName, 'METRICS_PORT' | 'PORT'> = {
  'tenant-command': 'METRICS_PORT',
  provisioner: 'METRICS_PORT',
  gateway: 'PORT',
};

/** What production cannot run without (libs/config defaults them for development only). */
export const REQUIRED_IN_PRODUCTION = [
  'JWT_SECRETS',
  'SECRETS_KEY',
  'ROOT_ADMIN_PASSWORD',
  'DATABASE_URL',
  'NATS_URL',
  'NODE_ENV',
  'CORS_ORIGINS',
] as const;
export const SECRET_SETTINGS = ['JWT_SECRETS', 'SECRETS_KEY', 'ROOT_ADMIN_PASSWORD'] as const;

export const readText = (...path: string[]): string => readFileSync(join(REPOSITORY, ...path), 'utf8');

export const readYaml = <T = any>(...path: string[]): T => parse(readText(...path), { merge: true }) as T;

export function readYamlDocuments(...path: string[]): any[] {
  const documents = parseAllDocuments(readText(...path), { merge: true });
  return documents
    .map((document) => {
      if (document.errors.length > 0)
        throw new Error(`${path.join('/')}: ${document.errors.map((e) => e.message).join('; ')}`);
      return document.toJS();
    })
    .filter((value) => value !== null && value !== undefined);
}

export const dockerfileOf = (service: ServiceName): Dockerfile =>
  parseDockerfile(readText('deploy', `${service}.Dockerfile`));

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

export interface K8sFile {
  file: string;
  objects: K8sObject[];
}

export function k8sFiles(): K8sFile[] {
  return readdirSync(join(DEPLOY, 'k8s'))
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .map((file) => ({ file, objects: readYamlDocuments('deploy', 'k8s', file) as K8sObject[] }));
}

export const exists = (...path: string[]): boolean => existsSync(join(REPOSITORY, ...path));

/** Metric names the services declare (`name: 'tenantry_…'` in their sources). */
export function declaredMetricNames(): Set<string> {
  const names = new Set<string>();
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(/name:\s*'(tenantry_[a-z_]+)'/g)) names.add(match[1]!);
      }
    }
  };
  visit(join(REPOSITORY, 'services'));
  visit(join(REPOSITORY, 'libs'));
  return names;
}
