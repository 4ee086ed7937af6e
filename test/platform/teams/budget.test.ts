/** Teams rate limits kept in the store: instances sharing a store share one budget per key, on both stores. */
import { StoreRateLimiter } from '../../../bot/platform/teams/budget';
import { ManualClock } from '../../helpers/manualClock';
import { OpenedStore, storeKinds } from '../../helpers/stores';

describe.each(storeKinds)('store-backed rate limits on $name', (kind) => {
  let opened: OpenedStore;
  let clock: ManualClock;

  beforeEach(async () => {
    opened = await kind.open();
    clock = new ManualClock(1_000_000);
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  /**
   * Acquires `n` times on `key` through the given limiters (round robin, all at once), moving the
   * clock on while they wait; the times (from the start) at which each was counted.
   */
  async function burst(limiters: StoreRateLimiter[], key: string, n: number): Promise<number[]> {
    const start = clock.now();
    let done = 0;
    const all = Promise.all(
      Array.from({ length: n }, (_, i) =>
        limiters[i % limiters.length].acquireAt(key).then((at) => {
          done++;
          return at - start;
        }),
      ),
    );
    // The store answers in real time (Cosmos over HTTP): let it, then move the clock on.
    while (done < n) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await clock.advance(50);
    }
    return (await all).sort((a, b) => a - b);
  }

  it('lets two instances together through no more than the window allows', async () => {
    // The clock moves on while the store answers, so no slot is refused as stale here.
    const a = new StoreRateLimiter(opened.store, [[1_000, 3]], 'conversation', clock, 0, Infinity);
    const b = new StoreRateLimiter(opened.store, [[1_000, 3]], 'conversation', clock, 0, Infinity);
    const times = await burst([a, b], '19:channel@thread.tacv2', 7);
    // 3 in the first window, 3 in the next, 1 in the third: never more than 3 in any 1 s.
    for (const t of times) expect(times.filter((x) => x >= t && x < t + 1_000).length).toBeLessThanOrEqual(3);
    expect(times.slice(0, 3).every((t) => t < 1_000)).toBe(true);
    expect(times[3]).toBeGreaterThanOrEqual(1_000);
    expect(times[6]).toBeGreaterThanOrEqual(2_000);
    // Another conversation has its own budget, and another scope (the tenant's) its own too.
    expect(await a.waitFor('a:1on1-other')).toBe(0);
    const tenant = new StoreRateLimiter(opened.store, [[1_000, 3]], 'tenant', clock, 0);
    expect(await tenant.waitFor('19:channel@thread.tacv2')).toBe(0);
  });

  it('counts the hour window in minutes, holding back until the oldest minute leaves it', async () => {
    const a = new StoreRateLimiter(opened.store, [[3_600_000, 4]], 'conversation', clock, 0);
    const b = new StoreRateLimiter(opened.store, [[3_600_000, 4]], 'conversation', clock, 0);
    for (let i = 0; i < 4; i++) await (i % 2 ? a : b).acquire('conv');
    const wait = await a.waitFor('conv');
    expect(wait).toBeGreaterThan(3_600_000 - 60_000);
    expect(wait).toBeLessThanOrEqual(3_600_000 + 60_000);
    let fifth = false;
    const pending = b.acquire('conv').then(() => (fifth = true));
    await clock.advance(3_000_000);
    expect(fifth).toBe(false);
    await clock.advance(wait - 3_000_000);
    await pending;
    expect(fifth).toBe(true);
  });

  it('pads every window by the margin (sends leave later than they are counted)', async () => {
    const padded = new StoreRateLimiter(opened.store, [[1_000, 1]], 'conversation', clock, 500);
    await padded.acquire('conv');
    expect(await padded.waitFor('conv')).toBe(1_500);
  });
});
