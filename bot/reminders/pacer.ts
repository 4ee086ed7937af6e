/**
 * The per-tenant pace of reminders: a token bucket per tenant, `rps` tokens a second, holding at
 * most `burst`. Sliding windows (platform/teams/messenger.ts RateLimiter) lose every millisecond
 * a timer fires late, for good: on a busy machine 10 per 250 ms came out as 37/s instead of 40.
 * The bucket makes lateness up within its burst, so a tenant keeps its rate. The burst is small
 * (a tenth of a second's worth): any second holds at most rps + burst sends (44 at the default
 * 40), which leaves Teams' 50 room for sends that bunch up on their way; with a quarter second's
 * worth (50 a second) the limits connector answered 429 on a loaded machine. The store-kept tenant
 * budget (platform/teams/budget.ts, 50 per 1.2 s) still counts every send right before it leaves.
 */
import { Clock } from '../platform/clock';
import type { Limiter } from './sender';

/** The burst a tenant rate gets: a tenth of a second's worth of sends, at least one. */
export function burstOf(rps: number): number {
  return Math.max(1, Math.floor(rps / 10));
}

export class TokenBucket implements Limiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly rps: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves when one more send on `key` is allowed (and takes its token). Callers are served in order. */
  acquire(key: string): Promise<void> {
    const mine = (this.queues.get(key) ?? Promise.resolve()).then(() => this.take(key));
    this.queues.set(key, mine);
    void mine.finally(() => {
      if (this.queues.get(key) === mine) this.queues.delete(key);
    });
    return mine;
  }

  private async take(key: string): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.rps) / 1000);
      b.at = now;
      this.buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        if (this.buckets.size > 1000) this.prune(now);
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - b.tokens) * 1000) / this.rps));
    }
  }

  /** Full buckets hold nothing worth keeping. */
  private prune(now: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + ((now - b.at) * this.rps) / 1000 >= this.burst && !this.queues.has(key)) this.buckets.delete(key);
  }
}
