import type { OperationDetailFragment as Operation } from '../api/generated/graphql';
import { formatDuration, formatTime } from '../logic/format';
import { stepLines, type StepState } from '../logic/steps';
import { OperationBadge } from './StatusBadge';
import { Spinner } from './Spinner';

const MARK: Record<StepState, string> = { done: '✓', running: '', failed: '✗', waiting: '·' };
const STATE_TEXT: Record<StepState, string> = {
  done: 'done',
  running: 'in progress',
  failed: 'failed',
  waiting: 'waiting',
};

/** The current operation: its status, attempt, timing and each step as it happens. */
export function OperationProgress({ operation }: { operation: Operation }) {
  const lines = stepLines(operation);
  return (
    <section className="card" aria-labelledby="current-operation-title" data-operation-id={operation.id}>
      <h2 id="current-operation-title">
        Current operation: {operation.kind.toLowerCase()} <OperationBadge status={operation.status} />
      </h2>
      <p className="muted">
        Attempt {operation.attempt} · requested {formatTime(operation.requestedAt)} · started{' '}
        {formatTime(operation.startedAt)}
        {operation.finishedAt &&
          ` · took ${formatDuration(operation.startedAt ?? operation.requestedAt, operation.finishedAt)}`}
      </p>
      <ol className="steps" aria-label="Steps">
        {lines.map((line) => (
          <li key={line.key} className={`step step-${line.state}`} data-step={line.key} data-state={line.state}>
            <span className="step-mark" aria-hidden="true">
              {line.state === 'running' ? <Spinner /> : MARK[line.state]}
            </span>
            {line.label}
            <span className="visually-hidden"> ({STATE_TEXT[line.state]})</span>
          </li>
        ))}
      </ol>
      {operation.error && <p className="operation-error">{operation.error}</p>}
    </section>
  );
}
