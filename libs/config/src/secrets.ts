import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decodeKey } from './config';

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function encryptSecret(plaintext: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(key), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(sealed: string, key: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined)
    throw new Error('Not a Tenantry secret (expected v1.<iv>.<tag>.<data>)');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(key), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

function keyBytes(key: string): Buffer {
  const bytes = decodeKey(key);
  if (!bytes) throw new Error('SECRETS_KEY must be 32 bytes as 64 hex characters or base64');
  return bytes;
}

/** Removes credentials from text that may quote a connection string (errors, logs). */
export function redactCredentials(text: string, ...secrets: (string | undefined)[]): string {
  let redacted = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+):[^@\s]*@/gi, '$1:***@');
  for (const secret of secrets) {
    if (secret && secret.length >= 4) redacted = redacted.split(secret).join('***');
  }
  return redacted.replace(/password=[^\s&]+/gi, 'password=***');
}
