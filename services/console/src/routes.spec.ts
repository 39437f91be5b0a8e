import { routeOf, tenantPath } from './routes';
import { nextRetryDelay, webSocketUrl } from './live/retry';
import { formatDuration } from './logic/format';

describe('console routes', () => {
  it.each([
    ['/', { page: 'tenants' }],
    ['/tenants', { page: 'tenants' }],
    ['/tenants/new', { page: 'new-tenant' }],
    ['/tenants/acme-fc', { page: 'tenant', id: 'acme-fc' }],
    ['/jobs', { page: 'jobs' }],
    ['/login', { page: 'login' }],
    ['/nope/deeper', { page: 'not-found' }],
  ])('%s is %j', (path, route) => expect(routeOf(path)).toEqual(route));

  it('round-trip a tenant path', () =>
    expect(routeOf(tenantPath('acme-fc'))).toEqual({ page: 'tenant', id: 'acme-fc' }));
});

describe('reconnecting', () => {
  it('backs off from half a second to eight, with jitter', () => {
    expect([0, 1, 2, 3, 4, 10].map((a) => nextRetryDelay(a, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(nextRetryDelay(0, () => 1)).toBe(600);
  });

  it('uses the page’s own host, wss under https', () => {
    expect(webSocketUrl({ protocol: 'http:', host: 'localhost:4000' })).toBe('ws://localhost:4000/graphql');
    expect(webSocketUrl({ protocol: 'https:', host: 'console.example' })).toBe('wss://console.example/graphql');
  });
});

describe('durations', () => {
  it.each([
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.850Z', '850 ms'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:04.200Z', '4.2 s'],
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:03:05.000Z', '3 min 5 s'],
    ['2026-01-01T00:00:00.000Z', null, '—'],
  ])('%s → %s is %s', (from, to, text) => expect(formatDuration(from, to)).toBe(text));
});
