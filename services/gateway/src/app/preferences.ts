import { Principal, principalKeyOf } from '@tenantry/auth';
import { isRootAdministrator } from '../auth';
import { Forbidden } from '../errors';
import type { NotificationPreferences, PreferencesStore } from '../gateway-state/notification-preferences';

export type { NotificationPreferences };

export const RECEIVE_ALL_IS_FOR_ROOT = 'Only root administrators can receive every tenant notification';

/** Each user reads and changes only their own preferences (by principal key: a user id of another tenant is another user). */
export interface Preferences {
  of(by: Principal): Promise<NotificationPreferences>;
  set(by: Principal, change: Partial<NotificationPreferences>): Promise<NotificationPreferences>;
  /** Should `by`'s MINE feed carry everything? Only while they are a root administrator who opted in. */
  receivesAll(by: Principal): Promise<boolean>;
}

export function createPreferences(store: PreferencesStore): Preferences {
  return {
    of: (by) => store.get(principalKeyOf(by)),
    async set(by, change) {
      if (change.receiveAll !== undefined && !isRootAdministrator(by)) throw new Forbidden(RECEIVE_ALL_IS_FOR_ROOT);
      return store.set(principalKeyOf(by), change);
    },
    async receivesAll(by) {
      return isRootAdministrator(by) && (await store.get(principalKeyOf(by))).receiveAll;
    },
  };
}
