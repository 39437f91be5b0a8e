import { encryptSecret } from '@tenantry/config';
import { inMemoryEventStore } from '@tenantry/event-store';
import { TenantConnections } from '@tenantry/tenant-database';
import { TenantRepository } from '@tenantry/tenant-repository';
import { TenantStorage } from '../steps/tenant-storage';
import { JobRunner } from './job-runner';
import { createAcme } from './__tests__/job-fixtures';

const SECRETS_KEY = '11'.repeat(32);
const PASSWORD = 'p@ss/Word 42';
const CONNECTION_STRING = `postgres://owner:${encodeURIComponent(PASSWORD)}@db.example:5432/their_db`;

/** Storage whose first step fails the way some drivers do: quoting what it was given. */
class FailingStorage extends TenantStorage {
  constructor(
    private readonly message: string,
    private readonly code: string,
  ) {
    super(new TenantConnections(), 'postgres://unused@127.0.0.1/unused');
  }

  override async createDatabase(): Promise<void> {
    throw Object.assign(new Error(this.message), { code: this.code });
  }
}

async function failedJob(message: string, code = '42P07') {
  const store = inMemoryEventStore();
  const repository = new TenantRepository(store);
  const create = createAcme('2026-11-25T10:00:00.000Z', {
    database: {
      mode: 'EXTERNAL',
      name: 'their_db',
      host: 'db.example:5432',
      connectionString: { ciphertext: encryptSecret(CONNECTION_STRING, SECRETS_KEY) },
    },
  });
  await repository.handle(create);
  const runner = new JobRunner(repository, new FailingStorage(message, code), {
    tenantsDatabaseUrl: 'postgres://unused@127.0.0.1/unused',
    secretsKey: SECRETS_KEY,
    maxAttempts: 1,
    backoffMs: 0,
  });
  const logged: unknown[] = [];
  await runner.run('acme', 'op-1', { heartbeat: () => undefined, log: (...line) => void logged.push(line) });
  const failed = (await store.readStream('tenant-acme')).find((e) => e.type === 'TenantProvisioningFailed');
  return { error: String(failed?.data['error']), logs: JSON.stringify(logged) };
}

/** A failure is stored and shown to users: the job removes every credential from its text first. */
describe('a failed job reports its error without credentials', () => {
  it('when the error quotes the connection string', async () => {
    const { error, logs } = await failedJob(
      `could not connect to ${CONNECTION_STRING}: password authentication failed`,
    );
    expect(error).toContain(
      'could not connect to postgres://owner:***@db.example:5432/their_db: password authentication failed',
    );
    for (const text of [error, logs]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
  });

  it('when the error quotes the password alone', async () => {
    const { error, logs } = await failedJob(`server rejected password "${PASSWORD}" for user owner`);
    expect(error).toContain('server rejected password "***" for user owner');
    expect(logs).not.toContain(PASSWORD);
  });
});

/** An EXTERNAL database is anyone's server: a failure to connect says what failed, never the server's own text. */
describe('a failure to connect', () => {
  it.each([
    [
      '28P01',
      'The database refused the credentials (28P01). Check the user and password of the connection string, then retry.',
    ],
    [
      '08006',
      'The database server could not be reached (08006). Check its host and port and that it accepts connections, then retry.',
    ],
    ['3D000', 'The database does not exist (3D000). Create it (or fix its name in the connection string), then retry.'],
  ])("(%s) is stored as what failed, without the server's banner", async (code, expected) => {
    const { error } = await failedJob('Welcome to EvilCorp DB! Visit http://evil.example to claim your prize', code);
    expect(error).toBe(expected);
  });
});
