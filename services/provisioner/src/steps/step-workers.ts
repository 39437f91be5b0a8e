import type { NatsNames } from '@tenantry/messaging';
import { StepReply, StepRequest, decodeJson, encodeJson } from '@tenantry/step-worker';
import { ErrorCode, NatsConnection, NatsError } from 'nats';

/** A step worker's answer or silence, as the tenant's provisioningError: final, never retried by the job itself. */
export abstract class StepOutcomeError extends Error {
  readonly permanent = true;
}

/** The worker answered `ok: false`: its message, as it wrote it. */
export class StepRefused extends StepOutcomeError {
  constructor(
    readonly step: string,
    workerError: string,
  ) {
    super(workerError);
  }
}

export class StepDidNotAnswer extends StepOutcomeError {
  constructor(
    readonly step: string,
    seconds: number,
  ) {
    super(`Step '${step}' did not answer within ${seconds} s`);
  }
}

/** Asks the application's step workers to run or undo a step; resolves once one answered `ok: true`. */
export interface StepWorkers {
  ask(request: StepRequest, heartbeat: () => void): Promise<void>;
}

export interface StepWorkersSettings {
  /** TENANT_STEP_TIMEOUT_SECONDS: how long a step may stay unanswered. */
  timeoutSeconds: number;
  /** A request unanswered this long is asked again (same idempotencyKey), in case its worker died. */
  askAgainMs?: number;
  /** Pause before asking again when no worker listens yet. */
  noResponderPauseMs?: number;
}

/**
 * Step workers over NATS request-reply. No responder: wait a little and ask again; no
 * answer: ask again (a worker killed mid-step never answers, another one will), until
 * the step's time is up.
 */
export function natsStepWorkers(nats: NatsConnection, names: NatsNames, settings: StepWorkersSettings): StepWorkers {
  const timeoutMs = settings.timeoutSeconds * 1000;
  const askAgainMs = settings.askAgainMs ?? 5_000;
  const pauseMs = settings.noResponderPauseMs ?? 250;
  return {
    async ask(request, heartbeat) {
      const subject = names.stepSubject(request.step);
      const deadline = Date.now() + timeoutMs;
      for (let left = timeoutMs; left > 0; left = deadline - Date.now()) {
        heartbeat();
        let answer;
        try {
          answer = await nats.request(subject, encodeJson(request), {
            timeout: Math.max(1, Math.min(left, askAgainMs)),
          });
        } catch (error) {
          if (isNatsError(error, ErrorCode.NoResponders)) {
            await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, Math.max(0, deadline - Date.now()))));
            continue;
          }
          if (isNatsError(error, ErrorCode.Timeout)) continue;
          throw error;
        }
        const reply = readReply(answer.data);
        if (!reply)
          throw new StepRefused(request.step, `Step '${request.step}' answered something that is not a step reply`);
        if (!reply.ok) throw new StepRefused(request.step, reply.error);
        return;
      }
      throw new StepDidNotAnswer(request.step, settings.timeoutSeconds);
    },
  };
}

/** Without TENANT_STEPS nothing asks; if something does, it is told plainly. */
export const noStepWorkers: StepWorkers = {
  ask: (request) => Promise.reject(new StepDidNotAnswer(request.step, 0)),
};

function readReply(data: Uint8Array): StepReply | undefined {
  try {
    const parsed = StepReply.safeParse(decodeJson(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const isNatsError = (error: unknown, code: string): boolean => error instanceof NatsError && error.code === code;
