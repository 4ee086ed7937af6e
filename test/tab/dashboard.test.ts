/**
 * The dashboard's figures from the real services on both stores, with time moved by hand: tickets
 * opened, answered, resolved and rated on chosen days (Europe/Istanbul, the partner's zone, opening
 * 09:00–18:00 on weekdays), answers and verdicts recorded where the bot records them. Every figure is
 * an exact number worked out by hand below; tickets and answers outside the 30-day window are not
 * counted; no customer's data (tenant, person) reaches the answer.
 */
import { answerStats } from '../../bot/conversation/answerStats';
import { CustomerDirectory } from '../../bot/customers/directory';
import { loadTerms, businessHours } from '../../bot/knowledge/terms';
import { UserService } from '../../bot/platform/teams/users';
import { ReminderService } from '../../bot/reminders/service';
import { dashboardData, READ_STEPS, windowDays } from '../../bot/tab/dashboard';
import { businessClock } from '../../bot/tickets/domain/sla';
import type { Actor, Command, TicketRef } from '../../bot/tickets/domain/model';
import { TicketService } from '../../bot/tickets/service';
import { ManualClock } from '../helpers/manualClock';
import { OpenedStore, storeKinds } from '../helpers/stores';

const terms = loadTerms();
const hours = businessHours(terms);
const TENANT_A = '55555555-5555-4555-8555-555555555555';
const TENANT_B = '22222222-2222-4222-8222-222222222222';
const agent: Actor = { kind: 'staff', id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Ali Agent', roles: ['helpdesk-agent'] };
/** Istanbul is UTC+3 all year: 10:00 local is 07:00Z. */
const at = (date: string, hhmm: string) => Date.parse(`${date}T${hhmm}:00+03:00`);

describe.each(storeKinds)('dashboard figures ($name)', (kind) => {
  let opened: OpenedStore;
  let clock: ManualClock;
  let tickets: TicketService;
  let reminders: ReminderService;
  let seq = 0;

  beforeAll(async () => {
    opened = await kind.open();
    clock = new ManualClock(at('2026-10-01', '10:00'));
    const { store } = opened;
    tickets = new TicketService(store, {
      clock: businessClock(hours),
      targets: { high: 2, normal: 8, low: 24 },
      reopenWindowDays: 14,
      now: () => new Date(clock.now()),
    });
    reminders = new ReminderService({
      store,
      customers: new CustomerDirectory(store),
      users: new UserService(store),
      terms,
      clock,
      defaultLocale: 'en-US',
      timeZone: 'Europe/Istanbul',
    });
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  const to = (date: string, hhmm: string) => clock.advance(at(date, hhmm) - clock.now());
  const customerOf = (tenantId: string, n: number) => ({ tenantId, id: `eeeeeeee-0000-4000-8000-${String(n).padStart(12, '0')}` });

  async function open(tenantId: string): Promise<TicketRef & { requester: string }> {
    const n = ++seq;
    const who = customerOf(tenantId, n);
    const { ticket } = await tickets.open({
      tenantId,
      customerName: `Customer ${n}`,
      requester: { id: who.id, name: `Person ${n}` },
      draftKey: `draft-${n}`,
      source: 'offer',
      question: 'Where can I download my invoice?',
      section: 'invoices',
      locale: 'en',
    });
    expect(ticket.value.priority).toBe('normal');
    return { tenantId, id: ticket.id, requester: who.id };
  }
  async function act(ref: TicketRef, command: Command, actor: Actor = agent) {
    const r = await tickets.act(ref, actor, command);
    expect(r).toMatchObject({ ok: true, changed: true });
  }
  const rate = (ref: TicketRef & { requester: string }, rating: number) =>
    act(ref, { verb: 'rate', rating, comment: null }, { kind: 'customer', tenantId: ref.tenantId, id: ref.requester });

  test('tickets per day, SLA attainment, CSAT and sections over the last 30 days, exactly', async () => {
    // Before the window (it starts on 28 October): opened on 1 October, resolved in the window.
    const t0 = await open(TENANT_A);
    await to('2026-11-23', '10:00'); // Monday
    const t1 = await open(TENANT_A);
    await to('2026-11-23', '11:00');
    const t2 = await open(TENANT_B); // due after 8 business hours: Tuesday 10:00
    await act(t1, { verb: 'reply', message: 'Here is the link.' }); // first response in 1 h: met
    await to('2026-11-23', '12:00');
    await act(t1, { verb: 'resolve', resolution: 'Sent the link.' });
    await rate(t1, 5);
    await to('2026-11-24', '10:00');
    await act(t0, { verb: 'resolve', resolution: 'Late.' }); // breached long ago: resolution missed
    await rate(t0, 4);
    const t3 = await open(TENANT_A);
    await to('2026-11-24', '10:30');
    await act(t3, { verb: 'resolve', resolution: 'Done at once.' }); // resolving is the first response: met, met
    await to('2026-11-25', '09:30');
    const t4 = await open(TENANT_B); // due Wednesday 17:30, never answered: missed, missed
    await to('2026-11-25', '10:00');
    await act(t2, { verb: 'reply', message: 'Sorry for the wait.' }); // a day late: first response missed, clock breached
    await to('2026-11-25', '12:00');
    await act(t2, { verb: 'resolve', resolution: 'Fixed.' });
    await rate(t2, 2);
    await to('2026-11-26', '11:00');
    const t5 = await open(TENANT_A); // due Thursday 19:00 business time later: pending, pending
    expect([t4, t5].every(Boolean)).toBe(true);

    // Answers and verdicts where the bot records them: one outside the window, two tenants.
    const stats = answerStats(opened.store);
    const a = { tenantId: TENANT_A, userKey: customerOf(TENANT_A, 90).id };
    const b = { tenantId: TENANT_B, userKey: customerOf(TENANT_B, 91).id };
    await stats.shown(a, 'm0', 'invoices', new Date(at('2026-10-20', '10:00')));
    expect(await stats.feedback(a, 'm0', 'invoices', true, new Date(at('2026-10-20', '10:01')))).toBe(true);
    await stats.shown(a, 'm1', 'invoices', new Date(at('2026-11-20', '10:00')));
    await stats.shown(a, 'm1', 'invoices', new Date(at('2026-11-20', '10:00'))); // a redelivery: one answer
    await stats.shown(b, 'm2', 'invoices', new Date(at('2026-11-21', '10:00')));
    await stats.shown(b, 'm3', 'invoices', new Date(at('2026-11-22', '10:00')));
    await stats.shown(a, 'm4', 'payment-methods', new Date(at('2026-11-22', '11:00')));
    expect(await stats.feedback(a, 'm1', 'invoices', true, new Date(at('2026-11-20', '10:01')))).toBe(true);
    expect(await stats.feedback(a, 'm1', 'invoices', true, new Date(at('2026-11-20', '10:02')))).toBe(false);
    expect(await stats.feedback(b, 'm2', 'invoices', false, new Date(at('2026-11-21', '10:01')))).toBe(true);
    expect(await stats.feedback(b, 'm2', 'invoices', true, new Date(at('2026-11-21', '10:05')))).toBe(true); // changed its mind
    expect(await stats.feedback(a, 'm4', 'payment-methods', false, new Date(at('2026-11-22', '11:01')))).toBe(true);

    await to('2026-11-26', '12:00');
    const d = await dashboardData({ tickets, store: opened.store, reminders, hours, terms }, new Date(clock.now()), 'en');

    expect(d.timeZone).toBe('Europe/Istanbul');
    expect(d.daily).toHaveLength(30);
    expect(d.daily[0].date).toBe('2026-10-28');
    expect(d.daily.at(-1)?.date).toBe('2026-11-26');
    expect(d.daily.filter((x) => x.opened > 0 || x.resolved > 0)).toEqual([
      { date: '2026-11-23', opened: 2, resolved: 1 },
      { date: '2026-11-24', opened: 1, resolved: 2 },
      { date: '2026-11-25', opened: 1, resolved: 1 },
      { date: '2026-11-26', opened: 1, resolved: 0 },
    ]);
    // First response, tickets opened in the window: t1, t3 met; t2, t4 missed; t5 pending.
    expect(d.sla.firstResponse).toEqual({ met: 2, missed: 2, pending: 1, rate: 0.5 });
    // Resolution: resolved in the window t1, t3 met, t0, t2 missed; open t4 missed (breached), t5 pending.
    expect(d.sla.resolution).toEqual({ met: 2, missed: 3, pending: 1, rate: 0.4 });
    expect(d.csat).toEqual({ average: 3.67, count: 3, distribution: [0, 1, 0, 1, 1] });
    expect(d).toMatchObject({
      openByPriority: { high: 0, normal: 2, low: 0 },
      breached: 1,
      unassigned: 2,
      capped: false,
      windowCapped: false,
    });
    expect(d.sections).toEqual([
      { id: 'invoices', title: terms.documents.en.sections.invoices.title, answers: 3, helpful: 2, notHelpful: 0, helpfulRate: 1 },
      {
        id: 'payment-methods',
        title: terms.documents.en.sections['payment-methods'].title,
        answers: 1,
        helpful: 0,
        notHelpful: 1,
        helpfulRate: 0,
      },
    ]);
    expect(d.campaigns).toEqual([]);
    expect(JSON.stringify(d)).not.toMatch(new RegExp(`${TENANT_A}|${TENANT_B}|eeeeeeee-`));
  });

  test('the window follows the partner\u2019s calendar days, not UTC ones', () => {
    // 00:30 in Istanbul is still the day before in UTC.
    const w = windowDays(new Date(at('2026-11-26', '00:30')), 'Europe/Istanbul');
    expect(w.dates.at(-1)).toBe('2026-11-26');
    expect(w.since.toISOString()).toBe('2026-10-27T21:00:00.000Z');
    expect(READ_STEPS[0]).toBeGreaterThan(0);
  });
});
