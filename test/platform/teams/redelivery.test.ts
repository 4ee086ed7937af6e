/**
 * The redelivery guard on both stores: a copy of an activity is recognised, a failed turn's copy is
 * processed again, and markers older than a day are swept while a conversation goes on.
 */
import { RedeliveryGuard } from '../../../bot/platform/teams/redelivery';
import { ManualClock } from '../../helpers/manualClock';
import { OpenedStore, storeKinds } from '../../helpers/stores';

const CONVERSATION = 'a:1guard';
const DAY = 24 * 60 * 60 * 1000;

describe.each(storeKinds)('redelivery guard on the $name store', (kind) => {
  let opened: OpenedStore;
  let clock: ManualClock;
  let guard: RedeliveryGuard;

  beforeEach(async () => {
    opened = await kind.open();
    clock = new ManualClock(1_000_000);
    guard = new RedeliveryGuard(opened.store, clock);
  });

  afterEach(async () => {
    await opened.cleanup();
  });

  const markers = async () => (await opened.store.collection<{ at: number }>('counters').find(`seen:${CONVERSATION}`)).length;

  it('lets the first delivery of an activity through and stops its copies, until a failed turn forgets it', async () => {
    expect(await guard.firstDelivery(CONVERSATION, 'act-1')).toBe(true);
    expect(await guard.firstDelivery(CONVERSATION, 'act-1')).toBe(false);
    expect(await guard.firstDelivery('a:other', 'act-1')).toBe(true);
    await guard.forget(CONVERSATION, 'act-1');
    expect(await guard.firstDelivery(CONVERSATION, 'act-1')).toBe(true);
  });

  it('sweeps day-old markers as new messages arrive, so a long conversation keeps about a day of them', async () => {
    for (let i = 0; i < 60; i++) await guard.firstDelivery(CONVERSATION, `old-${i}`);
    expect(await markers()).toBe(60);
    await clock.advance(DAY + 1);
    for (let i = 0; i < 60; i++) await guard.firstDelivery(CONVERSATION, `new-${i}`);
    // Every eighth message or so sweeps up to twenty old markers: the old ones are gone (or nearly).
    const left = await markers();
    expect(left).toBeGreaterThanOrEqual(60);
    expect(left).toBeLessThan(60 + 20);
    // The new ones are all still there: a copy of any of them is still recognised.
    for (let i = 0; i < 60; i++) expect(await guard.firstDelivery(CONVERSATION, `new-${i}`)).toBe(false);
  });
});
