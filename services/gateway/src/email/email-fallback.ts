import { setTimeout as delay } from 'node:timers/promises';
import type { NatsConnection, Subscription } from 'nats';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { loggableError } from '../errors';
import { tryTakeLease, type Lease } from '@tenantry/postgres';
import { feedOutbox, OutboxFeederOptions } from './outbox-feeder';
import { sendDueEmails, EmailSenderOptions } from './email-sender';

export interface EmailFallbackOptions {
  databaseUrl: string;
  pool: Pool;
  nats: NatsConnection;
  /** Subject on which the projector announces every committed notification: wakes the mailer at once. */
  announcements: string;
  logger: Logger;
  feeder: Omit<OutboxFeederOptions, 'pool'>;
  sender: Omit<EmailSenderOptions, 'pool' | 'shouldStop'>;
  /** Idle poll (due retries, missed announcements) and lock retry; 1 s by default. */
  pollMs?: number;
}

export interface EmailFallback {
  /** Finishes the email being sent, then stops and frees the lock for another gateway. */
  stop(): Promise<void>;
}

const MAILER_LOCK = 'tenantry.gateway.mailer';

/**
 * The mailer: one active among all gateways (PostgreSQL advisory lock, as the
 * projector). It feeds the outbox from the committed notifications, then sends what
 * is due; woken by the projector's announcements, else every `pollMs`. Nothing here
 * is on the projector's path: a slow or absent SMTP server delays only email.
 */
export function startEmailFallback(options: EmailFallbackOptions): EmailFallback {
  const stopping = new AbortController();
  const pollMs = options.pollMs ?? 1_000;
  const { logger } = options;
  const pause = (ms: number) => delay(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  const lead = async (lease: Lease) => {
    let wake: () => void = () => undefined;
    let subscription: Subscription | undefined;
    try {
      subscription = options.nats.subscribe(options.announcements, { callback: () => wake() });
      logger.info('email fallback: this gateway is the mailer');
      while (!stopping.signal.aborted && !lease.isLost()) {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        await feedOutbox({ ...options.feeder, pool: options.pool });
        await sendDueEmails({
          ...options.sender,
          pool: options.pool,
          shouldStop: () => stopping.signal.aborted || lease.isLost(),
        });
        await Promise.race([woken, pause(pollMs), lease.lost]);
      }
    } catch (error) {
      if (!stopping.signal.aborted)
        logger.warn({ err: loggableError(error) }, 'email fallback: mailer stepped down; it will try again');
    } finally {
      subscription?.unsubscribe();
      await lease.release();
    }
  };

  const running = (async () => {
    while (!stopping.signal.aborted) {
      const lease = await tryTakeLease(options.databaseUrl, MAILER_LOCK, pollMs * 5).catch((error: unknown) => {
        logger.warn({ err: loggableError(error) }, 'email fallback: could not try for the mailer lock');
        return undefined;
      });
      if (lease && stopping.signal.aborted) await lease.release();
      else if (lease) await lead(lease);
      await pause(pollMs);
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
