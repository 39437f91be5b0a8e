import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type {
  NotificationDetailFragment as Notification,
  TenantDetailFragment as TenantDetail,
} from '../api/generated/graphql';
import { useSession } from '../hooks/use-session';
import { openLiveConnection, type ConnectionState, type LiveConnection } from './live-connection';
import { webSocketUrl } from './retry';

export interface Toast {
  notification: Notification;
  /** When the console showed it (ms since epoch), for the "within a second" check. */
  shownAt: number;
}

type ChangeListener = (tenantId: string | undefined) => void;

export interface LiveValue {
  state: ConnectionState;
  toasts: Toast[];
  dismiss: (cursor: string) => void;
  /** Called on every change anyone made (root), own notifications, and after a reconnect (tenantId undefined). */
  onChange: (listener: ChangeListener) => () => void;
  followTenant: (id: string, onTenant: (tenant: TenantDetail) => void) => () => void;
}

const LiveContext = createContext<LiveValue | undefined>(undefined);

export function useLive(): LiveValue {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive outside LiveProvider');
  return live;
}

const MAX_TOASTS = 5;
/** Progress notifications update the pages but are not worth a toast each. */
const isToastWorthy = (n: Notification) => n.type !== 'TENANT_PROVISIONING_PROGRESS';

/** The live connection of the signed-in user, and the toasts of their own notifications. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { session, isRoot, signOut } = useSession();
  const [state, setState] = useState<ConnectionState>('connecting');
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [connection, setConnection] = useState<LiveConnection>();
  const listeners = useRef(new Set<ChangeListener>());

  useEffect(() => {
    if (!session) return;
    const emit = (tenantId?: string) => listeners.current.forEach((listener) => listener(tenantId));
    const cursorKey = `tenantry.console.cursor.${session.user.tenantId}/${session.user.id}`;
    const live = openLiveConnection({
      url: webSocketUrl(location),
      token: session.token,
      followAll: isRoot,
      initialCursor: sessionStorage.getItem(cursorKey) ?? undefined,
      onState: (next) => {
        setState(next);
        if (next === 'unauthorized') signOut();
      },
      onNotification: (notification) => {
        // Per tab (sessionStorage): a reload resumes where this tab was, without replaying what it showed.
        sessionStorage.setItem(cursorKey, notification.cursor);
        if (!isToastWorthy(notification)) return;
        setToasts((current) => [...current, { notification, shownAt: Date.now() }].slice(-MAX_TOASTS));
      },
      onChange: emit,
      onResync: () => emit(undefined),
    });
    setConnection(live);
    return () => live.close();
  }, [session, isRoot, signOut]);

  const dismiss = useCallback(
    (cursor: string) => setToasts((current) => current.filter((t) => t.notification.cursor !== cursor)),
    [],
  );
  const onChange = useCallback((listener: ChangeListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  const followTenant = useCallback<LiveValue['followTenant']>(
    (id, onTenant) => connection?.followTenant(id, onTenant) ?? (() => undefined),
    [connection],
  );

  const value = useMemo(
    () => ({ state, toasts, dismiss, onChange, followTenant }),
    [state, toasts, dismiss, onChange, followTenant],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

/** Refetches when something relevant changed or the connection came back; bursts become one refetch. */
export function useRefetchOnChange(
  refetch: () => unknown,
  relevant: (tenantId: string | undefined) => boolean = () => true,
): void {
  const { onChange } = useLive();
  const latest = useRef({ refetch, relevant });
  useEffect(() => {
    latest.current = { refetch, relevant };
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = onChange((tenantId) => {
      if (tenantId !== undefined && !latest.current.relevant(tenantId)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void latest.current.refetch(), 100);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [onChange]);
}
