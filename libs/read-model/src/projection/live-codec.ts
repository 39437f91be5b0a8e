/** JSON on NATS core for committed notifications and tenant views (dates as ISO strings). */
import { profileViewOf, ProvisioningStep, stepNameOf, type TenantProfile } from '@tenantry/tenant-domain';
import { NOTIFICATION_TYPES, NotificationType, TenantView } from '../ports';
import type { StoredNotification } from './stored-notification';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeLive = (value: StoredNotification | TenantView): Uint8Array => encoder.encode(JSON.stringify(value));

export class UnreadableAnnouncement extends Error {
  readonly code = 'UNREADABLE_ANNOUNCEMENT';
  constructor(readonly field: string) {
    super(`Unreadable notification announcement (${field})`);
    this.name = 'UnreadableAnnouncement';
  }
}

const NOTIFICATION_TYPE_SET: ReadonlySet<string> = new Set(NOTIFICATION_TYPES);
const STEP_SET: ReadonlySet<string> = new Set(ProvisioningStep.options);
const CURSOR = /^\d{1,19}$/;

/**
 * A committed notification as announced, checked field by field: a feed may hand it to
 * a client as it is, so what does not look like what the projector publishes is refused
 * (the feed then reads the table). Once per message, whatever the number of feeds.
 */
export function decodeNotification(data: Uint8Array): StoredNotification {
  const raw = JSON.parse(decoder.decode(data)) as Record<string, unknown>;
  const text = (field: string): string => {
    if (typeof raw[field] !== 'string') throw new UnreadableAnnouncement(field);
    return raw[field];
  };
  const textOrNull = (field: string): string | null => (raw[field] === null ? null : text(field));
  const cursor = text('cursor');
  const previousCursor = textOrNull('previousCursor');
  const type = text('type');
  const occurredAt = new Date(text('occurredAt'));
  if (!CURSOR.test(cursor)) throw new UnreadableAnnouncement('cursor');
  if (previousCursor !== null && !CURSOR.test(previousCursor)) throw new UnreadableAnnouncement('previousCursor');
  const step = textOrNull('step');
  if (!NOTIFICATION_TYPE_SET.has(type)) throw new UnreadableAnnouncement('type');
  if (step !== null && !STEP_SET.has(step)) throw new UnreadableAnnouncement('step');
  if (Number.isNaN(occurredAt.getTime())) throw new UnreadableAnnouncement('occurredAt');
  return {
    cursor,
    previousCursor,
    type: type as NotificationType,
    recipientId: text('recipientId'),
    tenantId: text('tenantId'),
    operationId: text('operationId'),
    message: text('message'),
    error: textOrNull('error'),
    step: step as ProvisioningStep | null,
    stepName:
      typeof raw['stepName'] === 'string'
        ? raw['stepName']
        : step === null
          ? null
          : stepNameOf(step as ProvisioningStep),
    occurredAt,
  };
}

export function decodeTenantView(data: Uint8Array): TenantView {
  const raw = JSON.parse(decoder.decode(data)) as Record<string, unknown>;
  const date = (key: string) => (raw[key] === null || raw[key] === undefined ? null : new Date(raw[key] as string));
  return {
    ...(raw as unknown as TenantView),
    // A field a projector of an older release did not know yet is null, as its row would be.
    ...profileViewOf(raw as unknown as TenantProfile),
    createdAt: date('createdAt')!,
    updatedAt: date('updatedAt')!,
    lastProvisioningAttempt: date('lastProvisioningAttempt'),
  };
}

/** What leaves the process about a tenant: never its encrypted secret. */
export const publicTenantView = (view: TenantView): TenantView => ({ ...view, databaseSecret: null });
