/**
 * The Teams tab in local mode, in headless Chromium, against the real bot (in process, SQLite)
 * with tickets opened over the Bot Framework protocol: pick a local identity, see the queue,
 * claim a ticket (the channel card updates at the local connector), read the ticket page, the
 * dashboard, in Turkish too; axe finds no serious or critical violation on any page in the light,
 * dark and high-contrast themes. Screenshots go to /tmp/tab-e2e-*.png for a person to look at.
 */
import { Page } from 'playwright-core';
import { BotUnderTest, cardAction, PARTNER_TENANT, startBot, textOf, people } from '../harness/bot';
import { Chromium, launchChromium } from '../helpers/chromium';
import { buildIfNeeded, startServerProcess } from '../helpers/serverProcess';
import {
  askUntilOffer,
  ENV,
  findAction,
  invokeCard,
  isThreadPost,
  journeys,
  seedCustomers,
  sentCard,
  setUpChannel,
  threadCard,
  waitSent,
} from '../protocol/ticketFlow';
import { axe as axeOn, setTheme as setThemeOf, shot as shotOf, Theme } from './tabBrowser';

jest.setTimeout(180_000);

let bot: BotUnderTest;
let browser: Chromium;
let page: Page;
const numbers: number[] = [];

const shot = (name: string) => shotOf(page, name);
const axe = (where: string) => axeOn(page, where);
const setTheme = (theme: Theme) => setThemeOf(page, theme);

beforeAll(async () => {
  buildIfNeeded();
  bot = await startBot({ ...ENV, BILLING_ADMINS: 'aaaaaaaa-0000-4000-8000-000000000005' });
  await seedCustomers(bot);
  await setUpChannel(bot);
  const questions = [journeys[0].question, 'My subscription was suspended and we cannot reach Azure', journeys[1].question];
  for (const [i, question] of questions.entries()) {
    const j = journeys[i < 2 ? 0 : 1];
    const draft = await askUntilOffer(bot, j.who, j.locale, question);
    const created = await bot.send(cardAction(j.who, 'ticket.create', draft, { locale: j.locale }));
    const number = Number(j.expect.confirm.exec(textOf(invokeCard(created.body)))?.[1]);
    await waitSent(bot, `thread of #${number}`, (s) => isThreadPost(s) && textOf(threadCard(s)).includes(`#${number} ·`));
    numbers.push(number);
  }
  browser = await launchChromium();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});

test('local mode: the tab offers the configured staff identities, clearly marked as local', async () => {
  await page.goto(`${bot.server.url}/tab/`);
  await page.getByText('Local mode').first().waitFor();
  await page.getByRole('button', { name: `Act as ${people.agent.name}` }).waitFor();
  await shot('signin');
  await axe('sign-in (light)');
});

test('an agent sees the tickets in the queue, claims one, and the channel card is updated', async () => {
  await page.getByRole('button', { name: `Act as ${people.agent.name}` }).click();
  await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
  for (const n of numbers) await page.locator(`tr[data-ticket="${n}"]`).waitFor();
  await page.getByText('Breached').or(page.getByText('On time')).or(page.getByText('Due soon')).first().waitFor();
  await shot('queue');
  await axe('queue (light)');

  const target = numbers[0];
  const mark = bot.connector.sent.length;
  await page.getByRole('button', { name: `Claim ticket #${target}` }).click();
  await page.getByText(`You claimed #${target}`).waitFor();
  await page.locator(`tr[data-ticket="${target}"]`).getByText('You', { exact: true }).waitFor();
  const update = await waitSent(
    bot,
    'the channel card update after the tab claim',
    (s) =>
      s.method === 'PUT' &&
      bot.connector.sent.indexOf(s) >= mark &&
      textOf(s.body).includes(`#${target}`) &&
      textOf(s.body).includes(people.agent.name),
  );
  expect(textOf(update.body)).toContain('Assigned');
  await shot('queue-claimed');
});

test('keyboard only: Tab reaches a ticket\u2019s Claim button and Enter claims it', async () => {
  const target = numbers[2];
  const label = `Claim ticket #${target}`;
  await page.getByRole('heading', { name: 'Ticket queue' }).click();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')")) === label;
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await page.getByText(`You claimed #${target}`).waitFor();
});

test('the ticket page shows the card facts, the conversation, the audit trail and the actions', async () => {
  const target = numbers[0];
  await page.getByRole('link', { name: `Open ticket #${target}` }).click();
  await page.getByRole('heading', { name: `Ticket #${target}` }).waitFor();
  await page.getByText(journeys[0].question).first().waitFor();
  await page.getByRole('heading', { name: 'Audit trail' }).waitFor();
  // The audit is worded: statuses as words, people by name, no raw ISO dates or object ids.
  const audit = page.getByRole('table', { name: 'Audit trail' });
  await audit.getByText(`New → Assigned; held by ${people.agent.name}`).waitFor();
  const auditText = await audit.innerText();
  expect(auditText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}|[0-9a-f]{8}-[0-9a-f]{4}-/);
  expect(auditText).toMatch(/answer due \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
  await page.getByRole('button', { name: 'Send reply' }).waitFor();
  await page.getByLabel('Reply to the customer').fill('Could you send us the invoice number?');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.getByText(`Your reply on #${target}`).waitFor();
  await page.locator('li', { hasText: 'Could you send us the invoice number?' }).first().waitFor();
  await shot('ticket');
  await axe('ticket (light)');
});

test('every page passes axe in the dark and high-contrast themes', async () => {
  for (const theme of ['Dark', 'High contrast'] as const) {
    const tag = theme === 'Dark' ? 'dark' : 'contrast';
    await setTheme(theme);
    await page.locator(`[data-theme="${tag}"]`).waitFor();
    await axe(`ticket (${tag})`);
    await shot(`ticket-${tag}`);
    await page.getByRole('link', { name: '← Back to the queue' }).click();
    await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
    await page.locator(`tr[data-ticket="${numbers[1]}"]`).waitFor();
    await axe(`queue (${tag})`);
    await shot(`queue-${tag}`);
    await page.getByRole('link', { name: `Open ticket #${numbers[0]}` }).click();
    await page.getByRole('heading', { name: `Ticket #${numbers[0]}` }).waitFor();
  }
  await setTheme('Light');
});

test('in production, opened outside Teams, the tab says to open it in Teams', async () => {
  const prod = await startServerProcess({
    NODE_ENV: 'production',
    MicrosoftAppId: '5a1b2c3d-0000-4000-8000-00000000ab12',
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppTenantId: PARTNER_TENANT,
    PARTNER_TENANT_ID: PARTNER_TENANT,
    BOT_DOMAIN: 'helpdesk.example.test',
    HOST: '127.0.0.1',
  });
  try {
    const other = await browser.context.newPage();
    await other.goto(`${prod.url}/tab/`);
    await other.getByText('Open this tab in Microsoft Teams').waitFor();
    await other.close();
  } finally {
    await prod.stop();
  }
});

test('an admin sees the dashboard; the tab speaks Turkish', async () => {
  // The ticket the agent claimed by keyboard, resolved from the tab and rated by its customer: a rating to draw.
  const j = journeys[1];
  const resolved = await fetch(`${bot.server.url}/api/tab/tickets/${numbers[2]}/resolve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-local-identity': people.agent.aadObjectId },
    body: JSON.stringify({ resolution: 'Invoice corrected.' }),
  });
  expect(resolved.status).toBe(200);
  const ratingCard = await waitSent(
    bot,
    'the rating card',
    (s) => findAction(sentCard(s), 'ticket.rate') !== undefined && textOf(s.body).includes(`#${numbers[2]}`),
  );
  const rateData = findAction(sentCard(ratingCard), 'ticket.rate')!;
  expect((await bot.send(cardAction(j.who, 'ticket.rate', { ...rateData, rating: '4', comment: '' }, { locale: j.locale }))).status).toBe(
    200,
  );

  await page.getByRole('button', { name: 'Switch identity' }).click();
  await page.getByRole('button', { name: `Act as ${people.admin.name}` }).click();
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  // Every figure drawn as a chart (an SVG of Fluent's charts) or, with no data, said so; and its numbers as a table.
  for (const figure of ['daily', 'sla', 'priority', 'csat', 'sections']) {
    await page.locator(`[data-chart="${figure}"] svg`).first().waitFor();
    expect(await page.locator(`[data-table="${figure}"] tbody tr`).count()).toBeGreaterThan(0);
  }
  await page.getByText('No reminder campaigns in the window.').waitFor();
  // The tables are in the page for assistive technology; the switch shows them to everyone.
  const daily = page.getByRole('table', { name: 'Tickets opened and resolved per day' });
  expect(await daily.locator('tbody tr').count()).toBe(30);
  const opened = await daily.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(opened.reduce((sum, n) => sum + Number(n), 0)).toBe(numbers.length);
  const sections = page.getByRole('table', { name: 'Support-terms sections asked about most' });
  expect(Number(await sections.locator('tbody tr td:nth-child(2)').first().textContent())).toBeGreaterThan(0);
  await shot('dashboard');
  for (const theme of ['Light', 'Dark', 'High contrast'] as const) {
    await setTheme(theme);
    await axe(`dashboard (${theme})`);
  }
  await page.getByRole('switch', { name: 'Show the numbers as tables' }).check();
  await expect(daily.isVisible()).resolves.toBe(true);
  await shot('dashboard-tables');
  await axe('dashboard with its tables (High contrast)');
  await setTheme('Dark');
  await shot('dashboard-dark');
  await setTheme('Light');
  await page.getByLabel('Language').first().selectOption({ label: 'Turkish' });
  await page.getByRole('tab', { name: 'Kuyruk' }).click();
  await page.getByRole('heading', { name: 'Talep kuyruğu' }).waitFor();
  await page.locator(`tr[data-ticket="${numbers[1]}"]`).waitFor();
  await shot('queue-tr');
  await axe('queue (Turkish)');
});
