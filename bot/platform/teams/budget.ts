/**
 * Teams rate limits kept in the store, so that every instance sharing the store counts the same
 * operations: a budget document per key (a conversation, or a tenant) with the times of its recent
 * operations, taken by an ETag-conditional write. An instance waits when a window is full and
 * takes the slot only if nobody else took it since it read the budget (else it reads again).
 * Callers of one key in one process queue behind each other, so at most one per instance polls
 * the store for a key at a time.
 */
import { createHash } from 'node:crypto';
import { Clock, systemClock } from '../clock';
import { ConflictError, PreconditionFailedError, Store } from '../store/types';

/** What a sender needs from a limiter: resolves when one more operation on `key` is allowed (and counts it). */
export interface Limiter {
  acquire(key: string): Promise<void>;
  /** As acquire, resolving with the time (epoch ms) the operation was counted at, for limiters that know it. */
  acquireAt?(key: string): Promise<number>;
}

/** Teams' per-app limit in one tenant (about 50 requests per second across all its conversations). */
export const TEAMS_TENANT_LIMITS: readonly [number, number][] = [[1_000, 50]];

/**
 * Added to every window: Teams counts operations when they arrive, we count them before we send,
 * and a send can leave later than counted, or arrive later than it left (a busy event loop on
 * either side, a slow connection), which packs sends closer together where Teams counts them. It
 * costs bursts, hardly the sustained rate (the channel's 1800 per hour binds long before): 60 per
 * 33 s instead of 60 per 30 s. 1.5 s was not enough on a 2-core machine at load 20 (63 in 30 s).
 */
export const LIMIT_MARGIN_MS = 3_000;

/**
 * A slot whose counting took longer than this (a slow store write, a stalled event loop) is not
 * used: it is left counted and a fresh one is taken, so that no operation leaves much later than
 * it was counted.
 */
const STALE_SLOT_MS = 250;

/**
 * The tenant budget's margin. Its window is short and its count large: the conversations'
 * margin (LIMIT_MARGIN_MS, seconds) would cut 50 per second to 20 or less, below the rate
 * reminders are configured to keep (REMINDER_TENANT_RPS, 40 by default). 200 ms leaves 50 per 1.2 s (41.6/s sustained); a send that would leave more
 * than 200 ms after its tenant slot was counted is not sent on that slot (messenger.ts), so no
 * second of departures holds more than 50.
 */
export const TENANT_LIMIT_MARGIN_MS = 200;

/** Windows up to this long are kept as exact times; longer ones as counts per minute. */
const EXACT_UP_TO_MS = 60_000;
const BUCKET_MS = 60_000;

/** The stored budget of one key. */
export interface BudgetDoc {
  /** Times (epoch ms) of the operations within the longest exact window. */
  times: number[];
  /** [minute start, operations in it] within the longest window. */
  minutes: [number, number][];
}

export class StoreRateLimiter implements Limiter {
  private readonly queues = new Map<string, Promise<number>>();
  private readonly windows: [number, number][];
  private readonly exactMs: number;
  private readonly longestMs: number;

  constructor(
    private readonly store: Store,
    limits: readonly [number, number][],
    /** Names the budget (e.g. 'conversation', 'tenant'): two limiters on one key count apart. */
    private readonly scope: string,
    private readonly clock: Clock = systemClock,
    marginMs = LIMIT_MARGIN_MS,
    private readonly staleMs = STALE_SLOT_MS,
  ) {
    this.windows = limits.map(([ms, max]) => [ms + marginMs, max]);
    this.exactMs = Math.max(0, ...this.windows.filter(([ms]) => ms <= EXACT_UP_TO_MS).map(([ms]) => ms));
    this.longestMs = Math.max(...this.windows.map(([ms]) => ms));
  }

  private get docs() {
    return this.store.collection<BudgetDoc>('jobs');
  }

  async acquire(key: string): Promise<void> {
    await this.acquireAt(key);
  }

  /** As acquire; resolves with the time (this limiter's clock) the operation was counted at. */
  acquireAt(key: string): Promise<number> {
    return this.queued(key, async () => {
      for (;;) {
        const at = await this.take(key);
        if (this.clock.now() - at <= this.staleMs) return at;
      }
    });
  }

  private queued(key: string, work: () => Promise<number>): Promise<number> {
    const previous = this.queues.get(key) ?? Promise.resolve(0);
    const mine = previous.catch(() => 0).then(work);
    this.queues.set(key, mine);
    void mine
      .finally(() => {
        if (this.queues.get(key) === mine) this.queues.delete(key);
      })
      .catch(() => undefined);
    return mine;
  }

  /** How long the next operation on `key` would wait, in ms (0 = now), by the stored budget. */
  async waitFor(key: string): Promise<number> {
    const { pk, id } = this.address(key);
    const doc = await this.docs.get(pk, id);
    return this.wait(this.pruned(doc?.value, this.clock.now()), this.clock.now());
  }

  private address(key: string): { pk: string; id: string } {
    const hash = createHash('sha256').update(`${this.scope}\n${key}`).digest('hex');
    // A few partitions rather than one, so budgets of busy conversations do not share one.
    return { pk: `budget-${hash.slice(0, 2)}`, id: `budget-${hash.slice(0, 40)}` };
  }

  private async take(key: string): Promise<number> {
    const { pk, id } = this.address(key);
    for (let attempt = 0; ; attempt++) {
      const doc = await this.docs.get(pk, id);
      const now = this.clock.now();
      const budget = this.pruned(doc?.value, now);
      const wait = this.wait(budget, now);
      if (wait > 0) {
        await this.clock.sleep(wait);
        continue;
      }
      const next = this.counted(budget, now);
      try {
        if (doc) await this.docs.replace(pk, id, next, doc.etag);
        else await this.docs.create(pk, id, next);
        return now;
      } catch (err) {
        if (!(err instanceof PreconditionFailedError) && !(err instanceof ConflictError)) throw err;
      }
      // Another instance took a slot in between: read again after a short random pause.
      await this.clock.sleep(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6)));
    }
  }

  private pruned(b: BudgetDoc | undefined, now: number): BudgetDoc {
    // Sorted, because instances' clocks differ by a little and each appends by its own.
    return {
      times: (b?.times ?? []).filter((t) => t > now - this.exactMs).sort((x, y) => x - y),
      minutes: (b?.minutes ?? []).filter(([start]) => start + BUCKET_MS > now - this.longestMs).sort((x, y) => x[0] - y[0]),
    };
  }

  /** Until when the fullest window stays full. A minute bucket counts whole while any part of it is in the window. */
  private wait(b: BudgetDoc, now: number): number {
    let wait = 0;
    for (const [ms, max] of this.windows) {
      if (ms <= EXACT_UP_TO_MS) {
        const inWindow = b.times.filter((t) => t > now - ms);
        if (inWindow.length >= max) wait = Math.max(wait, inWindow[inWindow.length - max] + ms - now);
        continue;
      }
      const buckets = b.minutes.filter(([start]) => start + BUCKET_MS > now - ms);
      let count = buckets.reduce((sum, [, n]) => sum + n, 0);
      // The window frees up as its oldest buckets leave it.
      for (const [start, n] of buckets) {
        if (count < max) break;
        wait = Math.max(wait, start + BUCKET_MS + ms - now);
        count -= n;
      }
    }
    return Math.max(0, Math.ceil(wait));
  }

  private counted(b: BudgetDoc, now: number): BudgetDoc {
    const times = this.exactMs > 0 ? [...b.times, now] : [];
    const minutes = b.minutes.map(([s, n]) => [s, n] as [number, number]);
    if (this.longestMs > EXACT_UP_TO_MS) {
      const start = now - (now % BUCKET_MS);
      const last = minutes[minutes.length - 1];
      if (last && last[0] === start) last[1]++;
      else minutes.push([start, 1]);
    }
    return { times, minutes };
  }
}
