/**
 * What one failed send means for its recipient, by Teams' answer: 403 `blocked`, 404 `not_found`;
 * 429 (exactly its Retry-After), 412, 502, 503, 504 and network failures tried again after a
 * back-off while attempts are left; anything else, or the last attempt, `failed`.
 */
import { failureOf } from '../platform/teams/messenger';
import { RecipientDoc } from './documents';

const RETRYABLE = new Set([412, 429, 502, 503, 504]);

export interface FailureOutcome {
  /** The recipient's new fields. */
  outcome: Partial<RecipientDoc>;
  /** Try again at `outcome.notBefore`. */
  retry: boolean;
  /** A 429: the whole tenant waits until then (epoch ms). */
  pauseTenantUntil?: number;
}

/**
 * `attempts`: attempts made, this one included; `backoff(attempts)`: the jittered wait in ms for
 * a retry that has no Retry-After.
 */
export function outcomeOfFailure(
  err: unknown,
  attempts: number,
  maxAttempts: number,
  now: number,
  backoff: (attempts: number) => number,
): FailureOutcome {
  const { status, retryAfterMs } = failureOf(err);
  if (status === 403) return { outcome: { state: 'blocked', lastStatus: 403 }, retry: false };
  if (status === 404) return { outcome: { state: 'not_found', lastStatus: 404 }, retry: false };
  const withStatus = status ? { lastStatus: status } : {};
  if ((status === undefined || RETRYABLE.has(status)) && attempts < maxAttempts) {
    const wait = status === 429 && retryAfterMs !== undefined ? retryAfterMs : backoff(attempts);
    return {
      outcome: { state: 'pending', notBefore: new Date(now + wait).toISOString(), ...withStatus },
      retry: true,
      ...(status === 429 ? { pauseTenantUntil: now + wait } : {}),
    };
  }
  return { outcome: { state: 'failed', ...withStatus }, retry: false };
}
