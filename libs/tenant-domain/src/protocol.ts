import { z } from 'zod';
import { ErrorReply } from './errors';
import { ROOT_TENANT_ID } from './lifecycle';
import { ProvisioningStatus } from './vocabulary';

/**
 * The request-reply contract between the gateway and tenant-command over NATS.
 * Inputs travel raw (as the user typed them): tenant-command validates them, so
 * every client gets the same field errors.
 */
export const COMMAND_NAMES = [
  'createTenant',
  'updateTenant',
  'retryTenantProvisioning',
  'cancelTenantOperation',
  'deleteTenant',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Who asks; tenant-command records its principal key `<tenantId>/<userId>` as `requestedBy`. */
export const Actor = z.object({ userId: z.string().min(1), tenantId: z.string(), roles: z.array(z.string()) });
export type Actor = z.infer<typeof Actor>;

/** Only administrators of the root tenant manage tenants (every command of this protocol). */
export const isRootAdministratorActor = (actor: Actor): boolean =>
  actor.tenantId === ROOT_TENANT_ID && actor.roles.includes('admin');

/** The longest idempotency key accepted (a UUID is 36 characters). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

export const CommandRequest = z.object({
  actor: Actor,
  /** Follows the request through events to the notification. */
  correlationId: z.string().optional(),
  /** Every command but createTenant names its tenant here. */
  tenantId: z.string().optional(),
  input: z.unknown().optional(),
  /** The client's (or else the gateway's) key: the same key from the same principal within 24 h is acted on once. */
  idempotencyKey: z.string().min(1).max(IDEMPOTENCY_KEY_MAX_LENGTH).optional(),
});
export type CommandRequest = z.infer<typeof CommandRequest>;

/** What an accepted command answers (GraphQL's payload, REST's 202 body). */
export const Accepted = z.object({
  tenantId: z.string(),
  operationId: z
    .string()
    .meta({ description: 'The operation the command started; its progress and outcome are notified under this id.' }),
  status: ProvisioningStatus,
  version: z.number().int().meta({
    description: "Revision of the tenant's stream once accepted: every later read shows this version or a later one.",
  }),
});
export type Accepted = z.infer<typeof Accepted>;

export type CommandReply = { ok: true; accepted: Accepted } | { ok: false; error: ErrorReply };
