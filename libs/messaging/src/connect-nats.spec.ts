import { natsAccess, natsConnectionOptions } from './connect-nats';

describe('NATS connection options from the settings', () => {
  it('have no credentials nor TLS when none is set (a development server)', () => {
    expect(natsAccess({ NATS_URL: 'nats://a:4222' })).toEqual({ url: 'nats://a:4222' });
  });

  it('carry user and password, and the TLS files that are set', () => {
    expect(
      natsAccess({
        NATS_URL: 'tls://a:4222',
        NATS_USER: 'gateway',
        NATS_PASSWORD: 'secret',
        NATS_TLS_CA: '/tls/ca.crt',
      }),
    ).toEqual({ url: 'tls://a:4222', user: 'gateway', pass: 'secret', tls: { caFile: '/tls/ca.crt' } });
    expect(
      natsAccess({ NATS_URL: 'tls://a:4222', NATS_TLS_CERT: '/tls/c.crt', NATS_TLS_KEY: '/tls/c.key' }).tls,
    ).toEqual({ certFile: '/tls/c.crt', keyFile: '/tls/c.key' });
  });

  it('split the servers and keep reconnecting, for connectNats and the Nest transport alike', () => {
    const options = natsConnectionOptions({
      url: 'nats://a:4222, nats://b:4222',
      name: 'gateway',
      user: 'gateway',
      pass: 'x',
      inboxPrefix: '_INBOX.gateway',
    });
    expect(options).toMatchObject({
      servers: ['nats://a:4222', 'nats://b:4222'],
      name: 'gateway',
      maxReconnectAttempts: -1,
      user: 'gateway',
      pass: 'x',
      inboxPrefix: '_INBOX.gateway',
    });
  });

  it('read a .creds file into an authenticator, and name the file when it is missing', () => {
    expect(() =>
      natsConnectionOptions({ url: 'nats://a:4222', name: 'gateway', credsFile: '/nonexistent/gateway.creds' }),
    ).toThrow(/gateway\.creds/);
  });
});
