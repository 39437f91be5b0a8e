import { StoredEvent } from '@tenantry/event-store';
import { storedEventCodec } from './event-codec';
import { InvalidMessage } from './invalid-message';
import { jsonCodec } from './json-codec';
import { z } from 'zod';

describe('the stored event codec', () => {
  const event: StoredEvent = {
    id: '0190a9c6-7b7e-7cc0-8000-000000000001',
    stream: 'tenant-acme',
    type: 'TenantRequested',
    revision: 12345678901234567n,
    position: '812:33',
    data: { name: 'Acme', nested: { ok: true } },
    metadata: { correlationId: 'c-1' },
    recordedAt: new Date('2025-01-02T03:04:05.678Z'),
  };

  it('round-trips a stored event, bigint revision and date included', () => {
    expect(storedEventCodec.decode(storedEventCodec.encode(event))).toEqual(event);
  });

  it('refuses a payload that is not an event', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ id: 'x' }));
    expect(() => storedEventCodec.decode(bytes)).toThrow(InvalidMessage);
    expect(() => storedEventCodec.decode(new TextEncoder().encode('{oops'))).toThrow(InvalidMessage);
  });
});

describe('the JSON codec', () => {
  it('decodes through its schema', () => {
    const codec = jsonCodec(z.object({ count: z.coerce.number() }));
    expect(codec.decode(codec.encode({ count: 3 }))).toEqual({ count: 3 });
  });
});
