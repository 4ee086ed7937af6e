import { rmSync } from 'node:fs';
import { App, buildApp } from '../../bot/app';
import { loadConfig } from '../../bot/platform/config';
import { createLogger } from '../../bot/platform/log';
import { RecipientDoc, reminderDocs } from '../../bot/reminders/documents';
import { LimitsConnector } from '../harness/limitsConnector';
import { ManualClock } from '../helpers/manualClock';
import { tempDataDir } from '../helpers/stores';
import { seedWorld, WorldPerson } from './world';

/**
 * The sender's answers to Teams, on a clock the test moves: 429 waits exactly Retry-After, 403
 * ends `blocked`, 404 `not_found`, 502 is retried with back-off and ends `failed` after the last
 * attempt; a `sent` recipient is not sent again when the sender runs once more.
 */

const START = Date.parse('2026-12-01T08:00:00Z');
let clock: ManualClock;
let connector: LimitsConnector;
let app: App;
let dir: string;
let people: WorldPerson[];

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function recipient(campaignId: string, p: WorldPerson): Promise<RecipientDoc> {
  const doc = await reminderDocs(app.deps.store).recipients.get(campaignId, `${p.tenantId}:${p.userKey}`);
  return doc!.value;
}

beforeEach(async () => {
  clock = new ManualClock(START);
  connector = new LimitsConnector();
  await connector.start();
  dir = tempDataDir();
  app = await buildApp(
    loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', REMINDER_MAX_ATTEMPTS: '3', REMINDER_PROGRESS_MS: '5000' }),
    { logger: createLogger('silent'), clock },
  );
  people = await seedWorld(app.deps.store, connector, { tenants: 1, perTenant: 3 });
});

afterEach(async () => {
  await app.close();
  await connector.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a 429 waits exactly its Retry-After; then the card goes out once', async () => {
  const [a] = people;
  connector.force(a.conversationId, { status: 429, retryAfter: 7 });
  const campaign = await app.deps.reminders.create({ template: 'overdue', audience: `tenants:${a.tenantId}`, origin: { kind: 'cli' } });
  const throttled = await until('the 429', async () => {
    const r = await recipient(campaign.id, a);
    return r.lastStatus === 429 && !r.sending ? r : undefined;
  });
  expect(throttled.state).toBe('pending');
  expect(throttled.attempts).toBe(1);
  expect(Date.parse(throttled.notBefore!)).toBe(START + 7000);
  // The whole tenant waits: the other two are not sent before the Retry-After either.
  await clock.advance(6999);
  expect(connector.deliveries.get(a.conversationId)).toBeUndefined();
  await clock.advance(1);
  const sent = await until('the retry', async () => {
    await clock.advance(250);
    const r = await recipient(campaign.id, a);
    return r.state === 'sent' ? r : undefined;
  });
  expect(sent.attempts).toBe(2);
  expect(sent.activityId).toBeDefined();
  expect(connector.deliveries.get(a.conversationId)).toHaveLength(1);
  const counts = await until('done', async () => {
    await clock.advance(250);
    const c = await app.deps.reminders.counts(campaign.id);
    return c.done ? c : undefined;
  });
  expect(counts).toMatchObject({ sent: 3, pending: 0, failed: 0 });
  expect((await app.deps.reminders.get(campaign.id))?.status).toBe('done');
  expect(connector.stats.violations).toBe(0);
});

test('403 ends blocked, 404 not_found, 502 on every attempt failed with its status; nothing is sent twice', async () => {
  const [a, b, c] = people;
  connector.force(a.conversationId, { status: 403 });
  connector.force(b.conversationId, { status: 404 });
  connector.force(c.conversationId, { status: 502 }, { status: 502 }, { status: 502 });
  const campaign = await app.deps.reminders.create({ template: 'final-notice', audience: 'all', origin: { kind: 'cli' } });
  const counts = await until('every recipient final', async () => {
    await clock.advance(5000);
    const n = await app.deps.reminders.counts(campaign.id);
    return n.done ? n : undefined;
  });
  expect(counts).toMatchObject({ sent: 0, blocked: 1, not_found: 1, failed: 1, pending: 0 });
  expect(await recipient(campaign.id, a)).toMatchObject({ state: 'blocked', lastStatus: 403, attempts: 1 });
  expect(await recipient(campaign.id, b)).toMatchObject({ state: 'not_found', lastStatus: 404, attempts: 1 });
  expect(await recipient(campaign.id, c)).toMatchObject({ state: 'failed', lastStatus: 502, attempts: 3 });
  expect(connector.stats.accepted).toBe(0);
});

test('running a finished campaign again sends nothing', async () => {
  const campaign = await app.deps.reminders.create({ template: 'payment-due', audience: 'all', origin: { kind: 'cli' } });
  await until('done', async () => {
    await clock.advance(500);
    return (await app.deps.reminders.counts(campaign.id)).done ? true : undefined;
  });
  const before = connector.stats.requests;
  expect(connector.stats.accepted).toBe(3);
  await app.reminders!.sender.run(campaign.id);
  expect(connector.stats.requests).toBe(before);
  expect(connector.duplicates()).toEqual([]);
});

test('two instances on one store: the campaign has one sender, each person gets one card', async () => {
  const other = await buildApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
    logger: createLogger('silent'),
    clock,
  });
  try {
    const campaign = await app.deps.reminders.create({ template: 'overdue', audience: 'all', origin: { kind: 'cli' } });
    // Both look at the same moment; the lease lets one send.
    await Promise.all([app.reminders!.scheduler.tick(), other.reminders!.scheduler.tick()]);
    await until('done', async () => {
      await clock.advance(500);
      return (await app.deps.reminders.counts(campaign.id)).done ? true : undefined;
    });
    for (const p of people) expect(connector.deliveries.get(p.conversationId)).toHaveLength(1);
    expect(connector.stats.requests).toBe(3);
  } finally {
    await other.close();
  }
});

test('a scheduled campaign starts at its time, also after a restart', async () => {
  const sendAt = new Date(START + 3600_000).toISOString();
  const campaign = await app.deps.reminders.create({ template: 'payment-due', audience: 'all', sendAt, origin: { kind: 'cli' } });
  expect(campaign.status).toBe('scheduled');
  await app.reminders!.scheduler.tick();
  await clock.advance(3600_000 - 1000);
  await app.reminders!.scheduler.tick();
  expect(connector.stats.requests).toBe(0);
  // Restart: a new app on the same store finds the campaign and starts it at its time.
  await app.close();
  app = await buildApp(loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent' }), { logger: createLogger('silent'), clock });
  await clock.advance(1000);
  await until('sent at its time', async () => {
    await app.reminders!.scheduler.tick();
    await clock.advance(250);
    return (await app.deps.reminders.counts(campaign.id)).done ? true : undefined;
  });
  expect(connector.stats.accepted).toBe(3);
  expect((await app.deps.reminders.get(campaign.id))?.status).toBe('done');
});
