/**
 * Ticket rules over the real protocol, on SQLite: idempotency, races, forged verbs, bad input,
 * coalescing of card updates, a restart, and tickets waiting for an escalation channel.
 */
import { HoldableClock } from '../helpers/manualClock';
import { rmSync } from 'node:fs';
import { Ticket } from '../../bot/tickets/domain/model';
import { ADMIN_ID, BotUnderTest, cardAction, CUSTOMER_TENANT, message, people, Person, startBot, textOf } from '../harness/bot';
import { tempDataDir } from '../helpers/stores';
import {
  Json,
  englishCustomer,
  agent2,
  CHANNEL,
  ENV,
  findAction,
  invokeCard,
  isThreadPost,
  threadCard,
  sentCard,
  waitSent,
  setUpChannel,
  askUntilOffer,
  storedTicket,
  seedCustomers,
} from './ticketFlow';

describe('tickets on SQLite: idempotency, authorization, validation, coalescing, restart', () => {
  let bot: BotUnderTest;
  let dataDir: string;
  const clock = new HoldableClock();

  beforeAll(async () => {
    dataDir = tempDataDir();
    bot = await startBot(ENV, dataDir, clock);
    await seedCustomers(bot);
    await setUpChannel(bot);
  });

  afterAll(async () => {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openTicket(who: Person = people.customer, locale = 'tr-TR'): Promise<{ number: number; data: Json }> {
    // The question in the client's language: Turkish words are answered in Turkish whatever the locale.
    const question = locale.startsWith('tr')
      ? 'Aboneliğimi iptal etmek istiyorum, iade alabilir miyim?'
      : 'I want to cancel my subscription, can I get a refund?';
    const draft = await askUntilOffer(bot, who, locale, question);
    const created = await bot.send(cardAction(who, 'ticket.create', draft, { locale }));
    const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
    const doc = (await bot.app.deps.tickets.byNumber(number))!;
    // The new ticket's thread is posted in the background and written back to the ticket: wait
    // for it, so what a test reads next is not raced by the delivery.
    await bot.app.deps.ticketDelivery.idle();
    return { number, data: { tenantId: doc.pk, ticketId: doc.id, number } };
  }

  test('a redelivered create (same activity) and a double-click (new ids, at once) open one ticket', async () => {
    const draft = await askUntilOffer(bot, people.customer, 'tr-TR', 'Faturamda KDV neden bu kadar yüksek?');
    const activity = cardAction(people.customer, 'ticket.create', draft, { locale: 'tr-TR' });
    const first = await bot.send(activity);
    const redelivered = await bot.send(activity);
    const clicks = await Promise.all(
      [0, 1, 2].map(() => bot.send(cardAction(people.customer, 'ticket.create', draft, { locale: 'tr-TR' }))),
    );
    const numbers = [first, redelivered, ...clicks].map((r) => /#(\d+)/.exec(textOf(invokeCard(r.body)))?.[1]);
    expect(new Set(numbers).size).toBe(1);
    const all = await bot.app.deps.store
      .collection<Ticket>('tickets')
      .find(CUSTOMER_TENANT, { where: { draftKey: draft.draftId as string } });
    expect(all).toHaveLength(1);
    await bot.app.deps.ticketDelivery.idle();
    expect(bot.connector.sent.filter((s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${numbers[0]} ·`))).toHaveLength(1);
    // The next ticket takes the next number: nothing was burned by the repeats.
    const next = await openTicket();
    expect(next.number).toBe(Number(numbers[0]) + 1);
  });

  // Changed on purpose (#9, item 5): the typed words offer a ticket (question prefilled, editable); the offer's button opens it.
  test('"talk to a person" typed in English or Turkish (with or without Turkish letters) offers a ticket about the last question', async () => {
    const openFromOffer = async (who: Person, locale: string, typed: string) => {
      const r = await bot.send(message(who, typed, { locale }));
      const offer = r.replies.map((x) => sentCard(x)).find((c) => c && findAction(c, 'ticket.create'));
      expect(offer).toBeDefined();
      const input = (offer!.body as Json[]).find((b) => b.id === 'description');
      return bot.send(cardAction(who, 'ticket.create', { ...findAction(offer, 'ticket.create'), description: input?.value }, { locale }));
    };
    for (const [who, locale, asked, typed, expected] of [
      [englishCustomer, 'en-US', 'Why was I charged twice for the same licence?', 'I want to talk to a person', /Ticket #(\d+) is open/],
      [
        people.customer,
        'tr-TR',
        'Aynı lisans için neden iki kez ücret alındı?',
        'Bir temsilciyle görüşmek istiyorum',
        /#(\d+) numaralı talebiniz açıldı/,
      ],
    ] as const) {
      await bot.send(message(who, asked, { locale }));
      const r = await openFromOffer(who, locale, typed);
      const text = textOf(invokeCard(r.body));
      const number = Number(expected.exec(text)?.[1]);
      expect(number).toBeGreaterThan(0);
      const stored = await storedTicket(bot, number);
      expect(stored.source).toBe('typed');
      expect(stored.question).toContain(asked);
      // Typed again soon after (or Teams retrying with a new id): the same open ticket, not a second one.
      const again = await openFromOffer(who, locale, typed);
      expect(textOf(invokeCard(again.body))).toContain(`#${number}`);
      expect(await bot.app.deps.tickets.byNumber(number + 1)).toBeUndefined();
    }
    const plain = await openFromOffer(people.customer, 'tr-TR', 'bir temsilciyle gorusmek istiyorum');
    expect(textOf(invokeCard(plain.body))).toMatch(/#\d+/);
  });

  test('"my tickets" / "taleplerim" lists the customer’s tickets with their status', async () => {
    const { number } = await openTicket(englishCustomer, 'en-US');
    const en = await bot.send(message(englishCustomer, 'my tickets', { locale: 'en-US' }));
    const enText = textOf(en.replies[0].body);
    expect(enText).toContain('Your tickets');
    expect(enText).toContain(`#${number} · New`);
    const tr = await bot.send(message(people.customer, 'Taleplerim', { locale: 'tr-TR' }));
    const trText = textOf(tr.replies[0].body);
    expect(trText).toContain('Talepleriniz');
    expect(trText).not.toContain(`#${number} ·`); // another customer's ticket
  });

  test('forged verbs from a customer, another tenant and an unknown tenant are refused, change nothing, and are audited (the requester’s in the ticket, outsiders’ in the security log)', async () => {
    const { number, data } = await openTicket();
    const before = await storedTicket(bot, number);
    const forgers: [Person, string, Json][] = [
      [people.customer, 'ticket.claim', data],
      [people.customer, 'ticket.resolve', { ...data, resolution: 'I resolved it myself' }],
      [englishCustomer, 'ticket.reply', { ...data, message: 'hi' }],
      [people.stranger, 'ticket.assign', { ...data, assignee: people.stranger.aadObjectId }],
      [people.stranger, 'ticket.escalateMicrosoft', { ...data, route: 'commercial', plan: '', severity: 'A', caseNumber: '123456' }],
      [people.stranger, 'ticket.reopen', data],
      [englishCustomer, 'ticket.rate', { ...data, rating: 1 }],
      [people.stranger, 'ticket.claim', { number }],
    ];
    for (const [who, verb, payload] of forgers) {
      const r = await bot.send(cardAction(who, verb, payload, { locale: 'en-US' }));
      expect(r.status).toBe(200);
      expect(textOf(invokeCard(r.body))).toContain('not allowed');
    }
    const staffTry = await bot.send(cardAction(people.staff, 'ticket.claim', data, CHANNEL));
    expect(textOf(invokeCard(staffTry.body))).toContain('needs the helpdesk agent or admin role');
    await bot.app.deps.ticketDelivery.idle();
    const after = await storedTicket(bot, number);
    const { audit, ...rest } = after;
    const { audit: auditBefore, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    const refused = audit.slice(auditBefore.length);
    // The requester is one of the ticket's parties: their two forged agent verbs are its history.
    // Everyone else is outside it (another tenant, an unknown tenant, staff without a ticket role):
    // counted in the security log, so they cannot crowd the ticket's audit out.
    expect(refused).toHaveLength(2);
    expect(refused.every((a) => a.outcome === 'refused' && a.reason === 'forbidden')).toBe(true);
    expect(refused.map((a) => a.by.id)).toEqual([people.customer.aadObjectId, people.customer.aadObjectId]);
    const logged = async (pk: string, id: string) =>
      (await bot.app.deps.tickets.security.entries(pk)).filter((e) => e.value.sender.id === id).reduce((n, e) => n + e.value.total, 0);
    expect(await logged(people.stranger.tenantId, people.stranger.aadObjectId)).toBe(4);
    expect(await logged(englishCustomer.tenantId, englishCustomer.aadObjectId)).toBe(2);
    expect(await logged('partner', people.staff.aadObjectId)).toBe(1);

    // An unknown tenant cannot open a ticket at all.
    const strangerCreate = await bot.send(
      cardAction(people.stranger, 'ticket.create', {
        draftId: 'd-forged-000001',
        question: 'x',
        product: 'azure',
        topic: 'invoice',
        section: null,
      }),
    );
    expect(textOf(invokeCard(strangerCreate.body))).toContain('only our own customers');
    expect(await bot.app.deps.store.collection<Ticket>('tickets').find(people.stranger.tenantId)).toEqual([]);
  });

  test('malformed and oversized card input gets a clear localized message and changes nothing', async () => {
    const { number, data } = await openTicket();
    const before = await storedTicket(bot, number);
    const cases: [string, Json, string, string][] = [
      ['ticket.reply', { ...data, message: 'x'.repeat(2001) }, 'en-US', 'too long'],
      ['ticket.reply', { ...data, message: '   ' }, 'tr-TR', 'Lütfen müşteriye bir mesaj yazın'],
      ['ticket.reply', { ...data, message: { nested: true } }, 'en-US', 'write a message'],
      ['ticket.assign', { ...data, assignee: people.customer.aadObjectId }, 'en-US', 'not a helpdesk agent'],
      ['ticket.assign', { ...data, assignee: '' }, 'en-US', 'choose the agent'],
      [
        'ticket.escalateMicrosoft',
        { ...data, route: 'technical', plan: '', severity: 'A', caseNumber: '123456' },
        'en-US',
        'needs the support plan',
      ],
      [
        'ticket.escalateMicrosoft',
        { ...data, route: 'commercial', plan: '', severity: 'Z', caseNumber: '123456' },
        'tr-TR',
        'A, B ya da C',
      ],
      [
        'ticket.escalateMicrosoft',
        { ...data, route: 'legal', plan: '', severity: 'A', caseNumber: '123456' },
        'en-US',
        'commercial or technical',
      ],
      [
        'ticket.escalateMicrosoft',
        { ...data, route: 'commercial', plan: '', severity: 'A', caseNumber: '<script>' },
        'en-US',
        "Microsoft's case number",
      ],
      ['ticket.resolve', { ...data, resolution: 'y'.repeat(2001) }, 'en-US', 'at most 2000 characters'],
      ['ticket.claim', { tenantId: '../../etc', ticketId: 'x' }, 'en-US', "couldn't tell which ticket"],
      ['ticket.claim', { number: 99999 }, 'en-US', "couldn't find that ticket"],
    ];
    for (const [verb, payload, locale, expected] of cases) {
      const r = await bot.send(cardAction(people.agent, verb, payload, { ...CHANNEL, locale }));
      expect(r.status).toBe(200);
      expect(textOf(invokeCard(r.body))).toContain(expected);
    }
    await bot.app.deps.ticketDelivery.idle();
    const after = await storedTicket(bot, number);
    expect(after).toEqual(before);
  });

  test('escalation to Microsoft: recorded with route, plan, severity and case; SLA paused; the customer is told', async () => {
    const { number, data } = await openTicket(englishCustomer, 'en-US');
    const r = await bot.send(
      cardAction(
        agent2,
        'ticket.escalateMicrosoft',
        { ...data, route: 'technical', plan: 'signature', severity: 'b', caseNumber: '2611240010000777' },
        CHANNEL,
      ),
    );
    expect(textOf(invokeCard(r.body))).toContain('Signature Cloud Support');
    const t = await storedTicket(bot, number);
    expect(t).toMatchObject({
      status: 'waitingOnMicrosoft',
      slaDueAt: null,
      microsoft: { route: 'technical', plan: 'signature', severity: 'B', caseNumber: '2611240010000777' },
      assignee: { id: agent2.aadObjectId },
    });
    expect(Date.parse(t.microsoft!.expectedResponseBy!) - Date.parse(t.microsoft!.escalatedAt)).toBe(4 * 3_600_000);
    const told = await waitSent(bot, 'the Microsoft notice', (s) =>
      textOf(s.body).includes(`We have taken ticket #${number} to Microsoft`),
    );
    expect(textOf(told.body)).toContain('about 4 hours');
  });

  test('assign to another agent; a burst of changes is coalesced into fewer card updates, the last one showing the latest state', async () => {
    const { number, data } = await openTicket();
    await bot.app.deps.ticketDelivery.idle();
    const rootId = bot.connector.sent.find((s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${number} ·`))!.activityId;
    const before = bot.connector.sent.length;
    // Held time: the three changes fall into one coalescing window however slow the machine is.
    clock.hold();
    await bot.send(cardAction(people.agent, 'ticket.claim', data, CHANNEL));
    const assign = await bot.send(cardAction(people.agent, 'ticket.assign', { ...data, assignee: agent2.aadObjectId }, CHANNEL));
    expect(textOf(invokeCard(assign.body))).toContain(`#${number} is now assigned to ${agent2.name}`);
    await bot.send(
      cardAction(
        agent2,
        'ticket.escalateMicrosoft',
        { ...data, route: 'commercial', plan: '', severity: 'C', caseNumber: 'CASE-0001' },
        CHANNEL,
      ),
    );
    clock.release();
    await bot.app.deps.ticketDelivery.idle();
    const puts = bot.connector.sent.slice(before).filter((s) => s.method === 'PUT' && s.activityId === rootId);
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(puts.length).toBeLessThan(3);
    const last = textOf(puts[puts.length - 1].body);
    expect(last).toContain('Waiting on Microsoft');
    expect(last).toContain(agent2.name);
    expect(last).toContain('CASE-0001');
  });

  test('queue and ticket <n> show the open tickets and one ticket with its history; customers cannot run them', async () => {
    const { number } = await openTicket();
    const q = await bot.send(message(people.agent, 'queue'));
    const qText = textOf(q.replies[0].body);
    expect(qText).toMatch(/Open tickets \(\d+\)/);
    expect(qText).toContain(`#${number} ·`);
    const tr = await bot.send(message(people.agent, `talep #${number}`, { locale: 'tr-TR' }));
    const trText = textOf(tr.replies[0].body);
    expect(trText).toContain(`#${number} · Anadolu Lojistik`);
    expect(trText).toContain('Geçmiş');
    expect(findAction(sentCard(tr.replies[0]), 'ticket.claim')).toBeDefined();
    const missing = await bot.send(message(people.agent, 'ticket 98765'));
    expect(textOf(missing.replies[0].body)).toContain('There is no ticket #98765');
    const noRole = await bot.send(message(people.staff, 'queue'));
    expect(textOf(noRole.replies[0].body)).toContain('needs one of these roles');
  });

  test('customer reopens within the window from the rating card; the channel hears of it', async () => {
    const { number, data } = await openTicket(englishCustomer, 'en-US');
    await bot.send(cardAction(people.agent, 'ticket.resolve', { ...data, resolution: '' }, CHANNEL));
    const r = await bot.send(cardAction(englishCustomer, 'ticket.reopen', data, { locale: 'en-US' }));
    expect(textOf(invokeCard(r.body))).toContain(`Ticket #${number} is open again`);
    // Resolving an unassigned ticket made the resolver its assignee, so it comes back assigned.
    expect((await storedTicket(bot, number)).status).toBe('assigned');
    await waitSent(bot, 'the reopen note', (s) => textOf(s.body).includes(`reopened #${number}`));
  });

  test('a restart on the same DATA_DIR keeps every ticket, and numbers go on', async () => {
    const { number } = await openTicket();
    await bot.app.deps.ticketDelivery.idle();
    const all = (await bot.app.deps.store.collection<Ticket>('tickets').find(undefined))
      .map((d) => d.value)
      .filter((t) => t.number !== undefined);
    await bot.stop();
    bot = await startBot(ENV, dataDir);
    const again = (await bot.app.deps.store.collection<Ticket>('tickets').find(undefined))
      .map((d) => d.value)
      .filter((t) => t.number !== undefined);
    expect(again).toEqual(all);
    const shown = await bot.send(message(people.agent, `ticket ${number}`));
    expect(textOf(shown.replies[0].body)).toContain(`#${number} · Anadolu Lojistik`);
    const next = await openTicket();
    expect(next.number).toBe(Math.max(...all.map((t) => t.number)) + 1);
  });
});

describe('without an escalation channel', () => {
  test('admins are told in 1:1 that a ticket waits; setting the channel later posts it', async () => {
    const bot = await startBot(ENV);
    try {
      await seedCustomers(bot);
      await bot.send(message(people.admin, 'help')); // the bot knows where to reach the admin
      const draft = await askUntilOffer(bot, englishCustomer, 'en-US', 'I want to talk about a refund for a cancelled licence');
      const created = await bot.send(cardAction(englishCustomer, 'ticket.create', draft, { locale: 'en-US' }));
      const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
      const toldAdmin = await waitSent(
        bot,
        'the admin notice',
        (s) => s.conversationId === `a:1on1-${ADMIN_ID.slice(0, 8)}` && textOf(s.body).includes(`Ticket #${number}`),
      );
      expect(textOf(toldAdmin.body)).toContain('setup escalations');
      expect(bot.connector.sent.some(isThreadPost)).toBe(false);
      await bot.send(message(people.admin, 'setup escalations', CHANNEL));
      const post = await waitSent(bot, 'the late thread post', (s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${number} ·`));
      expect(post).toBeDefined();
    } finally {
      await bot.stop();
    }
  });
});
