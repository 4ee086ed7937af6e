import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Locator, Page } from 'playwright-core';
import { Chromium, launchChromium } from '../helpers/chromium';
import { Child, freePort, waitForHttp200 } from './processes';

/**
 * The real bot (`node dist/server.js`, the bundle `npm start` runs; SQLite in a temp DATA_DIR) and the pinned Agents
 * Playground, driven in headless Chromium the way a person would use it. The repo's two
 * playground configs are used as they are: the customer's (.m365agentsplayground.customer.yml)
 * and the partner's (.m365agentsplayground.yml).
 */

const root = path.resolve(__dirname, '../..');
const customerConfig = path.join(root, '.m365agentsplayground.customer.yml');
const partnerConfig = path.join(root, '.m365agentsplayground.yml');
const BOT_NAME = 'Billing Help Desk';

// Longer than the sum of the waits below, so a failure reports which step timed out.
jest.setTimeout(150_000);

type Strings = Record<string, Record<string, string>>;
const en = JSON.parse(readFileSync(path.join(root, 'locales/en/bot.json'), 'utf8')) as Strings;
const enDialogs = JSON.parse(readFileSync(path.join(root, 'locales/en/dialogs.json'), 'utf8')) as Strings;
const enCustomer = JSON.parse(readFileSync(path.join(root, 'locales/en/customer.json'), 'utf8')) as Strings;
const enTickets = JSON.parse(readFileSync(path.join(root, 'locales/en/tickets.json'), 'utf8')) as Strings;

/** The first `key: value` of one of our playground configs (currentUser comes before users). */
function configValue(file: string, key: string): string {
  const m = new RegExp(`^\\s*${key}:\\s*(\\S+)\\s*$`, 'm').exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file} has no ${key}`);
  return m[1];
}

/** An English string of the bot with its {{placeholders}} matching anything. */
function pattern(text: string): RegExp {
  return new RegExp(
    text
      .split(/\{\{\w+\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+'),
  );
}

let work: string;
let bot: Child | undefined;
let botPort: number;
const playgrounds: Child[] = [];
let browser: Chromium | undefined;
/** The customer's chat, kept open after the first customer test (the welcome card comes once per chat). */
let customerPage: Page | undefined;

/** Starts a playground on a free port with one of the configs; returns its URL. */
async function startPlayground(config: string): Promise<{ url: string; child: Child }> {
  const port = await freePort();
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js', { paths: [root] });
  const child = new Child(
    `playground (${path.basename(config)})`,
    process.execPath,
    [cli, '--disable-telemetry', '-c', 'msteams', '-p', String(port), '-e', `http://127.0.0.1:${botPort}/api/messages`],
    {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: config,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(work, `${path.basename(config)}.log`),
      },
    },
  );
  playgrounds.push(child);
  // it falls back to a random port when the one asked for is taken
  const [, actual] = await child.waitForOutput(/Listening on (\d+)/, 30_000);
  return { url: `http://localhost:${actual}`, child };
}

/** Every message the bot has posted in the open conversation. */
function botMessages(page: Page): Locator {
  return page.locator('div:has(> [aria-label="Message header"] [aria-label="Message author"])').filter({
    has: page.locator('[aria-label="Message author"]', { hasText: BOT_NAME }),
  });
}

async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(os.tmpdir(), `playground-e2e-${name}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  return file;
}

/** Runs a step; on failure adds a screenshot path and the bot's and playground's output. */
async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const shot = await screenshot(page, `failed-${name}`);
    const logs = [bot, ...playgrounds].map((c) => c?.tail(2000) ?? '').join('\n');
    throw new Error(`${name}: ${(err as Error).message}\nScreenshot: ${shot}\n${logs}`);
  }
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-if-needed.js')], { cwd: root, stdio: 'inherit' });
  work = mkdtempSync(path.join(os.tmpdir(), 'playground-e2e-'));
  const env = {
    PATH: process.env.PATH,
    DATA_DIR: path.join(work, 'data'),
    PARTNER_TENANT_ID: configValue(partnerConfig, 'tenantId'),
    ADMINS: configValue(partnerConfig, 'aadObjectId'),
    LOG_LEVEL: 'warn',
  };

  // the customer directory knows the customer config's tenant, through the real CLI
  const csv = path.join(work, 'customers.csv');
  writeFileSync(csv, `tenantId,name,locale,status\n${configValue(customerConfig, 'tenantId')},Fabrikam,en-US,current\n`);
  const imported = spawnSync(process.execPath, [path.join(root, 'dist/scripts/customers.js'), 'import', csv], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (imported.status !== 0) throw new Error(`customers import failed (${imported.status}):\n${imported.stdout}\n${imported.stderr}`);

  botPort = await freePort();
  bot = new Child('bot', process.execPath, [path.join(root, 'dist/server.js')], { cwd: root, env: { ...env, PORT: String(botPort) } });
  await waitForHttp200(`http://127.0.0.1:${botPort}/healthz`, bot, 30_000);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(playgrounds.map((p) => p.stop()));
  await bot?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a customer opens the personal chat, sees the welcome card, asks a question and reads the reply', async () => {
  const { url } = await startPlayground(customerConfig);
  const page = await (browser as Chromium).context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('treeitem', { name: 'Personal Chat' }).click();

  await step(page, 'welcome', () => page.getByText(pattern(en.welcome.title)).first().waitFor({ timeout: 30_000 }));
  await step(page, 'welcome-body', () => page.getByText(en.welcome.canDo).first().waitFor({ timeout: 5_000 }));
  const before = await botMessages(page).count();
  expect(before).toBeGreaterThan(0);

  const question = 'When is my payment due?';
  const box = page.getByRole('textbox').first();
  await box.click();
  await box.pressSequentially(question);
  await page.keyboard.press('Enter');
  await step(page, 'sent', () => page.getByText(question, { exact: true }).first().waitFor({ timeout: 10_000 }));

  const reply = botMessages(page).nth(before);
  await step(page, 'reply', () => reply.waitFor({ timeout: 30_000 }));
  const text = (await reply.innerText()).trim();
  await screenshot(page, 'customer');
  expect(text.replace(BOT_NAME, '').trim().length).toBeGreaterThan(10);
  // the bot's onTurnError apology is a reply, but not the one we want
  expect(text).not.toMatch(pattern(en.errors.TURN_FAILED.split('{{')[0].trim()));
  // The welcome comes once per chat: the next test goes on from its buttons in this page.
  customerPage = page;
});

test('a customer gets to a ticket by buttons only: welcome → topics → product → topic → answer → not helpful → ticket', async () => {
  let page = customerPage;
  if (!page) {
    const { url } = await startPlayground(customerConfig);
    page = await (browser as Chromium).context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
  }
  await step(page, 'welcome', () => page.getByText(pattern(en.welcome.title)).first().waitFor({ timeout: 30_000 }));

  /** Clicks the newest card button with this title, then waits for what it should bring. */
  const clickThen = async (name: string, button: string, expected: string | RegExp) =>
    step(page, name, async () => {
      await page.getByRole('button', { name: button, exact: true }).last().click({ timeout: 10_000 });
      await page.getByText(expected).last().waitFor({ timeout: 30_000 });
    });
  await clickThen('topics', en.welcome.showTopics, enDialogs.product.question);
  await clickThen('product', enDialogs.product.m365, enDialogs.topic.question);
  await clickThen('topic', enDialogs.topic.payment, enCustomer.answer.helpfulQuestion);
  await clickThen('not-helpful', enCustomer.answer.notHelpful, enTickets.offer.title);
  await screenshot(page, 'customer-offer');
  const description = page.getByRole('textbox', { name: pattern(enTickets.offer.describe) }).last();
  await step(page, 'describe', () => description.fill('Payment reminder although I paid on the 3rd', { timeout: 10_000 }));
  await clickThen('ticket', enTickets.offer.button, /Ticket #\d+ is open/);
  await screenshot(page, 'customer-ticket');
  await page.close();
});

test('an admin of the partner sets up the Escalations channel with an @mention', async () => {
  const { url } = await startPlayground(partnerConfig);
  const page = await (browser as Chromium).context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('treeitem', { name: /Escalations/ }).click();

  const box = page.getByRole('textbox').first();
  await box.click();
  await box.pressSequentially('@Billing');
  await step(page, 'mention', () => page.getByRole('menuitem', { name: BOT_NAME }).click({ timeout: 10_000 }));
  await box.pressSequentially(' setup escalations');
  await page.getByRole('button', { name: 'Post' }).click();

  await step(page, 'setup-reply', () => page.getByText(en.staff.setupDone).first().waitFor({ timeout: 30_000 }));
  await screenshot(page, 'staff');
  await page.close();
});
