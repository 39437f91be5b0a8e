import type { GraphQLResponse } from '../graphql-client';

export interface Accepted {
  tenantId: string;
  operationId: string;
  status: string;
}

/** What one logical request went through: every answer its attempts got, in order. */
export interface RequestRecord {
  key: string;
  gateway: string;
  answers: (Accepted | string)[];
  accepted?: Accepted;
}

const TRANSIENT =
  /SERVICE_UNAVAILABLE|try again|TIMEOUT|timed out|fetch failed|aborted|ECONN|socket|network|terminated/i;

/**
 * Sends one mutation the way a client that must not act twice does: with an idempotency
 * key, and again with the same key when the answer is lost or says "try again", until it is
 * accepted or refused, or the deadline passes. Each attempt waits at most `attemptMs`.
 */
export async function submitPatiently(
  record: RequestRecord,
  send: (signal: AbortSignal) => Promise<GraphQLResponse<Record<string, Accepted>>>,
  options: { withinMs: number; attemptMs: number },
): Promise<RequestRecord> {
  const deadline = Date.now() + options.withinMs;
  while (Date.now() < deadline) {
    let outcome: Accepted | string;
    try {
      const response = await send(AbortSignal.timeout(options.attemptMs));
      const accepted = response.data ? Object.values(response.data)[0] : undefined;
      outcome = accepted ?? `${response.errors?.[0]?.extensions?.code ?? ''} ${response.errors?.[0]?.message ?? ''}`;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      outcome = `transport: ${(error as Error).message} ${cause instanceof Error ? cause.message : JSON.stringify(cause ?? '')}`;
    }
    record.answers.push(outcome);
    if (typeof outcome !== 'string') {
      record.accepted = outcome;
      return record;
    }
    if (!TRANSIENT.test(outcome)) return record;
    // Not a wait for a condition: the pause between two attempts of a client, as a client would.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return record;
}
