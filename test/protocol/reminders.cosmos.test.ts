import { BotUnderTest, cardAction, textOf } from '../harness/bot';
import { CosmosTestServer, startCosmosServer } from '../helpers/cosmosServer';
import { findAction, invokeCard } from './ticketFlow';
import {
  billing,
  click,
  colleague,
  englishCustomer,
  reminderSentTo,
  sendOverdueReminder,
  startReminderBot,
  turkishCustomer,
} from './reminderFlow';

jest.setTimeout(120_000);

/** The reminders chat journey with every document in the Cosmos-compatible server. */
let cosmos: CosmosTestServer;
let bot: BotUnderTest;
beforeAll(async () => {
  cosmos = await startCosmosServer();
  bot = await startReminderBot({ COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: 'reminders-chat' });
});
afterAll(async () => {
  await bot?.stop();
  await cosmos?.close();
});

test('send, the three buttons, a forged click and a cancel, on Cosmos', async () => {
  expect(bot.app.deps.store.kind).toBe('cosmos');
  const { campaignId } = await sendOverdueReminder(bot);
  await reminderSentTo(bot, turkishCustomer, campaignId);
  const { card } = await reminderSentTo(bot, englishCustomer, campaignId);
  const press = (verb: string, data: Record<string, unknown> = {}) =>
    bot.send(click(englishCustomer, verb, { ...findAction(card, verb), ...data }, { locale: 'en-GB' }));
  expect(textOf(invokeCard((await press('reminder.ack')).body))).toContain('Thank you, Emma');
  expect(textOf(invokeCard((await press('reminder.paid', { reference: 'C-1' })).body))).toContain('(reference: C-1)');
  expect(textOf(invokeCard((await press('reminder.question')).body))).toContain('Your question is ticket #');
  const forged = await bot.send(cardAction(colleague, 'reminder.ack', { campaignId, lang: 'tr' }, { locale: 'tr-TR' }));
  expect(textOf(invokeCard(forged.body))).toContain('bu hatırlatma size gönderilmedi');
  const counts = await bot.app.deps.reminders.counts(campaignId);
  expect(counts).toMatchObject({ acknowledged: 1, paid: 1, questions: 1 });

  const later = await sendOverdueReminder(bot, { sendAt: new Date(Date.now() + 86_400_000).toISOString() });
  const cancelled = await bot.send(click(billing, 'reminder.cancel', { campaignId: later.campaignId }, { cardId: later.cardId }));
  expect(textOf(invokeCard(cancelled.body))).toContain('Cancelled: nothing more is sent.');
  // Everyone it was for, the colleague who has written to the bot since included.
  const { recipients } = (await bot.app.deps.reminders.get(later.campaignId))!;
  expect(recipients).toBe(3);
  expect(await bot.app.deps.reminders.counts(later.campaignId)).toMatchObject({ cancelled: recipients, pending: 0, sent: 0 });
});
