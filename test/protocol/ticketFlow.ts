/**
 * What the ticket protocol tests share: people and tenants, the escalation channel, reading
 * cards and sends from the local connector, and getting a customer to the offer of a person.
 */
import { Ticket } from '../../bot/tickets/domain/model';
import { Sent } from '../harness/connector';
import { AGENT_ID, BotUnderTest, cardAction, CUSTOMER_TENANT, message, PARTNER_TENANT, people, Person, textOf } from '../harness/bot';

export type Json = Record<string, unknown>;

export const EN_TENANT = '55555555-5555-4555-8555-555555555555';
export const englishCustomer: Person = { aadObjectId: 'eeeeeeee-0000-4000-8000-000000000001', name: 'Emma Brown', tenantId: EN_TENANT };
export const agent2: Person = { aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000022', name: 'Bea Agent', tenantId: PARTNER_TENANT };
export const racers: Person[] = Array.from({ length: 20 }, (_, i) => ({
  aadObjectId: `bbbbbbbb-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  name: `Racer ${i + 1}`,
  tenantId: PARTNER_TENANT,
}));
export const CHANNEL = { conversationType: 'channel' as const };

export const ENV = {
  HELPDESK_AGENTS: [AGENT_ID, agent2.aadObjectId, ...racers.map((r) => r.aadObjectId)].join(','),
};

/** The first Action.Execute with this verb anywhere in a card, with its data. */
export function findAction(card: unknown, verb: string): Json | undefined {
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
export function invokeCard(body: unknown): Json {
  const b = body as { statusCode?: number; type?: string; value?: Json };
  expect(b.statusCode).toBe(200);
  expect(b.type).toBe('application/vnd.microsoft.card.adaptive');
  return b.value as Json;
}

export function isThreadPost(s: Sent): boolean {
  return s.method === 'POST' && /^\/v3\/conversations\/?$/.test(s.path);
}

export function threadCard(s: Sent): Json {
  const activity = s.body.activity as { attachments: { content: Json }[] };
  return activity.attachments[0].content;
}

export function sentCard(s: Sent): Json | undefined {
  const atts = s.body.attachments as { content: Json }[] | undefined;
  return atts?.[0]?.content;
}

/** Waits for the bot to send something; on timeout, says what was awaited and what did arrive. */
export async function waitSent(bot: BotUnderTest, what: string, predicate: (s: Sent) => boolean): Promise<Sent> {
  try {
    return await bot.connector.waitFor(predicate);
  } catch {
    const seen = bot.connector.sent
      .slice(-8)
      .map((x) => `${x.method} ${x.conversationId}: ${textOf(x.body).slice(0, 160).replace(/\n/g, ' ')}`);
    throw new Error(`nothing arrived: ${what}\nlast sent:\n${seen.join('\n')}`);
  }
}

export async function setUpChannel(bot: BotUnderTest): Promise<void> {
  const r = await bot.send(message(people.admin, 'setup escalations', CHANNEL));
  expect(r.status).toBe(200);
  // Agents talk to the bot once, so it knows their names (and their Teams ids for the card refresh).
  for (const a of [people.agent, agent2]) await bot.send(message(a, 'help'));
}

/** Customer asks → answer card → "not helpful" (or no answer → "talk to a person") → offer card → the ticket.create data. */
export async function askUntilOffer(bot: BotUnderTest, who: Person, locale: string, question: string): Promise<Json> {
  const asked = await bot.send(message(who, question, { locale }));
  expect(asked.status).toBe(200);
  let offer = asked.replies.map((r) => findAction(sentCard(r), 'ticket.create')).find(Boolean);
  if (!offer) {
    // An answer card's "not helpful", or (no answer fitted) the "not sure" card's "talk to a person".
    // Or, when two sections were close, the "did you mean" card's "talk to a person".
    const notHelpful = asked.replies.map((r) => findAction(sentCard(r), 'answer.notHelpful')).find(Boolean);
    const person = asked.replies.map((r) => findAction(sentCard(r), 'menu.open')).find(Boolean);
    const choice = asked.replies.map((r) => findAction(sentCard(r), 'answer.choose')).find(Boolean);
    expect(notHelpful ?? person ?? choice).toBeDefined();
    const fb = await bot.send(
      notHelpful
        ? cardAction(who, 'answer.notHelpful', notHelpful, { locale })
        : person
          ? cardAction(who, 'menu.open', { ...person, item: 'person' }, { locale })
          : cardAction(who, 'answer.choose', { ...choice, choice: 'person' }, { locale }),
    );
    expect(fb.status).toBe(200);
    offer = fb.replies.map((r) => findAction(sentCard(r), 'ticket.create')).find(Boolean);
    const offerText = fb.replies.map((r) => textOf(r.body)).join('\n');
    expect(offerText).toMatch(locale.startsWith('tr') ? /yanıt alacaksınız/ : /you'll hear from a person by/);
  }
  expect(offer).toMatchObject({ draftId: expect.any(String) });
  return offer!;
}

export async function storedTicket(bot: BotUnderTest, number: number): Promise<Ticket> {
  const doc = await bot.app.deps.tickets.byNumber(number);
  expect(doc).toBeDefined();
  return doc!.value;
}

export const journeys = [
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

export async function seedCustomers(bot: BotUnderTest): Promise<void> {
  await bot.app.deps.customers.upsert({ tenantId: CUSTOMER_TENANT, name: 'Anadolu Lojistik A.Ş.', locale: 'tr-TR', status: 'current' });
  await bot.app.deps.customers.upsert({ tenantId: EN_TENANT, name: 'Contoso Retail Ltd', locale: 'en-GB', status: 'current' });
}
