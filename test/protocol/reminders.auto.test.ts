import { BotUnderTest, message, people, textOf } from '../harness/bot';
import { billing, startReminderBot } from './reminderFlow';

/**
 * The collections ladder's switch in Teams: `reminders auto on|off` (Turkish: `hatırlatmalar
 * otomatik açık|kapalı`) turns the daily ladder on or off for billing admins and admins, as the
 * CLI's `reminders -- auto` does; anyone else is refused and nothing changes.
 */

jest.setTimeout(120_000);

let bot: BotUnderTest;
beforeAll(async () => {
  bot = await startReminderBot();
});
afterAll(async () => {
  await bot?.stop();
});

test('a billing admin turns the ladder off and on again, in English and in Turkish', async () => {
  const off = await bot.send(message(billing, 'reminders auto off'));
  expect(textOf(off.replies[0])).toContain('The daily collections ladder is off');
  expect(await bot.app.deps.reminderLadder.isAuto()).toBe(false);
  expect(await bot.app.reminders!.ladder.isAuto()).toBe(false);
  const on = await bot.send(message(billing, 'hatırlatmalar otomatik AÇIK', { locale: 'tr-TR' }));
  expect(textOf(on.replies[0])).toContain('Günlük tahsilat adımları açık');
  expect(await bot.app.reminders!.ladder.isAuto()).toBe(true);
  expect(bot.logs.some((l) => l.includes('reminders.ladder.switched') && l.includes(billing.aadObjectId))).toBe(true);
});

test('a word other than on or off says how to type it and what the ladder is now; nothing changes', async () => {
  await bot.app.reminders!.ladder.setAuto(false);
  const r = await bot.send(message(billing, 'reminders auto maybe'));
  expect(textOf(r.replies[0])).toContain('The daily collections ladder is off. Type **reminders auto on**');
  const tr = await bot.send(message(billing, 'hatırlatmalar otomatik belki', { locale: 'tr-TR' }));
  expect(textOf(tr.replies[0])).toContain('şu an kapalı');
  expect(await bot.app.reminders!.ladder.isAuto()).toBe(false);
});

test('staff without the role are refused in their language and the ladder stays as it was', async () => {
  await bot.app.reminders!.ladder.setAuto(true);
  const en = await bot.send(message(people.agent, 'reminders auto off'));
  expect(textOf(en.replies[0])).toContain('Sorry, **reminders auto** needs one of these roles: Billing admin, Admin.');
  const tr = await bot.send(message(people.agent, 'hatırlatmalar otomatik kapalı', { locale: 'tr-TR' }));
  expect(textOf(tr.replies[0])).toContain('Faturalama yöneticisi, Yönetici');
  expect(await bot.app.reminders!.ladder.isAuto()).toBe(true);
});
