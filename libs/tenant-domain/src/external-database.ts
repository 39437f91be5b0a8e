/**
 * What an EXTERNAL connection string may be. Tenantry connects wherever it points, so
 * it must not become a way into the platform's own network (SSRF): only a plain
 * PostgreSQL URL, no parameters that read files or change the host, never a link-local
 * or cloud metadata address, and loopback or private addresses only where allowed.
 */
export const MAX_CONNECTION_STRING_LENGTH = 2_048;
/** The only query parameter kept: TLS on or off, nothing that names files or hosts. */
const ALLOWED_PARAMETERS = new Set(['sslmode']);

export interface ExternalHostPolicy {
  /** Loopback and private addresses are refused unless listed (production). */
  refusePrivate: boolean;
  /** Host names or addresses allowed even when private (EXTERNAL_DB_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

export type AddressKind = 'public' | 'private' | 'loopback' | 'link-local';

/** The problem with a connection string's shape, or undefined when it is a full postgres:// URL. */
export function connectionStringProblem(value: string): string | undefined {
  if (value.length > MAX_CONNECTION_STRING_LENGTH)
    return `Connection string must be at most ${MAX_CONNECTION_STRING_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Connection string must be a postgres:// URL.';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return 'Connection string must be a postgres:// URL.';
  const missing = [
    ['host', url.hostname],
    ['port', url.port],
    ['database', url.pathname.slice(1)],
    ['user', url.username],
    ['password', url.password],
  ]
    .filter(([, part]) => !part)
    .map(([name]) => name);
  if (missing.length > 0)
    return `Connection string must name a host, port, database, user and password (missing: ${missing.join(', ')}).`;
  const refused = [...url.searchParams.keys()].filter((name) => !ALLOWED_PARAMETERS.has(name));
  if (refused.length > 0)
    return `Connection string parameters other than sslmode are not accepted (${refused.join(', ')}).`;
  return undefined;
}

/** The problem with connecting to `host` (a name or an address it resolves to), or undefined. */
export function externalHostProblem(
  host: string,
  addresses: readonly string[],
  policy: ExternalHostPolicy,
): string | undefined {
  const kinds = [host, ...addresses].map(addressKind);
  if (kinds.includes('link-local'))
    return 'Connection string host is a link-local or metadata address: it is never accepted.';
  const isPrivate = kinds.some((kind) => kind === 'private' || kind === 'loopback');
  if (isPrivate && policy.refusePrivate && !policy.allowedHosts.includes(host.toLowerCase())) {
    return 'Connection string host is a private or loopback address: list it in EXTERNAL_DB_ALLOWED_HOSTS to allow it.';
  }
  return undefined;
}

/** What kind of address `host` is; a name that is not an address is public (its addresses are checked apart). */
export function addressKind(host: string): AddressKind {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return 'loopback';
  if (IPV4.test(bare)) return ipv4Kind(bare.split('.').map(Number));
  if (bare.includes(':') && IPV6.test(bare)) return ipv6Kind(bare);
  return 'public';
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+$/;

function ipv4Kind([a, b]: number[]): AddressKind {
  if (a === 169 && b === 254) return 'link-local';
  if (a === 127 || a === 0) return 'loopback';
  if (
    a === 10 ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b! >= 64 && b! <= 127)
  )
    return 'private';
  return 'public';
}

function ipv6Kind(address: string): AddressKind {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) return ipv4Kind(mapped[1]!.split('.').map(Number));
  const groups = expandIpv6(address);
  if (groups.every((g, i) => g === (i === 7 ? 1 : 0))) return 'loopback';
  if (groups.every((g) => g === 0)) return 'loopback';
  if ((groups[0]! & 0xffc0) === 0xfe80) return 'link-local';
  // AWS's metadata service over IPv6.
  if (groups.join(':') === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(':')) return 'link-local';
  if ((groups[0]! & 0xfe00) === 0xfc00) return 'private';
  return 'public';
}

function expandIpv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
