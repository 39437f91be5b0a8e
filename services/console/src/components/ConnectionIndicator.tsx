import type { ConnectionState } from '../live/live-connection';
import { useLive } from '../live/live-context';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  unauthorized: 'Signed out',
};

/** Whether live updates arrive; read out when it changes. */
export function ConnectionIndicator() {
  const { state } = useLive();
  return (
    <span
      className={`connection connection-${state}`}
      role="status"
      aria-live="polite"
      data-connection={state}
      title="Live updates"
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
