import type { SessionDetailFragment as Session } from './api/generated/graphql';

const KEY = 'tenantry.console.session';

/** The signed-in session, shared by the tabs of this browser; an expired one counts as none. */
export function loadSession(now = Date.now()): Session | undefined {
  try {
    const session = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    if (!session?.token || new Date(session.expiresAt).getTime() <= now) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

export const saveSession = (session: Session): void => localStorage.setItem(KEY, JSON.stringify(session));
export const clearSession = (): void => localStorage.removeItem(KEY);

export const isRootAdministrator = (session: Session): boolean =>
  session.user.tenantId === 'root' && session.user.roles.includes('admin');
