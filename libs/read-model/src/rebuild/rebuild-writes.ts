/**
 * What the rebuild writes, by COPY into its fresh tables (see copy-rows.ts). Every row is
 * new but an operation written once already: evicted after it finished, then read back
 * and changed by a later event. The writer remembers the ids it wrote and upserts those.
 */
import type { Pool } from 'pg';
import type { OperationView, TenantView } from '../ports';
import { CopyInFlight, copyRows } from '../tables/copy-rows';
import { NOTIFICATIONS, PendingNotification } from '../tables/notifications';
import { OPERATIONS, operationToRow } from '../tables/operations';
import { HistoryEntry, TENANT_EVENTS } from '../tables/tenant-events';
import { TENANTS, tenantToRow } from '../tables/tenants';
import { operationsUpsert, writeParts } from '../tables/view-writes';

export const copyHistory = (pool: Pool, entries: readonly HistoryEntry[]): CopyInFlight =>
  copyRows(pool, TENANT_EVENTS.sqlName, TENANT_EVENTS.written, entries);

/** In the given order: the bigserial gives the cursors in that order. */
export const copyNotifications = (pool: Pool, notifications: readonly PendingNotification[]): CopyInFlight =>
  copyRows(pool, NOTIFICATIONS.sqlName, NOTIFICATIONS.written, notifications);

/** Each tenant once, at the end: nothing else writes them. */
export const copyTenants = (pool: Pool, tenants: readonly TenantView[]): CopyInFlight =>
  copyRows(pool, TENANTS.sqlName, TENANTS.written, tenants.map(tenantToRow));

export class OperationsWriter {
  private readonly written = new Set<string>();

  constructor(
    private readonly pool: Pool,
    /** Rows per upsert statement at most. */
    private readonly statementRows: number,
  ) {}

  /** Copies the operations never written, upserts the others. Call one at a time. */
  async write(operations: readonly OperationView[]): Promise<void> {
    const fresh: OperationView[] = [];
    const again: OperationView[] = [];
    for (const operation of operations) {
      if (this.written.has(operation.id)) again.push(operation);
      else {
        fresh.push(operation);
        this.written.add(operation.id);
      }
    }
    await copyRows(this.pool, OPERATIONS.sqlName, OPERATIONS.written, fresh.map(operationToRow)).done;
    for (let i = 0; i < again.length; i += this.statementRows)
      await writeParts(this.pool, [operationsUpsert(again.slice(i, i + this.statementRows))]);
  }
}
