import { randomUUID } from 'node:crypto';
import { natsNames, sendCommand } from '@tenantry/messaging';
import { ROOT_TENANT_ID } from '@tenantry/tenant-domain';
import { testNats } from '@tenantry/testing';
import { connect } from 'nats';
import { BenchContext, ms, p5099 } from '../context';
import { cpuMsOf } from '../process-cpu';
import { round, summarize, Summary, timed } from '../stats';

/** One step of the accept path: its latency, and the CPU the gateway and tenant-command used per request. */
export interface PathStep {
  latency: Summary;
  /** ms of CPU per request (the update's job included, where the step waits for it). */
  gatewayCpuMs: number;
  tenantCommandCpuMs: number;
}

/** An update's accept taken apart, each step measured alone on a quiet system. */
export interface AcceptPath {
  /** Authenticated `{ me { id } }` over keep-alive HTTP: the gateway's floor for a request. */
  graphqlFloor: PathStep;
  /** A NATS request answered at once by a responder of the bench: the floor of one command's hop. */
  natsFloor: PathStep;
  /** updateTenant sent straight to tenant-command over NATS (decide, append, reply), no gateway. */
  commandOverNats: PathStep;
  /** updateTenant over GraphQL, as measure 1 sends it, but each after the previous one's job is done. */
  throughGateway: PathStep;
  /** createTenant over GraphQL (SHARED, argon2id included), each after the previous tenant is ACTIVE. */
  createThroughGateway: PathStep;
}

const ECHO_SUBJECT = 'bench.accept-path.echo';

/** Work after a timed step that must end before the next one starts. */
type Untimed = () => Promise<unknown>;

/**
 * Where an update's Accepted goes, with nothing else running: each update waits for the
 * notification of the previous one's job before it is sent, so no job competes with it
 * for the CPU (measure 1's figure is taken while earlier jobs run). The differences say
 * what the gateway and tenant-command each add to the floors of their hops.
 */
export async function measureAcceptPath(ctx: BenchContext, tenants: readonly string[]): Promise<AcceptPath> {
  const { tenantry, progress } = ctx;
  const n = Math.min(ctx.sizes.acceptRequests, 200);
  const pids = [tenantry.gatewayPid, tenantry.tenantCommandPid];
  const cpuNow = () => pids.map(cpuMsOf);
  /** Times each step; what a step returns (waiting for its job) runs untimed before the next. */
  const measureStep = async (
    label: string,
    step: (i: number) => Promise<Untimed | void>,
    count = n,
  ): Promise<PathStep> => {
    const samples: number[] = [];
    const cpuBefore = cpuNow();
    for (let i = 0; i < count; i++) {
      const { ms: took, value: untimed } = await timed(() => step(i));
      samples.push(took);
      if (untimed) await untimed();
      progress.update(`1 accept path: ${label}`, i + 1, count);
    }
    const [gatewayCpuMs, tenantCommandCpuMs] = cpuNow().map((after, index) =>
      round((after - cpuBefore[index]!) / count, 2),
    );
    return { latency: summarize(samples), gatewayCpuMs: gatewayCpuMs!, tenantCommandCpuMs: tenantCommandCpuMs! };
  };
  const nats = await connect({ servers: (await testNats()).url, name: 'bench-accept-path' });
  try {
    nats.subscribe(ECHO_SUBJECT, { callback: (_error, message) => message.respond(message.data) });
    const names = natsNames(tenantry.system.prefix);
    const actor = { userId: tenantry.userId, tenantId: ROOT_TENANT_ID, roles: ['admin'] };
    const graphqlFloor = await measureStep('{ me }', async () => {
      await tenantry.query('{ me { id } }');
    });
    const natsFloor = await measureStep('NATS request-reply', async () => {
      await nats.request(ECHO_SUBJECT, new Uint8Array(256), { timeout: 5_000 });
    });
    const commandOverNats = await measureStep('updateTenant over NATS', async (i) => {
      const reply = await sendCommand(nats, names, 'updateTenant', {
        actor,
        tenantId: tenants[i % tenants.length]!,
        input: { name: `Path ${i}` },
        // Keyed like the gateway's commands, which tenant-command hashes.
        idempotencyKey: randomUUID(),
      });
      if (!reply.ok) throw new Error(`updateTenant over NATS refused: ${JSON.stringify(reply.error)}`);
      return () => tenantry.hub.next(reply.accepted.operationId, 60_000);
    });
    const throughGateway = await measureStep('updateTenant over GraphQL', async (i) => {
      const accepted = await tenantry.updateTenant(tenants[i % tenants.length]!, `Path gateway ${i}`);
      return () => tenantry.hub.next(accepted.operationId, 60_000);
    });
    const createThroughGateway = await measureStep(
      'createTenant over GraphQL',
      async (i) => {
        const accepted = await tenantry.createTenant(`path-${i}`);
        return () => tenantry.hub.next(accepted.operationId, 60_000);
      },
      Math.min(n, 50),
    );
    return { graphqlFloor, natsFloor, commandOverNats, throughGateway, createThroughGateway };
  } finally {
    await nats.close();
  }
}

/** The note under measure 1's table. */
export function describeAcceptPath(path: AcceptPath): string {
  const { throughGateway, commandOverNats, natsFloor, graphqlFloor, createThroughGateway } = path;
  const p50 = (step: PathStep) => ms(step.latency.p50);
  const cpu = (step: PathStep) => `gateway ${ms(step.gatewayCpuMs)}, tenant-command ${ms(step.tenantCommandCpuMs)}`;
  return (
    `Where an update's Accepted goes, on a quiet system (${throughGateway.latency.n} of each, every update sent once the previous one's job is done; p50, then CPU per request): ` +
    `through the gateway ${p50(throughGateway)} (${cpu(throughGateway)}, its job included); ` +
    `the same command sent straight to tenant-command over NATS ${p50(commandOverNats)} (${cpu(commandOverNats)}, its job included); ` +
    `a NATS request-reply, the floor of that hop, ${p50(natsFloor)}; an authenticated \`{ me }\` over HTTP ${p50(graphqlFloor)} (${cpu(graphqlFloor)}). ` +
    `So the gateway adds ${ms(throughGateway.latency.p50 - commandOverNats.latency.p50)} and ${ms(throughGateway.gatewayCpuMs - commandOverNats.gatewayCpuMs)} of its CPU to a command. ` +
    `A createTenant through the gateway, each sent once the previous tenant is ACTIVE (${createThroughGateway.latency.n}): ${p5099(createThroughGateway.latency)} (${cpu(createThroughGateway)}, its provisioning included).`
  );
}
