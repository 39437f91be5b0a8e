import { z } from 'zod';

/**
 * The wire protocol between the provisioner and a step worker (README: "Provisioning
 * steps"). JSON over NATS request-reply on `<prefix>.tenantry.steps.<step>`, workers in
 * a queue group. Only additions are ever made to these shapes.
 */
export const StepAction = z.enum(['run', 'undo']);
export type StepAction = z.infer<typeof StepAction>;

export const StepRequest = z.object({
  action: StepAction,
  /** The step's name, as in TENANT_STEPS. */
  step: z.string(),
  tenantId: z.string(),
  /** The operation asking: the creation for `run` (and for `undo` when it is cancelled), the deletion for its `undo`. */
  operationId: z.string(),
  /** 1, then one more on each retry of the operation. */
  attempt: z.number().int().positive(),
  /** `<operationId>:<step>`: the same on every delivery of this request, also after a crash or a retry. */
  idempotencyKey: z.string(),
  /** Never a password or a connection string. */
  tenant: z.object({
    id: z.string(),
    name: z.string(),
    adminEmail: z.string(),
    /** SHARED: `name` is the tenant's schema in the tenants database; ISOLATED: its database; EXTERNAL: its database's name. */
    database: z.object({ mode: z.enum(['SHARED', 'ISOLATED', 'EXTERNAL']), name: z.string() }),
  }),
});
export type StepRequest = z.infer<typeof StepRequest>;

export const StepReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  /** `error` becomes the tenant's provisioningError as written: no secrets in it. */
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type StepReply = z.infer<typeof StepReply>;

export const idempotencyKeyOf = (operationId: string, step: string): string => `${operationId}:${step}`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decodeJson = (data: Uint8Array): unknown => JSON.parse(decoder.decode(data));
