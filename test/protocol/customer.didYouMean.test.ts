/**
 * "Did you mean" over the real protocol (#14): a typed question whose best two sections are close
 * gets one card with both as buttons, plus "something else" and a person, in the customer's
 * language; the choice answers (or opens the topics / the offer of a person) and is kept in the
 * question log, text only, without the customer's tenant.
 */
import { isCloseCall } from '../../bot/knowledge/retrieval';
import { questionLogOf } from '../../bot/conversation/learning';
import { BotUnderTest, cardAction, message, people, Person, startBot, textOf } from '../harness/bot';
import { englishCustomer, invokeCard, Json, seedCustomers, sentCard } from './ticketFlow';

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
  await seedCustomers(bot);
});

afterAll(async () => {
  await bot.stop();
});

/**
 * Questions that sit between two sections (two topics' names in one message); the test uses the
 * first one the bot finds close, so a better model only moves it down the list.
 */
const AMBIGUOUS = {
  en: [
    'invoices subscription changes',
    'how to contact us reactivation',
    'payment methods suspension',
    'response times technical support',
    'payment methods support hours',
    'support hours tax',
    'invoice payment',
  ],
  tr: [
    'bize nasıl ulaşırsınız askıya alma',
    'destek saatleri askıya alma',
    'sizi kim faturalandırıyor vergi',
    'bize nasıl ulaşırsınız abonelik değişiklikleri',
    'destek ücretleri askıya alma',
    'fatura ödeme',
  ],
} as const;

function closeCall(lang: 'en' | 'tr'): string {
  const r = bot.app.deps.retriever;
  const q = AMBIGUOUS[lang].find((x) => r.ask(x, lang).section !== null && isCloseCall(r.candidates(x, lang, 2), r.threshold));
  if (!q) throw new Error(`none of the ${lang} questions is a close call any more: add one that is`);
  return q;
}

function choices(card: Json): { title: string; data: Json }[] {
  return ((card.actions ?? []) as Json[])
    .filter((a) => a.type === 'Action.Execute' && a.verb === 'answer.choose')
    .map((a) => ({ title: String(a.title), data: a.data as Json }));
}

const cases: { lang: 'en' | 'tr'; who: Person; locale: string; title: RegExp; other: string; person: string }[] = [
  { lang: 'en', who: englishCustomer, locale: 'en-GB', title: /Did you mean/, other: 'Something else', person: 'Talk to a person' },
  { lang: 'tr', who: people.customer, locale: 'tr-TR', title: /demek istediniz/, other: 'Başka bir konu', person: 'Bir temsilciyle görüş' },
];

describe.each(cases)('did you mean ($lang)', ({ lang, who, locale, title, other, person }) => {
  const conversationId = `a:dym-${lang}`;

  test('two close sections: one card with both, something else and a person; the choice answers and is logged', async () => {
    const question = closeCall(lang);
    const two = bot.app.deps.retriever.candidates(question, lang, 2).map((c) => c.section);
    const asked = await bot.send(message(who, question, { locale, conversationId }));
    expect(asked.replies).toHaveLength(1);
    const card = sentCard(asked.replies[0]) as Json;
    expect(textOf(asked.replies[0])).toMatch(title);
    const buttons = choices(card);
    const titles = two.map((s) => bot.app.deps.terms.documents[lang].sections[s].title);
    expect(buttons.map((b) => b.title)).toEqual([...titles, other, person]);
    expect(buttons.map((b) => b.data.choice)).toEqual([...two, 'topics', 'person']);
    // The card carries the question, not who asked: the tenant comes from the turn.
    expect(JSON.stringify(card)).not.toContain(who.tenantId);

    // The second one is chosen: its answer comes, and the card shows the choice without buttons.
    const chosen = await bot.send(cardAction(who, 'answer.choose', buttons[1].data, { locale, conversationId }));
    const updated = invokeCard(chosen.body);
    expect(choices(updated)).toHaveLength(0);
    expect(JSON.stringify(updated)).toContain(titles[1]);
    const answer = chosen.replies.map(sentCard).find((c) => (c?.actions as Json[] | undefined)?.some((a) => a.verb === 'answer.helpful'));
    expect(answer).toBeDefined();
    expect(JSON.stringify(answer)).toContain(`"section":"${two[1]}"`);

    const log = await questionLogOf(bot.app.deps).list(lang);
    const entry = log.find((e) => e.question === question && e.kind === 'choice');
    expect(entry).toMatchObject({ lang, offered: two, chosen: two[1], count: 1 });
    expect(JSON.stringify(log)).not.toContain(who.tenantId);
  });

  test('"something else" opens the topics, and a person offers a ticket; both are logged with no section', async () => {
    const question = closeCall(lang);
    const asked = await bot.send(message(who, question, { locale, conversationId: `${conversationId}-2` }));
    const buttons = choices(sentCard(asked.replies[0]) as Json);
    const topics = await bot.send(cardAction(who, 'answer.choose', buttons[2].data, { locale, conversationId: `${conversationId}-2` }));
    expect(topics.replies.map(sentCard).some((c) => JSON.stringify(c).includes('guided.choose'))).toBe(true);
    const offer = await bot.send(cardAction(who, 'answer.choose', buttons[3].data, { locale, conversationId: `${conversationId}-2` }));
    expect(offer.replies.map(sentCard).some((c) => JSON.stringify(c).includes('ticket.create'))).toBe(true);
    const entry = (await questionLogOf(bot.app.deps).list(lang)).find((e) => e.question === question && e.kind === 'choice');
    expect(entry?.chosen).toBeNull();
  });

  test('a choice that is not one of the offered sections, or from a stranger, changes nothing', async () => {
    const question = closeCall(lang);
    const asked = await bot.send(message(who, question, { locale, conversationId: `${conversationId}-3` }));
    const [first] = choices(sentCard(asked.replies[0]) as Json);
    const offered = first.data.offered as string[];
    const notOffered = ['tax', 'support-hours', 'invoices'].find((s) => !offered.includes(s));
    const before = JSON.stringify(await questionLogOf(bot.app.deps).list(lang));
    const forged = await bot.send(cardAction(who, 'answer.choose', { ...first.data, choice: notOffered }, { locale }));
    expect(choices(invokeCard(forged.body))).toHaveLength(0);
    expect(forged.replies).toHaveLength(0);
    const stranger = await bot.send(cardAction(people.stranger, 'answer.choose', first.data, { locale }));
    expect(stranger.replies).toHaveLength(0);
    expect(JSON.stringify(await questionLogOf(bot.app.deps).list(lang))).toBe(before);
  });
});
