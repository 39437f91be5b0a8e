import { ConfigError, loadConfig } from './config';

describe('TENANT_STEPS', () => {
  it('is none when unset', () => expect(loadConfig({}).TENANT_STEPS).toEqual([]));

  it('lists the names in the order given, spaces around commas ignored', () =>
    expect(loadConfig({ TENANT_STEPS: 'seed-welcome-note, create-billing' }).TENANT_STEPS).toEqual([
      'seed-welcome-note',
      'create-billing',
    ]));

  it.each(['Seed', 'seed.note', 'seed note', 'a,a'])('refuses %j', (value) =>
    expect(() => loadConfig({ TENANT_STEPS: value })).toThrow(ConfigError),
  );

  it('gives a step worker 60 s to answer unless TENANT_STEP_TIMEOUT_SECONDS says otherwise', () => {
    expect(loadConfig({}).TENANT_STEP_TIMEOUT_SECONDS).toBe(60);
    expect(loadConfig({ TENANT_STEP_TIMEOUT_SECONDS: '2' }).TENANT_STEP_TIMEOUT_SECONDS).toBe(2);
  });
});
