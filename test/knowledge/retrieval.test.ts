import { PassThrough } from 'node:stream';
import { createRetriever } from '../../bot/knowledge/retrieval';
import { reharmonize, turkishRootFinder } from '../../bot/knowledge/retrieval/analyzer';
import { loadTerms } from '../../bot/knowledge/terms';
import { foldWord as fold } from '../../bot/platform/text';
import { UsageError, languageFor, parseAskArgs, runAsk } from '../../scripts/ask';

const terms = loadTerms();
const retriever = createRetriever(terms);
const turkishRoot = turkishRootFinder(terms.language.tr.suffixes);

describe('free-text questions find their support-terms section', () => {
  // Scores on the question sets, with their status, are printed by test/questions/sets.test.ts.

  it('reads Turkish typed without Turkish letters like Turkish with them', () => {
    const pairs = [
      ['Aboneliğim neden askıya alındı?', 'aboneligim neden askiya alindi'],
      ['Ödeme yöntemleri neler, kredi kartı geçiyor mu?', 'odeme yontemleri neler kredi karti geciyor mu'],
      ['Faturamı nereden indirebilirim?', 'FATURAMI NEREDEN INDIREBILIRIM'],
    ];
    for (const [withLetters, without] of pairs) {
      const a = retriever.ask(withLetters, 'tr');
      expect(a.section).not.toBeNull();
      expect(retriever.ask(without, 'tr').section).toBe(a.section);
    }
    expect(fold('ışğçöüİ'.toLocaleLowerCase('tr'))).toBe('isgcoui');
  });

  it('tells apart what is asked about the same subject by its question word', () => {
    expect(retriever.ask('how do i pay my invoice', 'en').section).toBe('payment-methods');
    expect(retriever.ask('when is my invoice due', 'en').section).toBe('payment-terms');
    expect(retriever.ask('where is my invoice', 'en').section).toBe('invoices');
    expect(retriever.ask('faturamı nasıl ödeyebilirim', 'tr').section).toBe('payment-methods');
    expect(retriever.ask('faturanın son ödeme tarihi ne zaman', 'tr').section).toBe('payment-terms');
  });

  it('answers billing words used about something else (another bill, a personal card) with no section', () => {
    expect(retriever.ask('how do i pay my electricity bill at the post office', 'en').section).toBeNull();
    expect(retriever.ask('elektrik faturamı nasıl ödeyebilirim', 'tr').section).toBeNull();
  });

  it('absorbs small typos and any spelling of the product names', () => {
    // Three typos in four words: the right section is at least among the two offered.
    expect(retriever.candidates('how do i dispte a chrage on my invocie', 'en', 2).map((c) => c.section)).toContain('charge-disputes');
    expect(retriever.ask('can i pay by credt card', 'en').section).toBe('payment-methods');
    expect(retriever.candidates('faturaya itriaz etmek istiyorum', 'tr', 2).map((c) => c.section)).toContain('charge-disputes');
    for (const product of ['O365', 'office 365', 'Microsoft 365', 'M365']) {
      expect(retriever.ask(`we want to add more ${product} licenses`, 'en').section).toBe('subscription-changes');
    }
    expect(retriever.ask('D365 ortamımız çalışmıyor', 'tr').section).toBe('technical-support');
  });

  it('gives no section for small talk, trivia or an empty message, with a confidence in 0..1', () => {
    for (const [q, lang] of [
      ['hello!', 'en'],
      ['what is the weather like in Izmir?', 'en'],
      ['tell me a joke', 'en'],
      ['', 'en'],
      ['???', 'tr'],
      ['naber nasılsın', 'tr'],
      ['bana bir fıkra anlat', 'tr'],
    ] as const) {
      const r = retriever.ask(q, lang);
      expect(r.section).toBeNull();
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThan(retriever.threshold);
    }
    const hit = retriever.ask('when is my invoice due?', 'en');
    expect(hit.confidence).toBeGreaterThanOrEqual(retriever.threshold);
    expect(hit.confidence).toBeLessThanOrEqual(1);
  });

  it("gives no section to a message with none of the terms' key words, even if it shares a word with one", () => {
    for (const [q, lang] of [
      ['have a lovely weekend, thanks for the help', 'en'],
      ['how long is the flight to paris', 'en'],
      ['iyi bayramlar, kolay gelsin', 'tr'],
      ['yardımlarınız için çok teşekkür ederim', 'tr'],
    ] as const) {
      expect(retriever.explain(q, lang).onTopic).toBe(false);
      expect(retriever.ask(q, lang)).toEqual({ section: null, confidence: 0 });
    }
    expect(retriever.ask("what's new in the world of football", 'en').section).toBeNull();
    expect(retriever.explain('are you open at the weekend', 'en').onTopic).toBe(true);
    expect(retriever.ask('hafta sonları açık mısınız', 'tr').section).toBe('support-hours');
  });

  it('meets inflected Turkish words typed without Turkish letters', () => {
    expect(reharmonize('pazarlari', terms.language.tr.vowelHarmony)).toBe('pazarları');
    expect(reharmonize('gunleri', terms.language.tr.vowelHarmony)).toBe('gunleri');
    expect(turkishRoot('lisanslarimizi')).toBe(turkishRoot('lisans'));
    expect(turkishRoot('kartla')).toBe('kart');
    for (const [a, b] of [
      ['pazarları açık mısınız', 'pazarlari acik misiniz'],
      ['kartla ödeyebilir miyiz', 'kartla odeyebilir miyiz'],
    ]) {
      const r = retriever.ask(a, 'tr');
      expect(r.section).not.toBeNull();
      expect(retriever.ask(b, 'tr').section).toBe(r.section);
    }
  });
});

describe('the ask command', () => {
  function io(input = '') {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d: Buffer) => (out += d.toString()));
    stderr.on('data', (d: Buffer) => (err += d.toString()));
    stdin.end(input);
    return { streams: { stdin, stdout, stderr, env: {} }, out: () => out, err: () => err };
  }

  it('parses the locale and the question', () => {
    expect(parseAskArgs(['--locale', 'tr-TR', 'faturam', 'nerede'])).toEqual({ locale: 'tr-TR', question: 'faturam nerede' });
    expect(parseAskArgs(['--locale=en-US'])).toEqual({ locale: 'en-US' });
    expect(languageFor('tr')).toBe('tr');
    expect(languageFor('de-DE', { DEFAULT_LOCALE: 'tr-TR' })).toBe('tr');
    expect(languageFor('de-DE', {})).toBe('en');
  });

  it('prints exactly one JSON line for one question', async () => {
    const x = io();
    await runAsk(['--locale', 'tr-TR', 'faturamı nereden indirebilirim'], x.streams, retriever);
    const lines = x.out().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]) as { section: string | null; confidence: number };
    expect(Object.keys(parsed)).toEqual(['section', 'confidence']);
    expect(parsed.section).toBe('invoices');
  });

  it('with --top 2 also prints the best two sections with their confidences, the answer first', async () => {
    const x = io('can i pay the invoice by credit card\ntell me a joke\n');
    await runAsk(['--locale', 'en-US', '--top', '2'], x.streams, retriever);
    const [billing, joke] = x
      .out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { section: string | null; confidence: number; top: { section: string; confidence: number }[] });
    expect(Object.keys(billing)).toEqual(['section', 'confidence', 'top']);
    expect(billing.section).toBe('payment-methods');
    expect(billing.top.map((c) => c.section)[0]).toBe('payment-methods');
    expect(billing.top).toHaveLength(2);
    expect(billing.top[1].section).not.toBe('payment-methods');
    for (const c of billing.top) expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(billing.top[0].confidence).toBe(billing.confidence);
    // Not about billing or support: no candidates at all.
    expect(joke).toEqual({ section: null, confidence: 0, top: [] });
  });

  it('refuses a --top that is not a whole number from 1 to 19', () => {
    for (const bad of ['0', 'two', '1.5', '20']) expect(() => parseAskArgs(['--top', bad, 'q'])).toThrow(UsageError);
    expect(() => parseAskArgs(['--top'])).toThrow(UsageError);
    expect(parseAskArgs(['--top=2', 'q'])).toEqual({ top: 2, question: 'q' });
  });

  it('answers stdin questions one line each, in order, and reports an unsupported locale on stderr only', async () => {
    const x = io('how do i pay by bank transfer?\ntell me a joke\r\n\nwhy is my account suspended\n');
    await runAsk(['--locale', 'fr-FR'], x.streams, retriever);
    const lines = x
      .out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { section: string | null });
    expect(lines.map((l) => l.section)).toEqual(['payment-methods', null, null, 'suspension']);
    expect(x.err()).toMatch(/fr-FR/);
  });
});

describe('words that are names of JavaScript object members', () => {
  it.each(['en', 'tr'] as const)('are ordinary words in %s, not a crash', (lang) => {
    for (const q of ['constructor', 'what is the constructor of my invoice', 'toString __proto__ hasOwnProperty valueOf']) {
      expect(() => retriever.ask(q, lang)).not.toThrow();
    }
  });
});
