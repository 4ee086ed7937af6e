import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { Deps } from '../../bot/deps';
import { noticeCard } from '../../bot/platform/teams/cardMessage';
import { staffHelpCard } from '../../bot/roles/staffCommands';
import { notSureCard, unknownTenantCard, welcomeCard } from '../../bot/conversation/welcome';
import { createI18n } from '../../bot/platform/i18n';
import { Turn } from '../../bot/turn';
import { AdaptiveCard, CardError, escapeText, MAX_CARD_BYTES, renderCard } from '../../cards/render';
import { answerCard } from '../../bot/conversation/answers';
import { didYouMeanCard } from '../../bot/conversation/didYouMeanCard';
import { createRetriever } from '../../bot/knowledge/retrieval';
import { businessHours, loadTerms, SECTION_IDS } from '../../bot/knowledge/terms';
import { PRODUCT_CHOICES } from '../../dialogs/choices';
import { ticketCardSamples } from '../helpers/ticketSamples';
import { reminderCardSamples } from '../helpers/reminderSamples';
import { repoRoot } from '../../bot/platform/paths';

type Builder = (turn: Turn, deps: Deps) => AdaptiveCard[];

/** Every template with the builders that fill it; a new template must be added here. */
const builders: Record<string, Builder> = {
  'conversation/welcome': (turn, deps) => [
    welcomeCard(turn, deps),
    welcomeCard({ ...turn, who: { kind: 'unknown' }, name: undefined }, deps),
  ],
  'common/notice': (turn, deps) => [unknownTenantCard(turn, deps), noticeCard(turn.t('errors.FORBIDDEN'), [])],
  'conversation/answer': (turn, deps) =>
    SECTION_IDS.flatMap((section) =>
      PRODUCT_CHOICES.map((product) => answerCard(turn, deps, { section, product, question: '**my** question?' })),
    ).concat([
      answerCard(turn, deps, { section: 'suspension', product: 'azure' }, 'helpful'),
      answerCard(turn, deps, { section: 'tax', product: 'm365' }, 'notHelpful'),
    ]),
  'conversation/choices': (turn) => [
    renderCard('conversation/choices', {
      question: turn.t('product.question', { ns: 'dialogs' }),
      chosen: '',
      choices: [{ label: 'Azure', data: { step: 'product', value: 'azure' } }],
      hint: turn.t('controls.hint', { ns: 'dialogs' }),
    }),
    renderCard('conversation/choices', {
      question: turn.t('product.question', { ns: 'dialogs' }),
      chosen: turn.t('choice.chosen', { ns: 'customer', label: 'Azure' }),
      choices: [],
      hint: '',
    }),
  ],
  'conversation/notSure': (turn, deps) => [
    notSureCard(turn, deps, {}),
    notSureCard(turn, deps, { product: 'azure', question: '**why** is it [so] high?' }),
    notSureCard(turn, deps, { question: 'otopark cezası' }, true),
  ],
  'conversation/didYouMean': (turn, deps) => [
    didYouMeanCard(turn, deps, { offered: ['payment-methods', 'payment-terms'], question: '**how** and when [do] we pay?' }),
    didYouMeanCard(turn, deps, { offered: ['suspension', 'reactivation'], question: 'x', product: 'azure' }, 'Reactivation'),
  ],
  'roles/staffHelp': (turn) => [
    staffHelpCard({ ...turn, who: { kind: 'staff', roles: ['admin'] } }),
    staffHelpCard({ ...turn, who: { kind: 'staff', roles: [] } }),
  ],
  'tickets/escalation': (turn, deps) => ticketCardSamples(deps.i18n, turn.lang).ticketEscalation,
  'tickets/list': (turn, deps) => ticketCardSamples(deps.i18n, turn.lang).ticketList,
  'tickets/offer': (turn, deps) => ticketCardSamples(deps.i18n, turn.lang).ticketOffer,
  'tickets/rating': (turn, deps) => ticketCardSamples(deps.i18n, turn.lang).ticketRating,
  'reminders/reminder': (turn, deps) => reminderCardSamples(deps.i18n, turn.lang, deps)['reminders/reminder'],
  'reminders/composer': (turn, deps) => reminderCardSamples(deps.i18n, turn.lang, deps)['reminders/composer'],
  'reminders/preview': (turn, deps) => reminderCardSamples(deps.i18n, turn.lang, deps)['reminders/preview'],
  'reminders/progress': (turn, deps) => reminderCardSamples(deps.i18n, turn.lang, deps)['reminders/progress'],
  'reminders/list': (turn, deps) => reminderCardSamples(deps.i18n, turn.lang, deps)['reminders/list'],
};

/** Built once for every case: i18n, the terms and the retriever trained on them. */
let shared: Promise<{ i18n: Awaited<ReturnType<typeof createI18n>>; deps: Deps }> | undefined;
function fixtures() {
  shared ??= (async () => {
    const i18n = await createI18n('en');
    const terms = loadTerms();
    const deps = {
      partnerName: 'Contoso Cloud Partners',
      config: { DEFAULT_LOCALE: 'en-US' },
      i18n,
      terms,
      hours: businessHours(terms),
      retriever: createRetriever(terms),
    } as unknown as Deps;
    return { i18n, deps };
  })();
  return shared;
}

describe('cards', () => {
  test('every template under cards/<feature>/ has a builder in this test', () => {
    const cards = path.join(repoRoot(), 'cards');
    const templates = readdirSync(cards, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(path.join(cards, d.name))
          .filter((f) => f.endsWith('.json'))
          .map((f) => `${d.name}/${f.replace(/\.json$/, '')}`),
      );
    expect(Object.keys(builders).sort()).toEqual(expect.arrayContaining(templates.sort()));
    expect(templates.sort()).toEqual(expect.arrayContaining(Object.keys(builders).sort()));
  });

  test.each(SUPPORTED_LANGUAGES.flatMap((lang) => Object.keys(builders).map((name) => [name, lang] as const)))(
    '%s expands fully in %s, within the size limit',
    async (name, lang) => {
      const { i18n, deps } = await fixtures();
      const t = i18n.getFixedT(lang, 'bot');
      const turn: Turn = {
        who: {
          kind: 'customer',
          customer: {
            tenantId: 't',
            name: 'Anadolu Lojistik',
            status: 'suspended',
            balance: 1234.5,
            currency: 'TRY',
            dueDate: '2026-10-01',
            invoiceNumber: 'INV-9',
            updatedAt: '',
          },
        },
        lang,
        t,
        tenantId: 't',
        userKey: 'u',
        name: 'Ayşe Yılmaz',
        conversationType: 'personal',
        correlationId: 'c0ffee00',
      };
      for (const card of builders[name](turn, deps)) {
        const json = JSON.stringify(card);
        // Sample user text carries a literal ${title}; anything else with ${ is a binding left unexpanded.
        expect(json.replace(/\$\{title\}/g, '')).not.toContain('${');
        // an untranslated i18n key such as "welcome.title" (card verbs like "ticket.claim" are not text)
        expect(json.replace(/"verb":"[^"]*"/g, '')).not.toMatch(/"[a-z]+\.[a-zA-Z.]+"/);
        // Teams reads "<number>" as an HTML tag and shows nothing: placeholders are written ‹number›.
        // (Input values are what a person typed, not shown as markdown; escaped user text has a backslash.)
        expect(json.replace(/"value":"[^"]*"/g, '')).not.toMatch(/(?<!\\)<[a-zA-ZçğıöşüÇĞİÖŞÜ]+>/);
        expect(Buffer.byteLength(json)).toBeLessThan(MAX_CARD_BYTES);
        expect(card.type).toBe('AdaptiveCard');
      }
    },
  );

  test("a template prepared once expands each time from that call's data alone", () => {
    const first = renderCard('common/notice', { title: 'First', lines: ['a', 'b'] });
    const second = renderCard('common/notice', { title: 'Second', lines: [] });
    const again = renderCard('common/notice', { title: 'First', lines: ['a', 'b'] });
    expect(JSON.stringify(second)).not.toContain('First');
    expect(again).toEqual(first);
  });

  test('a binding without data is an error, not a silent blank', () => {
    expect(() => renderCard('common/notice', { lines: [] })).toThrow(CardError);
  });

  test('user text is shown literally: markdown is escaped and ${} is not expanded', () => {
    const card = renderCard('common/notice', { title: escapeText('**bold** [link](http://evil) ${title}'), lines: [] });
    const text = (card.body[0] as { text: string }).text;
    expect(text).toContain('\\*\\*bold\\*\\*');
    expect(text).toContain('\\[link\\](http://evil)');
    expect(text).toContain('${title}');
    expect(escapeText('Anadolu A.Ş. (İstanbul) - 2026!')).toBe('Anadolu A.Ş. (İstanbul) - 2026!');
    expect(escapeText('- one\n2. two')).toBe('\\- one\n\\2. two');
  });
});
