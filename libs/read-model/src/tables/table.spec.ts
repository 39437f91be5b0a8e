import { UnderscoreNamingStrategy } from '@mikro-orm/core';
import { profileViewOf } from '@tenantry/tenant-domain';
import { CHECKPOINTS, NOTIFICATIONS, OPERATIONS, TENANT_EVENTS, TENANTS } from './index';
import { operationFromRow, operationToRow } from './operations';
import { tenantFromRow, tenantToRow } from './tenants';
import type { OperationView, TenantView } from '../ports';

const naming = new UnderscoreNamingStrategy();
const tables = { TENANTS, OPERATIONS, TENANT_EVENTS, NOTIFICATIONS, CHECKPOINTS };

describe('a read-model table is declared once', () => {
  describe.each(Object.entries(tables))('%s', (_, table) => {
    const properties = Object.entries(table.entity.meta.properties) as Array<[string, { fieldName?: string }]>;

    it('names its columns as MikroORM names them', () =>
      properties.forEach(([property, options]) =>
        expect(options.fieldName).toBe(naming.propertyToColumnName(property)),
      ));

    it('writes every column of the entity but the generated id', () =>
      expect(table.written.map((c) => c.name)).toEqual(
        properties.filter(([p]) => !(table === NOTIFICATIONS && p === 'id')).map(([, o]) => o.fieldName),
      ));
  });
});

const at = (iso: string) => new Date(iso);
const tenant: TenantView = {
  id: 'acme',
  ...profileViewOf({ name: 'Acme' }),
  isActive: true,
  status: 'ACTIVE',
  provisioningError: null,
  lastProvisioningAttempt: at('2026-01-02T03:04:05.678Z'),
  adminEmail: 'admin@acme.test',
  database: { mode: 'EXTERNAL', name: 'acme', host: 'db.acme.test' },
  databaseSecret: 'ciphertext',
  createdAt: at('2026-01-01T00:00:00.000Z'),
  updatedAt: at('2026-01-02T00:00:00.000Z'),
  version: 7,
  currentOperationId: 'op-1',
  priority: 'HIGH',
  statusBeforeOperation: null,
};
const operation: OperationView = {
  id: 'op-1',
  tenantId: 'acme',
  kind: 'CREATE',
  status: 'SUCCEEDED',
  priority: 'HIGH',
  requestedBy: 'root/alice',
  requestedAt: at('2026-01-01T00:00:00.000Z'),
  startedAt: at('2026-01-01T00:00:01.000Z'),
  finishedAt: null,
  attempt: 1,
  step: 'CREATING_DATABASE',
  stepName: 'creating-database',
  steps: [
    {
      step: 'CREATING_DATABASE',
      stepName: 'creating-database',
      startedAt: at('2026-01-01T00:00:01.000Z'),
      finishedAt: null,
    },
  ],
  error: null,
  customSteps: ['seed'],
};

/** What a read returns for a written row: the written values, as JSON would carry them. */
const roundTrip = <Row>(table: { written: readonly { name: string; value(row: Row): unknown }[] }, row: Row) => {
  const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return Object.fromEntries(
    table.written.map((column) => {
      const value = column.value(row);
      return [camel(column.name), typeof value === 'string' && column.name === 'steps' ? JSON.parse(value) : value];
    }),
  );
};

describe('a view comes back as it was written', () => {
  it('a tenant', () => expect(tenantFromRow(TENANTS.rowOf(roundTrip(TENANTS, tenantToRow(tenant))))).toEqual(tenant));
  it('an operation', () => {
    const written = roundTrip(OPERATIONS, operationToRow(operation));
    written.customSteps = JSON.parse(written.customSteps as string);
    expect(operationFromRow(OPERATIONS.rowOf(written))).toEqual(operation);
  });
});
