import type { ExtractionFailure } from '../compartment/protocol';

/**
 * Longest wait a source's Retry-After may impose on the next attempt, in ms. A server asking for hours (or a
 * hostile one asking for years) must not park a run and its workflow: past the cap the next attempt comes after
 * the cap, and the run's error says the cap was hit.
 */
export const RETRY_AFTER_CAP_MS = 600_000;

/**
 * The failure as the extraction reports it, with its Retry-After capped and, when capped, said in the message:
 * the message is what the run's error and the alert show.
 */
export function capRetryAfter(failure: ExtractionFailure, capMs = RETRY_AFTER_CAP_MS): ExtractionFailure {
  if (failure.retryAfterMs === undefined || !failure.retryable) return failure;
  if (failure.retryAfterMs <= capMs) return failure;
  const asked = Math.round(failure.retryAfterMs / 1000);
  return {
    ...failure,
    message: `${failure.message} (Retry-After asked for ${asked} s; capped at ${Math.round(capMs / 1000)} s)`,
    retryAfterMs: capMs,
    retryAfterCapped: true,
  };
}
