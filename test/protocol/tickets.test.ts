/**
 * Tickets over the real protocol: activities in over HTTP to the running bot, everything it sends
 * (replies, new channel threads, proactive messages, card updates) caught by the local connector.
 * The journey runs for an English and a Turkish customer, on SQLite and on the Cosmos-compatible
 * server; races, idempotency, forged verbs, bad input and a restart run on SQLite.
 */
import { HoldableClock } from '../helpers/manualClock';
import { rmSync } from 'node:fs';
import { Ticket } from '../../bot/tickets/domain/model';
import { Sent } from '../harness/connector';
import {
  ADMIN_ID,
  AGENT_ID,
  BotUnderTest,
  cardAction,
  CUSTOMER_TENANT,
  message,
  PARTNER_TENANT,
  people,
  Person,
  startBot,
  textOf,
} from '../harness/bot';
import { startCosmosServer, CosmosTestServer } from '../helpers/cosmosServer';
import { tempDataDir } from '../helpers/stores';

type Json = Record<string, unknown>;

const EN_TENANT = '55555555-5555-4555-8555-555555555555';
const englishCustomer: Person = { aadObjectId: 'eeeeeeee-0000-4000-8000-000000000001', name: 'Emma Brown', tenantId: EN_TENANT };
const agent2: Person = { aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000022', name: 'Bea Agent', tenantId: PARTNER_TENANT };
const racers: Person[] = Array.from({ length: 20 }, (_, i) => ({
  aadObjectId: `bbbbbbbb-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  name: `Racer ${i + 1}`,
  tenantId: PARTNER_TENANT,
}));
const CHANNEL = { conversationType: 'channel' as const };

const ENV = {
  HELPDESK_AGENTS: [AGENT_ID, agent2.aadObjectId, ...racers.map((r) => r.aadObjectId)].join(','),
};

/** The first Action.Execute with this verb anywhere in a card, with its data. */
function findAction(card: unknown, verb: string): Json | undefined {
  let found: Json | undefined;
  const walk = (v: unknown): void => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Json;
    if (o.type === 'Action.Execute' && o.verb === verb) {
      found = (o.data ?? {}) as Json;
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

/** The card of an invoke response. */
function invokeCard(body: unknown): Json {
  const b = body as { statusCode?: number; type?: string; value?: Json };
  expect(b.statusCode).toBe(200);
  expect(b.type).toBe('application/vnd.microsoft.card.adaptive');
  return b.value as Json;
}

function isThreadPost(s: Sent): boolean {
  return s.method === 'POST' && /^\/v3\/conversations\/?$/.test(s.path);
}

function threadCard(s: Sent): Json {
  const activity = s.body.activity as { attachments: { content: Json }[] };
  return activity.attachments[0].content;
}

function sentCard(s: Sent): Json | undefined {
  const atts = s.body.attachments as { content: Json }[] | undefined;
  return atts?.[0]?.content;
}

/** Waits for the bot to send something; on timeout, says what was awaited and what did arrive. */
async function waitSent(bot: BotUnderTest, what: string, predicate: (s: Sent) => boolean): Promise<Sent> {
  try {
    return await bot.connector.waitFor(predicate);
  } catch {
    const seen = bot.connector.sent
      .slice(-8)
      .map((x) => `${x.method} ${x.conversationId}: ${textOf(x.body).slice(0, 160).replace(/\n/g, ' ')}`);
    throw new Error(`nothing arrived: ${what}\nlast sent:\n${seen.join('\n')}`);
  }
}

async function setUpChannel(bot: BotUnderTest): Promise<void> {
  const r = await bot.send(message(people.admin, 'setup escalations', CHANNEL));
  expect(r.status).toBe(200);
  // Agents talk to the bot once, so it knows their names (and their Teams ids for the card refresh).
  for (const a of [people.agent, agent2]) await bot.send(message(a, 'help'));
}

/** Customer asks → answer card → "not helpful" (or no answer) → offer card → the ticket.create data. */
async function askUntilOffer(bot: BotUnderTest, who: Person, locale: string, question: string): Promise<Json> {
  const asked = await bot.send(message(who, question, { locale }));
  expect(asked.status).toBe(200);
  let offer = asked.replies.map((r) => findAction(sentCard(r), 'ticket.create')).find(Boolean);
  if (!offer) {
    const notHelpful = asked.replies.map((r) => findAction(sentCard(r), 'answer.notHelpful')).find(Boolean);
    expect(notHelpful).toBeDefined();
    const fb = await bot.send(cardAction(who, 'answer.notHelpful', notHelpful!, { locale }));
    expect(fb.status).toBe(200);
    offer = fb.replies.map((r) => findAction(sentCard(r), 'ticket.create')).find(Boolean);
    const offerText = fb.replies.map((r) => textOf(r.body)).join('\n');
    expect(offerText).toMatch(locale.startsWith('tr') ? /yanıt alacaksınız/ : /you'll hear from a person by/);
  }
  expect(offer).toMatchObject({ draftId: expect.any(String) });
  return offer!;
}

async function storedTicket(bot: BotUnderTest, number: number): Promise<Ticket> {
  const doc = await bot.app.deps.tickets.byNumber(number);
  expect(doc).toBeDefined();
  return doc!.value;
}

const journeys = [
  {
    lang: 'en',
    who: englishCustomer,
    locale: 'en-GB',
    question: 'Why is my invoice higher this month than last month?',
    expect: {
      confirm: /Ticket #(\d+) is open/,
      due: 'will answer you here by',
      claimed: 'is now handling your ticket #',
      reply: 'replied on ticket #',
      relayed: "I've passed your message to",
      resolved: 'is resolved',
      rateThanks: 'Thank you! You rated',
      microsoft: 'We have taken ticket #',
    },
  },
  {
    lang: 'tr',
    who: people.customer,
    locale: 'tr-TR',
    question: 'Bu ay faturam neden geçen aydan yüksek geldi?',
    expect: {
      confirm: /#(\d+) numaralı talebiniz açıldı/,
      due: 'tarihine kadar buradan yanıt verecek',
      claimed: 'numaralı talebinizle ilgileniyor',
      reply: 'numaralı talebinize yanıt verdi',
      relayed: 'Mesajınızı #',
      resolved: 'numaralı talebiniz çözüldü',
      rateThanks: 'Teşekkürler!',
      microsoft: 'numaralı talebinizi Microsoft',
    },
  },
];

async function seedCustomers(bot: BotUnderTest): Promise<void> {
  await bot.app.deps.customers.upsert({ tenantId: CUSTOMER_TENANT, name: 'Anadolu Lojistik A.Ş.', locale: 'tr-TR', status: 'current' });
  await bot.app.deps.customers.upsert({ tenantId: EN_TENANT, name: 'Contoso Retail Ltd', locale: 'en-GB', status: 'current' });
}

describe.each(['sqlite', 'cosmos'] as const)('ticket journey (%s)', (storeKind) => {
  let bot: BotUnderTest;
  let cosmos: CosmosTestServer | undefined;

  beforeAll(async () => {
    const env: Record<string, string> = { ...ENV };
    if (storeKind === 'cosmos') {
      cosmos = await startCosmosServer();
      Object.assign(env, { COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: `journey-${Date.now()}` });
    }
    bot = await startBot(env);
    expect(bot.app.deps.store.kind).toBe(storeKind);
    await seedCustomers(bot);
    await setUpChannel(bot);
  });

  afterAll(async () => {
    await bot.stop();
    await cosmos?.close();
  });

  test.each(journeys)(
    '$lang customer → answer → not helpful → ticket → channel card → claim → reply ⇄ customer → resolve → rating',
    async (j) => {
      const t0 = bot.connector.sent.length;
      const draft = await askUntilOffer(bot, j.who, j.locale, j.question);

      // Opening: a localized confirmation with #n and when a person will answer.
      const created = await bot.send(cardAction(j.who, 'ticket.create', draft, { locale: j.locale }));
      const confirmation = textOf(invokeCard(created.body));
      const number = Number(j.expect.confirm.exec(confirmation)?.[1]);
      expect(number).toBeGreaterThan(0);
      expect(confirmation).toContain(j.expect.due);

      // A new thread in the escalation channel, with the card: #n, company, requester, words, status.
      const post = await waitSent(bot, 'the thread post', (s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${number} ·`));
      expect(bot.connector.sent.indexOf(post)).toBeGreaterThanOrEqual(t0);
      expect((post.body.channelData as { channel: { id: string } }).channel.id).toBe('19:escalations@thread.tacv2');
      const card = threadCard(post);
      const shown = textOf(card);
      // Names are shown literally: markdown characters are escaped.
      expect(shown).toContain(j.who.tenantId === EN_TENANT ? 'Contoso Retail Ltd' : 'Anadolu Lojistik A.Ş.');
      expect(shown).toContain(j.who.name);
      expect(shown).toContain('New');
      expect(shown).toContain('answer due');
      // The channel sees a read-only card; agents get their buttons through the refresh.
      expect(findAction(card, 'ticket.claim')).toBeUndefined();
      const refresh = (card.refresh as { action: { verb: string; data: Json }; userIds: string[] }) ?? undefined;
      expect(refresh.action.verb).toBe('ticket.refresh');
      expect(refresh.userIds).toEqual(expect.arrayContaining([`29:${AGENT_ID}`]));
      const thread = post.conversationId;
      const rootId = post.activityId!;

      const agentView = invokeCard((await bot.send(cardAction(people.agent, 'ticket.refresh', refresh.action.data, CHANNEL))).body);
      const claimData = findAction(agentView, 'ticket.claim');
      expect(claimData).toBeDefined();
      expect(findAction(agentView, 'ticket.reply')).toBeDefined();
      expect(findAction(agentView, 'ticket.escalateMicrosoft')).toBeDefined();
      const staffView = invokeCard((await bot.send(cardAction(people.staff, 'ticket.refresh', refresh.action.data, CHANNEL))).body);
      expect(findAction(staffView, 'ticket.claim')).toBeUndefined();

      // Claim: the agent's card says so, the customer is told in their language, the channel card updates in place.
      const claim = await bot.send(cardAction(people.agent, 'ticket.claim', claimData!, CHANNEL));
      expect(textOf(invokeCard(claim.body))).toContain(`You claimed #${number}`);
      const told = await waitSent(
        bot,
        'the claim notice',
        (s) => s.conversationId === `a:1on1-${j.who.aadObjectId.slice(0, 8)}` && textOf(s.body).includes(j.expect.claimed),
      );
      expect(textOf(told.body)).toContain(people.agent.name);
      const updated = await waitSent(
        bot,
        'the card update after claim',
        (s) => s.method === 'PUT' && s.activityId === rootId && textOf(s.body).includes(people.agent.name),
      );
      expect(textOf(updated.body)).toContain('Assigned');

      // Reply: relayed into the customer's 1:1 chat with #n.
      const reply = await bot.send(
        cardAction(people.agent, 'ticket.reply', { ...claimData!, message: 'Could you send us the invoice number? *Thanks*' }, CHANNEL),
      );
      expect(textOf(invokeCard(reply.body))).toContain(`Your reply on #${number}`);
      const relayed = await waitSent(
        bot,
        'the relayed reply',
        (s) => textOf(s.body).includes(j.expect.reply) && textOf(s.body).includes('invoice number'),
      );
      expect(relayed.conversationId).toBe(`a:1on1-${j.who.aadObjectId.slice(0, 8)}`);
      expect(textOf(relayed.body)).toContain(`#${number}`);
      expect(textOf(relayed.body)).toContain('\\*Thanks\\*'); // the agent's text is shown literally
      expect((await storedTicket(bot, number)).status).toBe('waitingOnCustomer');

      // The customer's next message goes to the ticket's thread, and they are told so.
      const answer = await bot.send(message(j.who, 'INV-2026-0042', { locale: j.locale }));
      expect(answer.replies.map((r) => textOf(r.body)).join('\n')).toContain(j.expect.relayed);
      const inThread = await waitSent(
        bot,
        'the customer answer in the thread',
        (s) => s.conversationId === thread && textOf(s.body).includes('INV-2026-0042'),
      );
      expect(textOf(inThread.body)).toContain(`#${number}`);
      expect((await storedTicket(bot, number)).status).toBe('assigned');

      // Resolve: the customer is told and asked to rate (1–5 with a comment), with reopen.
      const resolve = await bot.send(
        cardAction(people.agent, 'ticket.resolve', { ...claimData!, resolution: 'Credit note CN-7 issued.' }, CHANNEL),
      );
      expect(textOf(invokeCard(resolve.body))).toContain(`#${number} is resolved`);
      const ratingMsg = await waitSent(
        bot,
        'the rating card',
        (s) => findAction(sentCard(s), 'ticket.rate') !== undefined && textOf(s.body).includes(`#${number}`),
      );
      expect(textOf(ratingMsg.body)).toContain(j.expect.resolved);
      expect(textOf(ratingMsg.body)).toContain('Credit note CN-7 issued.');
      const rateData = findAction(sentCard(ratingMsg), 'ticket.rate')!;
      expect(findAction(sentCard(ratingMsg), 'ticket.reopen')).toBeDefined();

      const rated = await bot.send(
        cardAction(j.who, 'ticket.rate', { ...rateData, rating: '5', comment: 'Hızlı ve net' }, { locale: j.locale }),
      );
      expect(textOf(invokeCard(rated.body))).toContain(j.expect.rateThanks);
      await waitSent(bot, 'the rating note', (s) => s.conversationId === thread && textOf(s.body).includes('5/5'));

      const final = await storedTicket(bot, number);
      expect(final).toMatchObject({ status: 'resolved', rating: { score: 5, comment: 'Hızlı ve net' }, assignee: { id: AGENT_ID } });
      expect(final.locale).toBe(j.lang);
      expect(final.audit.map((a) => a.action)).toEqual(['create', 'claim', 'reply', 'customerMessage', 'resolve', 'rate']);
      await bot.app.deps.ticketDelivery.idle();
      expect((await storedTicket(bot, number)).needsSync).toBe(false);
    },
  );

  test('20 agents claim at once: exactly one wins, the others see who holds it; one customer notice', async () => {
    const draft = await askUntilOffer(bot, people.customer, 'tr-TR', 'Fatura itirazı hakkında bir sorum var, ücret yanlış görünüyor');
    const created = await bot.send(cardAction(people.customer, 'ticket.create', draft, { locale: 'tr-TR' }));
    const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
    const doc = (await bot.app.deps.tickets.byNumber(number))!;
    const data = { tenantId: doc.pk, ticketId: doc.id, number };
    await bot.app.deps.ticketDelivery.idle();
    const before = bot.connector.sent.length;

    const results = await Promise.all(racers.map((r) => bot.send(cardAction(r, 'ticket.claim', data, CHANNEL))));
    expect(results.map((r) => r.status)).toEqual(racers.map(() => 200));
    const texts = results.map((r) => textOf(invokeCard(r.body)));
    const winners = texts.filter((x) => x.includes(`You claimed #${number}`));
    expect(winners).toHaveLength(1);
    const holder = (await storedTicket(bot, number)).assignee;
    expect(racers.map((r) => r.aadObjectId)).toContain(holder?.id);
    const losers = texts.filter((x) => !x.includes(`You claimed #${number}`));
    expect(losers).toHaveLength(19);
    for (const x of losers) expect(x).toContain(`already claimed by ${holder?.name}`);

    await bot.app.deps.ticketDelivery.idle();
    const afterRace = bot.connector.sent.slice(before);
    const notices = afterRace.filter(
      (s) => textOf(s.body).includes('numaralı talebinizle ilgileniyor') && textOf(s.body).includes(`#${number}`),
    );
    expect(notices).toHaveLength(1);
    // One change, one card update (not twenty).
    expect(afterRace.filter((s) => s.method === 'PUT')).toHaveLength(1);
    const t = await storedTicket(bot, number);
    expect(
      t.audit
        .filter((a) => a.action === 'claim')
        .map((a) => a.outcome)
        .sort(),
    ).toEqual(['done', ...Array(19).fill('lost')].sort());
  });
});

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
    const draft = await askUntilOffer(bot, who, locale, 'Aboneliğimi iptal etmek istiyorum, iade alabilir miyim?');
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

  test('"talk to a person" typed in English or Turkish (with or without Turkish letters) opens a ticket about the last question', async () => {
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
      const r = await bot.send(message(who, typed, { locale }));
      const text = r.replies.map((x) => textOf(x.body)).join('\n');
      const number = Number(expected.exec(text)?.[1]);
      expect(number).toBeGreaterThan(0);
      const stored = await storedTicket(bot, number);
      expect(stored.source).toBe('typed');
      expect(stored.question).toContain(asked);
      expect(stored.question).toContain(typed);
      // Teams retrying the message with a new id does not open a second one.
      const again = await bot.send(message(who, typed, { locale }));
      expect(again.replies.map((x) => textOf(x.body)).join('\n')).toContain(`#${number}`);
      expect(await bot.app.deps.tickets.byNumber(number + 1)).toBeUndefined();
    }
    const plain = await bot.send(
      message(people.customer, 'bir temsilciyle gorusmek istiyorum', { locale: 'tr-TR', conversationId: 'a:other' }),
    );
    expect(plain.replies.map((x) => textOf(x.body)).join('\n')).toMatch(/#\d+/);
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

  test('forged verbs from a customer, another tenant and an unknown tenant are refused, change nothing, and are audited', async () => {
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
    expect(refused).toHaveLength(forgers.length + 1);
    expect(refused.every((a) => a.outcome === 'refused' && a.reason === 'forbidden')).toBe(true);
    expect(refused.map((a) => a.by.tenantId ?? PARTNER_TENANT)).toContain(people.stranger.tenantId);

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
