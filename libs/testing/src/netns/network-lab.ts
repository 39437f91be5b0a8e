import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = async (...args: string[]) => void (await run('ip', args));

/** One host of the lab: a network namespace with one link to the lab's switch. */
export interface LabHost {
  readonly name: string;
  /** The namespace's name, for `ip netns exec`. */
  readonly namespace: string;
  /** Its address on the lab's network. */
  readonly address: string;
  /** Runs a command on this host: `[...launcher, command, ...args]`. */
  readonly launcher: string[];
  /** Takes its link down (its cable pulled) or up again. */
  setLink(state: 'up' | 'down'): Promise<void>;
}

export interface NetworkLab {
  readonly hosts: ReadonlyMap<string, LabHost>;
  host(name: string): LabHost;
  /** The test process's own address on the lab's network (the root namespace is on the switch too). */
  readonly rootAddress: string;
  /** Deletes every namespace and link it made. */
  dispose(): Promise<void>;
}

/**
 * Why network namespaces cannot be made here (not root, no `ip`, a container without
 * CAP_SYS_ADMIN), or undefined when they can: probed once by making and deleting one.
 */
export function namespacesUnavailable(): string | undefined {
  const probe = `typrobe${randomBytes(3).toString('hex')}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'delete', probe], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    return `network namespaces cannot be made here (needs root and iproute2): ${stderr || (error as Error).message}`;
  }
}

/**
 * Hosts as network namespaces on one switch: a bridge in a namespace of its own, and a
 * veth link from each host to it, plus one from the root namespace (where the test runs)
 * so the test reaches every host and a host reaches what the test serves. Addresses are
 * taken from a random 10.x.y.0/24.
 */
export async function startNetworkLab(hostNames: readonly string[]): Promise<NetworkLab> {
  const id = randomBytes(3).toString('hex');
  const subnet = `10.${200 + (parseInt(id.slice(0, 2), 16) % 50)}.${parseInt(id.slice(2, 4), 16) % 250}`;
  const switchNamespace = `ty${id}-sw`;
  const namespaces: string[] = [];
  const rootLink = `ty${id}rt`;
  let rootLinkMade = false;

  const dispose = async () => {
    if (rootLinkMade) await ip('link', 'delete', rootLink).catch(() => undefined);
    // Deleting a namespace deletes the links in it, and so their peers.
    for (const namespace of namespaces.reverse()) await ip('netns', 'delete', namespace).catch(() => undefined);
  };

  const link = async (name: string, namespace: string | undefined, address: string) => {
    const near = `ty${id}${name}`;
    const far = `ty${id}${name}s`;
    await ip('link', 'add', near, 'type', 'veth', 'peer', 'name', far);
    if (namespace === undefined) rootLinkMade = true;
    await ip('link', 'set', far, 'netns', switchNamespace);
    await ip('-n', switchNamespace, 'link', 'set', far, 'master', 'sw0', 'up');
    if (namespace !== undefined) {
      await ip('link', 'set', near, 'netns', namespace);
      await ip('-n', namespace, 'link', 'set', near, 'name', 'eth0');
      await ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', namespace, 'link', 'set', 'eth0', 'up');
    } else {
      await ip('addr', 'add', `${address}/24`, 'dev', near);
      await ip('link', 'set', near, 'up');
    }
  };

  try {
    await ip('netns', 'add', switchNamespace);
    namespaces.push(switchNamespace);
    await ip('-n', switchNamespace, 'link', 'add', 'sw0', 'type', 'bridge');
    await ip('-n', switchNamespace, 'link', 'set', 'sw0', 'up');
    const hosts = new Map<string, LabHost>();
    for (const [index, name] of hostNames.entries()) {
      const namespace = `ty${id}-${name}`;
      await ip('netns', 'add', namespace);
      namespaces.push(namespace);
      await ip('-n', namespace, 'link', 'set', 'lo', 'up');
      const address = `${subnet}.${index + 1}`;
      await link(`h${index}`, namespace, address);
      hosts.set(name, {
        name,
        namespace,
        address,
        launcher: ['ip', 'netns', 'exec', namespace],
        setLink: (state) => ip('-n', namespace, 'link', 'set', 'eth0', state),
      });
    }
    const rootAddress = `${subnet}.254`;
    await link('rt', undefined, rootAddress);
    return {
      hosts,
      host: (name) => {
        const found = hosts.get(name);
        if (!found) throw new Error(`no lab host ${name}`);
        return found;
      },
      rootAddress,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}
