/**
 * The customer's buttons over the real protocol (#9): every one is an Action.Execute that works
 * without typed text (the Agents Playground sends nothing for imBack), choices continue the guided
 * flow as typing the label does, a ticket from the guided flow says what the customer chose, and
 * "talk to a person" offers a ticket with the question editable instead of opening one.
 */
import { BotUnderTest, cardAction, installed, message, people, Person, startBot, textOf } from '../harness/bot';
import { Sent } from '../harness/connector';
import {
  englishCustomer,
  ENV,
  findAction,
  invokeCard,
  isThreadPost,
  Json,
  seedCustomers,
  sentCard,
  setUpChannel,
  storedTicket,
  threadCard,
  waitSent,
} from './ticketFlow';

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot(ENV);
  await seedCustomers(bot);
  await setUpChannel(bot);
});

afterAll(async () => {
  await bot.stop();
});

const langs = [
  { lang: 'en', who: englishCustomer, locale: 'en-GB', product: 'Which product is your question about?', topic: 'What is it about?' },
  { lang: 'tr', who: people.customer, locale: 'tr-TR', product: 'Sorunuz hangi ürünle ilgili?', topic: 'Konu nedir?' },
] as const;

/** Every action anywhere in a card: [type, verb, data]. */
function actionsOf(card: unknown): [string, string, Json][] {
  const found: [string, string, Json][] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) found.push([o.type, String(o.verb ?? ''), (o.data ?? {}) as Json]);
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}

function cardsOf(replies: Sent[]): Json[] {
  return replies.map(sentCard).filter((c): c is Json => !!c);
}

function click(who: Person, locale: string, conversationId: string, verb: string, data: Json) {
  return bot.send(cardAction(who, verb, data, { locale, conversationId }));
}

/** The Input.Text of the offer card. */
function descriptionInput(card: Json): Json | undefined {
  return (card.body as Json[]).find((b) => b.type === 'Input.Text' && b.id === 'description');
}

describe.each(langs)('customer buttons ($lang)', ({ lang, who, locale, product, topic }) => {
  const conversationId = `a:buttons-${lang}`;

  test('welcome → topics → product → topic → answer, all by Action.Execute, as typing would', async () => {
    const welcome = await bot.send(installed(who, { locale, conversationId }));
    const welcomeActions = actionsOf(sentCard(welcome.replies[0]));
    expect(welcomeActions.map(([type, verb, data]) => [type, verb, data.item])).toEqual([
      ['Action.Execute', 'menu.open', 'topics'],
      ['Action.Execute', 'menu.open', 'tickets'],
      ['Action.Execute', 'menu.open', 'person'],
    ]);

    const topics = await click(who, locale, conversationId, 'menu.open', welcomeActions[0][2]);
    // The welcome stays as it was; the product choices come as a new message.
    expect(actionsOf(invokeCard(topics.body)).map(([, verb]) => verb)).toEqual(['menu.open', 'menu.open', 'menu.open']);
    expect(textOf(topics.replies[0].body)).toContain(product);
    const products = actionsOf(sentCard(topics.replies[0]));
    expect(products.every(([type, verb]) => type === 'Action.Execute' && verb === 'guided.choose')).toBe(true);

    const m365 = products.find(([, , data]) => data.value === 'm365')!;
    const chose = await click(who, locale, conversationId, 'guided.choose', m365[2]);
    expect(textOf(invokeCard(chose.body))).toContain('✓ Microsoft 365');
    expect(actionsOf(invokeCard(chose.body))).toEqual([]);
    expect(textOf(chose.replies[0].body)).toContain(topic);
    const payment = actionsOf(sentCard(chose.replies[0])).find(([, , data]) => data.value === 'payment')!;
    expect(payment[2]).toEqual({ step: 'topic', value: 'payment', product: 'm365', lang });

    const answered = await click(who, locale, conversationId, 'guided.choose', payment[2]);
    const answer = findAction(sentCard(answered.replies[0]), 'answer.notHelpful');
    expect(answer).toEqual({ section: 'payment-terms', product: 'm365', topic: 'payment', lang });
  });

  test('the welcome’s "my tickets" and "talk to a person" answer with a card, the welcome stays', async () => {
    const tickets = await click(who, locale, conversationId, 'menu.open', { item: 'tickets', card: 'welcome' });
    expect(textOf(tickets.replies[0].body)).toContain(lang === 'en' ? 'Your tickets' : 'Talepleriniz');
    const person = await click(who, locale, conversationId, 'menu.open', { item: 'person', card: 'welcome' });
    expect(findAction(sentCard(person.replies[0]), 'ticket.create')).toMatchObject({ draftId: expect.stringMatching(/^msg:/) });
    expect(actionsOf(invokeCard(person.body)).map(([, , data]) => data.item)).toEqual(['topics', 'tickets', 'person']);
  });

  test('a ticket from the guided flow: the offer asks for a description; skipped, the cards say what was chosen', async () => {
    const cid = `a:guided-ticket-${lang}`;
    await bot.send(message(who, lang === 'en' ? 'menu' : 'menü', { locale, conversationId: cid }));
    await click(who, locale, cid, 'guided.choose', { step: 'product', value: 'm365' });
    const answered = await click(who, locale, cid, 'guided.choose', { step: 'topic', value: 'payment', product: 'm365' });
    const notHelpful = findAction(sentCard(answered.replies[0]), 'answer.notHelpful')!;
    const offered = await click(who, locale, cid, 'answer.notHelpful', notHelpful);
    const offer = cardsOf(offered.replies).find((c) => findAction(c, 'ticket.create'))!;
    const input = descriptionInput(offer)!;
    expect(input.label).toMatch(lang === 'en' ? /what do you need\? \(optional\)/ : /isteğe bağlı/);
    expect(input.value).toBe('');

    // Skipped: the client sends the input's (empty) default value.
    const created = await click(who, locale, cid, 'ticket.create', { ...findAction(offer, 'ticket.create'), description: input.value });
    const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
    expect(number).toBeGreaterThan(0);
    const chose = lang === 'en' ? 'the customer chose Microsoft 365 › Payment' : 'müşterinin seçimi: Microsoft 365 › Ödeme';
    const thread = await waitSent(
      bot,
      `thread card of #${number}`,
      (s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${number} ·`),
    );
    const agentText = textOf(threadCard(thread));
    expect(agentText).toContain('the customer chose Microsoft 365 › Payment'); // the agents' channel speaks English
    const mine = await bot.send(message(who, lang === 'en' ? 'my tickets' : 'taleplerim', { locale, conversationId: cid }));
    const mineText = textOf(mine.replies[0].body);
    expect(mineText).toContain(chose);
    expect(mineText).not.toContain('“”');
  });

  test('a description typed in the offer is the ticket’s question', async () => {
    const cid = `a:described-${lang}`;
    await click(who, locale, cid, 'guided.choose', { step: 'product', value: 'azure' });
    const answered = await click(who, locale, cid, 'guided.choose', { step: 'topic', value: 'tax', product: 'azure' });
    const offered = await click(who, locale, cid, 'answer.notHelpful', findAction(sentCard(answered.replies[0]), 'answer.notHelpful')!);
    const offer = cardsOf(offered.replies).find((c) => findAction(c, 'ticket.create'))!;
    const words = lang === 'en' ? 'VAT on the March invoice looks wrong' : 'Mart faturasındaki KDV yanlış görünüyor';
    const created = await click(who, locale, cid, 'ticket.create', { ...findAction(offer, 'ticket.create'), description: words });
    const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
    expect((await storedTicket(bot, number)).question).toBe(words);
  });

  test('"talk to a person" offers a ticket (when a person answers) with the last question prefilled and editable', async () => {
    const cid = `a:talk-${lang}`;
    const asked = lang === 'en' ? 'Why was I charged twice for the same licence?' : 'Aynı lisans için neden iki kez ücret alındı?';
    const typed = lang === 'en' ? 'I want to talk to a person' : 'Bir temsilciyle görüşmek istiyorum';
    await bot.send(message(who, asked, { locale, conversationId: cid }));
    const before = (await bot.app.deps.store.collection('tickets').find(undefined)).length;
    const r = await bot.send(message(who, typed, { locale, conversationId: cid }));
    expect(r.replies).toHaveLength(1);
    const offer = sentCard(r.replies[0])!;
    expect(textOf(offer)).toMatch(lang === 'en' ? /you'll hear from a person by/ : /yanıt alacaksınız/);
    expect(descriptionInput(offer)?.value).toBe(asked);
    // Nothing is opened before the customer says so.
    expect((await bot.app.deps.store.collection('tickets').find(undefined)).length).toBe(before);

    const edited = `${asked} (INV-77)`;
    const draft = findAction(offer, 'ticket.create')!;
    const created = await click(who, locale, cid, 'ticket.create', { ...draft, description: edited });
    const number = Number(/#(\d+)/.exec(textOf(invokeCard(created.body)))?.[1]);
    const stored = await storedTicket(bot, number);
    expect(stored.question).toBe(edited);
    expect(stored.source).toBe('typed');
    // The same offer clicked again opens no second ticket.
    const again = await click(who, locale, cid, 'ticket.create', { ...draft, description: edited });
    expect(textOf(invokeCard(again.body))).toContain(`#${number}`);
    expect(await bot.app.deps.tickets.byNumber(number + 1)).toBeUndefined();
  });

  test('an off-topic message gets one card: what the bot handles, with the topics and a person as buttons', async () => {
    const cid = `a:offtopic-${lang}`;
    const q = lang === 'en' ? 'what is the weather tomorrow?' : 'yarın hava nasıl olacak?';
    const { replies } = await bot.send(message(who, q, { locale, conversationId: cid }));
    expect(replies).toHaveLength(1);
    const card = sentCard(replies[0])!;
    expect(textOf(card)).toMatch(lang === 'en' ? /I answer billing questions/ : /faturalama sorularını yanıtlıyorum/);
    const actions = actionsOf(card);
    expect(actions.map(([type, verb, data]) => [type, verb, data.item])).toEqual([
      ['Action.Execute', 'menu.open', 'topics'],
      ['Action.Execute', 'menu.open', 'person'],
    ]);
    const person = await click(who, locale, cid, 'menu.open', actions[1][2]);
    expect(descriptionInput(sentCard(person.replies[0])!)?.value).toBe(q);
    const topics = await click(who, locale, cid, 'menu.open', actions[0][2]);
    expect(textOf(topics.replies[0].body)).toContain(product);
  });
});

test('menu and choice verbs from staff are refused; forged choices change nothing', async () => {
  const r = await bot.send(cardAction(people.agent, 'menu.open', { item: 'topics', card: 'welcome' }));
  expect(textOf(invokeCard(r.body))).toContain('not allowed');
  const forged = await bot.send(cardAction(englishCustomer, 'guided.choose', { step: 'topic', value: 'constructor' }));
  expect(textOf(invokeCard(forged.body))).toMatch(/couldn't read that request/);
  expect(forged.replies).toHaveLength(0);
});
