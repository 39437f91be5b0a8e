import type { TestDatabase } from '@tenantry/testing';
import type { Progress } from './progress';
import type { Summary } from './stats';
import type { Tenantry } from './tenantry';

export interface Sizes {
  acceptRequests: number;
  notifyRequests: number;
  /** pg-boss polling-only latency samples (each waits ~0.25 s on average). */
  pollSamples: number;
  throughputOps: number;
  throughputTenants: number;
  clients: number;
  sharedTenants: number;
  isolatedTenants: number;
  rebuildEvents: number;
  subscriberConnections: number;
  tabs: number;
  deliveryRounds: number;
  /** Worker concurrency of the peers: the provisioner's (PROVISIONER_CONCURRENCY). */
  peerWorkers: number;
  pgBossBatch: number;
  /** Measure 7: tenants and operations seeded into the read model, requests timed per query. */
  pageTenants: number;
  pageOperations: number;
  pageSamples: number;
  /**
   * Time caps (seconds) of the Tenantry loops that take longest on a slow or busy
   * machine, so a full run stays near ten minutes: a loop ends at its size or its
   * cap, whichever comes first, and the report says how many it did.
   */
  budget: { creates: number; updates: number; notify: number; throughput: number; shared: number };
}

/** True while `seconds` have not passed since `start` (bench clock, ms). */
export const within = (start: number, seconds: number): boolean =>
  performance.timeOrigin + performance.now() - start < seconds * 1000;

export const FULL: Sizes = {
  acceptRequests: 500,
  notifyRequests: 500,
  pollSamples: 20,
  throughputOps: 5000,
  throughputTenants: 100,
  clients: 8,
  sharedTenants: 200,
  isolatedTenants: 20,
  rebuildEvents: 100_000,
  subscriberConnections: 50_000,
  tabs: 10,
  deliveryRounds: 50,
  peerWorkers: 8,
  pgBossBatch: 10,
  pageTenants: 100_000,
  pageOperations: 1_000_000,
  pageSamples: 300,
  budget: { creates: 60, updates: 30, notify: 40, throughput: 75, shared: 75 },
};

export const SMOKE: Sizes = {
  acceptRequests: 5,
  notifyRequests: 5,
  pollSamples: 2,
  throughputOps: 24,
  throughputTenants: 4,
  clients: 2,
  sharedTenants: 3,
  isolatedTenants: 1,
  rebuildEvents: 450,
  subscriberConnections: 30,
  tabs: 3,
  deliveryRounds: 2,
  peerWorkers: 2,
  pgBossBatch: 10,
  pageTenants: 300,
  pageOperations: 3_000,
  pageSamples: 5,
  budget: { creates: 60, updates: 60, notify: 60, throughput: 60, shared: 60 },
};

export type Verdict = 'met' | 'missed' | 'n/a';

/** One line of the results table. */
export interface Row {
  measure: string;
  metric: string;
  tenantry: string;
  peers: string;
  ratio: string;
  target: string;
  verdict: Verdict;
}

export interface MeasureResult {
  rows: Row[];
  /** Everything measured, for the JSON file. */
  details: Record<string, unknown>;
  /** Where the time goes, why a target is missed: lines under the table. */
  notes: string[];
}

export interface BenchContext {
  sizes: Sizes;
  smoke: boolean;
  progress: Progress;
  tenantry: Tenantry;
  /** A database of the bench's own for the peers and the raw floor. */
  peersDatabase: TestDatabase;
  /** Why BullMQ can't run (no redis), if so. */
  redisProblem?: string;
  /** ACTIVE tenants created by measure 1, reused by later measures. */
  activeTenants: string[];
}

export const ms = (value: number): string =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms` : '–';
export const p5099 = (s: Summary): string => `${ms(s.p50)} / ${ms(s.p99)}`;
export const ratio = (value: number): string =>
  Number.isFinite(value)
    ? `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`
    : '–';
export const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'missed');
