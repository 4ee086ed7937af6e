/**
 * The tab's reminder pages in local mode, in headless Chromium, against the real bot (in process,
 * SQLite, the local connector) with two customers in arrears whose people installed the app and
 * one nobody can be reached at: a billing admin composes a reminder, sees the live count and the
 * bot's card rendered by the Adaptive Cards renderer in both recipients' languages, sends it after
 * confirming, and watches the campaign reach done while the cards arrive at the connector; the
 * recipients' results are listed. axe finds no serious or critical violation on the composer, the
 * campaigns list and the campaign page in the light, dark and high-contrast themes. Screenshots
 * go to /tmp/tab-e2e-*.png (README's composer and campaign pictures are copies of them).
 */
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { exportCsv } from '../../bot/reminders/export';
import { BotUnderTest } from '../harness/bot';
import { Chromium, launchChromium } from '../helpers/chromium';
import { buildIfNeeded } from '../helpers/serverProcess';
import { billing, click, englishCustomer, reminderSentTo, startReminderBot, turkishCustomer } from '../protocol/reminderFlow';
import { axe, setTheme, shot, Theme } from './tabBrowser';

jest.setTimeout(180_000);

let bot: BotUnderTest;
let browser: Chromium;
let page: Page;
let campaignId = '';
const NOTE = 'Please pay by Friday; thank you!';

beforeAll(async () => {
  buildIfNeeded();
  bot = await startReminderBot();
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
});

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});

test('a billing admin opens the tab at the composer; the live count and the card preview follow the choices', async () => {
  await page.goto(`${bot.server.url}/tab/`);
  await page.getByRole('button', { name: `Act as ${billing.name}` }).click();
  await page.getByRole('heading', { name: 'New payment reminder' }).waitFor();
  // Not an agent: no queue; the reminder pages only.
  expect(await page.getByRole('tab', { name: 'Queue' }).count()).toBe(0);

  await page.getByLabel('Reminder', { exact: true }).selectOption({ label: 'Overdue' });
  await page.getByLabel('Audience').selectOption({ label: 'Customers whose payment is overdue' });
  const count = page.getByTestId('audience-count');
  await count.getByText('3 customers; 2 people will receive it; nobody can be reached at 1 of the customers.').waitFor();
  await count.getByText('Nobody can be reached at: Ege Tekstil').waitFor();

  await page.getByLabel('Note for all customers (optional, plain text)').fill(NOTE);
  const card = page.locator('.ac-adaptiveCard');
  await card.getByText(NOTE).waitFor();
  await card.getByText('Your payment to', { exact: false }).first().waitFor();
  const english = await card.innerText();
  expect(english).toMatch(/Anadolu Lojistik A\.Ş\.|Contoso Retail Ltd/);

  // The same card in the other recipients' language.
  await page.getByRole('tab', { name: 'Turkish' }).click();
  await card.getByText('ödemenizin vadesi geçti', { exact: false }).first().waitFor();
  await card.getByText(NOTE).waitFor();
  await page.getByRole('tab', { name: 'English' }).click();
  await card.getByText('Your payment to', { exact: false }).first().waitFor();

  // A bad audience is said in words; the count comes back once it is fixed.
  await page.getByLabel('Audience').selectOption({ label: 'Overdue by at least a number of days' });
  await page.getByLabel('Days').fill('-3');
  await count.getByText('is not an audience', { exact: false }).waitFor();
  await page.getByLabel('Audience').selectOption({ label: 'Customers whose payment is overdue' });
  await count.getByText('2 people will receive it', { exact: false }).waitFor();
  await card.getByText(NOTE).waitFor();

  await shot(page, 'composer');
  await axe(page, 'composer (light)');
});

test('sending asks first; the campaign page follows it to done while the cards reach both people', async () => {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('goes to 2 people at 3 customers now', { exact: false }).waitFor();
  await axe(page, 'send confirmation (light)');
  // "Go back" sends nothing.
  await dialog.getByRole('button', { name: 'Go back' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await bot.app.deps.reminders.list()).toHaveLength(0);

  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Send' }).click();
  await page.getByRole('heading', { name: 'Reminder: Overdue' }).waitFor();
  campaignId = /#\/campaigns\/(r[0-9a-f]{15})$/.exec(page.url())?.[1] ?? '';
  expect(campaignId).not.toBe('');

  const tr = await reminderSentTo(bot, turkishCustomer, campaignId);
  const en = await reminderSentTo(bot, englishCustomer, campaignId);
  expect(JSON.stringify(tr.card)).toContain(NOTE);
  expect(JSON.stringify(en.card)).toContain(NOTE);

  await page.getByText('Done', { exact: true }).first().waitFor();
  await page.getByText('2 of 2 settled').waitFor();
  for (const name of ['Anadolu Lojistik A.Ş.', 'Contoso Retail Ltd'])
    await page.locator('tr[data-recipient]', { hasText: name }).getByText('Sent', { exact: true }).waitFor();
  expect(await bot.app.deps.reminders.list()).toHaveLength(1);

  // The customers answer on their cards (over the protocol): the page shows it without a reload.
  const press = (who: typeof turkishCustomer, lang: 'en' | 'tr', verb: string, data: Record<string, unknown> = {}) =>
    bot.send(click(who, verb, { campaignId, lang, ...data }, { locale: lang === 'tr' ? 'tr-TR' : 'en-GB' }));
  expect((await press(turkishCustomer, 'tr', 'reminder.ack')).status).toBe(200);
  expect((await press(englishCustomer, 'en', 'reminder.paid', { paidOn: '2026-10-12', reference: 'EFT-778' })).status).toBe(200);
  await page.locator('tr[data-recipient]', { hasText: 'Anadolu Lojistik' }).getByText('Got it,', { exact: false }).waitFor();
  await page
    .locator('tr[data-recipient]', { hasText: 'Contoso Retail' })
    .getByText(/Said they paid, .*paid on 12 Oct 2026, reference EFT-778/)
    .waitFor();
  await page.locator('li', { hasText: /^Acknowledged 2$/ }).waitFor();
  await page.locator('li', { hasText: /^Said they paid 1$/ }).waitFor();
  await shot(page, 'campaign');

  // Export: the CLI's CSV, downloaded by the browser.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(file.suggestedFilename()).toBe(`reminders-${campaignId}.csv`);
  expect(readFileSync(await file.path(), 'utf8')).toBe(exportCsv(await bot.app.deps.reminders.recipientDocs(campaignId)));
  await axe(page, 'campaign (light)');
});

test('the campaigns list shows it with its progress', async () => {
  await page.getByRole('tab', { name: 'Campaigns' }).click();
  await page.getByRole('heading', { name: 'Reminder campaigns' }).waitFor();
  const row = page.locator(`tr[data-campaign="${campaignId}"]`);
  await row.getByRole('link', { name: 'Overdue' }).waitFor();
  await row.getByText('2 of 2 settled').waitFor();
  await shot(page, 'campaigns');
  await axe(page, 'campaigns (light)');
});

test('a reminder scheduled for later is cancelled from its page after confirming; nothing is sent', async () => {
  await page.getByRole('tab', { name: 'New reminder' }).click();
  await page.getByLabel('Reminder', { exact: true }).selectOption({ label: 'Final notice' });
  await page.getByLabel('Audience').selectOption({ label: 'Customers whose payment is overdue' });
  await page.getByTestId('audience-count').getByText('2 people will receive it', { exact: false }).waitFor();
  await page.getByRole('radio', { name: 'Send at a time' }).check();
  // Two days ahead, in the browser's (this machine's) time zone, as a datetime-local input takes it.
  const at = new Date(Date.now() + 2 * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
  await page.getByLabel('Date and time').fill(local);
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('You can cancel it until then', { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Schedule' }).click();
  await page.getByRole('heading', { name: 'Reminder: Final notice' }).waitFor();
  const id = /#\/campaigns\/(r[0-9a-f]{15})$/.exec(page.url())?.[1] ?? '';
  expect((await bot.app.deps.reminders.get(id))?.status).toBe('scheduled');
  await page.getByText('Scheduled', { exact: true }).first().waitFor();
  await page.getByText('estimated finish', { exact: false }).waitFor();

  await page.getByRole('button', { name: 'Cancel pending sends' }).click();
  await page.getByRole('alertdialog').getByText('2 pending reminders will not be sent', { exact: false }).waitFor();
  await axe(page, 'cancel confirmation (light)');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, cancel' }).click();
  await page.getByText('The campaign is cancelled: nothing more is sent.').waitFor();
  await page.locator('li', { hasText: /^Cancelled 2$/ }).waitFor();
  expect((await bot.app.deps.reminders.get(id))?.status).toBe('cancelled');
  expect(bot.connector.sent.some((s) => JSON.stringify(s.body).includes(id))).toBe(false);
  await page.getByRole('link', { name: '← Back to the campaigns' }).click();
  await page.getByRole('heading', { name: 'Reminder campaigns' }).waitFor();
});

test('the reminder pages pass axe in the dark and high-contrast themes', async () => {
  for (const theme of ['Dark', 'High contrast'] as Theme[]) {
    await setTheme(page, theme);
    await axe(page, `campaigns (${theme})`);
    await page.locator(`tr[data-campaign="${campaignId}"]`).getByRole('link').click();
    await page.getByRole('heading', { name: 'Reminder: Overdue' }).waitFor();
    await page.locator('tr[data-recipient]').first().waitFor();
    await axe(page, `campaign (${theme})`);
    await page.getByRole('tab', { name: 'New reminder' }).click();
    await page.locator('.ac-adaptiveCard').waitFor();
    await axe(page, `composer (${theme})`);
    await shot(page, `composer-${theme === 'Dark' ? 'dark' : 'contrast'}`);
    await page.getByRole('tab', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Reminder campaigns' }).waitFor();
  }
  await setTheme(page, 'Light');
});

test('the composer speaks Turkish', async () => {
  await page.getByLabel('Language').first().selectOption({ label: 'Turkish' });
  await page.getByRole('tab', { name: 'Yeni hatırlatma' }).click();
  await page.getByRole('heading', { name: 'Yeni ödeme hatırlatması' }).waitFor();
  await page.getByLabel('Hedef kitle').selectOption({ label: 'Ödemesi gecikmiş müşteriler' });
  await page.getByTestId('audience-count').getByText('3 müşteri; 2 kişi alacak', { exact: false }).waitFor();
  // The reader's own language first: the Turkish card.
  await page.locator('.ac-adaptiveCard').getByText('ödemenizin günü yaklaşıyor', { exact: false }).first().waitFor();
  await shot(page, 'composer-tr');
  await axe(page, 'composer (Turkish)');
});
