import { BotUnderTest, cardAction, CUSTOMER_TENANT, message, Person, startBot, textOf } from '../harness/bot';
import type { Sent } from '../harness/connector';

/**
 * The reply language over the protocol (README, "Languages"): the words a customer types and the
 * card they click say which language they speak, whatever locale their client sends.
 */

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
  // A Turkish company: its directory locale is Turkish, its people may speak either language.
  await bot.app.deps.customers.upsert({ tenantId: CUSTOMER_TENANT, name: 'Anadolu Lojistik A.Ş.', locale: 'tr-TR', status: 'current' });
});

afterAll(async () => {
  await bot.stop();
});

let n = 0;
function newCustomer(): Person {
  n++;
  return { aadObjectId: `eeeeeeee-0000-4000-8000-${String(n).padStart(12, '0')}`, name: `Customer ${n}`, tenantId: CUSTOMER_TENANT };
}

type Action = { type: string; verb: string; data: Record<string, unknown> };
type Card = { actions?: Action[] } & Record<string, unknown>;

function cardOf(reply: Sent): Card {
  const attachments = reply.body.attachments as { content: Card }[] | undefined;
  if (!attachments?.[0]) throw new Error(`no card in ${JSON.stringify(reply.body).slice(0, 200)}`);
  return attachments[0].content;
}

function executeData(card: Card): Record<string, unknown>[] {
  return (card.actions ?? []).filter((a) => a.type === 'Action.Execute').map((a) => a.data);
}

/** Everything posted to a conversation so far. */
function posted(conversationId: string): Sent[] {
  return bot.connector.sent.filter((s) => s.conversationId === conversationId && s.method === 'POST');
}

const ASKS = { en: 'Did this answer your question?', tr: 'Bu yanıt sorunuzu çözdü mü?' };
const NOT_SURE = { en: "I'm not sure I can answer that", tr: 'yanıtlayabileceğimden emin değilim' };
const OFFER = { en: 'Would you like a person to help?', tr: 'Bir temsilcinin yardımcı olmasını ister misiniz?' };
const SORRY = { en: "Sorry this didn't help", tr: 'işe yaramadı' };

/** Asks in a client with `locale`; returns the answer card (its data carries `lang`). */
async function ask(who: Person, text: string, conversationId: string, locale = 'en-US'): Promise<{ text: string; card: Card }> {
  const { replies } = await bot.send(message(who, text, { locale, conversationId }));
  expect(replies.length).toBeGreaterThan(0);
  return { text: replies.map((r) => textOf(r)).join('\n'), card: cardOf(replies[0]) };
}

/** Clicks "not helpful" on a card with the client's locale (none when undefined). */
async function notHelpful(who: Person, data: Record<string, unknown>, conversationId: string, locale: string | undefined) {
  const action = cardAction(who, 'answer.notHelpful', data, { conversationId });
  if (locale === undefined) delete action.locale;
  else action.locale = locale;
  const before = posted(conversationId).length;
  const { body } = await bot.send(action);
  const updated = (body as { value: Card }).value;
  const offer = posted(conversationId).slice(before);
  return {
    updated: textOf(updated),
    offer: offer.map((o) => textOf(o)).join('\n'),
    offerData: offer.flatMap((o) => executeData(cardOf(o))),
  };
}

describe('the reply language follows what the customer writes and clicks', () => {
  test.each([['faturamı nasıl ödeyebilirim'], ['faturami nasil odeyebilirim']])(
    'Turkish "%s" from an en-US client is answered in Turkish, and the card keeps Turkish',
    async (question) => {
      const who = newCustomer();
      const { text, card } = await ask(who, question, `a:tr-text-${who.aadObjectId}`);
      expect(text).toContain(ASKS.tr);
      expect(text).not.toContain(NOT_SURE.en);
      expect(executeData(card).map((d) => [d.section, d.lang])).toEqual([
        ['payment-methods', 'tr'],
        ['payment-methods', 'tr'],
      ]);
    },
  );

  test.each([['en-US'], [undefined]])(
    'a click on a Turkish answer card from a client with locale %s is answered in Turkish, offer included',
    async (locale) => {
      const who = newCustomer();
      const conversationId = `a:tr-click-${who.aadObjectId}`;
      const { card } = await ask(who, 'faturamı nasıl ödeyebilirim', conversationId);
      const clicked = await notHelpful(who, executeData(card)[1], conversationId, locale);
      expect(clicked.updated).toContain(SORRY.tr);
      expect(clicked.offer).toContain(OFFER.tr);
      expect(clicked.offer).not.toContain(OFFER.en);
      expect(clicked.offerData.map((d) => d.lang)).toEqual(['tr']);
    },
  );

  test.each([['ok'], ['Azure']])(
    'a short ambiguous "%s" from an en-US client does not turn a Turkish conversation English',
    async (word) => {
      const who = newCustomer();
      const conversationId = `a:tr-short-${who.aadObjectId}-${word}`;
      await ask(who, 'faturami nasil odeyebilirim', conversationId);
      const { replies } = await bot.send(message(who, word, { locale: 'en-US', conversationId }));
      const text = replies.map((r) => textOf(r)).join('\n');
      expect(text).toMatch(new RegExp(`${NOT_SURE.tr}|${ASKS.tr}`));
      expect(text).not.toMatch(new RegExp(`${NOT_SURE.en}|${ASKS.en}`));
      expect((await bot.app.deps.users.get(CUSTOMER_TENANT, who.aadObjectId))?.language).toBe('tr');
    },
  );

  test('an English customer of a Turkish company stays English in an en-US client, and when a click has no locale', async () => {
    const who = newCustomer();
    const conversationId = `a:en-${who.aadObjectId}`;
    const { text, card } = await ask(who, 'can I pay my invoice by credit card', conversationId);
    expect(text).toContain(ASKS.en);
    expect(executeData(card).map((d) => d.lang)).toEqual(['en', 'en']);
    const ok = await bot.send(message(who, 'ok', { locale: 'en-US', conversationId }));
    expect(ok.replies.map((r) => textOf(r)).join('\n')).toContain(NOT_SURE.en);
    // An old card without `lang`, clicked from a client that sends no locale: their last language.
    const withoutLang = Object.fromEntries(Object.entries(executeData(card)[1]).filter(([k]) => k !== 'lang'));
    const clicked = await notHelpful(who, withoutLang, conversationId, undefined);
    expect(clicked.updated).toContain(SORRY.en);
    expect(clicked.offer).toContain(OFFER.en);
  });

  test('Turkish customers in a tr-TR client are answered in Turkish; English words from them switch to English', async () => {
    const who = newCustomer();
    const conversationId = `a:tr-tr-${who.aadObjectId}`;
    const ok = await bot.send(message(who, 'ok', { locale: 'tr-TR', conversationId }));
    expect(ok.replies.map((r) => textOf(r)).join('\n')).toContain(NOT_SURE.tr);
    expect((await ask(who, 'can I pay my invoice by credit card', conversationId, 'tr-TR')).text).toContain(ASKS.en);
  });

  test.each([['de'], ['EN'], ['../tr'], [42]])('card data lang %p that we do not speak is ignored, not trusted', async (lang) => {
    const who = newCustomer();
    const conversationId = `a:bad-lang-${who.aadObjectId}-${String(lang)}`;
    const clicked = await notHelpful(who, { section: 'tax', product: 'azure', lang }, conversationId, 'tr-TR');
    expect(clicked.updated).toContain(SORRY.tr);
  });
});
