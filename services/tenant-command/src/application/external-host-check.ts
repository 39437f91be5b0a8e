import { lookup } from 'node:dns/promises';
import { addressKind, ExternalHostPolicy, externalHostProblem } from '@tenantry/tenant-domain';

/** How long a name may take to resolve before only the name itself is judged. */
const LOOKUP_TIMEOUT_MS = 2_000;

export type ExternalHostCheck = (host: string) => Promise<string | undefined>;

/**
 * Judges an EXTERNAL database host by its name and by every address it resolves to now,
 * so a name pointing at a metadata or private address is caught too. A name that does not
 * resolve is judged by itself (the provisioner's network may know it).
 */
export function externalHostCheck(
  policy: ExternalHostPolicy,
  resolve: (host: string) => Promise<string[]> = resolveAll,
): ExternalHostCheck {
  return async (host) => {
    const bare = host.replace(/^\[|\]$/g, '');
    const addresses = addressKind(bare) === 'public' ? await resolve(bare).catch(() => []) : [];
    return externalHostProblem(bare, addresses, policy);
  };
}

async function resolveAll(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS)));
  try {
    return await Promise.race([lookup(host, { all: true }).then((found) => found.map((a) => a.address)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
