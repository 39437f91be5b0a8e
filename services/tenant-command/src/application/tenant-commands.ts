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
  IdempotencyKeyReused,
  isDomainError,
  isRootAdministratorActor,
} from '@tenantry/tenant-domain';
import { DuplicateEventId, newEventId } from '@tenantry/event-store';
import { principalKeyOf } from '@tenantry/auth';
import { CommandContext, HandleOptions, TenantRepository } from '@tenantry/tenant-repository';
import { currentTraceHeaders } from '@tenantry/observability';
import type { KeyedRequest } from '../idempotency';

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

  /**
   * Acts on the command once per key when `keyed`: a repeat (a retry of a request whose
   * answer was lost, a client's resend) is answered with the first Accepted, read back
   * from the events the first one appended; a key used for another request is
   * IdempotencyKeyReused. A refused request appended nothing, so its repeat is decided again.
   */
  async execute(name: CommandName, request: CommandRequest, keyed?: KeyedRequest): Promise<Accepted> {
    // Defence in depth: the gateway checked already, but NATS is not the trust boundary.
    if (!isRootAdministratorActor(request.actor)) throw new ActorNotAllowed();
    if (!keyed) return (await this.decide(name, request)).accepted;
    try {
      const { accepted, appended } = await this.decide(name, request, keyed);
      return appended ? accepted : ((await this.firstAnswerOf(name, request, keyed)) ?? accepted);
    } catch (error) {
      // The store refused the key's event ids: the request was acted on, here or for another tenant.
      if (error instanceof DuplicateEventId)
        return (await this.firstAnswerOf(name, request, keyed)) ?? Promise.reject(new IdempotencyKeyReused());
      // Refused now, perhaps because the first request with the key changed the tenant.
      if (isDomainError(error)) return (await this.firstAnswerOf(name, request, keyed)) ?? Promise.reject(error);
      throw error;
    }
  }

  private decide(
    name: CommandName,
    request: CommandRequest,
    keyed?: KeyedRequest,
  ): Promise<{ accepted: Accepted; appended: boolean }> {
    switch (name) {
      case 'createTenant':
        return this.createTenant(request, keyed);
      case 'updateTenant':
        return this.run(request, keyed, (tenantId, metadata) => ({
          type: 'UpdateTenant',
          data: { tenantId, changes: parseInput(UpdateTenantInput, request.input ?? {}) },
          metadata,
        }));
      case 'retryTenantProvisioning':
        return this.run(request, keyed, (tenantId, metadata) => ({
          type: 'RetryTenantProvisioning',
          data: { tenantId },
          metadata,
        }));
      case 'cancelTenantOperation':
        return this.run(request, keyed, (tenantId, metadata) => ({
          type: 'CancelTenantOperation',
          data: { tenantId },
          metadata,
        }));
      case 'deleteTenant':
        return this.run(request, keyed, (tenantId, metadata) => ({
          type: 'DeleteTenant',
          data: { tenantId },
          metadata,
        }));
    }
  }

  /**
   * The Accepted of the first request with the key, if the request's tenant holds its
   * events: IdempotencyKeyReused when they answer another request. Undefined otherwise.
   */
  private async firstAnswerOf(
    name: CommandName,
    request: CommandRequest,
    keyed: KeyedRequest,
  ): Promise<Accepted | undefined> {
    const tenantId = name === 'createTenant' ? (request.input as { id?: unknown } | undefined)?.id : request.tenantId;
    if (typeof tenantId !== 'string' || !TenantIdInput.safeParse(tenantId).success) return undefined;
    const found = await this.services.repository.findAppend(tenantId, (index) => keyed.eventIdOf(index));
    if (!found) return undefined;
    if (found.first.metadata['requestHash'] !== keyed.requestHash) throw new IdempotencyKeyReused();
    return accepted(found.state, tenantId, found.first.data['operationId'] as string);
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

  private async createTenant(
    request: CommandRequest,
    keyed: KeyedRequest | undefined,
  ): Promise<{ accepted: Accepted; appended: boolean }> {
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
      ...this.appendContext(request, keyed),
    );
    return { accepted: accepted(decision.state, input.id, metadata.newOperationId), appended: true };
  }

  private async run(
    request: CommandRequest,
    keyed: KeyedRequest | undefined,
    build: (tenantId: string, metadata: CommandMetadata) => AdministratorCommand,
  ): Promise<{ accepted: Accepted; appended: boolean }> {
    const tenantId = parseInput(TenantIdInput, request.tenantId ?? '');
    const metadata = this.metadata(principalKeyOf(request.actor));
    const decision = await this.services.repository.handle(
      build(tenantId, metadata),
      ...this.appendContext(request, keyed),
    );
    const operationId = decision.events[0]?.data.operationId ?? metadata.newOperationId;
    return { accepted: accepted(decision.state, tenantId, operationId), appended: decision.events.length > 0 };
  }

  /** The events' metadata and, for a keyed request, the ids derived from its key. */
  private appendContext(request: CommandRequest, keyed: KeyedRequest | undefined): [CommandContext, HandleOptions] {
    return [
      {
        correlationId: request.correlationId,
        traceparent: currentTraceHeaders()['traceparent'],
        requestHash: keyed?.requestHash,
      },
      { eventIds: keyed && ((index) => keyed.eventIdOf(index)) },
    ];
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
