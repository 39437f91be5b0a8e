/**
 * A test database's URL as an EXTERNAL tenant's connection string must be: with a port
 * and a password. A server that trusts local connections ignores the password.
 */
export function asExternalConnectionString(databaseUrl: string | URL): string {
  const url = new URL(databaseUrl.toString());
  url.port ||= '5432';
  url.password ||= 'trusted-local-connection';
  return url.toString();
}
