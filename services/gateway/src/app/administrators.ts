import { z } from 'zod';
import { ADMIN_ROLE, hashPassword, Principal } from '@tenantry/auth';
import {
  FieldError,
  meetsPasswordPolicy,
  PASSWORD_POLICY,
  ROOT_TENANT_ID,
  ValidationFailed,
} from '@tenantry/tenant-domain';
import type { ReadModelQueries } from '@tenantry/read-model';
import type { TenantUsers } from '../tenant-users/tenant-users';
import { admitsUsers, isRootAdministrator } from '../auth';
import { EdgeError, Forbidden } from '../errors';
import { UserView } from './principal-user';

export interface Administrators {
  /** Another platform administrator: an admin user of the root tenant. */
  create(by: Principal, input: { email: unknown; password: unknown }): Promise<UserView>;
}

const email = z.string().trim().toLowerCase().pipe(z.email());

export interface AdministratorsOptions {
  queries: Pick<ReadModelQueries, 'tenant'>;
  users: Pick<TenantUsers, 'find' | 'create'>;
  /** Told of every administrator created (the email fallback's directory). */
  onCreated?: (user: UserView) => void;
}

export function createAdministrators(options: AdministratorsOptions): Administrators {
  return {
    async create(by, input) {
      if (!isRootAdministrator(by)) throw new Forbidden('Only root administrators can create administrators');
      const fields: FieldError[] = [];
      const parsedEmail = email.safeParse(input.email);
      if (!parsedEmail.success) fields.push({ field: 'email', message: 'Email must be a valid email address.' });
      if (typeof input.password !== 'string' || !meetsPasswordPolicy(input.password))
        fields.push({ field: 'password', message: PASSWORD_POLICY });
      if (fields.length > 0 || !parsedEmail.success) throw new ValidationFailed(fields);

      const root = await options.queries.tenant(ROOT_TENANT_ID);
      if (!admitsUsers(root)) throw new EdgeError('INVALID_STATE', 'The root tenant is not ready yet');
      if (await options.users.find(root, parsedEmail.data)) {
        throw new ValidationFailed([{ field: 'email', message: 'A user with this email already exists.' }]);
      }
      const user = await options.users.create(root, {
        email: parsedEmail.data,
        passwordHash: await hashPassword(input.password as string),
        roles: [ADMIN_ROLE],
      });
      const created = { id: user.id, email: user.email, tenantId: ROOT_TENANT_ID, roles: user.roles };
      options.onCreated?.(created);
      return created;
    },
  };
}
