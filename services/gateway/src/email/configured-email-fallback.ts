import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Config, emailFallbackEnabled } from '@tenantry/config';
import type { NatsNames } from '@tenantry/messaging';
import type { PreferencesStore } from '../gateway-state/notification-preferences';
import type { Presence } from '../gateway-state/presence';
import type { UserDirectory } from '../gateway-state/user-directory';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import type { ReadSide } from '../read-side';
import { EmailFallback, startEmailFallback } from './email-fallback';
import { smtpTransport } from './smtp-transport';

export interface ConfiguredEmailFallbackOptions {
  config: Pick<
    Config,
    'DATABASE_URL' | 'SMTP_URL' | 'SMTP_FROM' | 'EMAIL_FALLBACK' | 'EMAIL_RETRY_BACKOFF_MS' | 'EMAIL_MAX_ATTEMPTS'
  >;
  pool: Pool;
  nats: NatsConnection;
  names: NatsNames;
  logger: Logger;
  queries: ReadSide['queries'];
  presence: Pick<Presence, 'isPresent'>;
  preferences: Pick<PreferencesStore, 'get'>;
  directory: Pick<UserDirectory, 'emailOf'>;
  metrics: Pick<GatewayMetrics, 'emailOutcome'>;
}

/** The email fallback as the configuration asks: undefined when SMTP_URL is unset or EMAIL_FALLBACK=off. */
export function startConfiguredEmailFallback(options: ConfiguredEmailFallbackOptions): EmailFallback | undefined {
  const { config } = options;
  if (!emailFallbackEnabled(config) || !config.SMTP_URL) return undefined;
  const transport = smtpTransport(config.SMTP_URL, config.SMTP_FROM);
  const password = decodeURIComponent(new URL(config.SMTP_URL).password);
  const all = { kind: 'ALL' } as const;
  const fallback = startEmailFallback({
    databaseUrl: config.DATABASE_URL,
    pool: options.pool,
    nats: options.nats,
    announcements: options.names.allNotifications,
    logger: options.logger,
    feeder: {
      log: {
        after: (cursor, first) => options.queries.notifications(all, { after: cursor, first }),
        latestCursor: () => options.queries.latestCursor(all),
      },
      tenant: (id) => options.queries.tenant(id),
      isPresent: (recipient) => options.presence.isPresent(recipient),
      preferencesOf: (recipient) => options.preferences.get(recipient),
      emailOf: (recipient) => options.directory.emailOf(recipient),
    },
    sender: {
      transport,
      backoffMs: config.EMAIL_RETRY_BACKOFF_MS,
      maxAttempts: config.EMAIL_MAX_ATTEMPTS,
      secrets: password ? [password] : [],
      onOutcome: options.metrics.emailOutcome,
    },
  });
  return {
    async stop() {
      await fallback.stop();
      transport.close();
    },
  };
}
