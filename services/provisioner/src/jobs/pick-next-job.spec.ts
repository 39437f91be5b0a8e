import { pickNextJob, QueuedJob } from './pick-next-job';

const job = (key: string, priority: QueuedJob['priority'], queuedAt: number, sequence: number): QueuedJob => ({
  key,
  priority,
  queuedAt,
  sequence,
});

describe('picking the next job', () => {
  it('runs HIGH before NORMAL before LOW', () => {
    const queued = [job('a', 'LOW', 0, 0), job('b', 'NORMAL', 0, 1), job('c', 'HIGH', 0, 2)];
    expect(pickNextJob(queued, new Set(), 0, 10_000)?.key).toBe('c');
  });
  it('takes the oldest among equals', () => {
    const queued = [job('a', 'NORMAL', 5, 3), job('b', 'NORMAL', 1, 1)];
    expect(pickNextJob(queued, new Set(), 10, 10_000)?.key).toBe('b');
  });
  it('skips a job whose tenant is busy', () => {
    const queued = [job('a', 'HIGH', 0, 0), job('b', 'LOW', 0, 1)];
    expect(pickNextJob(queued, new Set(['a']), 0, 10_000)?.key).toBe('b');
  });
  it('lets a LOW job that waited one aging period overtake newer NORMAL jobs', () => {
    const queued = [job('fresh', 'NORMAL', 9_000, 5), job('patient', 'LOW', 0, 0)];
    expect(pickNextJob(queued, new Set(), 10_000, 10_000)?.key).toBe('patient');
    expect(pickNextJob(queued, new Set(), 9_999, 10_000)?.key).toBe('fresh');
  });
  it('gives nothing when everything is busy', () => {
    expect(pickNextJob([job('a', 'NORMAL', 0, 0)], new Set(['a']), 0, 1)).toBeUndefined();
  });
});
