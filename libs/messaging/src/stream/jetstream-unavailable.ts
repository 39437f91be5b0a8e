import { ErrorCode } from 'nats';

/** JetStream is enabled but has no leader for the request yet ("JetStream system temporarily unavailable"). */
const CLUSTER_NOT_AVAILABLE = 10008;

/**
 * No answer (a timeout, no responders) or JetStream's "temporarily unavailable": what a
 * cluster says while it elects a leader, so it is worth waiting for. Any other answer of
 * the JetStream API is final: e.g. more replicas than the cluster has nodes
 * ("insufficient resources", also HTTP-like code 503).
 */
export const isJetStreamUnavailable = (error: unknown): boolean => {
  const apiError = apiErrorCode(error);
  if (apiError !== undefined) return apiError === CLUSTER_NOT_AVAILABLE;
  const code = (error as { code?: string })?.code;
  return code === ErrorCode.Timeout || code === ErrorCode.NoResponders;
};

/** The JetStream API's error code of a refused request, if it is one. */
export const apiErrorCode = (error: unknown): number | undefined =>
  (error as { api_error?: { err_code?: number } })?.api_error?.err_code;
