import { DEVELOPMENT_SECRETS_KEY, loadConfig } from './config';
import { decryptSecret, encryptSecret, redactCredentials } from './secrets';

describe('secrets', () => {
  it('round-trips through AES-256-GCM and never shows the plaintext', () => {
    const sealed = encryptSecret('postgres://u:s3cret@db/x', DEVELOPMENT_SECRETS_KEY);
    expect(sealed).not.toContain('s3cret');
    expect(decryptSecret(sealed, DEVELOPMENT_SECRETS_KEY)).toBe('postgres://u:s3cret@db/x');
  });
  it('refuses a tampered ciphertext', () => {
    const sealed = encryptSecret('hello', DEVELOPMENT_SECRETS_KEY);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('hellp').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), DEVELOPMENT_SECRETS_KEY)).toThrow();
  });
  it('redacts passwords of connection strings in text', () => {
    expect(redactCredentials('connect postgres://bob:hunter2@10.0.0.1:5432/db failed')).toBe(
      'connect postgres://bob:***@10.0.0.1:5432/db failed',
    );
    expect(redactCredentials('auth failed for hunter2', 'hunter2')).toBe('auth failed for ***');
  });
});

describe('config', () => {
  it('just works in development', () => {
    expect(loadConfig({}).NATS_URL).toBe('nats://127.0.0.1:4222');
  });
  it('refuses development secrets in production, naming them', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRETS \(or JWT_SECRET\), SECRETS_KEY, ROOT_ADMIN_PASSWORD/,
    );
  });
  it('explains a bad SECRETS_KEY', () => {
    expect(() => loadConfig({ SECRETS_KEY: 'short' })).toThrow(/SECRETS_KEY must be 32 bytes/);
  });
});
