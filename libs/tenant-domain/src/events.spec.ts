import fc from 'fast-check';
import { TENANT_EVENT_TYPES, TenantEvent, publicEventData, toTenantEvent } from './events';
import {
  PASSWORD_HASH,
  cancellationRequested,
  cancelled,
  deleted,
  deletionFailed,
  deletionRequested,
  provisioned,
  provisioningFailed,
  provisioningStarted,
  retryRequested,
  stepCompleted,
  tenantRequested,
  updateFailed,
  updateRequested,
  updated,
} from './__tests__/decider-spec';

const CIPHERTEXT = 'v1.iv.tag.ciphertext-of-postgres-url';
const external = {
  mode: 'EXTERNAL' as const,
  name: 'acme',
  host: 'db.example',
  connectionString: { ciphertext: CIPHERTEXT },
};

const oneOfEach: TenantEvent[] = [
  tenantRequested('acme', { database: external }),
  provisioningStarted('acme'),
  stepCompleted('acme', 'CREATING_DATABASE'),
  provisioned('acme'),
  provisioningFailed('acme'),
  retryRequested('acme'),
  updateRequested('acme'),
  updated('acme'),
  updateFailed('acme'),
  cancellationRequested('acme'),
  cancelled('acme'),
  deletionRequested('acme'),
  deleted('acme'),
  deletionFailed('acme'),
];

describe('publicEventData', () => {
  it('the fixtures cover every event type', () =>
    expect(oneOfEach.map((e) => e.type).sort()).toEqual([...TENANT_EVENT_TYPES].sort()));

  it.each(oneOfEach.map((e) => [e.type, e] as const))(
    '%s: never the password hash nor the encrypted connection string',
    (_, event) => {
      const shown = JSON.stringify(publicEventData(event));
      expect(shown).not.toContain('adminPasswordHash');
      expect(shown).not.toContain(PASSWORD_HASH);
      expect(shown).not.toContain('connectionString');
      expect(shown).not.toContain(CIPHERTEXT);
    },
  );

  it('keeps the rest of TenantRequested, the database without its secret', () =>
    expect(publicEventData(tenantRequested('acme', { database: external }))).toEqual({
      tenantId: 'acme',
      operationId: 'op-create',
      requestedBy: 'user-admin',
      occurredAt: '2025-03-01T10:00:00.000Z',
      name: 'Tenant acme',
      adminEmail: 'admin@acme.test',
      priority: 'NORMAL',
      database: { mode: 'EXTERNAL', name: 'acme', host: 'db.example' },
    }));

  it('leaves the event itself untouched', () => {
    const event = tenantRequested('acme', { database: external });
    const copy = structuredClone(event);
    publicEventData(event);
    expect(event).toEqual(copy);
  });

  it('property: whatever the hash and ciphertext, neither shows', () =>
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (hash, ciphertext) => {
        const event = tenantRequested('acme', {
          adminPasswordHash: `$argon2id$${hash}`,
          database: { ...external, connectionString: { ciphertext } },
        });
        const shown = JSON.stringify(publicEventData(event));
        expect(shown).not.toContain(hash);
        expect(shown).not.toContain(ciphertext);
      }),
    ));
});

describe('toTenantEvent', () => {
  it.each(oneOfEach.map((e) => [e.type, e] as const))('decodes a stored %s', (_, event) =>
    expect(toTenantEvent(JSON.parse(JSON.stringify(event)))).toEqual(event),
  );

  it('refuses an unknown type', () =>
    expect(() => toTenantEvent({ type: 'TenantExploded', data: provisioned('acme').data })).toThrow());

  it('refuses malformed data', () =>
    expect(() =>
      toTenantEvent({ type: 'TenantProvisioned', data: { ...provisioned('acme').data, attempt: 0 } }),
    ).toThrow());
});
