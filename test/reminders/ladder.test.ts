import { rmSync } from 'node:fs';
import { App, buildApp } from '../../bot/app';
import { CustomerDirectory } from '../../bot/customers/directory';
import { loadTerms } from '../../bot/knowledge/terms';
import { loadConfig } from '../../bot/platform/config';
import { createLogger } from '../../bot/platform/log';
import { SqliteStore } from '../../bot/platform/store/sqlite';
import { dueStep } from '../../bot/reminders/domain/ladder';
import { LimitsConnector } from '../harness/limitsConnector';
import { ManualClock } from '../helpers/manualClock';
import { tempDataDir } from '../helpers/stores';
import { seedWorld, tenantIdOf, WorldPerson } from './world';

/**
 * The daily collections ladder (terms/partner.json: reminder 7 days before the due date, overdue
 * notice 3 days after, final notice 14 after, suspension 30 after): each customer gets the step
 * due today once — not again when the ladder runs twice on a day, after a restart, or the next
 * day while the step is still the latest.
 */

const ladder = loadTerms().partner.collection.ladder;
const base = { tenantId: tenantIdOf(0), name: 'X', updatedAt: '', balance: 100, currency: 'USD' };

test('the step due on a day: the latest that has come, within the catch-up window, for what the customer owes', () => {
  expect(dueStep(ladder, { ...base, status: 'current', dueDate: '2026-12-08' }, '2026-12-01', 7)).toMatchObject({
    step: 'reminder',
    template: 'payment-due',
    date: '2026-12-01',
  });
  expect(dueStep(ladder, { ...base, status: 'overdue', dueDate: '2026-11-28' }, '2026-12-01', 7)).toMatchObject({ template: 'overdue' });
  expect(dueStep(ladder, { ...base, status: 'overdue', dueDate: '2026-11-01' }, '2026-12-01', 7)).toMatchObject({
    step: 'suspension',
    template: 'suspension-warning',
  });
  expect(dueStep(ladder, { ...base, status: 'suspended', dueDate: '2026-11-01' }, '2026-12-01', 7)).toMatchObject({
    template: 'suspended',
  });
  // Paid (current after the due date), nothing owed, or the step long past: nothing.
  expect(dueStep(ladder, { ...base, status: 'current', dueDate: '2026-11-28' }, '2026-12-01', 7)).toBeUndefined();
  expect(dueStep(ladder, { ...base, status: 'overdue', dueDate: '2026-11-28', balance: 0 }, '2026-12-01', 7)).toBeUndefined();
  expect(dueStep(ladder, { ...base, status: 'overdue', dueDate: '2026-09-01' }, '2026-12-01', 7)).toBeUndefined();
  // Once per invoice: the key names the invoice (else the due date) and the step.
  const key = (invoiceNumber?: string) =>
    dueStep(ladder, { ...base, status: 'overdue', dueDate: '2026-11-28', invoiceNumber }, '2026-12-01', 7)?.key;
  expect(key('INV-1')).not.toBe(key('INV-2'));
  expect(key(undefined)).toContain('due:2026-11-28');
});

describe('the daily run', () => {
  // 09:30 in Istanbul (UTC+3) on 1 December 2026: after REMINDER_LADDER_AT (09:00).
  const clock = new ManualClock(Date.parse('2026-12-01T06:30:00Z'));
  const connector = new LimitsConnector();
  const dir = tempDataDir();
  let app: App;
  let people: WorldPerson[];
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', REMINDER_LADDER: 'on', REMINDER_POLL_MS: '600000' });
  const build = () => buildApp(config, { logger: createLogger('silent'), clock });

  async function settle(what: string, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await clock.advance(300);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const ladderCampaigns = async () => (await app.deps.reminders.list(100)).filter((c) => c.origin.kind === 'ladder');

  beforeAll(async () => {
    await connector.start();
    // The directory is loaded before the bot starts: its first look at the ladder is the day's run.
    const store = new SqliteStore(dir);
    people = await seedWorld(store, connector, { tenants: 4, perTenant: 2 });
    const directory = new CustomerDirectory(store);
    const set = async (t: number, status: 'current' | 'overdue', dueDate: string) =>
      directory.upsert({ ...(await directory.get(tenantIdOf(t)))!, status, dueDate });
    await set(0, 'current', '2026-12-08'); // reminder today
    await set(1, 'overdue', '2026-11-28'); // overdue notice today
    await set(2, 'overdue', '2026-11-17'); // final notice today
    await set(3, 'current', '2026-12-20'); // nothing yet
    await store.close();
    app = await build();
  });

  afterAll(async () => {
    await app.close();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('sends each customer its step once, also when run twice, after a restart and the next day', async () => {
    await settle('the first run', async () => (await ladderCampaigns()).length === 3);
    const first = await ladderCampaigns();
    expect(first.map((c) => c.template).sort()).toEqual(['final-notice', 'overdue', 'payment-due']);
    await settle('the sends', async () => (await Promise.all(first.map((c) => app.deps.reminders.counts(c.id)))).every((n) => n.done));

    expect(await app.reminders!.ladder.run()).toEqual([]);
    expect((await app.reminders!.ladder.plan()).map((p) => p.alreadySent)).toEqual([true, true, true]);

    await app.close();
    app = await build();
    await clock.advance(2 * 3600_000);
    expect(await app.reminders!.ladder.maybeRun(app.reminders!.leases)).toBe(false);
    expect(await app.reminders!.ladder.run()).toEqual([]);

    // The next day the overdue notice is still the latest step of customer 2: not sent again.
    await clock.advance(24 * 3600_000);
    await app.reminders!.scheduler.tick();
    expect(await app.reminders!.ladder.lastRunDate()).toBe('2026-12-02');
    expect(await ladderCampaigns()).toHaveLength(3);

    for (const p of people) {
      const got = connector.deliveries.get(p.conversationId) ?? [];
      expect({ who: p.conversationId, sends: got.length }).toEqual({ who: p.conversationId, sends: p.tenantId === tenantIdOf(3) ? 0 : 1 });
    }
    expect(connector.stats.violations).toBe(0);
  });

  test('auto off: the daily run does nothing until it is turned on again', async () => {
    await app.reminders!.ladder.setAuto(false);
    await clock.advance(24 * 3600_000);
    expect(await app.reminders!.ladder.isAuto()).toBe(false);
    expect(await app.reminders!.ladder.maybeRun(app.reminders!.leases)).toBe(false);
    await app.reminders!.ladder.setAuto(true);
    expect(await app.reminders!.ladder.isAuto()).toBe(true);
  });
});
