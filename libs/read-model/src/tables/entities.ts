/**
 * The read-model tables, as MikroORM entity schemas (no decorators, no reflection).
 * They live in their own PostgreSQL schema so that creating, updating and dropping
 * them never touches another service's tables in the same database.
 */
import { BigIntType, EntitySchema } from '@mikro-orm/core';

export const READ_MODEL_SCHEMA = 'read_model';

export interface TenantRow {
  id: string;
  name: string;
  isActive: boolean;
  status: string;
  provisioningError: string | null;
  lastProvisioningAttempt: Date | null;
  adminEmail: string;
  databaseMode: string;
  databaseName: string;
  databaseHost: string | null;
  /** EXTERNAL only: AES-256-GCM ciphertext of the connection string. */
  databaseSecret: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  currentOperationId: string | null;
  priority: string;
  statusBeforeOperation: string | null;
}

export interface StepRow {
  step: string;
  /** Absent in rows written before custom steps. */
  stepName?: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface OperationRow {
  id: string;
  tenantId: string;
  kind: string;
  status: string;
  priority: string;
  requestedBy: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempt: number;
  step: string | null;
  stepName: string | null;
  steps: StepRow[];
  error: string | null;
  /** null: none (and rows written before custom steps). */
  customSteps: string[] | null;
}

/** One row per applied event: the history, and the (stream, revision) guard against applying twice. */
export interface TenantEventRow {
  tenantId: string;
  version: number;
  eventId: string;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  streamSequence: number;
}

export interface NotificationRow {
  /** bigserial: the cursor. */
  id: string;
  eventId: string;
  recipientId: string;
  type: string;
  tenantId: string;
  operationId: string;
  message: string;
  error: string | null;
  step: string | null;
  stepName: string | null;
  occurredAt: Date;
}

export interface CheckpointRow {
  name: string;
  /** Last JetStream stream sequence whose batch is committed. */
  streamSequence: number;
  /**
   * Event-store position of the last event applied (null before the first): the events
   * after it are what the read model has yet to show (read-your-writes, read-your-writes.ts).
   */
  position: string | null;
  updatedAt: Date;
}

const schema = READ_MODEL_SCHEMA;
const text = { type: 'text' } as const;
const nullableText = { type: 'text', nullable: true } as const;
const time = { type: 'Date', columnType: 'timestamptz' } as const;
const nullableTime = { ...time, nullable: true } as const;

export const TenantEntity = new EntitySchema<TenantRow>({
  name: 'ReadTenant',
  tableName: 'tenants',
  schema,
  indexes: [{ properties: ['status'] }],
  properties: {
    id: { ...text, primary: true },
    name: text,
    isActive: { type: 'boolean' },
    status: text,
    provisioningError: nullableText,
    lastProvisioningAttempt: nullableTime,
    adminEmail: text,
    databaseMode: text,
    databaseName: text,
    databaseHost: nullableText,
    databaseSecret: nullableText,
    createdAt: time,
    updatedAt: time,
    version: { type: 'integer' },
    currentOperationId: nullableText,
    priority: text,
    statusBeforeOperation: nullableText,
  },
});

export const OperationEntity = new EntitySchema<OperationRow>({
  name: 'ReadOperation',
  tableName: 'operations',
  schema,
  indexes: [{ properties: ['tenantId', 'requestedAt'] }, { properties: ['status', 'requestedAt'] }],
  properties: {
    id: { ...text, primary: true },
    tenantId: text,
    kind: text,
    status: text,
    priority: text,
    requestedBy: text,
    requestedAt: time,
    startedAt: nullableTime,
    finishedAt: nullableTime,
    attempt: { type: 'integer' },
    step: nullableText,
    stepName: nullableText,
    steps: { type: 'json' },
    error: nullableText,
    customSteps: { type: 'json', nullable: true },
  },
});

export const TenantEventEntity = new EntitySchema<TenantEventRow>({
  name: 'ReadTenantEvent',
  tableName: 'tenant_events',
  schema,
  uniques: [{ properties: ['eventId'] }],
  properties: {
    tenantId: { ...text, primary: true },
    version: { type: 'integer', primary: true },
    eventId: text,
    type: text,
    occurredAt: time,
    data: { type: 'json' },
    streamSequence: { type: new BigIntType('number') },
  },
});

export const NotificationEntity = new EntitySchema<NotificationRow>({
  name: 'ReadNotification',
  tableName: 'notifications',
  schema,
  uniques: [{ name: 'notifications_event_recipient_unique', properties: ['eventId', 'recipientId'] }],
  indexes: [{ name: 'notifications_recipient_cursor', properties: ['recipientId', 'id'] }],
  properties: {
    id: { type: new BigIntType('string'), primary: true, autoincrement: true },
    eventId: text,
    recipientId: text,
    type: text,
    tenantId: text,
    operationId: text,
    message: text,
    error: nullableText,
    step: nullableText,
    stepName: nullableText,
    occurredAt: time,
  },
});

export const CheckpointEntity = new EntitySchema<CheckpointRow>({
  name: 'ReadCheckpoint',
  tableName: 'projector_checkpoints',
  schema,
  properties: {
    name: { ...text, primary: true },
    streamSequence: { type: new BigIntType('number') },
    position: nullableText,
    updatedAt: time,
  },
});

export const READ_MODEL_ENTITIES = [
  TenantEntity,
  OperationEntity,
  TenantEventEntity,
  NotificationEntity,
  CheckpointEntity,
];
