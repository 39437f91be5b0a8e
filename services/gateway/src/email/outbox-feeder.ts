import type { Pool } from 'pg';
import type { NotificationPreferences } from '../gateway-state/notification-preferences';
import type { NotificationView, ReadModelQueries, TenantView } from '@tenantry/read-model';
import { composeEmail, isTerminal, notificationKey } from './email-message';
import { emailOutbox, OutboxEntry } from './email-outbox';
import { inTransaction } from '@tenantry/postgres';

/** What the feeder reads: the committed notifications, in cursor order (all users). */
export interface NotificationLog {
  after(cursor: string | undefined, first: number): Promise<NotificationView[]>;
  latestCursor(): Promise<string | undefined>;
}

export interface OutboxFeederOptions {
  pool: Pool;
  log: NotificationLog;
  tenant: ReadModelQueries['tenant'];
  /** Each by the recipient's principal key (`<tenantId>/<userId>`). */
  isPresent(recipient: string): Promise<boolean>;
  preferencesOf(recipient: string): Promise<NotificationPreferences>;
  emailOf(recipient: string): Promise<string | undefined>;
  /** Older notifications are not mailed (a checkpoint left from a time the fallback was off, a rebuild). */
  maxAgeMs?: number;
  pageSize?: number;
  now?: () => number;
}

const CHECKPOINT = 'email_fallback';

/**
 * Moves terminal notifications into the email outbox, after the projector committed
 * them: the notifications table is the log (written in the projector's transaction),
 * this is its tail. Each page's outbox rows and the feeder's checkpoint commit in one
 * transaction, so a crash repeats a page and the outbox's unique key drops the repeat.
 * The projector never waits for it.
 *
 * Rules, decided when the notification is fed (right after commit):
 * - only terminal notifications, to their recipient (the operation's initiator);
 * - no email when the recipient has an open socket on any gateway (suppressed: online),
 *   opted out (suppressed: opted out), or has no known address (suppressed: no address).
 */
export async function feedOutbox(options: OutboxFeederOptions): Promise<number> {
  const pageSize = options.pageSize ?? 200;
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 3_600_000;
  let fed = 0;
  for (;;) {
    const checkpoint = await startingCursor(options);
    const page = await options.log.after(checkpoint, pageSize);
    if (page.length === 0) return fed;
    const entries: OutboxEntry[] = [];
    for (const notification of page) {
      if (!isTerminal(notification) || now() - notification.occurredAt.getTime() > maxAgeMs) continue;
      entries.push(await decide(notification, options));
    }
    fed += await inTransaction(options.pool, async (client) => {
      const recorded = await emailOutbox.record(client, entries);
      await client.query(
        `INSERT INTO gateway.email_feed_checkpoint (name, cursor) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
        [CHECKPOINT, page[page.length - 1]!.cursor],
      );
      return recorded;
    });
    if (page.length < pageSize) return fed;
  }
}

/**
 * The checkpoint; on the first run the newest notification (history is not mailed);
 * back to the start when the log is behind it (the read model was rebuilt and renumbered).
 */
async function startingCursor(options: OutboxFeederOptions): Promise<string | undefined> {
  const { rows } = await options.pool.query<{ cursor: string }>(
    'SELECT cursor FROM gateway.email_feed_checkpoint WHERE name = $1',
    [CHECKPOINT],
  );
  const latest = await options.log.latestCursor();
  const stored = rows[0]?.cursor;
  if (stored === undefined) {
    await options.pool.query(
      'INSERT INTO gateway.email_feed_checkpoint (name, cursor) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [CHECKPOINT, latest ?? '0'],
    );
    return latest;
  }
  if (latest === undefined || BigInt(latest) < BigInt(stored)) return undefined;
  return stored;
}

async function decide(notification: NotificationView, options: OutboxFeederOptions): Promise<OutboxEntry> {
  const tenant: TenantView | null = await options.tenant(notification.tenantId);
  const content = composeEmail(notification, tenant);
  const [preferences, present, email] = await Promise.all([
    options.preferencesOf(notification.recipientId),
    options.isPresent(notification.recipientId),
    options.emailOf(notification.recipientId),
  ]);
  const reason = !preferences.emailFallback
    ? 'opted out'
    : present
      ? 'online'
      : email === undefined
        ? 'no address'
        : null;
  return {
    notificationKey: notificationKey(notification),
    notificationCursor: notification.cursor,
    recipientId: notification.recipientId,
    recipientEmail: email ?? null,
    tenantId: notification.tenantId,
    type: notification.type,
    subject: content.subject,
    body: content.text,
    status: reason === null ? 'pending' : 'suppressed',
    reason,
  };
}
