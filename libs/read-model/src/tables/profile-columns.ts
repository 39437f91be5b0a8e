/**
 * The tenants table's columns of the tenant's profile, one per field that tenant-domain
 * declares (TENANT_PROFILE), made from its view's zod type: a new profile field becomes
 * a column here without a word (its migration is still written by hand).
 */
import { z } from 'zod';
import { TenantProfileView } from '@tenantry/tenant-domain';
import { boolean, ColumnKind, integer, nullable, text } from './column';

function columnOf(schema: z.ZodType): ColumnKind<unknown> {
  if (schema instanceof z.ZodNullable) return nullable(columnOf(schema.unwrap() as z.ZodType));
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum) return text();
  if (schema instanceof z.ZodBoolean) return boolean();
  if (schema instanceof z.ZodNumber) return integer();
  throw new Error(`A profile field is text, an enum, a boolean or an integer; no column for ${schema.type}`);
}

type ProfileShape = (typeof TenantProfileView)['shape'];

export const PROFILE_COLUMNS = Object.fromEntries(
  Object.entries(TenantProfileView.shape).map(([field, schema]) => [field, columnOf(schema as z.ZodType)]),
) as { [F in keyof ProfileShape]: ColumnKind<z.output<ProfileShape[F]>> };
