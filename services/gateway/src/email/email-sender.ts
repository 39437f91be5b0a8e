import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { redactCredentials } from '@tenantry/config';
import { emailOutbox } from './email-outbox';
import { EmailTransport, isPermanentSmtpFailure } from './smtp-transport';

export interface EmailSenderOptions {
  pool: Pool;
  transport: EmailTransport;
  /** First retry after this long, doubling each attempt, at most 10 minutes. */
  backoffMs: number;
  maxAttempts: number;
  /** Stop before the next email when this says so (the mailer lost its lock, or is stopping). */
  shouldStop(): boolean;
  /** Secrets that must never reach the table (SMTP credentials). */
  secrets?: string[];
  onOutcome?(outcome: 'sent' | 'retry' | 'failed'): void;
}

const MAX_BACKOFF_MS = 600_000;

export const retryDelayMs = (attemptsSoFar: number, backoffMs: number): number =>
  Math.min(backoffMs * 2 ** Math.max(attemptsSoFar - 1, 0), MAX_BACKOFF_MS);

/** Stable per notification: every attempt carries the same Message-ID. */
export const messageIdOf = (notificationKey: string): string =>
  `<${createHash('sha256').update(notificationKey).digest('hex').slice(0, 32)}@notifications.tenantry>`;

/**
 * Sends what is due, one at a time, and records each attempt in its row: sent (marked
 * in the same row, right after the server accepted it), or the error and when to try
 * again, or failed for good (a 5xx reply, or the last attempt).
 */
export async function sendDueEmails(options: EmailSenderOptions): Promise<number> {
  let sent = 0;
  for (const email of await emailOutbox.due(options.pool, 20)) {
    if (options.shouldStop()) break;
    try {
      await options.transport.send({
        to: email.recipientEmail,
        subject: email.subject,
        text: email.body,
        messageId: messageIdOf(email.notificationKey),
      });
    } catch (error) {
      const attempts = email.attempts + 1;
      const giveUp = isPermanentSmtpFailure(error) || attempts >= options.maxAttempts;
      const message = redactCredentials(
        error instanceof Error ? error.message : String(error),
        ...(options.secrets ?? []),
      ).slice(0, 500);
      await emailOutbox.markAttemptFailed(
        options.pool,
        email.id,
        message,
        giveUp ? undefined : retryDelayMs(attempts, options.backoffMs),
      );
      options.onOutcome?.(giveUp ? 'failed' : 'retry');
      continue;
    }
    await emailOutbox.markSent(options.pool, email.id);
    options.onOutcome?.('sent');
    sent++;
  }
  return sent;
}
