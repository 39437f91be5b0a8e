import { loadConfig } from '@tenantry/config';
import { migrateCommand } from '@tenantry/postgres';
import { tenantCommandMigrations } from './control-plane-schema';

/** `node services/tenant-command/dist/migrate.js`: tenant-command's control-plane migrations (its image's migrate step). */
if (require.main === module)
  void (async () => {
    const config = loadConfig();
    return migrateCommand(
      config.DATABASE_URL,
      tenantCommandMigrations(config.EVENT_STORE),
      undefined,
      process.argv.slice(2),
    );
  })().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
