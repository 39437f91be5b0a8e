import { loadConfig } from '@tenantry/config';
import { runMigrateCommand } from '@tenantry/postgres';
import { gatewayMigrations } from './control-plane-schema';

/** `node services/gateway/dist/migrate.js [--dry-run]`: the gateway's control-plane migrations (its image's migrate step). */
if (require.main === module)
  void runMigrateCommand(() => ({ databaseUrl: loadConfig().DATABASE_URL, sets: gatewayMigrations }));
