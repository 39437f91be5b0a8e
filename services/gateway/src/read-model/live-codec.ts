/** JSON on NATS core for committed notifications and tenant views (dates as ISO strings). */
import type { NotificationView, TenantView } from './ports';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeLive = (value: NotificationView | TenantView): Uint8Array => encoder.encode(JSON.stringify(value));

export function decodeNotification(data: Uint8Array): NotificationView {
  const raw = JSON.parse(decoder.decode(data)) as NotificationView & { occurredAt: string };
  return { ...raw, occurredAt: new Date(raw.occurredAt) };
}

export function decodeTenantView(data: Uint8Array): TenantView {
  const raw = JSON.parse(decoder.decode(data)) as Record<string, unknown>;
  const date = (key: string) => (raw[key] === null || raw[key] === undefined ? null : new Date(raw[key] as string));
  return {
    ...(raw as unknown as TenantView),
    createdAt: date('createdAt')!,
    updatedAt: date('updatedAt')!,
    lastProvisioningAttempt: date('lastProvisioningAttempt'),
  };
}

/** What leaves the process about a tenant: never its encrypted secret. */
export const publicTenantView = (view: TenantView): TenantView => ({ ...view, databaseSecret: null });
