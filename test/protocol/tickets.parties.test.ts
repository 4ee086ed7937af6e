/**
 * Who a ticket belongs to, over the real protocol on SQLite: only the requester reads, rates and
 * reopens it on the customer side; refusals from outside its parties go to the security log, not
 * into the ticket; and the rating card turns into a read-only thank-you once rated.
 */
import { rmSync } from 'node:fs';
import { SecurityEntry } from '../../bot/tickets/domain/securityLog';
import { BotUnderTest, cardAction, CUSTOMER_TENANT, people, Person, startBot, textOf } from '../harness/bot';
import { tempDataDir } from '../helpers/stores';
import {
  Json,
  englishCustomer,
  agent2,
  CHANNEL,
  ENV,
  EN_TENANT,
  invokeCard,
  waitSent,
  setUpChannel,
  askUntilOffer,
  storedTicket,
  seedCustomers,
} from './ticketFlow';

const colleague: Person = { aadObjectId: 'cccccccc-0000-4000-8000-000000000002', name: 'Can Demir', tenantId: CUSTOMER_TENANT };
const QUESTION = 'Aboneliğimi iptal etmek istiyorum, iade alabilir miyim?';
const RESOLUTION = 'Credit note CN-9 issued for the unused days.';

describe('tickets belong to their parties', () => {
  let bot: BotUnderTest;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    bot = await startBot(ENV, dataDir);
    await seedCustomers(bot);
    await setUpChannel(bot);
  }, 120_000);

  afterAll(async () => {
    await bot.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openTicket(who: Person = people.customer, locale = 'tr-TR'): Promise<{ number: number; data: Json }> {
    // The question in the client's language: Turkish words are answered in Turkish whatever the locale.
    const question = locale.startsWith('tr') ? QUESTION : 'I want to cancel my subscription, can I get a refund?';
    const draft = await askUntilOffer(bot, who, locale, question);
    const created = await bot.send(cardAction(who, 'ticket.create', draft, { locale }));
    const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
    const doc = (await bot.app.deps.tickets.byNumber(number))!;
    await bot.app.deps.ticketDelivery.idle();
    return { number, data: { tenantId: doc.pk, ticketId: doc.id, number } };
  }

  async function resolved(who: Person = people.customer, locale = 'tr-TR'): Promise<{ number: number; data: Json }> {
    const opened = await openTicket(who, locale);
    await bot.send(cardAction(people.agent, 'ticket.resolve', { ...opened.data, resolution: RESOLUTION }, CHANNEL));
    await bot.app.deps.ticketDelivery.idle();
    return opened;
  }

  test('a colleague in the same tenant may not refresh, rate or reopen the requester’s ticket, and sees nothing of it', async () => {
    const { number, data } = await resolved();
    const before = await storedTicket(bot, number);
    for (const [verb, payload] of [
      ['ticket.refresh', data],
      ['ticket.rate', { ...data, rating: '1', comment: '' }],
      ['ticket.reopen', data],
    ] as const) {
      const r = await bot.send(cardAction(colleague, verb, payload, { locale: 'en-US' }));
      const text = textOf(invokeCard(r.body));
      expect(text).toContain('not allowed');
      expect(text).not.toContain('Aboneliğimi');
      expect(text).not.toContain('CN-9');
    }
    await bot.app.deps.ticketDelivery.idle();
    const { audit, ...rest } = await storedTicket(bot, number);
    const { audit: auditBefore, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(rest.rating).toBeNull();
    expect(audit).toEqual(auditBefore); // outside the ticket's parties: the security log has it

    // The requester still can.
    const own = await bot.send(cardAction(people.customer, 'ticket.refresh', data, { locale: 'tr-TR' }));
    expect(textOf(invokeCard(own.body))).toContain('CN-9');
    const rated = await bot.send(cardAction(people.customer, 'ticket.rate', { ...data, rating: '5', comment: '' }, { locale: 'tr-TR' }));
    expect(textOf(invokeCard(rated.body))).toContain('Teşekkürler!');
    expect((await storedTicket(bot, number)).rating?.score).toBe(5);
  });

  test('600 forged claims from an unknown tenant and 600 verbs from another tenant leave the ticket’s audit as it was; the security log counts them', async () => {
    const { number, data } = await openTicket();
    await bot.send(cardAction(people.agent, 'ticket.claim', data, CHANNEL));
    // A refusal of one of the ticket's parties is part of its history.
    await bot.send(cardAction(agent2, 'ticket.reply', { ...data, message: 'me too' }, CHANNEL));
    await bot.app.deps.ticketDelivery.idle();
    const before = await storedTicket(bot, number);
    expect(before.audit.filter((a) => a.outcome !== 'done')).toHaveLength(1);

    const forged: [Person, string, Json][] = [
      ...Array.from({ length: 600 }, (): [Person, string, Json] => [people.stranger, 'ticket.claim', { number }]),
      ...Array.from({ length: 300 }, (): [Person, string, Json] => [englishCustomer, 'ticket.claim', data]),
      ...Array.from({ length: 300 }, (): [Person, string, Json] => [englishCustomer, 'ticket.rate', { ...data, rating: '1' }]),
    ];
    for (let i = 0; i < forged.length; i += 5) {
      const batch = await Promise.all(forged.slice(i, i + 5).map(([who, verb, payload]) => bot.send(cardAction(who, verb, payload))));
      for (const r of batch) expect(textOf(invokeCard(r.body))).toContain('not allowed');
    }
    await bot.app.deps.ticketDelivery.idle();
    expect(await storedTicket(bot, number)).toEqual(before);

    const counts = async (pk: string, id: string) => {
      const entries = (await bot.app.deps.tickets.security.entries(pk)).map((d) => d.value).filter((e) => e.sender.id === id);
      const verbs: Record<string, number> = {};
      for (const e of entries) for (const [v, n] of Object.entries(e.verbs)) verbs[v] = (verbs[v] ?? 0) + n;
      return { entries, verbs, total: entries.reduce((s, e) => s + e.total, 0) };
    };
    const stranger = await counts(people.stranger.tenantId, people.stranger.aadObjectId);
    expect(stranger).toMatchObject({ total: 600, verbs: { claim: 600 } });
    for (const e of stranger.entries) {
      expect(e).toMatchObject<Partial<SecurityEntry>>({ tickets: [number], sender: expect.objectContaining({ kind: 'unknown' }) });
      expect(e.firstSeen <= e.lastSeen).toBe(true);
    }
    const other = await counts(EN_TENANT, englishCustomer.aadObjectId);
    expect(other).toMatchObject({ total: 600, verbs: { claim: 300, rate: 300 } });
    expect(bot.logs.some((l) => l.includes('BHD-214') && l.includes('ticket.outsiderRefused'))).toBe(true);

    // The party's next refusal still goes into the ticket.
    await bot.send(cardAction(agent2, 'ticket.reply', { ...data, message: 'again' }, CHANNEL));
    const after = await storedTicket(bot, number);
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit.at(-1)).toMatchObject({ action: 'reply', outcome: 'lost', reason: 'heldByOther', by: { id: agent2.aadObjectId } });
  }, 300_000);

  test.each([
    ['en', englishCustomer, 'en-GB', 'Thank you! You rated', 'Your rating: 4/5', 'Change my rating', 'from 4/5 to 2/5', 'is final'],
    ['tr', people.customer, 'tr-TR', 'Teşekkürler!', 'Puanınız: 4/5', 'Puanımı değiştir', '4/5 yerine 2/5', 'kesinleşti'],
  ] as const)(
    '%s: once rated, the rating card is a read-only thank-you; one correction is audited as a change; then the rating is final',
    async (_lang, who, locale, thanks, shown, changeButton, changed, final) => {
      const { number, data } = await resolved(who, locale);
      const first = invokeCard((await bot.send(cardAction(who, 'ticket.rate', { ...data, rating: '4', comment: '' }, { locale }))).body);
      const firstText = textOf(first);
      expect(firstText).toContain(thanks);
      expect(firstText).toContain(shown);
      // No rating form on the card itself: only the one correction, behind its own button.
      expect(JSON.stringify(first.body)).not.toContain('Input.');
      const actions = first.actions as Json[];
      expect(actions.some((a) => a.verb === 'ticket.rate')).toBe(false);
      expect(actions.find((a) => a.type === 'Action.ShowCard')).toMatchObject({ title: changeButton });

      const second = invokeCard((await bot.send(cardAction(who, 'ticket.rate', { ...data, rating: '2', comment: '' }, { locale }))).body);
      expect(textOf(second)).toContain(changed);
      expect(JSON.stringify(second)).not.toContain('ticket.rate');
      const t = await storedTicket(bot, number);
      expect(t.rating).toMatchObject({ score: 2, changedFrom: 4 });
      expect(t.audit.filter((a) => a.action.startsWith('rate')).map((a) => [a.action, a.detail?.previous, a.detail?.rating])).toEqual([
        ['rate', null, 4],
        ['rateChange', 4, 2],
      ]);
      await waitSent(bot, 'the rating-change note', (s) => textOf(s.body).includes(`#${number}: 4/5 → 2/5`));

      const third = invokeCard((await bot.send(cardAction(who, 'ticket.rate', { ...data, rating: '1', comment: '' }, { locale }))).body);
      expect(textOf(third)).toContain(final);
      const last = await storedTicket(bot, number);
      expect(last.rating?.score).toBe(2);
      expect(last.audit.at(-1)).toMatchObject({ action: 'rate', outcome: 'refused', reason: 'alreadyRated' });
    },
  );
});
