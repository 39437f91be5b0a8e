import type { Pool, PoolClient } from 'pg';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'suppressed';

/** One terminal notification as the email fallback decided about it. */
export interface OutboxEntry {
  notificationKey: string;
  notificationCursor: string;
  recipientId: string;
  recipientEmail: string | null;
  tenantId: string;
  type: string;
  subject: string;
  body: string;
  /** pending: to send; suppressed: no email needed (`reason` says why). */
  status: 'pending' | 'suppressed';
  reason: string | null;
}

export interface DueEmail {
  id: string;
  notificationKey: string;
  recipientId: string;
  recipientEmail: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * `gateway.email_outbox`: one row per terminal notification, unique on its key, so
 * recording twice (a replay, a rebuild) changes nothing and sending is marked in
 * the same row. Attempts, the last error and the next attempt's time are kept.
 */
export const emailOutbox = {
  /** Inserts what is new; returns how many rows were new. */
  async record(client: PoolClient, entries: OutboxEntry[]): Promise<number> {
    let added = 0;
    for (const e of entries) {
      const result = await client.query(
        `INSERT INTO gateway.email_outbox
           (notification_key, notification_cursor, recipient_id, recipient_email, tenant_id, type, subject, body, status, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (notification_key) DO NOTHING`,
        [
          e.notificationKey,
          e.notificationCursor,
          e.recipientId,
          e.recipientEmail,
          e.tenantId,
          e.type,
          e.subject,
          e.body,
          e.status,
          e.reason,
        ],
      );
      added += result.rowCount ?? 0;
    }
    return added;
  },

  async due(pool: Pool, limit: number): Promise<DueEmail[]> {
    const { rows } = await pool.query<{
      id: string;
      notification_key: string;
      recipient_id: string;
      recipient_email: string;
      subject: string;
      body: string;
      attempts: number;
    }>(
      `SELECT id, notification_key, recipient_id, recipient_email, subject, body, attempts FROM gateway.email_outbox
       WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      notificationKey: r.notification_key,
      recipientId: r.recipient_id,
      recipientEmail: r.recipient_email,
      subject: r.subject,
      body: r.body,
      attempts: r.attempts,
    }));
  },

  async markSent(pool: Pool, id: string): Promise<void> {
    await pool.query(
      `UPDATE gateway.email_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL
       WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  },

  /** A failed attempt: retried after `retryInMs`, or given up (`failed`) when that is undefined. */
  async markAttemptFailed(pool: Pool, id: string, error: string, retryInMs: number | undefined): Promise<void> {
    await pool.query(
      `UPDATE gateway.email_outbox SET attempts = attempts + 1, last_error = $2,
         status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE status END,
         next_attempt_at = now() + coalesce($3::bigint, 0) * interval '1 millisecond'
       WHERE id = $1 AND status = 'pending'`,
      [id, error, retryInMs ?? null],
    );
  },
};
