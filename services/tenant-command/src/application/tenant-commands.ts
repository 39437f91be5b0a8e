import { describeExternal, isolatedDatabaseNameOf, schemaNameOf } from '@tenantry/tenant-database';
import {
  Accepted,
  AdministratorCommand,
  CommandMetadata,
  CommandName,
  CommandRequest,
  CreateTenantInput,
  ROOT_TENANT_ID,
  TenantDatabase,
  TenantIdInput,
  TenantState,
  UpdateTenantInput,
  ValidationFailed,
  exists,
  parseInput,
  profileOf,
  ActorNotAllowed,
  isRootAdministratorActor,
} from '@tenantry/tenant-domain';
import { newEventId } from '@tenantry/event-store';
import { principalKeyOf } from '@tenantry/auth';
import { TenantRepository } from '@tenantry/tenant-repository';
import { currentTraceHeaders } from '@tenantry/observability';

/** What the command service needs from the world; passed in so tests can use real or fixed ones. */
export interface CommandServices {
  repository: TenantRepository;
  hashPassword(password: string): Promise<string>;
  encryptSecret(plaintext: string): string;
  now(): Date;
  tenantDatabasePrefix: string;
  /** The problem with an EXTERNAL database's host (SSRF rules), or undefined; absent: only the URL's shape is checked. */
  checkExternalHost?(host: string): Promise<string | undefined>;
  /** TENANT_STEPS: recorded in each new tenant's request, so a later change never alters it. */
  customSteps?: readonly string[];
}

/** The use cases behind each NATS command: validate, prepare secrets, decide, append. */
export class TenantCommands {
  constructor(private readonly services: CommandServices) {}

  async execute(name: CommandName, request: CommandRequest): Promise<Accepted> {
    // Defence in depth: the gateway checked already, but NATS is not the trust boundary.
    if (!isRootAdministratorActor(request.actor)) throw new ActorNotAllowed();
    switch (name) {
      case 'createTenant':
        return this.createTenant(request);
      case 'updateTenant':
        return this.run(request, (tenantId, metadata) => ({
          type: 'UpdateTenant',
          data: { tenantId, changes: parseInput(UpdateTenantInput, request.input ?? {}) },
          metadata,
        }));
      case 'retryTenantProvisioning':
        return this.run(request, (tenantId, metadata) => ({
          type: 'RetryTenantProvisioning',
          data: { tenantId },
          metadata,
        }));
      case 'cancelTenantOperation':
        return this.run(request, (tenantId, metadata) => ({
          type: 'CancelTenantOperation',
          data: { tenantId },
          metadata,
        }));
      case 'deleteTenant':
        return this.run(request, (tenantId, metadata) => ({ type: 'DeleteTenant', data: { tenantId }, metadata }));
    }
  }

  /** Creates the root tenant unless it exists; run at every start, idempotent. */
  async seedRootTenant(adminEmail: string, adminPassword: string): Promise<void> {
    const state = await this.services.repository.load(ROOT_TENANT_ID);
    if (exists(state)) return;
    await this.services.repository.handle({
      type: 'SeedRootTenant',
      data: {
        tenantId: ROOT_TENANT_ID,
        name: 'Platform',
        adminEmail: adminEmail.trim().toLowerCase(),
        adminPasswordHash: await this.services.hashPassword(adminPassword),
        database: this.databaseOf(ROOT_TENANT_ID, 'SHARED'),
        priority: 'HIGH',
      },
      metadata: this.metadata('system'),
    });
  }

  private async createTenant(request: CommandRequest): Promise<Accepted> {
    const input = parseInput(CreateTenantInput, request.input ?? {});
    if (input.database === 'EXTERNAL') await this.refuseForbiddenHost(input.connectionString!);
    // An id known to be taken is refused before paying for argon2. Otherwise the stream is
    // read while argon2 hashes (on libuv's threads): the create waits for the longer of the
    // two, not their sum (an id found taken then wastes its hash).
    const known = this.services.repository.kept(input.id);
    const [current, passwordHash] = await Promise.all([
      this.services.repository.load(input.id),
      known && exists(known) ? '' : this.services.hashPassword(input.adminPassword),
    ]);
    const metadata = this.metadata(principalKeyOf(request.actor));
    const adminPasswordHash = exists(current) ? '' : passwordHash;
    const decision = await this.services.repository.handle(
      {
        type: 'CreateTenant',
        data: {
          tenantId: input.id,
          ...profileOf(input),
          adminEmail: input.adminEmail,
          adminPasswordHash,
          database: this.databaseOf(input.id, input.database, input.connectionString ?? undefined),
          priority: input.priority,
          customSteps: [...(this.services.customSteps ?? [])],
        },
        metadata,
      },
      { correlationId: request.correlationId, traceparent: currentTraceHeaders()['traceparent'] },
    );
    return accepted(decision.state, input.id, metadata.newOperationId);
  }

  private async run(
    request: CommandRequest,
    build: (tenantId: string, metadata: CommandMetadata) => AdministratorCommand,
  ): Promise<Accepted> {
    const tenantId = parseInput(TenantIdInput, request.tenantId ?? '');
    const metadata = this.metadata(principalKeyOf(request.actor));
    const decision = await this.services.repository.handle(build(tenantId, metadata), {
      correlationId: request.correlationId,
      traceparent: currentTraceHeaders()['traceparent'],
    });
    const operationId = decision.events[0]?.data.operationId ?? metadata.newOperationId;
    return accepted(decision.state, tenantId, operationId);
  }

  private async refuseForbiddenHost(connectionString: string): Promise<void> {
    const problem = await this.services.checkExternalHost?.(new URL(connectionString).hostname);
    if (problem) throw new ValidationFailed([{ field: 'connectionString', message: problem }]);
  }

  private databaseOf(tenantId: string, mode: TenantDatabase['mode'], connectionString?: string): TenantDatabase {
    switch (mode) {
      case 'SHARED':
        return { mode, name: schemaNameOf(tenantId), host: null };
      case 'ISOLATED':
        return { mode, name: isolatedDatabaseNameOf(this.services.tenantDatabasePrefix, tenantId), host: null };
      case 'EXTERNAL': {
        const { host, name } = describeExternal(connectionString!);
        return { mode, name, host, connectionString: { ciphertext: this.services.encryptSecret(connectionString!) } };
      }
    }
  }

  /** `requestedBy`: the actor's principal key (tenant/user), never a bare user id a tenant could copy. */
  private metadata(requestedBy: string): CommandMetadata {
    return { requestedBy, now: this.services.now().toISOString(), newOperationId: newEventId() };
  }
}

function accepted(state: TenantState, tenantId: string, operationId: string): Accepted {
  if (!exists(state)) throw new Error(`tenant ${tenantId} does not exist after an accepted command`);
  return { tenantId, operationId, status: state.status, version: state.version };
}
