import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { i18n } from 'i18next';
import { SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { createI18n, repoRoot } from '../../bot/platform/i18n';
import { PRODUCTS, SECTION_IDS, TermsError, loadTerms, sectionAnswer } from '../../bot/knowledge/terms';

const TERMS = path.join(repoRoot(), 'terms');
const NOW = new Date('2026-11-24T09:00:00Z');

let i18n: i18n;
beforeAll(async () => {
  i18n = await createI18n('en');
});

/** A temp copy of terms/ changed by `edit`; returns the error loading it throws. */
function loadEdited(edit: (dir: string) => void): TermsError {
  const dir = mkdtempSync(path.join(tmpdir(), 'terms-'));
  try {
    cpSync(TERMS, dir, { recursive: true });
    edit(dir);
    loadTerms(dir);
  } catch (err) {
    if (err instanceof TermsError) return err;
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('the edited terms loaded without error');
}

function editJson(dir: string, change: (data: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'partner.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(data);
  writeFileSync(file, JSON.stringify(data, null, 2));
}

function editText(dir: string, file: string, change: (text: string) => string): void {
  const p = path.join(dir, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

describe('the shipped support terms', () => {
  const terms = loadTerms();

  it('have every section in every language, each with a title, a body and other phrasings', () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      expect(Object.keys(terms.documents[lang].sections).sort()).toEqual([...SECTION_IDS].sort());
      for (const id of SECTION_IDS) {
        const s = terms.documents[lang].sections[id];
        expect(s.title.length).toBeGreaterThan(2);
        expect(s.body.length).toBeGreaterThan(40);
        expect(s.phrasings.length).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it('render every section and product part in both languages with no placeholder left', () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      const t = i18n.getFixedT(lang, 'answers');
      for (const id of SECTION_IDS) {
        for (const product of [undefined, ...PRODUCTS]) {
          const a = sectionAnswer(terms, lang, id, t, { product, now: NOW });
          expect(a.text).not.toMatch(/\{\{|\}\}/);
          expect(a.text).not.toMatch(/(answers|terms)\.[a-z]+\./); // no untranslated i18n key
          if (product && terms.documents[lang].sections[id].products[product]) expect(a.productPart?.product).toBe(product);
        }
      }
    }
  });

  it('state the opening hours, time zone and next holidays from partner.json', () => {
    const en = sectionAnswer(terms, 'en', 'support-hours', i18n.getFixedT('en', 'answers'), { now: NOW });
    expect(en.text).toContain('**Monday to Friday**: 09:00–18:00');
    expect(en.text).toContain('**Sunday**: closed');
    expect(en.text).toContain('Europe/Istanbul, GMT+3');
    expect(en.text).toContain('Friday, January 1, 2027: New Year');
    const tr = sectionAnswer(terms, 'tr', 'support-hours', i18n.getFixedT('tr', 'answers'), { now: NOW });
    expect(tr.text).toContain('**Pazartesi–Cuma**: 09:00–18:00');
    expect(tr.text).toContain('**Pazar**: kapalı');
    expect(tr.text).toContain('1 Ocak 2027 Cuma: Yılbaşı');
  });

  it('follow the partner calendar although a rendered section is kept: a passed holiday drops out at local midnight', () => {
    const t = i18n.getFixedT('en', 'answers');
    // Istanbul is UTC+3: 2026-12-31T20:59Z is still New Year's Eve there, 21:00Z is New Year's Day.
    const eve = sectionAnswer(terms, 'en', 'support-hours', t, { now: new Date('2026-12-31T20:59:00Z') });
    expect(sectionAnswer(terms, 'en', 'support-hours', t, { now: new Date('2026-12-31T20:59:30Z') })).toBe(eve);
    expect(eve.text).toContain('Friday, January 1, 2027: New Year');
    const newYear = sectionAnswer(terms, 'en', 'support-hours', t, { now: new Date('2027-01-01T21:00:00Z') });
    expect(newYear.text).not.toContain('January 1, 2027');
    // Whatever is kept, a section is what rendering it afresh at that time gives.
    const plain = ((key: string, options?: object) => t(key, options as never)) as unknown as typeof t;
    for (const at of ['2026-12-31T20:59:00Z', '2027-01-01T21:00:00Z', '2026-03-19T06:00:00Z']) {
      const now = new Date(at);
      expect(sectionAnswer(terms, 'en', 'support-hours', t, { now })).toEqual(sectionAnswer(terms, 'en', 'support-hours', plain, { now }));
    }
  });

  it('state the collection ladder, prices and response targets in the customer language', () => {
    const tr = i18n.getFixedT('tr', 'answers');
    expect(sectionAnswer(terms, 'tr', 'collection-policy', tr).text).toContain(
      '**Vade tarihinden 30 gün sonra**: abonelikleriniz askıya alınır',
    );
    expect(sectionAnswer(terms, 'tr', 'support-pricing', tr).text).toMatch(/\*\*Premium\*\* \(aylık ₺7\.500\)/);
    const en = i18n.getFixedT('en', 'answers');
    expect(sectionAnswer(terms, 'en', 'collection-policy', en).text).toContain('**7 days before the due date**: a payment reminder');
    expect(sectionAnswer(terms, 'en', 'response-times', en).text).toContain('**High** priority: first response within 2 business hours');
    expect(sectionAnswer(terms, 'en', 'response-times', en).text).toContain('reopened within **14 days**');
  });

  it('have labelled customer questions in every language, each with a known section or null', () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      const qs = terms.documents[lang].questions;
      expect(qs.length).toBeGreaterThan(100);
      for (const id of SECTION_IDS) expect(qs.some((q) => q.section === id)).toBe(true);
      expect(qs.some((q) => q.section === null)).toBe(true);
    }
  });

  it('add the product-specific part after the body', () => {
    const a = sectionAnswer(terms, 'en', 'suspension', i18n.getFixedT('en', 'answers'), { product: 'azure' });
    expect(a.text.startsWith(a.body)).toBe(true);
    expect(a.text).toContain('**Azure:** A suspended Azure subscription is disabled');
  });
});

describe('invalid support terms stop the bot with a message naming file and section', () => {
  it('a missing section', () => {
    const err = loadEdited((dir) => editText(dir, 'tr.md', (t) => t.replace(/## Vergi \{#tax\}[\s\S]*?(?=\n## )/, '')));
    expect(err.message).toMatch(/tr\.md, section "tax": section is missing/);
  });

  it('a missing language document', () => {
    const err = loadEdited((dir) => unlinkSync(path.join(dir, 'tr.md')));
    expect(err.message).toMatch(/tr\.md, section "\(file\)": is missing/);
  });

  it('a bad time zone', () => {
    const err = loadEdited((dir) => editJson(dir, (d) => ((d.hours as { timeZone: string }).timeZone = 'Europe/Istambul')));
    expect(err.message).toMatch(/partner\.json, section "hours\.timeZone": is not an IANA time zone/);
  });

  it('a holiday on a date that does not exist', () => {
    const err = loadEdited((dir) => editJson(dir, (d) => ((d.hours as { holidays: { date: string }[] }).holidays[2].date = '2026-02-30')));
    expect(err.message).toMatch(/partner\.json, section "hours\.holidays\[2\]\.date": must be a real date/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a pay link that is not https', { payLink: 'http://pay.example.com' }, /section "payment\.payLink": must be an https:\/\/ link/],
    ['instructions without Turkish', { instructions: { en: 'Bank transfer' } }, /section "payment\.instructions\.tr"/],
    ['neither a link nor instructions', {}, /section "payment": needs a payLink, instructions or both/],
  ])('refuse a payment entry with %s', (_what, payment, message) => {
    const err = loadEdited((dir) => editJson(dir, (d) => (d.payment = payment)));
    expect(err.message).toMatch(message);
  });

  it('opening hours that close before they open', () => {
    const err = loadEdited((dir) =>
      editJson(dir, (d) => ((d.hours as { weekly: { monday: unknown[] } }).weekly.monday = [{ open: '18:00', close: '09:00' }])),
    );
    expect(err.message).toMatch(/section "hours\.weekly\.monday\[0\]": opens at or after it closes/);
  });

  it('a negative number of days in the collection ladder', () => {
    const err = loadEdited((dir) =>
      editJson(dir, (d) => ((d.collection as { ladder: { daysAfterDue?: number }[] }).ladder[1].daysAfterDue = -3)),
    );
    expect(err.message).toMatch(/partner\.json, section "collection\.ladder\[1\]/);
  });

  it('an unknown placeholder and a section id that does not exist', () => {
    const err = loadEdited((dir) =>
      editText(dir, 'en.md', (t) => t.replace('{{paymentTermDays}}', '{{paymentDays}}').replace('{#tax}', '{#taxes}')),
    );
    expect(err.message).toMatch(/en\.md, section "payment-terms": unknown placeholder \{\{paymentDays\}\}/);
    expect(err.message).toMatch(/en\.md, section "taxes": line \d+: unknown section id/);
    expect(err.message).toMatch(/en\.md, section "tax": section is missing/);
  });

  it('a text missing in one language', () => {
    const err = loadEdited((dir) =>
      editJson(dir, (d) => delete (d.pricing as { tiers: { name: Record<string, string> }[] }).tiers[0].name.tr),
    );
    expect(err.message).toMatch(/partner\.json, section "pricing\.tiers\[0\]\.name\.tr"/);
  });

  it("a labelled customer question with an unknown section, an empty question, or a file that isn't JSON", () => {
    const err = loadEdited((dir) =>
      editText(dir, 'questions.en.json', (t) => {
        const data = JSON.parse(t) as { questions: { q: string; section: string | null }[] };
        data.questions[3].section = 'taxes';
        data.questions[5].q = '  ';
        return JSON.stringify(data);
      }),
    );
    expect(err.message).toMatch(
      /questions\.en\.json, section "questions\[3\]": "section" must be one of the section ids or null .*"taxes"/,
    );
    expect(err.message).toMatch(/questions\.en\.json, section "questions\[5\]": "q" must be a question/);
    const broken = loadEdited((dir) => editText(dir, 'questions.tr.json', (t) => t.slice(0, 40)));
    expect(broken.message).toMatch(/questions\.tr\.json, section "\(file\)": is not valid JSON/);
  });

  it('a bad language word list: a word as it is never matched, a broken pattern, a missing file', () => {
    const err = loadEdited((dir) =>
      editText(dir, path.join('language', 'tr.json'), (t) => {
        const data = JSON.parse(t) as { keepWords: string[]; synonyms: Record<string, string[]>; products: { patterns: string[] }[] };
        data.keepWords[0] = 'hariç';
        data.synonyms.Invoice = ['fatura'];
        data.products[0].patterns[1] = '\\b(?:m365';
        return JSON.stringify(data);
      }),
    );
    expect(err.message).toMatch(/language[/\\]tr\.json, section "keepWords\[0\]": must be one lower-case word without Turkish letters/);
    expect(err.message).toMatch(/language[/\\]tr\.json, section "synonyms\.Invoice": must be one lower-case word/);
    expect(err.message).toMatch(/language[/\\]tr\.json, section "products\[0\]\.patterns\[1\]": is not a valid regular expression/);
    const missing = loadEdited((dir) => unlinkSync(path.join(dir, 'language', 'en.json')));
    expect(missing.message).toMatch(/language[/\\]en\.json, section "\(file\)": is missing/);
  });

  it('labelled customer questions are optional: without the files the terms load', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'terms-'));
    try {
      cpSync(TERMS, dir, { recursive: true });
      for (const lang of SUPPORTED_LANGUAGES) unlinkSync(path.join(dir, `questions.${lang}.json`));
      expect(loadTerms(dir).documents.tr.questions).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
