import type { HistoryEventFragment as HistoryEvent } from '../api/generated/graphql';
import { formatTime } from '../logic/format';

/** The tenant's event stream, newest first, data as the server gives it (secrets removed). */
export function EventHistory({ events }: { events: readonly HistoryEvent[] }) {
  if (events.length === 0) return <p className="empty">No events.</p>;
  const newestFirst = [...events].sort((a, b) => b.version - a.version);
  return (
    <ol className="history" aria-label="Event history">
      {newestFirst.map((event) => (
        <li key={event.version} data-event-type={event.type}>
          <details>
            <summary>
              <span className="history-version">#{event.version}</span> <strong>{event.type}</strong>{' '}
              <time dateTime={event.occurredAt} className="muted">
                {formatTime(event.occurredAt)}
              </time>
            </summary>
            <pre className="history-data">{pretty(event.data)}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

function pretty(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}
