import { PassThrough } from 'node:stream';
import { evaluate, formatAccuracy, loadQuestions } from '../../bench/retrieval';
import { createRetriever } from '../../bot/knowledge/retrieval';
import { reharmonize, turkishRootFinder } from '../../bot/knowledge/retrieval/analyzer';
import { loadTerms } from '../../bot/knowledge/terms';
import { foldWord as fold } from '../../bot/platform/text';
import { languageFor, parseAskArgs, runAsk } from '../../scripts/ask';

const terms = loadTerms();
const retriever = createRetriever(terms);
const turkishRoot = turkishRootFinder(terms.language.tr.suffixes);

describe('free-text questions find their support-terms section', () => {
  it('at least 95% of the development questions, per language (accuracy and misses printed)', () => {
    const questions = loadQuestions();
    const results = evaluate(retriever, questions);
    console.log(formatAccuracy('Retrieval accuracy, development set (test/questions/<lang>.json)', results));
    for (const lang of ['en', 'tr'] as const) {
      const mine = questions.filter((q) => q.lang === lang);
      // The set itself meets the brief: ≥ 5 questions per section and ≥ 20 off-topic.
      expect(mine.filter((q) => q.section === null).length).toBeGreaterThanOrEqual(20);
    }
    for (const r of results) expect(r.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  // Held-out sets, each written by someone who had not seen the retriever's misses on it. The
  // history of the sets so far, each scored once before it was used for anything:
  //   holdout-   (first set):  en 87.5%, tr 91.7% (before key words, the topic gate and roots)
  //   holdout2-  en 96.7%, tr 83.2% on the old retriever; holdout3- en 92.1%, tr 88.1%;
  //   holdout4-  en 95.9%, tr 91.8%; holdout5- en 91.8%, tr 90.8%; holdout6- en 86.0%, tr 89.0%.
  //   holdout7-  (after the vocabulary pass): en 84.7% (83/98), tr 88.8% (87/98).
  //   holdout8-  (new personas, typos, Turkish mostly without its letters): en 96.0%, tr 93.0%.
  //   With sets 1–6 as labelled questions: holdout7- en 90.8%, tr 92.9%; holdout8- en 97.0%, tr 97.0%.
  //   holdout9-  (school, dental practice, logistics, freelance accountant; 80% of the Turkish typed
  //              without its letters; written in session 2 and never looked at for tuning): en 94.0%,
  //              tr 89.0% on the session-1 retriever; en 96.0%, tr 93.0% with sets 1–6 as labelled
  //              questions; en 95.0%, tr 98.0% after the steps below but the last one, en 97.0%,
  //              tr 98.0% after all (its writer had glimpsed some Turkish phrasings).
  //   holdout10- (upset, hurried, formal and unfamiliar customers; off-topic with billing words such
  //              as "electricity bill", "parking fine"): en 84.0%, tr 85.0% on the session-1
  //              retriever, en 88.0%, tr 92.0% with sets 1–6 as labelled questions. Then used for
  //              tuning (its misses were read): en 96.0%, tr 95.0% after the steps below.
  //   holdout11- (retail, architects, software house, hospital; written last, from the answer prose
  //              only, never looked at): en 90.0%, tr 85.0% on the session-1 retriever; en 94.0%,
  //              tr 93.0% before the last 192 labelled questions per language; en 95.0%, tr 95.0%
  //              with them (the code as it is).
  // Steps of session 2: sets 1–6, once scored and tuned on, became partner content (the labelled
  // customer questions of terms/questions.<lang>.json, learnt like the phrasings), plus 576 new
  // labelled questions per language written for it (confusable neighbours, personas, message
  // shapes, off-topic uses of billing words); letter-writing courtesy words as stop words; small
  // talk must beat a section, not just tie it, before confidence goes; question words paired with
  // the next word ("?how_pay"); late fees and company-name changes each answered by one section
  // (collection-policy, tax). The bars below guard against regressions; the product's bar (95%)
  // is on unseen questions: each new set is scored once, before any use, and recorded here.
  it.each([
    ['holdout7-', { en: 0.9, tr: 0.9 }],
    ['holdout8-', { en: 0.94, tr: 0.94 }],
    ['holdout9-', { en: 0.92, tr: 0.94 }],
    ['holdout10-', { en: 0.92, tr: 0.92 }],
    ['holdout11-', { en: 0.92, tr: 0.92 }],
  ] as const)('on held-out questions: %s (printed)', (prefix, bar) => {
    const results = evaluate(retriever, loadQuestions(prefix));
    console.log(formatAccuracy(`Retrieval accuracy, held-out set (test/questions/${prefix}<lang>.json)`, results));
    for (const r of results) {
      expect(r.total).toBeGreaterThanOrEqual(96);
      expect(r.accuracy).toBeGreaterThanOrEqual(bar[r.lang]);
    }
  });

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
    expect(retriever.ask('how do i dispte a chrage on my invocie', 'en').section).toBe('charge-disputes');
    expect(retriever.ask('can i pay by credt card', 'en').section).toBe('payment-methods');
    expect(retriever.ask('faturaya itriaz etmek istiyorum', 'tr').section).toBe('charge-disputes');
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
    expect(reharmonize('pazarlari')).toBe('pazarları');
    expect(reharmonize('gunleri')).toBe('gunleri');
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
