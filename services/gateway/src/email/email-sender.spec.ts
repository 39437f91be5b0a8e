import { messageIdOf, retryDelayMs } from './email-sender';
import { isPermanentSmtpFailure } from './smtp-transport';

describe('sending the fallback email', () => {
  it('waits the base backoff after the first failure, doubling after each, at most ten minutes', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, 500))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(40, 500)).toBe(600_000);
  });

  it('gives every attempt of one notification the same Message-ID, and other notifications another', () => {
    expect(messageIdOf('u/op/TENANT_CREATED/t')).toBe(messageIdOf('u/op/TENANT_CREATED/t'));
    expect(messageIdOf('u/op/TENANT_CREATED/t')).not.toBe(messageIdOf('u/op/TENANT_UPDATED/t'));
    expect(messageIdOf('u/op/TENANT_CREATED/t')).toMatch(/^<[0-9a-f]{32}@notifications\.tenantry>$/);
  });

  it('gives up at once only on a 5xx reply; refused connections and 4xx are retried', () => {
    expect(isPermanentSmtpFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentSmtpFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentSmtpFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(false);
  });
});
