import {
  claimRecordId,
  claimStreamName,
  InvalidStreamPrefix,
  ownStreamName,
  serverStreamName,
  streamNaming,
  toStreamState,
} from './records';

describe('KurrentDB stream naming', () => {
  const naming = streamNaming('acme.');

  it('prefixes every stream, and strips the prefix on the way back', () => {
    expect(serverStreamName(naming, 'tenant-x')).toBe('acme.tenant-x');
    expect(ownStreamName(naming, 'acme.tenant-x', 'TenantRequested')).toBe('tenant-x');
  });

  it.each([
    ['a system stream', '$stats-127.0.0.1:2113', '$statsCollected'],
    ['a metadata stream', '$$acme.tenant-x', '$metadata'],
    ['a system event in our stream', 'acme.tenant-x', '$streamDeleted'],
    ['an id claim', claimStreamName(naming, '0190e7a0-0000-7000-8000-000000000000'), 'TenantryEventIdClaimed'],
    ['another prefix', 'other.tenant-x', 'TenantRequested'],
  ])('leaves out %s', (_what, stream, type) => {
    expect(ownStreamName(naming, stream, type)).toBeUndefined();
  });

  it('refuses a prefix that would name system streams', () => {
    expect(() => streamNaming('$acme')).toThrow(InvalidStreamPrefix);
  });

  it('derives a claim id per (event id, stream): the same append claims idempotently, another stream conflicts', () => {
    const id = '0190e7a0-0000-7000-8000-000000000001';
    expect(claimRecordId(id, 'tenant-a')).toBe(claimRecordId(id, 'tenant-a'));
    expect(claimRecordId(id, 'tenant-a')).not.toBe(claimRecordId(id, 'tenant-b'));
    expect(claimRecordId(id, 'tenant-a')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('maps every expected revision to the client stream state', () => {
    expect([
      toStreamState('any'),
      toStreamState('no_stream'),
      toStreamState('stream_exists'),
      toStreamState(3n),
    ]).toEqual(['any', 'no_stream', 'stream_exists', 3n]);
  });
});
