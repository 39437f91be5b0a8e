import { useCallback, useEffect } from 'react';
import type { NotificationDetailFragment as Notification } from '../api/generated/graphql';
import { useLive, type Toast } from '../live/live-context';
import { Link } from '../router';
import { tenantPath } from '../routes';

const FAILURES = new Set(['TENANT_CREATION_FAILED', 'TENANT_UPDATE_FAILED', 'TENANT_DELETION_FAILED']);
const isFailure = (n: Notification) => FAILURES.has(n.type);
const SUCCESS_TOAST_MS = 10_000;

function ToastView({ toast, dismiss }: { toast: Toast; dismiss: (cursor: string) => void }) {
  const { notification } = toast;
  const onDismiss = useCallback(() => dismiss(notification.cursor), [dismiss, notification.cursor]);
  const failure = isFailure(notification);
  useEffect(() => {
    if (failure) return; // a failure stays until it is read
    const timer = setTimeout(onDismiss, SUCCESS_TOAST_MS);
    return () => clearTimeout(timer);
  }, [failure, onDismiss]);
  return (
    <li
      className={`toast ${failure ? 'toast-failure' : 'toast-success'}`}
      data-type={notification.type}
      data-tenant-id={notification.tenantId}
      data-occurred-at={notification.occurredAt}
      data-shown-at={toast.shownAt}
    >
      <p className="toast-message">{notification.message}</p>
      {failure && (
        <Link className="toast-link" to={tenantPath(notification.tenantId)} onClick={onDismiss}>
          Open tenant {notification.tenantId}
        </Link>
      )}
      <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={onDismiss}>
        ×
      </button>
    </li>
  );
}

/** The user's own notifications, newest last; failures link to their tenant. */
export function Toasts() {
  const { toasts, dismiss } = useLive();
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      <ul>
        {toasts.map((toast) => (
          <ToastView key={toast.notification.cursor} toast={toast} dismiss={dismiss} />
        ))}
      </ul>
    </section>
  );
}
