import type { Clock } from '../../bot/platform/clock';
import { AdapterMessenger } from '../../bot/platform/teams/messenger';
import { PROGRESS_GAP_MS, ProgressUpdater } from '../../bot/reminders/chat/progress';
import { Campaign } from '../../bot/reminders/model';
import { BotUnderTest, startBot, textOf } from '../harness/bot';
import { Sent } from '../harness/connector';
import { ManualClock } from '../helpers/manualClock';
import { sampleCampaign, sampleCounts } from '../helpers/reminderSamples';

jest.setTimeout(60_000);

let bot: BotUnderTest;
beforeAll(async () => {
  bot = await startBot();
});
afterAll(async () => {
  await bot?.stop();
});

function campaign(id: string, conversationId: string, cardId: string): Campaign {
  return sampleCampaign({
    id,
    progress: {
      conversationReference: {
        channelId: 'msteams',
        serviceUrl: bot.connector.url,
        conversation: { id: conversationId },
        bot: { id: '28:bot' },
        user: { id: '29:billing' },
        locale: 'tr-TR',
      },
      activityId: cardId,
    },
  });
}

/** The test's clock, which also says when the updater has gone to sleep (so time moves only once it waits). */
class WatchedClock implements Clock {
  readonly inner: ManualClock;
  private sleeps = 0;
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(start: number) {
    this.inner = new ManualClock(start);
  }

  now(): number {
    return this.inner.now();
  }

  sleep(ms: number): Promise<void> {
    this.sleeps++;
    this.waiters = this.waiters.filter((w) => (w.n <= this.sleeps ? (w.resolve(), false) : true));
    return this.inner.sleep(ms);
  }

  /** Resolves once `n` sleeps in all have started. */
  slept(n: number): Promise<void> {
    return n <= this.sleeps ? Promise.resolve() : new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
}

const updatesOf = (cardId: string): Sent[] => bot.connector.sent.filter((s) => s.method === 'PUT' && s.activityId === cardId);

describe('the progress card updater', () => {
  test('coalesces reports, shows the latest counts, and leaves a gap between updates of one conversation', async () => {
    const clock = new WatchedClock(Date.parse('2026-11-24T09:00:00Z'));
    const updater = new ProgressUpdater(bot.app.deps, new AdapterMessenger(bot.app.adapter, '', bot.app.deps.log), clock);
    const a = campaign('r00000000000000a', 'a:progress-chat', 'card-a');
    const b = campaign('r00000000000000b', 'a:progress-chat', 'card-b');
    const other = campaign('r00000000000000c', 'a:other-chat', 'card-c');
    for (const sent of [1, 2, 3]) updater.report(a, { ...sampleCounts, sent });
    updater.report(b, { ...sampleCounts, sent: 7 });
    updater.report(other, { ...sampleCounts, sent: 9 });
    await bot.connector.waitFor((s) => s.activityId === 'card-a');
    await bot.connector.waitFor((s) => s.activityId === 'card-c');
    // Another conversation does not wait for this one.
    expect(textOf(updatesOf('card-c')[0].body)).toContain('Gönderildi 9');
    expect(textOf(updatesOf('card-a')[0].body)).toContain('Gönderildi 1');
    // Both conversations wait out their gap.
    await clock.slept(2);
    await clock.inner.advance(PROGRESS_GAP_MS - 1);
    expect(updatesOf('card-a')).toHaveLength(1);
    expect(updatesOf('card-b')).toHaveLength(0);
    await clock.inner.advance(1);
    // The reports in between were replaced by the latest one.
    await bot.connector.waitFor((s) => s.activityId === 'card-a' && textOf(s.body).includes('Gönderildi 3'));
    await clock.slept(3);
    expect(updatesOf('card-a')).toHaveLength(2);
    expect(updatesOf('card-b')).toHaveLength(0);
    await clock.inner.advance(PROGRESS_GAP_MS);
    await bot.connector.waitFor((s) => s.activityId === 'card-b');
    expect(textOf(updatesOf('card-b')[0].body)).toContain('Gönderildi 7');
    await clock.slept(4);
    await clock.inner.advance(PROGRESS_GAP_MS);
    await updater.idle();
    expect(updatesOf('card-a')).toHaveLength(2);
  });

  test('a failed update is logged with its code and the next report still goes out', async () => {
    const clock = new WatchedClock(0);
    const updater = new ProgressUpdater(bot.app.deps, new AdapterMessenger(bot.app.adapter, '', bot.app.deps.log), clock);
    const c = campaign('r00000000000000d', 'a:failing-chat', 'card-d');
    bot.connector.failNext('a:failing-chat', 403);
    updater.report(c, { ...sampleCounts, sent: 1 });
    await clock.slept(1);
    await clock.inner.advance(PROGRESS_GAP_MS);
    await updater.idle();
    expect(bot.logs.some((l) => l.includes('"code":"BHD-463"') && l.includes('r00000000000000d'))).toBe(true);
    updater.report(c, { ...sampleCounts, sent: 2, done: true, pending: 0 });
    await bot.connector.waitFor((s) => s.activityId === 'card-d');
    expect(textOf(updatesOf('card-d')[0].body)).toContain('Tamamlandı.');
    await clock.slept(2);
    await clock.inner.advance(PROGRESS_GAP_MS);
    await updater.idle();
  });

  test('a campaign started outside Teams (no progress card) is not reported anywhere', async () => {
    const updater = new ProgressUpdater(bot.app.deps, new AdapterMessenger(bot.app.adapter, '', bot.app.deps.log), new ManualClock(0));
    const before = bot.connector.sent.length;
    updater.report(sampleCampaign({ origin: { kind: 'cli' } }), sampleCounts);
    await updater.idle();
    expect(bot.connector.sent.length).toBe(before);
  });
});
