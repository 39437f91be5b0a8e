import { ErrorCode } from 'nats';
import { isJetStreamUnavailable } from './jetstream-unavailable';

describe('isJetStreamUnavailable', () => {
  it.each([
    ['a time-out', { code: ErrorCode.Timeout }],
    ['no responders', { code: ErrorCode.NoResponders }],
    ['"temporarily unavailable" while a leader is elected', { api_error: { err_code: 10008 } }],
  ])('is worth waiting for: %s', (_, error) => {
    expect(isJetStreamUnavailable(Object.assign(new Error('x'), error))).toBe(true);
  });

  it.each([
    ['insufficient resources (too many replicas)', { api_error: { err_code: 10023, code: 503 } }],
    ['a plain error', {}],
  ])('is final: %s', (_, error) => {
    expect(isJetStreamUnavailable(Object.assign(new Error('x'), error))).toBe(false);
  });
});
