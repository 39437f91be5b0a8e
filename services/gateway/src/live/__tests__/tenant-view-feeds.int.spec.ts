import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { encodeLive, type TenantView } from '@tenantry/read-model';
import { testNats, waitFor } from '@tenantry/testing';
import { inboxOf } from '../../../../../libs/read-model/src/__tests__/read-side-world';
import { TenantViewFeeds } from '../tenant-view-feeds';

const viewAt = (version: number, status: TenantView['status']) =>
  ({
    id: 'eight',
    name: 'Eight',
    status,
    version,
    isActive: true,
    databaseSecret: null,
    createdAt: new Date('2026-12-07T00:00:00Z'),
    updatedAt: new Date('2026-12-07T00:00:00Z'),
    lastProvisioningAttempt: null,
  }) as unknown as TenantView;

/**
 * A tenant's views as announced on real NATS, with the read of the current view
 * given by the spec: it fails, as when the database is away when a feed opens.
 */
describe('tenant view feeds when the database cannot be read as a feed opens', () => {
  let nats: NatsConnection;
  const subject = `test.${randomUUID()}.tenant-changes.eight`;
  beforeAll(async () => {
    nats = await connect({ servers: (await testNats()).url });
  });
  afterAll(async () => {
    await nats?.close();
  });

  it('still gives what is announced, and the current view at the first sweep that can read it', async () => {
    let current: TenantView | undefined;
    const reads: string[] = [];
    const feeds = new TenantViewFeeds({
      nats,
      subjectOf: () => subject,
      loadViews: (ids) => {
        reads.push(current ? 'read' : 'failed');
        if (!current) return Promise.reject(new Error('connection refused'));
        return Promise.resolve(new Map(ids.map((id) => [id, current!])));
      },
      sweepMs: 100,
    });
    const { views, stop } = feeds.follow('eight');
    const inbox = inboxOf({ [Symbol.asyncIterator]: () => views, close: async () => stop() });
    try {
      await waitFor(
        () => reads.length,
        (n) => n >= 1,
        { description: 'the feed to try to read where it starts' },
      );
      nats.publish(subject, encodeLive(viewAt(1, 'PROVISIONING')));
      const [announced] = await inbox.take(1, () => true, { description: 'the announced view' });
      expect([announced!.status, announced!.version]).toEqual(['PROVISIONING', 1]);

      current = viewAt(2, 'ACTIVE');
      const [swept] = await inbox.take(1, () => true, { within: '5s', description: 'the current view, by the sweep' });
      expect([swept!.status, swept!.version]).toEqual(['ACTIVE', 2]);
      await inbox.expectNothing(() => true, { within: '300ms', description: 'a view twice' });
    } finally {
      stop();
      await feeds.close();
    }
  });
});
