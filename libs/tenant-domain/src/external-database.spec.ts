import { addressKind, externalHostProblem } from './external-database';

describe('EXTERNAL database hosts', () => {
  it.each([
    ['169.254.169.254', 'link-local'],
    ['fd00:ec2::254', 'link-local'],
    ['[fe80::1]', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['localhost', 'loopback'],
    ['0.0.0.0', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['db.example.com', 'public'],
    ['2001:db8::1', 'public'],
  ])('knows %p is %s', (host, kind) => expect(addressKind(host)).toBe(kind));

  const production = { refusePrivate: true, allowedHosts: ['db.internal'] };
  const development = { refusePrivate: false, allowedHosts: [] };

  it('always refuses link-local and metadata addresses, by name or by what the name resolves to', () => {
    expect(externalHostProblem('169.254.169.254', [], development)).toMatch(/link-local or metadata/);
    expect(externalHostProblem('metadata.example', ['169.254.169.254'], development)).toMatch(/link-local or metadata/);
    expect(externalHostProblem('db.internal', ['fd00:ec2::254'], production)).toMatch(/never accepted/);
  });

  it('refuses loopback and private addresses in production unless the host is listed', () => {
    expect(externalHostProblem('10.0.0.5', [], production)).toMatch(/EXTERNAL_DB_ALLOWED_HOSTS/);
    expect(externalHostProblem('sneaky.example', ['127.0.0.1'], production)).toMatch(/private or loopback/);
    expect(externalHostProblem('db.internal', ['10.0.0.5'], production)).toBeUndefined();
    expect(externalHostProblem('127.0.0.1', [], development)).toBeUndefined();
  });

  it('accepts a public host', () =>
    expect(externalHostProblem('db.example.com', ['93.184.216.34'], production)).toBeUndefined());
});
