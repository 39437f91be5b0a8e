import type { MigrationSet } from '@tenantry/postgres';
import { gatewayStateMigrations } from './gateway-state/gateway-migrations';
import { readModelMigrations } from '@tenantry/read-model';

/** The control-plane tables the gateway owns in DATABASE_URL: its state (schema `gateway`) and the read model. */
export const gatewayMigrations: MigrationSet[] = [gatewayStateMigrations, readModelMigrations];
