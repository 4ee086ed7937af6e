/**
 * The reminder card as a Teams client draws it: the Adaptive Cards renderer (the `adaptivecards`
 * package Teams' web client builds on) in Chromium parses it without warnings and shows the
 * customer's facts and buttons, in English and Turkish. The screenshots are README's picture.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { businessHours, loadTerms } from '../../bot/knowledge/terms';
import { createI18n } from '../../bot/platform/i18n';
import { reminderCard, ReminderCardDeps } from '../../cards/reminders/reminder';
import { AdaptiveCard } from '../../cards/render';
import { cardInLanguage } from '../../bot/platform/teams/cardMessage';
import { Chromium, launchChromium } from '../helpers/chromium';
import { sampleCampaign } from '../helpers/reminderSamples';

jest.setTimeout(120_000);

let browser: Chromium;
let deps: ReminderCardDeps;
beforeAll(async () => {
  const terms = loadTerms();
  deps = {
    i18n: await createI18n('en'),
    terms,
    partnerName: terms.partner.partner.name,
    config: { DEFAULT_LOCALE: 'en-US' },
    hours: businessHours(terms),
  };
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const customer = {
  name: 'Anadolu Lojistik A.Ş.',
  status: 'overdue' as const,
  balance: 18250.75,
  currency: 'TRY',
  dueDate: '2026-10-15',
  invoiceNumber: 'CCP-2026-0912',
};

/** In the page: parse (collecting the renderer's warnings), validate, render into #card. */
const DRAW = `
function drawCard(json) {
  const ac = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  ac.parse(json, context);
  const out = [];
  for (let i = 0; i < context.eventCount; i++) out.push(context.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) out.push(e.message);
  document.getElementById('card').appendChild(ac.render());
  return out;
}`;

/** Draws a card with the Adaptive Cards renderer; returns its text, the parse warnings and a screenshot path. */
async function draw(card: AdaptiveCard, name: string): Promise<{ text: string; warnings: string[]; file: string }> {
  const page = await browser.context.newPage();
  try {
    const script = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
    await page.setContent(
      `<html><body style="margin:0;padding:16px;background:#f5f5f5;font-family:'Segoe UI',Arial,sans-serif">` +
        `<div id="card" style="width:460px;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2)"></div></body></html>`,
    );
    await page.addScriptTag({ content: script });
    await page.addScriptTag({ content: DRAW });
    const warnings = (await page.evaluate(`drawCard(${JSON.stringify(card)})`)) as string[];
    const element = page.locator('#card');
    const file = path.join(os.tmpdir(), `reminder-card-${name}.png`);
    await element.screenshot({ path: file });
    return { text: await element.innerText(), warnings, file };
  } finally {
    await page.close();
  }
}

describe('the reminder card in an Adaptive Cards renderer', () => {
  test.each([
    [
      'en',
      [
        'Anadolu Lojistik A.Ş.',
        'TRY 18,250.75',
        'October 15, 2026',
        'CCP-2026-0912',
        'What happens next',
        'How to pay',
        'Got it',
        "I've paid",
        'I have a question',
      ],
    ],
    [
      'tr',
      [
        'Anadolu Lojistik A.Ş.',
        '₺18.250,75',
        '15 Ekim 2026',
        'CCP-2026-0912',
        'Bundan sonra ne olacak',
        'Nasıl ödenir',
        'Anladım',
        'Ödedim',
        'Bir sorum var',
      ],
    ],
  ] as const)('%s: parses without warnings and shows the facts and buttons', async (lang, expected) => {
    const card = cardInLanguage(
      reminderCard(
        {
          campaign: sampleCampaign({
            template: 'overdue',
            note: {
              en: 'Our offices are closed on 29 October; payments still go through.',
              tr: '29 Ekim’de ofislerimiz kapalı; ödemeler yine de işlenir.',
            },
          }),
          customer,
          lang,
          today: '2026-10-20',
          next: { template: 'final-notice', date: '2026-10-29' },
        },
        deps,
      ),
      lang,
    );
    const { text, warnings, file } = await draw(card, lang);
    expect(warnings).toEqual([]);
    for (const part of expected) expect(text.replace(/\u00a0/g, ' ')).toContain(part);
    expect(file).toContain('reminder-card');
  });
});
