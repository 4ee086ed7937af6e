/**
 * What the reminders protocol tests share: a billing admin, two customers in arrears (Turkish and
 * English) whose people installed the app, and starting a campaign through the composer's verbs.
 */
import {
  BotUnderTest,
  cardAction,
  CUSTOMER_TENANT,
  installed,
  message,
  PARTNER_TENANT,
  people,
  Person,
  startBot,
  textOf,
} from '../harness/bot';
import { Sent } from '../harness/connector';
import { EN_TENANT, englishCustomer, findAction, invokeCard, Json, sentCard, waitSent } from './ticketFlow';

export const billing: Person = { aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000b1', name: 'Bilge Billing', tenantId: PARTNER_TENANT };
/** Someone in the Turkish customer's tenant the reminders were not sent to (never installed the app). */
export const colleague: Person = { aadObjectId: 'cccccccc-0000-4000-8000-000000000002', name: 'Can Demir', tenantId: CUSTOMER_TENANT };
export const turkishCustomer = people.customer;
export { englishCustomer };

/** A billing admin who never writes to the bot (known only from BILLING_ADMINS). */
export const SILENT_BILLING_ID = 'aaaaaaaa-0000-4000-8000-0000000000b2';

export const REMINDER_ENV = {
  BILLING_ADMINS: `${billing.aadObjectId},${SILENT_BILLING_ID}`,
  REMINDER_POLL_MS: '200',
  REMINDER_PROGRESS_MS: '1000',
};

let cardSeq = 0;

/** A click on a card the bot sent: Teams names the card's message as the invoke's replyToId. */
export function click(from: Person, verb: string, data: Json, o: { locale?: string; cardId?: string } = {}): Json {
  return { ...cardAction(from, verb, data, { locale: o.locale ?? 'en-US' }), replyToId: o.cardId ?? `card-${++cardSeq}` };
}

/** The bot with the reminder people and customers; `env` adds settings (e.g. a Cosmos store). */
export async function startReminderBot(env: Record<string, string> = {}): Promise<BotUnderTest> {
  const bot = await startBot({ ...REMINDER_ENV, ...env });
  const { customers } = bot.app.deps;
  await customers.upsert({
    tenantId: CUSTOMER_TENANT,
    name: 'Anadolu Lojistik A.Ş.',
    locale: 'tr-TR',
    status: 'overdue',
    balance: 18250.75,
    currency: 'TRY',
    dueDate: '2026-10-15',
    invoiceNumber: 'CCP-2026-0912',
  });
  await customers.upsert({
    tenantId: EN_TENANT,
    name: 'Contoso Retail Ltd',
    locale: 'en-GB',
    status: 'overdue',
    balance: 990,
    currency: 'EUR',
    dueDate: '2026-10-20',
    invoiceNumber: 'CCP-2026-0950',
  });
  // Nobody at this customer has the app: it is unreachable.
  await customers.upsert({ tenantId: '66666666-6666-4666-8666-666666666666', name: 'Ege Tekstil', status: 'overdue' });
  // The customers' people install the app (the bot keeps their 1:1 conversation), the billing admin writes once.
  expect((await bot.send(installed(turkishCustomer, { locale: 'tr-TR' }))).status).toBe(200);
  expect((await bot.send(installed(englishCustomer, { locale: 'en-GB' }))).status).toBe(200);
  expect((await bot.send(message(billing, 'help'))).status).toBe(200);
  return bot;
}

/** The reminder card sent to a person's 1:1 chat. */
export async function reminderSentTo(
  bot: BotUnderTest,
  who: Person,
  campaignId?: string,
): Promise<{ sent: Sent; card: Json; campaignId: string }> {
  const sent = await waitSent(bot, `the reminder card to ${who.name}`, (s) => {
    const card = sentCard(s);
    const data = card ? findAction(card, 'reminder.ack') : undefined;
    return (
      s.method === 'POST' &&
      s.conversationId === `a:1on1-${who.aadObjectId.slice(0, 8)}` &&
      !!data &&
      (!campaignId || data.campaignId === campaignId)
    );
  });
  const card = sentCard(sent) as Json;
  return { sent, card, campaignId: findAction(card, 'reminder.ack')?.campaignId as string };
}

/** The billing admin sends the overdue reminder to `status:overdue` now; returns the progress card and campaign id. */
export async function sendOverdueReminder(
  bot: BotUnderTest,
  extra: Json = {},
): Promise<{ card: Json; campaignId: string; cardId: string }> {
  const cardId = `progress-${++cardSeq}`;
  const r = await bot.send(click(billing, 'reminder.send', { template: 'overdue', audience: 'status:overdue', ...extra }, { cardId }));
  const card = invokeCard(r.body);
  const campaignId = /Campaign (r[0-9a-f]{15})/.exec(textOf(card))?.[1];
  expect(campaignId).toBeDefined();
  return { card, campaignId: campaignId as string, cardId };
}
