import { connectNats, natsNames } from '@tenantry/messaging';
import { testNats, uniquePrefix } from '@tenantry/testing';
import { NatsConnection } from 'nats';
import { StepReply, StepRequest, decodeJson, encodeJson } from './protocol';
import { createStepWorker } from './step-worker';

const request = (overrides: Partial<StepRequest> = {}): StepRequest => ({
  action: 'run',
  step: 'seed',
  tenantId: 'acme',
  operationId: 'op-1',
  attempt: 1,
  idempotencyKey: 'op-1:seed',
  tenant: {
    id: 'acme',
    name: 'Acme',
    adminEmail: 'owner@acme.test',
    database: { mode: 'SHARED', name: 'tenant_acme' },
  },
  ...overrides,
});

/** Resolvable from outside: a step that finishes when the test says so. */
const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

describe('createStepWorker', () => {
  let nats: NatsConnection;
  let natsUrl: string;
  beforeAll(async () => {
    natsUrl = (await testNats()).url;
    nats = await connectNats({ url: natsUrl, name: 'step-worker-spec' });
  });
  afterAll(() => nats.close());

  const ask = async (prefix: string, body: unknown): Promise<StepReply> =>
    decodeJson(
      (await nats.request(natsNames(prefix).stepSubject('seed'), encodeJson(body), { timeout: 10_000 })).data,
    ) as StepReply;

  it('answers ok: true when the step succeeds, and ok: false with the message when it throws', async () => {
    const prefix = uniquePrefix('sdk-answers');
    const worker = await createStepWorker({
      natsUrl,
      prefix,
      step: 'seed',
      run: async (r) => {
        if (r.tenantId === 'bad') throw new Error('no room for acme');
      },
    });
    try {
      expect(await ask(prefix, request())).toEqual({ ok: true });
      expect(await ask(prefix, request({ tenantId: 'bad' }))).toEqual({ ok: false, error: 'no room for acme' });
      expect(await ask(prefix, request({ action: 'undo' }))).toEqual({ ok: true });
      expect(await ask(prefix, { action: 'dance' })).toMatchObject({
        ok: false,
        error: expect.stringContaining('cannot read'),
      });
    } finally {
      await worker.stop();
    }
  });

  it('runs a request asked again while it is under way once, and answers both', async () => {
    const prefix = uniquePrefix('sdk-dedupe');
    const release = gate();
    let runs = 0;
    const worker = await createStepWorker({
      natsUrl,
      prefix,
      step: 'seed',
      run: async () => {
        runs += 1;
        await release.opened;
      },
    });
    try {
      const first = ask(prefix, request());
      const again = ask(prefix, request({ attempt: 1 }));
      await nats.flush();
      release.open();
      expect(await Promise.all([first, again])).toEqual([{ ok: true }, { ok: true }]);
      expect(runs).toBe(1);
    } finally {
      await worker.stop();
    }
  });

  it('stops gracefully: the request under way is finished and answered, later ones find no responder', async () => {
    const prefix = uniquePrefix('sdk-stop');
    const started = gate();
    const release = gate();
    const worker = await createStepWorker({
      natsUrl,
      prefix,
      step: 'seed',
      run: async () => {
        started.open();
        await release.opened;
      },
    });
    const underWay = ask(prefix, request());
    await started.opened;
    const stopped = worker.stop();
    release.open();
    expect(await underWay).toEqual({ ok: true });
    await stopped;
    await expect(ask(prefix, request())).rejects.toMatchObject({ code: '503' });
  });
});
