import { BotUnderTest, cardAction, message, people, textOf } from '../harness/bot';
import { Person } from '../harness/bot';
import { CHANNEL, findAction, invokeCard, sentCard, waitSent } from './ticketFlow';
import {
  billing,
  click,
  colleague,
  englishCustomer,
  reminderSentTo,
  sendOverdueReminder,
  SILENT_BILLING_ID,
  startReminderBot,
  turkishCustomer,
} from './reminderFlow';

jest.setTimeout(120_000);

let bot: BotUnderTest;
let campaignId: string;
beforeAll(async () => {
  bot = await startReminderBot();
  ({ campaignId } = await sendOverdueReminder(bot));
  await reminderSentTo(bot, turkishCustomer, campaignId);
  await reminderSentTo(bot, englishCustomer, campaignId);
});
afterAll(async () => {
  await bot?.stop();
});

/** A recipient's click on their reminder card, in the card's language. */
function press(who: Person, lang: 'en' | 'tr', verb: string, data: Record<string, unknown> = {}) {
  return bot.send(click(who, verb, { campaignId, lang, ...data }, { locale: lang === 'tr' ? 'tr-TR' : 'en-GB' }));
}

async function acksOf(who: Person) {
  return (await bot.app.deps.reminders.recipientOf(campaignId, who.tenantId, who.aadObjectId))?.acks ?? [];
}

const people2 = [
  {
    who: turkishCustomer,
    lang: 'tr' as const,
    ack: 'Teşekkürler Ayşe: bu hatırlatmayı gördüğünüzü',
    paid: 'ödeme yaptığınızı (12 Ekim 2026 tarihinde) (referans: EFT-778)',
    question: 'numaralı talep olarak açıldı',
    ackButton: 'Anladım',
  },
  {
    who: englishCustomer,
    lang: 'en' as const,
    ack: 'Thank you, Emma: we recorded on',
    paid: 'that you paid on October 12, 2026 (reference: EFT-778)',
    question: 'Your question is ticket #',
    ackButton: 'Got it',
  },
];

describe.each(people2)('the three buttons of a reminder, $lang', ({ who, lang, ack, paid, question, ackButton }) => {
  test('“Got it” is recorded and the card, updated in place, says so', async () => {
    const card = invokeCard((await press(who, lang, 'reminder.ack')).body);
    expect(textOf(card)).toContain(ack);
    expect(textOf(card)).not.toContain(ackButton);
    expect(findAction(card, 'reminder.paid')).toBeDefined();
    expect((await acksOf(who)).map((a) => a.kind)).toEqual(['ack']);
  });

  test("“I've paid” with a date and reference is recorded, and the billing admin is told in their 1:1 chat", async () => {
    const card = invokeCard((await press(who, lang, 'reminder.paid', { paidOn: '2026-10-12', reference: 'EFT-778' })).body);
    expect(textOf(card)).toContain(paid);
    expect((await acksOf(who)).find((a) => a.kind === 'paid')).toMatchObject({
      paidOn: '2026-10-12',
      reference: 'EFT-778',
      by: who.aadObjectId,
    });
    const notice = await waitSent(
      bot,
      'the payment notice to the billing admin',
      (s) =>
        s.conversationId === `a:1on1-${billing.aadObjectId.slice(0, 8)}` &&
        textOf(s.body).includes('Payment reported') &&
        textOf(s.body).includes(who.name),
    );
    expect(textOf(notice.body)).toContain('Reference: EFT-778');
    expect(textOf(notice.body)).toContain(campaignId);
  });

  test("“I have a question” opens a ticket with the reminder's context and says when a person answers", async () => {
    const card = invokeCard((await press(who, lang, 'reminder.question')).body);
    const number = Number(/#(\d+)/.exec(textOf(card))?.[1]);
    expect(textOf(card)).toContain(question);
    expect(number).toBeGreaterThan(0);
    const ticket = await bot.app.deps.tickets.byNumber(number);
    expect(ticket?.value.tenantId).toBe(who.tenantId);
    expect(ticket?.value.requesterKey).toBe(who.aadObjectId);
    expect(ticket?.value.question).toContain(campaignId);
    expect(ticket?.value.question).toContain(who === turkishCustomer ? 'CCP-2026-0912' : 'CCP-2026-0950');
    expect((await acksOf(who)).find((a) => a.kind === 'question')?.ticketNumber).toBe(number);
    // Pressed again: the same ticket.
    const again = invokeCard((await press(who, lang, 'reminder.question')).body);
    expect(textOf(again)).toContain(`#${number}`);
  });
});

test('a billing admin who never wrote to the bot gets a 1:1 chat opened once; the next notice goes there', async () => {
  const opened = bot.connector.sent.filter(
    (s) =>
      s.method === 'POST' &&
      /^\/v3\/conversations\/?$/.test(s.path) &&
      (s.body.members as { id?: string }[])?.[0]?.id === SILENT_BILLING_ID,
  );
  expect(opened).toHaveLength(1);
  await waitSent(
    bot,
    'the second notice in the opened chat',
    (s) => s.conversationId === opened[0].conversationId && textOf(s.body).includes('Emma Brown'),
  );
  const notices = bot.connector.sent.filter(
    (s) => s.conversationId === opened[0].conversationId && textOf(s.body).includes('Payment reported'),
  );
  expect(notices.map((s) => textOf(s.body).includes('Emma Brown'))).toEqual([false, true]);
});

describe("a click that is not the recipient's own is refused and changes nothing", () => {
  const snapshot = async () => JSON.stringify([await acksOf(turkishCustomer), await acksOf(englishCustomer)]);

  test.each([
    ['someone else in the customer tenant', colleague, 'tr-TR', 'bu hatırlatma size gönderilmedi'],
    ['a person of an unknown tenant', people.stranger, 'en-US', 'this reminder was not sent to you'],
    ['partner staff', people.admin, 'en-US', 'These buttons are for the customers who receive the reminder'],
  ])('%s', async (_label, who, locale, expected) => {
    const before = await snapshot();
    for (const verb of ['reminder.ack', 'reminder.paid', 'reminder.question']) {
      const r = await bot.send(cardAction(who, verb, { campaignId, paidOn: '2026-10-12' }, { locale }));
      expect(textOf(invokeCard(r.body))).toContain(expected);
    }
    expect(await snapshot()).toBe(before);
    expect(bot.logs.some((l) => l.includes('"code":"BHD-407"') && l.includes(who.aadObjectId))).toBe(true);
  });

  test('a forged campaign id, or none, is refused', async () => {
    const before = await snapshot();
    for (const data of [{ campaignId: 'r0000000000000000' }, { campaignId: '../x' }, {}]) {
      const r = await bot.send(cardAction(turkishCustomer, 'reminder.ack', { ...data, lang: 'tr' }, { locale: 'tr-TR' }));
      expect(textOf(invokeCard(r.body))).toContain('Bu hatırlatmayı bulamadım');
    }
    expect(await snapshot()).toBe(before);
  });

  test('a bad date of payment is refused and nothing is recorded', async () => {
    const before = await snapshot();
    const r = await press(englishCustomer, 'en', 'reminder.paid', { paidOn: '2999-01-01' });
    expect(textOf(invokeCard(r.body))).toContain('The date of payment must be a date no later than today');
    expect(await snapshot()).toBe(before);
  });

  test('a click on a cancelled campaign is refused and changes nothing', async () => {
    const later = await sendOverdueReminder(bot, { sendAt: new Date(Date.now() + 86_400_000).toISOString() });
    await bot.send(click(billing, 'reminder.cancel', { campaignId: later.campaignId }, { cardId: later.cardId }));
    const r = await bot.send(
      cardAction(turkishCustomer, 'reminder.ack', { campaignId: later.campaignId, lang: 'tr' }, { locale: 'tr-TR' }),
    );
    expect(textOf(invokeCard(r.body))).toContain('geri çekildi');
    expect(
      (await bot.app.deps.reminders.recipientOf(later.campaignId, turkishCustomer.tenantId, turkishCustomer.aadObjectId))?.acks,
    ).toEqual([]);
  });
});

describe('`setup billing`', () => {
  test('is for admins, in a channel; then "I\'ve paid" notices go to that channel', async () => {
    const refused = await bot.send(message(billing, 'setup billing', CHANNEL));
    expect(textOf(refused.replies[0])).toContain('needs one of these roles: Admin');
    const inChat = await bot.send(message(people.admin, 'setup billing'));
    expect(textOf(inChat.replies[0])).toContain('in the team channel');
    const done = await bot.send(message(people.admin, 'setup billing', { ...CHANNEL, conversationId: '19:billing@thread.tacv2' }));
    expect(textOf(done.replies[0])).toContain('will now be posted in this channel');
    await press(englishCustomer, 'en', 'reminder.paid', { reference: 'SECOND-1' });
    const notice = await waitSent(
      bot,
      'the notice in the billing channel',
      (s) => s.conversationId === '19:billing@thread.tacv2' && textOf(s.body).includes('SECOND-1'),
    );
    expect(sentCard(notice)).toBeDefined();
  });
});
