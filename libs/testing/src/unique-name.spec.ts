import { uniqueDatabaseName, uniquePrefix } from './unique-name';

describe('unique names', () => {
  it('make NATS prefixes of lowercase letters, digits and underscores', () => {
    const prefix = uniquePrefix('Relay Spec: crash/restart!');
    expect(prefix).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(prefix).toContain('relay_spec_crash_restart');
    expect(uniquePrefix('x')).not.toBe(uniquePrefix('x'));
  });

  it('make database names within the identifier limit', () => {
    expect(uniqueDatabaseName('a'.repeat(100)).length).toBeLessThanOrEqual(63);
    expect(uniqueDatabaseName('event store')).toMatch(/^t_event_store_[0-9a-f]{10}$/);
  });
});
