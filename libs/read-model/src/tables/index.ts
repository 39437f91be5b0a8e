/** The read-model tables, one module each (table.ts says what a declaration gives). */
import { CHECKPOINTS } from './checkpoints';
import { NOTIFICATIONS } from './notifications';
import { OPERATIONS } from './operations';
import { TENANT_EVENTS } from './tenant-events';
import { TENANTS } from './tenants';

export { READ_MODEL_SCHEMA } from './table';
export { CHECKPOINTS, NOTIFICATIONS, OPERATIONS, TENANT_EVENTS, TENANTS };

/** What MikroORM creates (read-model-database.ts). */
export const READ_MODEL_ENTITIES = [TENANTS, OPERATIONS, TENANT_EVENTS, NOTIFICATIONS, CHECKPOINTS].map(
  (t) => t.entity,
);
