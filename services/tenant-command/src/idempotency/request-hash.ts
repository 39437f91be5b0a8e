import { createHmac } from 'node:crypto';
import type { CommandName, CommandRequest } from '@tenantry/tenant-domain';

/**
 * What makes two requests "the same": the command, its tenant and its input, whatever
 * the order of the input's keys. Keyed (HMAC) because an input may hold a password.
 */
export function requestHashOf(
  name: CommandName,
  request: Pick<CommandRequest, 'tenantId' | 'input'>,
  secret: string,
): string {
  const canonical = canonicalJson({ command: name, tenantId: request.tenantId ?? null, input: request.input ?? null });
  return createHmac('sha256', secret).update(canonical).digest('base64url');
}

/** JSON with every object's keys sorted, and undefined members left out as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
