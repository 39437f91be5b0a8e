/**
 * The tenant's profile: what an administrator gives when creating a tenant and may change
 * with an update. Each field is declared once, below, and the rest derives from this list:
 * the inputs (input.ts), the events' data (events.ts), the commands and the state, the
 * read model's columns (libs/read-model tables/tenants.ts) and the REST resource.
 * docs/adding-a-tenant-field.md walks through adding one.
 */
import { z } from 'zod';
import { storableText } from './storable-text';

/**
 * A profile field: `input` validates and normalises what an administrator sends; `stored`
 * reads it back from events. Stored shapes stay lenient, so a stricter input rule never
 * makes an old event unreadable. A field added later is optional in both (older events
 * lack it) and may only be a string, boolean, number or enum: the read model and the live
 * feed carry those as they are.
 */
const field = <I extends z.ZodType, S extends z.ZodType<z.output<I>>>(input: I, stored: S) => ({ input, stored });

export const TENANT_PROFILE = {
  name: field(
    storableText('Name').trim().min(1, 'Name is required.').max(100, 'Name must be at most 100 characters.'),
    z.string(),
  ),
};

type Profile = typeof TENANT_PROFILE;
type Field = keyof Profile;
export const PROFILE_FIELDS = Object.keys(TENANT_PROFILE) as Field[];

const shapeOf = <K extends 'input' | 'stored'>(side: K) =>
  Object.fromEntries(PROFILE_FIELDS.map((key) => [key, TENANT_PROFILE[key][side]])) as {
    [F in Field]: Profile[F][K];
  };

/** The profile as CreateTenantInput takes it (UpdateTenantInput: each field optional). */
export const PROFILE_INPUT = shapeOf('input');

/** The profile as events, commands and the state hold it. */
export const TenantProfile = z.object(shapeOf('stored'));
export type TenantProfile = z.output<typeof TenantProfile>;

/** What an update may change: any profile field, and whether the tenant is active. */
export const TenantChanges = TenantProfile.partial().extend({ isActive: z.boolean().optional() });
export type TenantChanges = z.output<typeof TenantChanges>;

const orNull = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType).nullable() : schema;

/** The profile as reads show it (read model, GraphQL, REST): a field never given is null. */
export const TenantProfileView = z.object(
  Object.fromEntries(PROFILE_FIELDS.map((key) => [key, orNull(TENANT_PROFILE[key].stored)])) as {
    [F in Field]: Profile[F]['stored'] extends z.ZodOptional<infer T> ? z.ZodNullable<T> : Profile[F]['stored'];
  },
);
export type TenantProfileView = z.output<typeof TenantProfileView>;

/** The profile fields of `source` (an input, a command, an event's data, a state), those given. */
export function profileOf(source: TenantProfile): TenantProfile {
  const profile: Record<string, unknown> = {};
  for (const key of PROFILE_FIELDS) if (source[key] !== undefined) profile[key] = source[key];
  return profile as TenantProfile;
}

/** The profile fields of `source` as reads show them: null where none was given. */
export function profileViewOf(source: TenantProfile | TenantProfileView): TenantProfileView {
  const view: Record<string, unknown> = {};
  for (const key of PROFILE_FIELDS) view[key] = source[key] ?? null;
  return view as TenantProfileView;
}

/** The profile and activity after an update: what `changes` gives, the tenant's own otherwise. */
export function changedProfile(
  tenant: TenantProfile & { isActive: boolean },
  changes: TenantChanges = {},
): TenantProfile & { isActive: boolean } {
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  return { ...profileOf(tenant), isActive: tenant.isActive, ...given };
}
