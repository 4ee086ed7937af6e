import { keyOf, RateLimiter } from '../../../bot/platform/teams/messenger';
import { ManualClock } from '../../helpers/manualClock';

describe('Teams rate limiter', () => {
  it('lets a burst through up to the limit, then waits for the window to pass', async () => {
    const clock = new ManualClock(1_000_000);
    const limiter = new RateLimiter([[300, 3]], clock);
    const started = clock.now();
    const times: number[] = [];
    const all = Promise.all(Array.from({ length: 7 }, () => limiter.acquire('conv').then(() => times.push(clock.now() - started))));
    for (let i = 0; i < 10 && times.length < 7; i++) await clock.advance(100);
    await all;
    expect(times.slice(0, 3).every((t) => t < 100)).toBe(true);
    expect(times[3]).toBeGreaterThanOrEqual(290);
    expect(times[6]).toBeGreaterThanOrEqual(590);
    expect(times).toEqual([0, 0, 0, 300, 300, 300, 600]);
  });

  it('counts every window (7/1 s and 8/2 s) and keeps conversations apart', () => {
    const clock = new ManualClock(0);
    const limiter = new RateLimiter(undefined, clock);
    const take = async (key: string) => {
      expect(limiter.waitFor(key)).toBe(0);
      await limiter.acquire(key);
    };
    return (async () => {
      for (let i = 0; i < 7; i++) await take('a');
      expect(limiter.waitFor('a')).toBe(1000);
      expect(limiter.waitFor('b')).toBe(0);
      await clock.advance(1000);
      await take('a');
      // 8 in the last 2 s: the 8/2 s window holds the next one until the first leaves it.
      expect(limiter.waitFor('a')).toBe(1000);
    })();
  });

  it('keys a channel thread by its channel', () => {
    expect(
      keyOf({ conversation: { id: '19:abc@thread.tacv2;messageid=1700000000000', isGroup: true, conversationType: 'channel', name: '' } }),
    ).toBe('19:abc@thread.tacv2');
  });
});
