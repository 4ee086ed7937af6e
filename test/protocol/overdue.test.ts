import { BotUnderTest, message, people, seedCustomerInArrears, startBot, textOf } from '../harness/bot';
import type { Sent } from '../harness/connector';
import { formatDate, formatMoney } from '../../bot/platform/format';

/**
 * The banner an overdue or suspended customer sees before a billing answer: the facts told once
 * (in the banner, or in the answer's own list below it), and the partner's way to pay from
 * terms/partner.json `payment`.
 */

let bot: BotUnderTest;

beforeAll(async () => {
  bot = await startBot();
  await seedCustomerInArrears(bot, 'overdue');
});

afterAll(async () => {
  await bot.stop();
});

type Element = { type?: string; items?: Element[]; actions?: { type: string; title: string; url?: string }[]; text?: string };
type Card = { body: Element[]; actions?: { type: string }[] };

function cardOf(reply: Sent): Card {
  return (reply.body.attachments as { content: Card }[])[0].content;
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

const PAY_LINK = 'https://pay.contoso-cloud.example/invoices';
const CASES = [
  {
    locale: 'en-US',
    question: 'can I pay my invoice by credit card',
    billingOnly: 'why is there VAT on my invoice',
    headline: 'Your account is **overdue**.',
    facts: [formatMoney(18250.75, 'TRY', 'en'), formatDate('2026-10-15', 'en'), 'CCP-2026-0912'],
    pay: 'Pay now',
    instructions: 'Pay by card on our payment page, or by bank transfer',
  },
  {
    locale: 'tr-TR',
    question: 'faturamı nasıl ödeyebilirim',
    billingOnly: 'faturamda neden KDV var',
    headline: 'Hesabınızın ödemesi **gecikmiş** durumda.',
    facts: [formatMoney(18250.75, 'TRY', 'tr'), formatDate('2026-10-15', 'tr'), 'CCP-2026-0912'],
    pay: 'Şimdi öde',
    instructions: 'havale/EFT ile ödeyebilirsiniz',
  },
];

let asked = 0;

async function answer(locale: string, question: string): Promise<{ banner: Element; text: string; card: Card }> {
  const { replies } = await bot.send(message(people.customer, question, { locale, conversationId: `a:overdue-${++asked}` }));
  const card = cardOf(replies[0]);
  const banner = card.body[0];
  expect(banner.type).toBe('Container');
  return { banner, text: textOf(card), card };
}

describe('the overdue banner', () => {
  test.each(CASES)('$locale: facts once, the payment instructions and a pay button', async (c) => {
    const { banner, text, card } = await answer(c.locale, c.question);
    const bannerText = (banner.items ?? []).map((i) => i.text ?? '').join('\n');
    expect(bannerText).toContain(c.headline);
    expect(bannerText).toContain(c.instructions);
    for (const fact of c.facts) expect(occurrences(text, fact)).toBe(1);
    const buttons = (banner.items ?? []).flatMap((i) => i.actions ?? []);
    expect(buttons).toEqual([{ type: 'Action.OpenUrl', title: c.pay, url: PAY_LINK }]);
    // The card's own buttons are still only the feedback.
    expect((card.actions ?? []).map((a) => a.type)).toEqual(['Action.Execute', 'Action.Execute']);
  });

  test.each(CASES)('$locale: an answer that does not list the facts has them in the banner, once', async (c) => {
    const { banner, text } = await answer(c.locale, c.billingOnly);
    const bannerText = (banner.items ?? []).map((i) => i.text ?? '').join('\n');
    for (const fact of c.facts) {
      expect(bannerText).toContain(fact);
      expect(occurrences(text, fact)).toBe(1);
    }
    expect((banner.items ?? []).flatMap((i) => i.actions ?? []).map((a) => a.url)).toEqual([PAY_LINK]);
  });
});
