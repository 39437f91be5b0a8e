import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import type { EntitySchema } from '@mikro-orm/core';
import { NotificationEntity, OperationEntity, TenantEntity, TenantEventEntity } from './entities';
import { HISTORY_COLUMNS, NOTIFICATION_COLUMNS, OPERATION_COLUMNS, TENANT_COLUMNS } from './read-model-columns';
import type { Column } from './unnest';

const naming = new UnderscoreNamingStrategy();
const columnsOf = (entity: EntitySchema<any>, except: string[] = []) =>
  Object.keys(entity.meta.properties)
    .filter((p) => !except.includes(p))
    .map((p) => naming.propertyToColumnName(p))
    .sort();
const namesOf = (columns: readonly Column<unknown>[]) => columns.map((c) => c.name).sort();

describe('the set-based writers write every column of the read-model tables', () => {
  it('tenants', () => expect(namesOf(TENANT_COLUMNS as Column<unknown>[])).toEqual(columnsOf(TenantEntity)));
  it('operations', () => expect(namesOf(OPERATION_COLUMNS as Column<unknown>[])).toEqual(columnsOf(OperationEntity)));
  it('tenant events (the history)', () =>
    expect(namesOf(HISTORY_COLUMNS as Column<unknown>[])).toEqual(columnsOf(TenantEventEntity)));
  it('notifications, all but the id (the cursor comes from the table)', () =>
    expect(namesOf(NOTIFICATION_COLUMNS as Column<unknown>[])).toEqual(columnsOf(NotificationEntity, ['id'])));
});
