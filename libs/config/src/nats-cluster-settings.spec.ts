import { ConfigError, loadConfig } from './config';

describe('NATS_STREAM_REPLICAS', () => {
  it('is one copy when unset (a single NATS server)', () => expect(loadConfig({}).NATS_STREAM_REPLICAS).toBe(1));

  it('takes the number of copies a cluster keeps', () =>
    expect(loadConfig({ NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3));

  it.each(['0', '6', '2.5', 'three', '-1'])('refuses %j with the setting named', (value) =>
    expect(() => loadConfig({ NATS_STREAM_REPLICAS: value })).toThrow(
      expect.objectContaining({ constructor: ConfigError, message: expect.stringContaining('NATS_STREAM_REPLICAS') }),
    ),
  );
});

describe('NATS_URL', () => {
  it('keeps a comma list of servers as given (connectNats splits it)', () =>
    expect(loadConfig({ NATS_URL: 'nats://a:4222,nats://b:4222' }).NATS_URL).toBe('nats://a:4222,nats://b:4222'));
});
