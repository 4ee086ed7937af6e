/**
 * The tab's reminder calls in local mode against the real bot (SQLite, the local connector), with
 * customers whose people installed the app: the preview counts and draws the bot's own reminder
 * card per language; sending is idempotent per request id and the campaign goes out and reaches
 * done; recipients come in pages; the export is the CLI's CSV; cancel stops a scheduled campaign.
 * Anyone without the billing-admin (or admin) role is refused and nothing changes; bad input is a
 * 400 with a worded message and writes nothing. The admins' dashboard shows the campaigns' delivery
 * and acknowledgement rates.
 */
import { AGENT_ID, ADMIN_ID, BotUnderTest, people } from '../harness/bot';
import { exportCsv } from '../../bot/reminders/export';
import type {
  CampaignExport,
  CampaignsResponse,
  DashboardData,
  RecipientsResponse,
  ReminderActionResponse,
  ReminderOptions,
  ReminderPreview,
  TabCampaign,
  TabMe,
} from '../../bot/tab/types';
import { billing, click, englishCustomer, reminderSentTo, startReminderBot, turkishCustomer } from '../protocol/reminderFlow';
import { findAction } from '../protocol/ticketFlow';

jest.setTimeout(60_000);

let bot: BotUnderTest;
beforeAll(async () => {
  bot = await startReminderBot();
});
afterAll(async () => {
  await bot?.stop();
});

async function tab(path: string, as: string | undefined, init: { body?: unknown; lang?: string } = {}) {
  const headers: Record<string, string> = { 'accept-language': init.lang ?? 'en' };
  if (as) headers['x-local-identity'] = as;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${bot.server.url}/api/tab/${path}`, {
    method: init.body !== undefined ? 'POST' : 'GET',
    headers,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const BILLING = billing.aadObjectId;
const overdue = { template: 'overdue', audience: 'status:overdue' };
const campaignCount = async () => (await bot.app.deps.reminders.list(500)).length;

async function waitDone(id: string): Promise<TabCampaign> {
  for (;;) {
    const r = await tab(`reminders/${id}`, BILLING);
    expect(r.status).toBe(200);
    const c = r.body as TabCampaign;
    if (c.counts.done && c.status !== 'sending') return c;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a billing admin may compose; the options are the contract templates and languages', async () => {
  const me = (await tab('me', BILLING)).body as TabMe;
  expect(me).toMatchObject({ canSendReminders: true, canWork: false });
  expect(((await tab('me', AGENT_ID)).body as TabMe).canSendReminders).toBe(false);
  expect(((await tab('me', ADMIN_ID)).body as TabMe).canSendReminders).toBe(true);
  const options = (await tab('reminders/options', BILLING)).body as ReminderOptions;
  expect(options.templates).toEqual(['payment-due', 'overdue', 'final-notice', 'suspension-warning', 'suspended', 'reactivated']);
  expect(options.languages).toEqual(['en', 'tr']);
});

test('the preview counts customers and reachable people and carries the bot\u2019s card for each language', async () => {
  const r = await tab('reminders/preview', BILLING, { body: { ...overdue, note: { en: 'Thanks!', tr: 'Teşekkürler!' } } });
  expect(r.status).toBe(200);
  const p = r.body as ReminderPreview;
  expect(p).toMatchObject({ customers: 3, recipients: 2, unreachable: ['Ege Tekstil'], languages: ['en', 'tr'] });
  expect(p.samples.map((s) => s.lang)).toEqual(['en', 'tr']);
  const [en, tr] = p.samples.map((s) => JSON.stringify(s.card));
  expect(p.samples[0].card.type).toBe('AdaptiveCard');
  expect(en).toContain(p.sampleCompany);
  expect(en).toContain('Thanks!');
  expect(tr).toContain('Teşekkürler!');
  // The card the sender sends: its buttons carry the reader's language.
  expect(tr).toContain('"lang":"tr"');
  expect(await campaignCount()).toBe(0);
});

test('staff without the role, customers and people of another tenant are refused, and nothing changes', async () => {
  const calls: [string, unknown][] = [
    ['reminders/options', undefined],
    ['reminders/preview', overdue],
    ['reminders', undefined],
    ['reminders', { ...overdue, requestId: 'agent-try-0001' }],
    ['reminders/r000000000000001', undefined],
    ['reminders/r000000000000001/recipients', undefined],
    ['reminders/r000000000000001/export', undefined],
    ['reminders/r000000000000001/cancel', {}],
  ];
  for (const [path, body] of calls) {
    expect([path, (await tab(path, AGENT_ID, { body })).status]).toEqual([path, 403]);
    for (const outsider of [turkishCustomer.aadObjectId, englishCustomer.aadObjectId, people.customer.aadObjectId, undefined]) {
      expect([path, (await tab(path, outsider, { body })).status]).toEqual([path, 401]);
    }
  }
  expect(await campaignCount()).toBe(0);
});

test('bad input is a 400 with a worded message (in the reader\u2019s language) and writes nothing', async () => {
  const past = new Date(Date.now() - 86_400_000).toISOString();
  const cases: [string, unknown, RegExp][] = [
    ['reminders/preview', { template: 'bogus', audience: 'all' }, /choose one of the reminders/],
    ['reminders/preview', { template: 'overdue', audience: 'status:late' }, /status:late is not an audience/],
    ['reminders/preview', { template: 'overdue', audience: 'tenants:not-a-guid' }, /not an audience/],
    ['reminders', { ...overdue, requestId: 'past-0000001', sendAt: past }, /already passed/],
    ['reminders', { ...overdue, requestId: 'bad-time-001', sendAt: 'tomorrow' }, /YYYY-MM-DD/],
    ['reminders', { ...overdue, requestId: 'long-note-01', note: 'x'.repeat(1001) }, /at most 1000 characters/],
    ['reminders', { ...overdue }, /requestId/],
    ['reminders', { ...overdue, requestId: 'no spaces allowed' }, /requestId/],
    ['reminders', { template: 'overdue', audience: 'tenants:99999999-9999-4999-8999-999999999999', requestId: 'nobody-0001' }, /./],
    ['reminders', [1, 2], /JSON object/],
  ];
  for (const [path, body, message] of cases) {
    const r = await tab(path, BILLING, { body });
    expect([JSON.stringify(body).slice(0, 60), r.status]).toEqual([JSON.stringify(body).slice(0, 60), 400]);
    expect((r.body as { message: string }).message).toMatch(message);
  }
  const tr = await tab('reminders/preview', BILLING, { body: { template: 'bogus', audience: 'all' }, lang: 'tr' });
  expect((tr.body as { message: string }).message).toMatch(/Gönderilmedi|gönderilmedi|seçin/);
  for (const [path, status] of [
    ['reminders/abc', 400],
    ['reminders/r000000000000001', 404],
    ['reminders/r000000000000001/recipients', 404],
    ['reminders/r000000000000001/export', 404],
    ['reminders?limit=0', 400],
    ['reminders?limit=x', 400],
  ] as const) {
    expect([path, (await tab(path, BILLING)).status]).toEqual([path, status]);
  }
  expect((await tab('reminders/r000000000000001/cancel', BILLING, { body: {} })).status).toBe(404);
  expect(await campaignCount()).toBe(0);
});

let sentId = '';

test('send is idempotent per request id; the campaign goes out to both people and reaches done', async () => {
  const body = { ...overdue, requestId: 'compose-0001' };
  const first = await tab('reminders', BILLING, { body });
  expect(first.status).toBe(200);
  const campaign = (first.body as ReminderActionResponse).campaign as TabCampaign;
  expect(campaign).toMatchObject({ template: 'overdue', audience: 'status:overdue', recipients: 2, customers: 3, origin: 'staff' });
  const again = await tab('reminders', BILLING, { body });
  expect((again.body as ReminderActionResponse).campaign?.id).toBe(campaign.id);
  expect(await campaignCount()).toBe(1);
  sentId = campaign.id;
  await reminderSentTo(bot, turkishCustomer, sentId);
  await reminderSentTo(bot, englishCustomer, sentId);
  const done = await waitDone(sentId);
  expect(done).toMatchObject({ status: 'done', counts: { sent: 2, pending: 0, unreachable: 1, done: true } });
  const list = (await tab('reminders', BILLING)).body as CampaignsResponse;
  expect(list.items.map((c) => c.id)).toEqual([sentId]);
  expect(list.items[0].by).toBe('Bilge Billing');
});

test('recipients come one page at a time; the export is the CLI\u2019s CSV; a finished campaign cannot be cancelled', async () => {
  const first = (await tab(`reminders/${sentId}/recipients?limit=1`, BILLING)).body as RecipientsResponse;
  expect(first.items).toHaveLength(1);
  expect(first.next).toBe(first.items[0].id);
  const second = (await tab(`reminders/${sentId}/recipients?limit=1&after=${encodeURIComponent(first.next!)}`, BILLING))
    .body as RecipientsResponse;
  expect(second.items).toHaveLength(1);
  expect(second.next).toBeNull();
  const names = [...first.items, ...second.items].map((r) => r.customerName).sort();
  expect(names).toEqual(['Anadolu Lojistik A.Ş.', 'Contoso Retail Ltd']);
  expect([...first.items, ...second.items].every((r) => r.state === 'sent')).toBe(true);

  const exported = (await tab(`reminders/${sentId}/export`, BILLING)).body as CampaignExport;
  expect(exported.filename).toBe(`reminders-${sentId}.csv`);
  expect(exported.csv).toBe(exportCsv(await bot.app.deps.reminders.recipientDocs(sentId)));
  expect(exported.csv.split('\n')[0]).toBe('tenantId,customer,recipient,locale,state,attempts,lastStatus,sentAt,ack,ackAt');

  const cancel = await tab(`reminders/${sentId}/cancel`, BILLING, { body: {} });
  expect(cancel.status).toBe(409);
  expect((cancel.body as ReminderActionResponse).message).toMatch(/already finished/);
  expect((cancel.body as ReminderActionResponse).campaign?.status).toBe('done');
});

test('a scheduled campaign is cancelled from the tab: nothing is sent and every recipient ends cancelled', async () => {
  const sendAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const r = await tab('reminders', BILLING, { body: { ...overdue, template: 'final-notice', requestId: 'schedule-0001', sendAt } });
  const campaign = (r.body as ReminderActionResponse).campaign as TabCampaign;
  expect(campaign.status).toBe('scheduled');
  expect(campaign.counts.estimatedFinish).not.toBeNull();
  const cancel = await tab(`reminders/${campaign.id}/cancel`, ADMIN_ID, { body: {} });
  expect(cancel.status).toBe(200);
  const after = await waitDone(campaign.id);
  expect(after).toMatchObject({ status: 'cancelled', counts: { cancelled: 2, sent: 0, pending: 0 } });
  expect(bot.connector.sent.some((s) => JSON.stringify(s.body).includes(campaign.id))).toBe(false);
});

test('the dashboard (admins only) shows each campaign\u2019s delivery and acknowledgement rates', async () => {
  const { card } = await reminderSentTo(bot, englishCustomer, sentId);
  const data = findAction(card, 'reminder.ack');
  expect(data).toBeDefined();
  const ack = await bot.send(click(englishCustomer, 'reminder.ack', { ...data, lang: 'en' }, { locale: 'en-GB' }));
  expect(ack.status).toBe(200);
  expect((await tab('dashboard', BILLING)).status).toBe(403);
  const d = (await tab('dashboard', ADMIN_ID)).body as DashboardData;
  // Newest first: the cancelled one (nothing settled, so no rates), then the one that went out.
  expect(d.campaigns).toEqual([
    expect.objectContaining({ template: 'final-notice', status: 'cancelled', recipients: 2, sent: 0, notDelivered: 0, pending: 0 }),
    expect.objectContaining({ id: sentId, template: 'overdue', status: 'done', recipients: 2, sent: 2, notDelivered: 0, acknowledged: 1 }),
  ]);
  expect(d.campaigns.map((c) => [c.deliveryRate, c.acknowledgementRate])).toEqual([
    [null, null],
    [1, 0.5],
  ]);
});
