/** Leases on both stores: one owner at a time, expiry when the owner dies, renewal while working. */
import { Leases, whileHolding } from '../../../bot/platform/jobs/lease';
import { ManualClock } from '../../helpers/manualClock';
import { OpenedStore, storeKinds } from '../../helpers/stores';

describe.each(storeKinds)('leases on $name', (kind) => {
  let opened: OpenedStore;
  let clock: ManualClock;
  let a: Leases;
  let b: Leases;

  beforeEach(async () => {
    opened = await kind.open();
    clock = new ManualClock(1_000_000);
    a = new Leases(opened.store, 'instance-a', clock, 30_000);
    b = new Leases(opened.store, 'instance-b', clock, 30_000);
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  it('gives a free lease to exactly one of many instances asking at once', async () => {
    const instances = Array.from({ length: 8 }, (_, i) => new Leases(opened.store, `i${i}`, clock, 30_000));
    const got = await Promise.all(instances.map((l) => l.tryAcquire('sweep')));
    expect(got.filter(Boolean)).toHaveLength(1);
    const winner = instances[got.findIndex(Boolean)];
    expect((await a.holder('sweep'))?.owner).toBe(winner.owner);
  });

  it('refuses a held lease, and hands it over once it expires with a higher epoch', async () => {
    const first = await a.tryAcquire('ladder');
    expect(first?.epoch).toBe(1);
    expect(await b.tryAcquire('ladder')).toBeUndefined();
    await clock.advance(29_999);
    expect(await b.tryAcquire('ladder')).toBeUndefined();
    await clock.advance(2);
    const second = await b.tryAcquire('ladder');
    expect(second?.epoch).toBe(2);
    // The old owner finds out at its next renewal and stops.
    expect(first?.held()).toBe(false);
    expect(await first?.renew()).toBe(false);
    expect((await a.holder('ladder'))?.owner).toBe('instance-b');
  });

  it('keeps a renewed lease past its first expiry, and frees it at once on release', async () => {
    const lease = await a.tryAcquire('sender');
    await clock.advance(20_000);
    expect(await lease?.renew()).toBe(true);
    await clock.advance(15_000); // 35 s after taking it: past the first expiry
    expect(await b.tryAcquire('sender')).toBeUndefined();
    expect(lease?.held()).toBe(true);
    await lease?.release();
    expect(lease?.held()).toBe(false);
    expect((await b.tryAcquire('sender'))?.epoch).toBe(2);
  });

  it('untilHeld waits out a late renewal instead of giving the work up, and answers false once the lease is lost', async () => {
    const lease = (await a.tryAcquire('campaign'))!;
    await clock.advance(21_000); // a renewal is late: no longer surely ours, not yet expired
    expect(lease.held()).toBe(false);
    let answered: boolean | undefined;
    const waiting = lease.untilHeld().then((v) => (answered = v));
    await Promise.resolve();
    expect(answered).toBeUndefined();
    expect(await lease.renew()).toBe(true);
    expect(await waiting).toBe(true);

    await clock.advance(30_001); // expired; another instance takes it
    expect(await b.tryAcquire('campaign')).toBeDefined();
    const again = lease.untilHeld();
    expect(await lease.renew()).toBe(false);
    expect(await again).toBe(false);
    expect(lease.isLost).toBe(true);
  });

  it('whileHolding renews while work runs and lets nobody else in, then releases', async () => {
    let release!: () => void;
    const working = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const holding = whileHolding(a, 'campaign:1', async (lease) => {
      started();
      await working;
      expect(lease.held()).toBe(true);
    });
    await running;
    // Three lease lifetimes pass while the work runs: renewals keep it.
    for (let i = 0; i < 9; i++) {
      await clock.advance(10_000);
      await untilRenewed(a, 'campaign:1', clock.now());
      expect(await whileHolding(b, 'campaign:1', async () => undefined)).toBe(false);
    }
    release();
    await expect(holding).resolves.toBe(true);
    expect(await a.holder('campaign:1')).toBeUndefined();
    await clock.advance(10_000); // the renewal loop wakes once more and ends
  });

  it('aborts the work when the lease is lost (a paused owner whose lease another took)', async () => {
    const lease = await a.tryAcquire('paused');
    expect(lease).toBeDefined();
    await clock.advance(31_000); // the owner was paused past expiry
    expect(await b.tryAcquire('paused')).toBeDefined();
    expect(await lease?.renew()).toBe(false);
    expect(lease?.held()).toBe(false);
    // A release by the old owner must not free the new owner's lease.
    await lease?.release();
    expect((await a.holder('paused'))?.owner).toBe('instance-b');
  });
});

/** Waits (on store state, not time) until the lease's expiry lies beyond `now` + a third of its life. */
async function untilRenewed(leases: Leases, name: string, now: number): Promise<void> {
  for (;;) {
    const doc = await leases.holder(name);
    if (doc && doc.until - now > leases.ttlMs / 3) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
