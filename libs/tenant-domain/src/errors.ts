/** One family of errors with stable codes; the edges (GraphQL, REST, NATS replies) map from `code`. */
export type DomainErrorCode =
  'BAD_USER_INPUT' | 'TENANT_EXISTS' | 'ROOT_TENANT_IMMUTABLE' | 'NOT_FOUND' | 'INVALID_STATE' | 'FORBIDDEN';

export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  get fields(): FieldError[] | undefined {
    return undefined;
  }
  override get name(): string {
    return this.constructor.name;
  }
}

export class ValidationFailed extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(private readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((e) => `${e.field}: ${e.message}`).join(' '));
  }
  override get fields(): FieldError[] {
    return this.fieldErrors;
  }
}

export const IDEMPOTENCY_KEY_REUSED = 'Idempotency key reused for a different request';

/** The same idempotency key came back with another command or input: nothing is done. */
export class IdempotencyKeyReused extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor() {
    super(IDEMPOTENCY_KEY_REUSED);
  }
  override get fields(): FieldError[] {
    return [{ field: 'idempotencyKey', message: IDEMPOTENCY_KEY_REUSED }];
  }
}

export class TenantAlreadyExists extends DomainError {
  readonly code = 'TENANT_EXISTS';
  constructor(readonly tenantId: string) {
    super('Tenant already exists');
  }
}

export class RootTenantImmutable extends DomainError {
  readonly code = 'ROOT_TENANT_IMMUTABLE';
  constructor(action: 'edit' | 'delete' = 'edit') {
    super(`Cannot ${action} root tenant`);
  }
}

export class TenantNotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(readonly tenantId: string) {
    super(`Tenant '${tenantId}' was not found`);
  }
}

export class InvalidState extends DomainError {
  readonly code = 'INVALID_STATE';
  constructor(
    readonly status: string,
    readonly action: string,
  ) {
    super(`Cannot ${action} a tenant that is ${status}`);
  }
}

/** A worker reported a CUSTOM step the tenant's creation never recorded (a provisioner bug, never a user's). */
export class UnknownStep extends DomainError {
  readonly code = 'INVALID_STATE';
  constructor(readonly stepName: string) {
    super(`No step '${stepName}' in this tenant's recorded steps`);
  }
}

/** A domain error as it travels in a NATS reply: plain data, no stack. */
export interface ErrorReply {
  code: DomainErrorCode | 'INTERNAL';
  message: string;
  fields?: FieldError[];
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** The actor may not give this command (tenant-command checks again what the gateway checked). */
export class ActorNotAllowed extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor() {
    super('Only root administrators can manage tenants');
  }
}
