/**
 * The ticket journey over the real protocol, for an English and a Turkish customer, on SQLite
 * and on the Cosmos-compatible server: activities in over HTTP to the running bot, everything it
 * sends (replies, channel threads, proactive messages, card updates) caught by the local connector.
 */
import { AGENT_ID, BotUnderTest, cardAction, message, people, startBot, textOf } from '../harness/bot';
import { startCosmosServer, CosmosTestServer } from '../helpers/cosmosServer';
import {
  Json,
  EN_TENANT,
  racers,
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
  journeys,
  seedCustomers,
} from './ticketFlow';

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
      expect(rateData.lang).toBe(j.lang);
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
