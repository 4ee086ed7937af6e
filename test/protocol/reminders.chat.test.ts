import { BotUnderTest, cardAction, message, people, textOf } from '../harness/bot';
import { findAction, invokeCard, sentCard, waitSent } from './ticketFlow';
import { billing, click, englishCustomer, reminderSentTo, sendOverdueReminder, startReminderBot, turkishCustomer } from './reminderFlow';

jest.setTimeout(120_000);

let bot: BotUnderTest;
beforeAll(async () => {
  bot = await startReminderBot();
});
afterAll(async () => {
  await bot?.stop();
});

describe('a billing admin composes, previews, sends and follows a campaign in Teams', () => {
  test('`remind` opens the composer card, in 1:1 and in a channel', async () => {
    for (const o of [{}, { conversationType: 'channel' as const }]) {
      const r = await bot.send(message(billing, 'remind', o));
      expect(r.status).toBe(200);
      const card = sentCard(r.replies[0]);
      expect(textOf(card as never)).toContain('New payment reminder');
      expect(findAction(card, 'reminder.preview')).toBeDefined();
    }
  });

  test('the preview shows the counts and the card as people in each language will see it; nothing is sent', async () => {
    const before = bot.connector.sent.length;
    const r = await bot.send(
      click(billing, 'reminder.preview', {
        template: 'overdue',
        audience: 'status:overdue',
        note: 'Please pay **today**',
        note_tr: 'Lütfen bugün ödeyin',
      }),
    );
    const text = textOf(invokeCard(r.body));
    expect(text).toContain('3 customers, 2 people who will receive it, 1 customers nobody can be reached at.');
    expect(text).toContain('Ege Tekstil');
    expect(text).toContain('As people reading English will see it');
    expect(text).toContain('As people reading Turkish will see it');
    expect(text).toContain('Please pay \\*\\*today\\*\\*');
    expect(text).toContain('Lütfen bugün ödeyin');
    expect(text).toContain('ödemenizin vadesi geçti');
    const send = findAction(invokeCard(r.body), 'reminder.send');
    expect(send).toMatchObject({
      template: 'overdue',
      audience: 'status:overdue',
      note: { en: 'Please pay **today**', tr: 'Lütfen bugün ödeyin' },
    });
    expect(await bot.app.deps.reminders.list()).toEqual([]);
    expect(bot.connector.sent.slice(before).filter((s) => s.conversationId.startsWith('a:1on1-cccc'))).toEqual([]);
  });

  test('a wrong audience or time comes back as the composer saying what to fix', async () => {
    const bad = invokeCard((await bot.send(click(billing, 'reminder.preview', { template: 'overdue', audience: 'status:late' }))).body);
    expect(textOf(bad)).toContain('**status:late** is not an audience I understand');
    expect(findAction(bad, 'reminder.preview')).toBeDefined();
    const past = invokeCard(
      (await bot.send(click(billing, 'reminder.send', { template: 'overdue', audience: 'all', sendDate: '2020-01-01', sendTime: '10:00' })))
        .body,
    );
    expect(textOf(past)).toContain('That time has already passed');
    expect(await bot.app.deps.reminders.list()).toEqual([]);
  });

  test('send: each person gets the card in their language, and the progress card is updated in place until done', async () => {
    const { card, campaignId, cardId } = await sendOverdueReminder(bot, { note: 'Thank you' });
    expect(textOf(card)).toContain('Reminders: Overdue');
    const tr = await reminderSentTo(bot, turkishCustomer, campaignId);
    expect(textOf(tr.card)).toContain('Anadolu Lojistik A.Ş.');
    expect(textOf(tr.card)).toContain('ödemenizin vadesi geçti');
    expect(textOf(tr.card)).toContain('CCP-2026-0912');
    expect(findAction(tr.card, 'reminder.ack')).toMatchObject({ campaignId, lang: 'tr' });
    const en = await reminderSentTo(bot, englishCustomer, campaignId);
    expect(textOf(en.card)).toContain('Your payment to Contoso Cloud Partners is overdue');
    expect(textOf(en.card)).toContain('€990.00');
    const done = await waitSent(
      bot,
      'the progress card, done',
      (s) => s.method === 'PUT' && s.activityId === cardId && textOf(s.body).includes('Done.'),
    );
    expect(textOf(done.body)).toContain('Sent 2 · pending 0');
    expect(done.conversationId).toBe(`a:1on1-${billing.aadObjectId.slice(0, 8)}`);
  });

  test('`reminders` lists the campaigns with their counts', async () => {
    const r = await bot.send(message(billing, 'reminders'));
    const text = textOf(sentCard(r.replies[0]) as never);
    expect(text).toContain('Recent reminder campaigns');
    expect(text).toMatch(/\*\*Overdue\*\* to status:overdue, .*: done; sent 2 of 2/);
  });

  test('cancelling a finished campaign changes nothing and says so', async () => {
    const [done] = await bot.app.deps.reminders.list(1);
    expect(done.status).toBe('done');
    const r = await bot.send(click(billing, 'reminder.cancel', { campaignId: done.id }));
    const card = invokeCard(r.body);
    expect(textOf(card)).toContain('That campaign has already finished, so there is nothing to cancel.');
    expect(findAction(card, 'reminder.cancel')).toBeUndefined();
    expect((await bot.app.deps.reminders.get(done.id))?.status).toBe('done');
    const unknown = await bot.send(click(billing, 'reminder.cancel', { campaignId: 'r0000000000000000' }));
    expect(textOf(invokeCard(unknown.body))).toContain("I couldn't find that campaign");
  });

  test('a scheduled campaign is cancelled before it starts: nobody gets it', async () => {
    const sendAt = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const { card, campaignId, cardId } = await sendOverdueReminder(bot, { sendAt });
    expect(textOf(card)).toContain('Scheduled for');
    const cancel = findAction(card, 'reminder.cancel');
    expect(cancel).toEqual({ campaignId });
    const r = await bot.send(click(billing, 'reminder.cancel', cancel as never, { cardId }));
    expect(textOf(invokeCard(r.body))).toContain('Cancelled: nothing more is sent.');
    expect((await bot.app.deps.reminders.get(campaignId))?.status).toBe('cancelled');
    const counts = await bot.app.deps.reminders.counts(campaignId);
    expect(counts).toMatchObject({ sent: 0, cancelled: 2, pending: 0 });
    // Clicking cancel again: nothing to cancel, the card says so.
    const again = await bot.send(click(billing, 'reminder.cancel', { campaignId }, { cardId }));
    expect(textOf(invokeCard(again.body))).toContain('Cancelled');
  });

  test('above the confirmation size, send asks once more and creates nothing until confirmed', async () => {
    const { users } = bot.app.deps;
    for (let i = 0; i < 200; i++) {
      const id = `cccccccc-1000-4000-8000-${String(i).padStart(12, '0')}`;
      await users.remember({
        tenantId: turkishCustomer.tenantId,
        userKey: id,
        channelUserId: `29:${id}`,
        aadObjectId: id,
        language: 'tr',
        conversationReference: { conversation: { id: `a:big-${i}` }, serviceUrl: bot.connector.url },
        lastSeen: new Date().toISOString(),
      });
    }
    const before = (await bot.app.deps.reminders.list()).length;
    const r = await bot.send(click(billing, 'reminder.send', { template: 'final-notice', audience: 'status:overdue' }));
    const card = invokeCard(r.body);
    expect(textOf(card)).toContain('This goes to 202 people at 3 customers.');
    expect(findAction(card, 'reminder.send')).toMatchObject({ confirmed: true, template: 'final-notice' });
    expect((await bot.app.deps.reminders.list()).length).toBe(before);
  });
});

describe('everyone else is refused politely, in their language, and the attempt is logged', () => {
  test.each([
    ['en-US', 'Sorry, **remind** needs one of these roles: Billing admin, Admin. Nothing was changed.'],
    ['tr-TR', 'Faturalama yöneticisi, Yönetici'],
  ])('staff without the role typing `remind` (%s)', async (locale, expected) => {
    const r = await bot.send(message(people.agent, 'remind', { locale }));
    expect(textOf(r.replies[0])).toContain(expected);
  });

  test.each([
    ['a helpdesk agent', people.agent, 'en-US', 'only billing admins and admins can send payment reminders'],
    ['staff without a role', people.staff, 'tr-TR', 'yalnızca faturalama yöneticileri ve yöneticiler'],
    ['a customer', turkishCustomer, 'tr-TR', 'yalnızca faturalama yöneticileri ve yöneticiler'],
    ['an unknown tenant', people.stranger, 'en-US', 'only billing admins and admins can send payment reminders'],
  ])('%s clicking reminder.send (%s) changes nothing', async (_label, who, locale, expected) => {
    const before = (await bot.app.deps.reminders.list()).length;
    const r = await bot.send(
      cardAction(who, 'reminder.send', { template: 'overdue', audience: 'all', ...(locale === 'tr-TR' ? { lang: 'tr' } : {}) }, { locale }),
    );
    expect(textOf(invokeCard(r.body))).toContain(expected);
    expect((await bot.app.deps.reminders.list()).length).toBe(before);
    expect(bot.logs.some((l) => l.includes('"code":"BHD-460"') && l.includes(who.aadObjectId))).toBe(true);
  });
});
