/**
 * The notes-saas example's step worker `seed-welcome-note`: `npm run example:worker`.
 * Reads Tenantry's own settings (NATS_URL, NATS_PREFIX, TENANTS_DATABASE_URL or DATABASE_URL);
 * without them, those of the installation `npm start` made.
 */
import { createStepWorker } from '@tenantry/step-worker';
import { npmStartDefaults } from './npm-start-defaults';
import { closeConnections, removeWelcomeNote, seedWelcomeNote, WelcomeNoteSettings } from './welcome-note';

export const STEP = 'seed-welcome-note';

async function main(): Promise<void> {
  const env = process.env;
  const log = (message: string, fields: Record<string, unknown> = {}) =>
    console.log(
      JSON.stringify({ time: new Date().toISOString(), service: `step-worker-${STEP}`, msg: message, ...fields }),
    );
  const defaults = npmStartDefaults(env);
  const settings: WelcomeNoteSettings = {
    tenantsDatabaseUrl:
      env.TENANTS_DATABASE_URL ||
      env.DATABASE_URL ||
      defaults.databaseUrl ||
      'postgres://postgres@127.0.0.1:5432/tenantry',
    externalServerUrl: env.EXTERNAL_DATABASE_SERVER_URL || undefined,
    hangAfterWrite: env.SEED_WELCOME_NOTE_HANG_AFTER_WRITE === '1',
    log,
  };
  const worker = await createStepWorker({
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    prefix: env.NATS_PREFIX ?? defaults.prefix ?? '',
    step: STEP,
    run: (request) => seedWelcomeNote(request, settings),
    undo: (request) => removeWelcomeNote(request, settings),
    log,
  });
  log(`step worker ready on ${worker.subject}`);
  const stop = async () => {
    log('stopping: finishing the requests under way');
    await worker.stop();
    await closeConnections();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
