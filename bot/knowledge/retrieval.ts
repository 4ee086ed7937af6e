import MiniSearch from 'minisearch';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as turkishStemmer } from '@orama/stemmers/turkish';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as turkishStopwords } from '@orama/stopwords/turkish';
import { Language, SUPPORTED_LANGUAGES } from '../platform/config';
import { Classifier, trainClassifier } from './classifier';
import { OFF_TOPIC, SOCIAL_WORDS } from './offtopic';
import { SECTION_IDS, SectionId, Terms } from './terms';

/**
 * Free-text questions → the support-terms section that answers them, or null.
 *
 * One MiniSearch (BM25+) index per language over each section's title, body, product parts and
 * alternative phrasings, plus a set of off-topic phrasings (greetings, weather, jokes…) that
 * compete with the sections: a question closest to those gets no terms answer. Both index and
 * query are folded to plain Latin letters (ı→i, ş→s, ğ→g, ç→c, ö→o, ü→u) and stemmed with the
 * Snowball stemmers, so Turkish typed without Turkish letters finds the same words; fuzzy
 * matching absorbs small typos.
 */

export interface RetrievalResult {
  section: SectionId | null;
  /** 0..1; below the retriever's threshold `section` is null. */
  confidence: number;
}

export interface Retriever {
  /** The section answering a question in a language, or null (off-topic or not sure). */
  ask(question: string, lang: Language): RetrievalResult;
  /** Best candidates with their confidence, for diagnostics and the "did you mean" offer. */
  candidates(question: string, lang: Language, limit?: number): { section: SectionId; confidence: number }[];
  /** How a question was read and scored: its words' index forms and the ranked sections. */
  explain(question: string, lang: Language): Reading;
  readonly threshold: number;
}

export interface RetrieverOptions {
  /** Minimum confidence for an answer; default DEFAULT_THRESHOLD. */
  threshold?: number;
  /** Weight of the section classifier beside the search ranking; default CLASSIFIER_WEIGHT (0: search only). */
  classifierWeight?: number;
  /** Only candidates within this share of the best search score are re-ranked; default CLASSIFIER_BAND. */
  classifierBand?: number;
}

export const DEFAULT_THRESHOLD = 0.25;

/** The longest question we look at; the rest is ignored (Teams messages can be long). */
const MAX_QUESTION_CHARS = 500;

export const OFF_TOPIC_ID = '~off-topic';

/**
 * Weight of a word no section uses: about that of a common word, so that one unknown word in an
 * otherwise clear question does not sink it, while a question made only of unknown words finds
 * nothing at all.
 */
const UNKNOWN_WORD_WEIGHT = 1.6;

type Kind = 'title' | 'body' | 'product' | 'phrasing' | 'keyword' | 'off-topic';

interface Doc {
  id: number;
  section: SectionId | typeof OFF_TOPIC_ID;
  kind: Kind;
  text: string;
  /** For a key word or phrase: the index forms of each of its words. */
  words?: string[][];
}

/** BM25 boost per kind of document: short titles and questions over long descriptive text. */
const KIND_BOOST: Record<Kind, number> = { title: 1.3, body: 0.7, product: 0.6, phrasing: 1, keyword: 1, 'off-topic': 1 };

// How matches turn into a section's ranking and confidence (set on the development questions;
// the held-out ones in test/questions check they generalize).
/** Credit for a question word found in a body rather than in a title or a customer phrasing. */
const DESCRIPTIVE_CREDIT = 0.4;
/** Credit for a word matched only through a typo-tolerant or prefix match. */
const FUZZY_CREDIT = 0.6;
/** A section's BM25: its best document plus these shares of its second and third. */
const NEXT_DOCS = [0.25, 0.1];
/** Coverage blends all of a section's documents with its single best one. */
const BEST_DOC_SHARE = 0.5;
/** Weight of (normalised) BM25 beside coverage in the ranking. */
const BM25_SHARE = 0.3;
/** Confidence: weight of the lead over the runner-up, and of the evidence's strength. */
const MARGIN_WEIGHT = 0.2;
const STRENGTH_WEIGHT = 0.6;
const STRENGTH_SCALE = 2.5;
/**
 * Confidence falls from full to 0 as small talk's score goes from (OFF_TOPIC_CEILING -
 * OFF_TOPIC_BAND) to OFF_TOPIC_CEILING times the best section's: a question that matches small
 * talk as well as a section ("are you open on sundays" beside "is the pharmacy open on sunday")
 * keeps half its confidence; one that small talk matches clearly better loses it.
 */
const OFF_TOPIC_CEILING = 1.1;
const OFF_TOPIC_BAND = 0.2;
/** Weight of the classifier's share beside the search score when ranking close candidates. */
export const CLASSIFIER_WEIGHT = 0.2;
/** Sections whose search score is within this share of the best one compete on the classifier too. */
export const CLASSIFIER_BAND = 0.3;

/**
 * Plain Latin letters: ş→s, ğ→g, ç→c, ö→o, ü→u, â→a (their accents are combining marks once
 * decomposed) and ı→i (a letter of its own).
 */
export function fold(s: string): string {
  return s
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

// Words that carry no topic: the stop-word lists of each language plus chat filler.
const EXTRA_STOP: Record<Language, string[]> = {
  en: [
    'hi',
    'hello',
    'hey',
    'pls',
    'plz',
    'please',
    'thanks',
    'thank',
    'thx',
    'guys',
    'u',
    'ur',
    'ya',
    'yeah',
    'ok',
    'okay',
    'dont',
    'doesnt',
    'didnt',
    'cant',
    'wont',
    'isnt',
    'arent',
    'im',
    'ive',
    'id',
    'whats',
    'hows',
    'theres',
    'lets',
    'gonna',
    'wanna',
    'gotta',
    'just',
    'also',
    'still',
    'yet',
    'get',
    'got',
    'know',
    'need',
    'want',
    'tell',
    'us',
    'anyone',
    'someone',
    'something',
    'anything',
    'thing',
    'things',
    'really',
    'actually',
    'lol',
    'hmm',
    'um',
    'btw',
    'quick',
    'question',
    'til',
    'till',
    'until',
    'much',
    'many',
    'lot',
    'lots',
    'bit',
    'kind',
    'sort',
    'maybe',
    'ever',
    'even',
    'every',
    'one',
    // Time words set the scene, they do not name the topic ("last week", "tomorrow morning").
    'last',
    'next',
    'week',
    'weeks',
    'yesterday',
    'today',
    'tomorrow',
    'morning',
    'ago',
    'recently',
    'already',
    'soon',
    // Letter-writing courtesy ("Dear Sir or Madam, kindly advise…") frames a question, it is not one.
    'dear',
    'sir',
    'madam',
    'kindly',
    'regards',
    'sincerely',
    'respectfully',
    'appreciate',
    'appreciated',
    'grateful',
    'hereby',
    'herewith',
  ],
  tr: [
    'merhaba',
    'selam',
    'slm',
    'mrb',
    'iyi',
    'gunler',
    'tesekkurler',
    'tesekkur',
    'sagol',
    'lutfen',
    'rica',
    'abi',
    'hocam',
    'bey',
    'hanim',
    'acaba',
    'mi',
    'mu',
    'misin',
    'misiniz',
    'miyim',
    'miyiz',
    'midir',
    'musunuz',
    'muyum',
    'muyuz',
    'musun',
    'mudur',
    'var',
    'yok',
    'ben',
    'biz',
    'bizim',
    'benim',
    'siz',
    'size',
    'sizin',
    'sizi',
    'bana',
    'bize',
    'bir',
    'bu',
    'su',
    'ne',
    'neden',
    'niye',
    'nasil',
    'nerede',
    'nereden',
    'hangi',
    'kim',
    'kac',
    'kadar',
    'zaman',
    'ama',
    'fakat',
    'yani',
    'falan',
    'filan',
    'sey',
    'seyi',
    'soru',
    'sorum',
    'hemen',
    'olarak',
    'oldu',
    'olur',
    'olan',
    'icin',
    've',
    'veya',
    'de',
    'da',
    'ki',
    'ile',
    'gibi',
    'daha',
    'cok',
    'en',
    'hep',
    'hala',
    'artik',
    'simdi',
    'bile',
    'ya',
    'dun',
    'bugun',
    'yarin',
    'gecen',
    'gelecek',
    'hafta',
    'haftaki',
    'haftaya',
    'demin',
    'az',
    'once',
    // The light verbs "etmek" and "eylemek" carry no topic (iptal ettiğim, itiraz edebilir miyim).
    'et',
    'etmek',
    'ettim',
    'ettik',
    'ettigim',
    'ettigimiz',
    'ettiginiz',
    'ediyor',
    'ediyorum',
    'ediyoruz',
    'ederim',
    'ederiz',
    'edebilir',
    'edebilirim',
    'edebiliriz',
    'edin',
    'eder',
    // Letter-writing courtesy ("Sayın yetkili, bilgilerinize arz ederiz") frames a question.
    'sayin',
    'yetkili',
    'efendim',
    'saygilarimla',
    'saygilarimizla',
    'saygilar',
    'bilginize',
    'bilgilerinize',
    'arz',
  ],
};

// Words the stop lists drop that do matter here ("service is down", "turn off auto-renew").
const KEEP: Record<Language, string[]> = { en: ['down', 'off', 'again'], tr: ['dahil', 'haric'] };

function stopSet(lang: Language): Set<string> {
  const base = lang === 'tr' ? turkishStopwords : englishStopwords;
  const set = new Set([...base, ...EXTRA_STOP[lang]].map((w) => fold(w.toLocaleLowerCase(lang)).replace(/['’]/g, '')));
  for (const w of KEEP[lang]) set.delete(w);
  return set;
}

// Spelling variants and abbreviations customers type, mapped to the word the terms use. For
// Turkish, also the English billing words people mix in ("invoice'um gelmedi").
const SYNONYMS: Record<Language, Record<string, string[]>> = {
  en: {
    licence: ['license'],
    licences: ['licenses'],
    cancelled: ['canceled'],
    cancelling: ['canceling'],
    subs: ['subscriptions'],
    sub: ['subscription'],
    acct: ['account'],
    pmt: ['payment'],
    inv: ['invoice'],
    bill: ['bill', 'invoice'],
    invoiced: ['invoiced', 'billed'],
    billed: ['billed', 'invoiced'],
    ring: ['ring', 'call'],
    amex: ['amex', 'card'],
    visa: ['visa', 'card'],
    mastercard: ['mastercard', 'card'],
    bills: ['bills', 'invoices'],
    mail: ['email'],
    vat: ['vat', 'tax'],
    kdv: ['vat', 'tax'],
    refunded: ['refund'],
    reactivated: ['reactivate'],
    // Word families the stemmer leaves apart (paid/pay/payment, suspension/suspended).
    pay: ['pay', 'payment'],
    pays: ['pays', 'payment'],
    paid: ['paid', 'pay', 'payment'],
    paying: ['paying', 'payment'],
    overpaid: ['overpaid', 'overpayment'],
    overpay: ['overpay', 'overpayment'],
    suspended: ['suspend', 'suspension'],
    suspend: ['suspend', 'suspension'],
    suspension: ['suspension', 'suspend'],
    unsuspend: ['unsuspend', 'reactivate'],
    subscribe: ['subscribe', 'subscription'],
    subscribed: ['subscribed', 'subscription'],
  },
  tr: {
    invoice: ['fatura'],
    invoices: ['fatura'],
    bill: ['fatura'],
    billing: ['faturalama'],
    subscription: ['abonelik'],
    subscriptions: ['abonelik'],
    license: ['lisans'],
    licence: ['lisans'],
    licenses: ['lisans'],
    suspend: ['askiya'],
    suspended: ['askiya'],
    refund: ['iade'],
    payment: ['odeme'],
    cancel: ['iptal'],
    support: ['destek'],
    ticket: ['talep'],
    mail: ['eposta'],
    email: ['eposta'],
    vat: ['kdv'],
    amex: ['amex', 'kart'],
    visa: ['visa', 'kart'],
    mastercard: ['mastercard', 'kart'],
  },
};

// Product names in any spelling become one token, so "O365", "office 365" and "M365" match.
const PRODUCT_PATTERNS: [RegExp, string][] = [
  [/\b(?:microsoft|ms|office|o)\s*[- ]?\s*365\b/g, ' m365 '],
  [/\b(?:m365|ms365|o365|office365|microsoft365)\b/g, ' m365 '],
  [/\b(?:dynamics|d)\s*[- ]?\s*365\b/g, ' dynamics '],
  [/\b(?:d365|dynamics365)\b/g, ' dynamics '],
  [/\bms\s+azure\b/g, ' azure '],
];

/** Splits text into lower-case words (Turkish letters kept: the Turkish stemmer needs them). */
function words(text: string, lang: Language): string[] {
  let s = text.slice(0, MAX_QUESTION_CHARS).normalize('NFC').toLocaleLowerCase(lang);
  // Turkish suffixes after an apostrophe (Microsoft'a, Azure'un) are not words of their own;
  // in English the apostrophe just goes (don't → dont).
  s = lang === 'tr' ? s.replace(/(\p{L})['’`´]\p{L}*/gu, '$1') : s.replace(/['’`´]/g, '');
  // "re-enable", "un-suspend", "e-mail" are one word however they are typed.
  s = s.replace(/\b(re|un|de|e)-(?=\p{L})/gu, '$1');
  for (const [re, rep] of PRODUCT_PATTERNS) s = s.replace(re, rep);
  // "hafta sonu" (weekend) is one word however it is typed; "hafta" alone only sets the scene.
  if (lang === 'tr') s = s.replace(/\bhafta\s+son(?=\p{L})/gu, 'haftason');
  return s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
}

interface Analyzer {
  /** Index terms of one word: several forms for Turkish (see below), none for a stop word. */
  forms(word: string): string[];
  stop: Set<string>;
  /** Words of greetings, thanks and good wishes (folded): a question made only of them is small talk. */
  social: Set<string>;
}

/**
 * Index terms of a text: each word's forms, plus a term for each pair of neighbouring content
 * words ("cut off", "money back", "askıya alındı"), which tells apart sections that share words
 * but not phrases.
 */
function termsOf(text: string, lang: Language, a: Analyzer): string[] {
  const all = words(text, lang);
  const out: string[] = [];
  let previous: string | undefined;
  for (const w of all) {
    const forms = a.forms(w);
    if (forms.length === 0) continue;
    out.push(...forms);
    if (previous) out.push(`${previous}_${forms[0]}`);
    previous = forms[0];
  }
  return [...out, ...askingTerms(all, lang, a)];
}

// Question words are stop words, yet they say what is asked: "how do I pay" is about payment
// methods, "when do I pay" about payment terms, "why was I charged" about a dispute.
const QUESTION_WORDS: Record<Language, Record<string, string>> = {
  en: { how: 'how', when: 'when', why: 'why', where: 'where', which: 'which', who: 'who', what: 'what' },
  tr: {
    nasil: 'how',
    ne: 'what',
    neden: 'why',
    niye: 'why',
    nicin: 'why',
    nerede: 'where',
    nereden: 'where',
    nereye: 'where',
    hangi: 'which',
    kim: 'who',
    kime: 'who',
    kac: 'how-many',
  },
};

/**
 * Terms for each question word with the content word after it ("?how_pay" for "how can I pay",
 * "?how_oder" for "nasıl öderim", one per form of that word): what is asked, beside its subject.
 */
function askingTerms(all: string[], lang: Language, a: Analyzer): string[] {
  const out: string[] = [];
  let asking: string | undefined;
  for (const w of all) {
    const q = QUESTION_WORDS[lang][fold(w)];
    if (q) {
      asking = q;
      continue;
    }
    if (!asking) continue;
    const forms = a.forms(w);
    if (forms.length === 0) continue;
    for (const f of forms) out.push(`?${asking}_${f}`);
    asking = undefined;
  }
  return out;
}

/**
 * Turkish typed without Turkish letters breaks vowel harmony, which the Snowball stemmer checks
 * before it removes a suffix (faturaları → fatura, but faturalari stays). Restores the likely
 * letters of the suffixes: an i after a back vowel is ı, a u after a front vowel is ü.
 */
export function reharmonize(plain: string): string {
  let last = '';
  let out = '';
  for (const ch of plain) {
    let c = ch;
    if (c === 'i' && last && 'aıou'.includes(last)) c = 'ı';
    else if (c === 'u' && last && 'eiöü'.includes(last)) c = 'ü';
    if ('aeıioöuü'.includes(c)) last = c;
    out += c;
  }
  return out;
}

// Inflectional endings of folded Turkish words, longest first: plural, possessive, case, the
// "-li / -siz" pair and common verb endings (tense, person, negation, ability).
const TR_SUFFIXES = [
  'abilirmiyiz',
  'ebilirmiyiz',
  'abilirmiyim',
  'ebilirmiyim',
  'iyorsunuz',
  'uyorsunuz',
  'amiyoruz',
  'emiyoruz',
  'amiyorum',
  'emiyorum',
  'abiliriz',
  'ebiliriz',
  'abilirim',
  'ebilirim',
  'larimiz',
  'lerimiz',
  'lariniz',
  'leriniz',
  'amiyor',
  'emiyor',
  'abilir',
  'ebilir',
  'iyoruz',
  'uyoruz',
  'iyorum',
  'uyorum',
  'miyor',
  'muyor',
  'iyor',
  'uyor',
  'madik',
  'medik',
  'madi',
  'medi',
  'acak',
  'ecek',
  'lari',
  'leri',
  'imiz',
  'umuz',
  'iniz',
  'unuz',
  'sini',
  'sunu',
  'dan',
  'den',
  'tan',
  'ten',
  'nin',
  'nun',
  'miz',
  'niz',
  'mak',
  'mek',
  'lar',
  'ler',
  'yla',
  'yle',
  'lik',
  'luk',
  'lig',
  'lug',
  'siz',
  'suz',
  'yor',
  'dik',
  'tik',
  'mis',
  'mus',
  'da',
  'de',
  'ta',
  'te',
  'la',
  'le',
  'ya',
  'ye',
  'yi',
  'yu',
  'si',
  'su',
  'li',
  'lu',
  'in',
  'un',
  'im',
  'um',
  'di',
  'du',
  'ti',
  'tu',
  'i',
  'u',
  'a',
  'e',
];

/** A rough root of a folded Turkish word, its endings stripped (aboneliklerimizi → abone). */
export function turkishRoot(plain: string): string {
  let w = plain;
  for (let round = 0; round < 4; round++) {
    const suffix = TR_SUFFIXES.find((x) => w.endsWith(x) && w.length - x.length >= 3);
    if (!suffix) break;
    w = w.slice(0, -suffix.length);
  }
  return w;
}

function analyzer(lang: Language): Analyzer {
  const stop = stopSet(lang);
  const synonyms = SYNONYMS[lang];
  const cache = new Map<string, string[]>();
  const stemOne = (w: string): string[] => {
    const plain = fold(w);
    if (lang === 'en') return [englishStemmer(plain)];
    // Stemming the folded word and folding the stemmed word differ when softening or vowel
    // harmony depend on Turkish letters (desteği → destek, destegi → destegi): keep both, so a
    // query typed either way meets the index.
    // Turkish verbs keep their suffixes through the stemmer (indirebilirim, indiririm): the first
    // five letters, a known good stand-in for a Turkish stem, lets those forms meet.
    const forms = [turkishStemmer(plain), fold(turkishStemmer(w)), fold(turkishStemmer(reharmonize(plain)))];
    if (plain.length > 6) forms.push(`${plain.slice(0, 5)}~`);
    // The word without its endings meets its other inflected forms (pazarları / pazar).
    forms.push(`${turkishRoot(plain)}~r`);
    return [...new Set(forms)];
  };
  // In English an inflected chat word is one too (getting → get, wanted → want); the short
  // function words are left out, as their stems collide with content words (us / use).
  const stemmedStop = new Set(lang === 'en' ? EXTRA_STOP.en.filter((w) => w.length > 2).map((w) => englishStemmer(w)) : []);
  // Small-talk words, and their stems and roots (yardımlarınız is yardım, thanks is thank).
  const social = new Set(SOCIAL_WORDS[lang].map((w) => fold(w.toLocaleLowerCase(lang))));
  for (const w of [...social]) for (const f of stemOne(w)) if (!f.endsWith('~')) social.add(f);
  return {
    stop,
    social,
    forms(word: string): string[] {
      const hit = cache.get(word);
      if (hit) return hit;
      const plain = fold(word);
      let out: string[] = [];
      if (!stop.has(plain) && !/^\d{1,2}$/.test(plain) && !stemmedStop.has(stemOne(word)[0])) {
        const variants = [word, ...(synonyms[plain] ?? [])];
        out = [...new Set(variants.flatMap(stemOne))].filter((f) => f.length > 1);
      }
      if (cache.size > 50_000) cache.clear();
      cache.set(word, out);
      return out;
    },
  };
}

/** Index text of a body: no placeholders, no markdown, no cross-references to other sections. */
function indexText(text: string): string {
  return text
    .replace(/\{\{\s*[A-Za-z]+\s*\}\}/g, ' ')
    .replace(/\((?:see|bkz\.)\s+\*[^*]+\*\)/gi, ' ')
    .replace(/[*_`#>]/g, ' ');
}

interface LanguageIndex {
  search: MiniSearch<Doc>;
  docs: Doc[];
  analyzer: Analyzer;
  /** Number of sections (off-topic counted as one) whose vocabulary has the term. */
  sectionFreq: Map<string, number>;
  sectionCount: number;
  /** Forms of the key words that alone show a question is about billing or support. */
  topicForms: Set<string>;
  /** Section classifier trained on the terms' customer-language texts (none when its weight is 0). */
  classifier?: Classifier;
}

function buildIndex(terms: Terms, lang: Language, withClassifier = true): LanguageIndex {
  const a = analyzer(lang);
  const docs: Doc[] = [];
  const add = (section: Doc['section'], kind: Kind, text: string) => {
    const t = indexText(text).trim();
    if (t) docs.push({ id: docs.length, section, kind, text: t });
  };
  for (const id of SECTION_IDS) {
    const s = terms.documents[lang].sections[id];
    add(id, 'title', s.title);
    add(id, 'body', s.body);
    for (const p of Object.values(s.products)) add(id, 'product', p.body);
    for (const p of s.phrasings) add(id, 'phrasing', p);
    for (const k of s.keywords) add(id, 'keyword', k);
  }
  // Questions customers asked: like phrasings, or small talk when they were not about billing.
  for (const q of terms.documents[lang].questions) {
    if (q.section) add(q.section, 'phrasing', q.q);
    else add(OFF_TOPIC_ID, 'off-topic', q.q);
  }
  for (const p of OFF_TOPIC[lang]) add(OFF_TOPIC_ID, 'off-topic', p);
  for (const d of docs)
    if (d.kind === 'keyword')
      d.words = words(d.text, lang)
        .map((w) => a.forms(w))
        .filter((f) => f.length > 0);
  // Key words that small talk and trivia use too ("new", "time") show the question is on topic
  // only inside their whole key phrase ("new year", "response time"); the others on their own.
  const chatForms = new Set(docs.filter((d) => d.kind === 'off-topic').flatMap((d) => words(d.text, lang).flatMap((w) => a.forms(w))));
  const topicForms = new Set<string>();
  for (const d of docs)
    for (const forms of d.words ?? []) if (!forms.some((f) => chatForms.has(f))) forms.forEach((f) => topicForms.add(f));

  const search = new MiniSearch<Doc>({
    fields: ['text'],
    storeFields: [],
    tokenize: (text) => termsOf(text, lang, a),
    processTerm: (term) => term,
    searchOptions: { tokenize: (q) => q.split(' ').filter(Boolean), processTerm: (t) => t },
  });
  search.addAll(docs);

  const vocab = new Map<string, Set<string>>();
  for (const d of docs) {
    // How specific a word is comes from the customer-language texts (titles, phrasings, small
    // talk): a word a body happens to use once is not thereby a strong signal.
    if (d.kind === 'body' || d.kind === 'product') continue;
    for (const w of words(d.text, lang)) {
      for (const f of a.forms(w)) {
        let set = vocab.get(f);
        if (!set) vocab.set(f, (set = new Set()));
        set.add(d.section);
      }
    }
  }
  const sectionFreq = new Map([...vocab].map(([k, v]) => [k, v.size]));
  // The classifier learns from the texts in customers' words (titles, phrasings, key words and
  // small talk), with the same index terms the search uses.
  const classifier = withClassifier
    ? trainClassifier(
        docs
          .filter((d) => d.kind !== 'body' && d.kind !== 'product')
          .map((d) => ({ features: termsOf(d.text, lang, a), label: d.section })),
      )
    : undefined;
  return { search, docs, analyzer: a, sectionFreq, sectionCount: SECTION_IDS.length + 1, topicForms, classifier };
}

/** A candidate section (or small talk) for a question. */
export interface Scored {
  section: SectionId | typeof OFF_TOPIC_ID;
  /** Ranking score: coverage plus a share of normalised BM25. */
  score: number;
  /** Share of the question's weight that this section's text matched, 0..1. */
  coverage: number;
  /** Sum of the weights of the question words this section matched. */
  evidence: number;
}

export interface Reading {
  words: { word: string; forms: string[]; weight: number }[];
  ranked: Scored[];
  /**
   * Whether the question uses any of the terms' key words (a section's `{#keywords}`): a
   * question with none is not about billing or support, however many common words it shares
   * with a section ("best way to cook rice"), and gets no terms answer.
   */
  onTopic: boolean;
}

/**
 * A word's forms; for a word the terms never use, the forms of a known word it becomes by
 * swapping two neighbouring letters (chrage → charge), the typo that edit-distance matching
 * counts twice and so misses.
 */
function correctTransposition(index: LanguageIndex, word: string, lang: Language): string[] {
  const forms = index.analyzer.forms(word);
  // Turkish: an unknown word is far more often an unseen suffix than a typo, and a swap would
  // turn it into some other word; fuzzy matching covers its typos.
  if (lang !== 'en' || forms.length === 0 || forms.some((f) => index.sectionFreq.has(f)) || word.length < 5) return forms;
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    const candidate = index.analyzer.forms(swapped);
    if (candidate.some((f) => index.sectionFreq.has(f))) return candidate;
  }
  return forms;
}

interface Ensemble {
  weight: number;
  band: number;
}

/**
 * Re-ranks the leading sections whose search scores are close (within `band` of the best) by
 * their search score plus the classifier's share: search finds the candidates, the classifier
 * tells close neighbours apart. Small talk is never re-ranked, so the off-topic gate is the
 * search's alone.
 */
function rerank(ranked: Scored[], shares: Map<string, number>, e: Ensemble): Scored[] {
  const best = ranked[0];
  if (!best || best.section === OFF_TOPIC_ID || e.weight <= 0 || shares.size === 0) return ranked;
  let n = 0;
  while (n < ranked.length && ranked[n].section !== OFF_TOPIC_ID && ranked[n].score >= (1 - e.band) * best.score) n++;
  if (n < 2) return ranked;
  const key = (s: Scored) => s.score / best.score + e.weight * (shares.get(s.section) ?? 0);
  const head = ranked.slice(0, n).sort((x, y) => key(y) - key(x));
  return [...head, ...ranked.slice(n)];
}

function read(index: LanguageIndex, question: string, lang: Language, ensemble: Ensemble): Reading {
  // A word weighs by how specific it is: one that only one section uses says more than one
  // every section uses. Unknown words weigh like rare ones, so a question that is mostly about
  // something else scores low.
  const weightOf = (forms: string[]) => {
    const df = Math.max(...forms.map((f) => index.sectionFreq.get(f) ?? 0));
    return df > 0 ? Math.log(1 + index.sectionCount / df) : UNKNOWN_WORD_WEIGHT;
  };
  const all = words(question, lang);
  const qWords = all
    .map((word) => ({ word, forms: correctTransposition(index, word, lang) }))
    .filter((w) => w.forms.length > 0)
    .map((w) => ({ ...w, weight: weightOf(w.forms) }));
  if (qWords.length === 0) return { words: [], ranked: [], onTopic: false };
  // The same terms as termsOf() would give, from the corrected words.
  const allForms = [
    ...new Set([
      ...qWords.flatMap((w, i) => (i > 0 ? [...w.forms, `${qWords[i - 1].forms[0]}_${w.forms[0]}`] : w.forms)),
      ...askingTerms(all, lang, index.analyzer),
    ]),
  ];
  const results = index.search.search(allForms.join(' '), {
    boostDocument: (id: number) => KIND_BOOST[index.docs[id].kind],
    fuzzy: (term) => (term.length >= 5 && !term.includes('_') ? 0.2 : false),
    prefix: (term) => term.length >= 5 && !term.includes('_'),
    weights: { fuzzy: 0.6, prefix: 0.5 },
  });
  const total = qWords.reduce((x, w) => x + w.weight, 0);
  const wordOf = new Map<string, number[]>();
  qWords.forEach((w, i) => w.forms.forEach((f) => wordOf.set(f, [...(wordOf.get(f) ?? []), i])));

  // Per section: BM25 of its best documents, and which question words it matched (a typo or
  // prefix match counts for less than the word itself), over all its documents and in its best
  // single document.
  const bySection = new Map<Scored['section'], { scores: number[]; credit: number[]; bestDoc: number }>();
  for (const r of results) {
    const doc = index.docs[r.id as number];
    let e = bySection.get(doc.section);
    if (!e) bySection.set(doc.section, (e = { scores: [], credit: qWords.map(() => 0), bestDoc: 0 }));
    e.scores.push(r.score);
    const docCredit = qWords.map(() => 0);
    for (const q of r.queryTerms) {
      const kindCredit = doc.kind === 'body' || doc.kind === 'product' ? DESCRIPTIVE_CREDIT : 1;
      const c = kindCredit * ((r.terms as string[]).includes(q) ? 1 : FUZZY_CREDIT);
      for (const i of wordOf.get(q) ?? []) docCredit[i] = Math.max(docCredit[i], c);
    }
    docCredit.forEach((c, i) => (e.credit[i] = Math.max(e.credit[i], c)));
    e.bestDoc = Math.max(
      e.bestDoc,
      docCredit.reduce((x, c, i) => x + c * qWords[i].weight, 0),
    );
  }
  const ranked: Scored[] = [];
  let maxScore = 0;
  for (const [section, e] of bySection) {
    e.scores.sort((x, y) => y - x);
    const bm25 = e.scores[0] + NEXT_DOCS[0] * (e.scores[1] ?? 0) + NEXT_DOCS[1] * (e.scores[2] ?? 0);
    maxScore = Math.max(maxScore, bm25);
    const evidence = e.credit.reduce((x, c, i) => x + c * qWords[i].weight, 0);
    const blended = (1 - BEST_DOC_SHARE) * evidence + BEST_DOC_SHARE * e.bestDoc;
    ranked.push({ section, score: bm25, coverage: total > 0 ? blended / total : 0, evidence: blended });
  }
  for (const r of ranked) r.score = r.coverage + BM25_SHARE * (maxScore > 0 ? r.score / maxScore : 0);
  ranked.sort((x, y) => y.score - x.score);
  const reranked = index.classifier ? rerank(ranked, index.classifier.scores(allForms), ensemble) : ranked;
  const social = index.analyzer.social;
  // On topic: a key word of the terms is in the question (typed right, or matched through a typo
  // or a prefix), or all the words of a key phrase.
  const onTopic =
    !qWords.every((w) => social.has(fold(w.word)) || w.forms.some((f) => !f.endsWith('~') && social.has(f))) &&
    results.some((r) => {
      if ((r.terms as string[]).some((t) => index.topicForms.has(t))) return true;
      const kw = index.docs[r.id as number].words;
      const matched = new Set(r.terms as string[]);
      return kw !== undefined && kw.length > 0 && kw.every((forms) => forms.some((f) => matched.has(f)));
    });
  return { words: qWords, ranked: reranked, onTopic };
}

/**
 * Confidence of the best section: how much of the question its text covers, discounted when
 * another section scores almost as well, and more so when small talk does.
 */
function confidenceOf(top: Scored, runnerUp: Scored | undefined, offTopic: Scored | undefined): number {
  const margin = runnerUp ? Math.max(0, (top.score - runnerUp.score) / top.score) : 1;
  const strength = 1 - Math.exp(-top.evidence / STRENGTH_SCALE);
  const offRatio = offTopic ? offTopic.score / top.score : 0;
  const offFactor = Math.min(1, Math.max(0, (OFF_TOPIC_CEILING - offRatio) / OFF_TOPIC_BAND));
  const value =
    top.coverage * (1 - MARGIN_WEIGHT + MARGIN_WEIGHT * margin) * (1 - STRENGTH_WEIGHT + STRENGTH_WEIGHT * strength) * offFactor;
  return Math.max(0, Math.min(1, value));
}

/** Builds the retrievers for every supported language from the loaded terms. */
export function createRetriever(terms: Terms, options: RetrieverOptions = {}): Retriever {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const ensemble = { weight: options.classifierWeight ?? CLASSIFIER_WEIGHT, band: options.classifierBand ?? CLASSIFIER_BAND };
  const indexes = new Map<Language, LanguageIndex>(SUPPORTED_LANGUAGES.map((l) => [l, buildIndex(terms, l, ensemble.weight > 0)]));
  const explain = (question: string, lang: Language): Reading => {
    const index = indexes.get(lang) ?? indexes.get('en');
    if (!index || typeof question !== 'string') return { words: [], ranked: [], onTopic: false };
    return read(index, question, lang, ensemble);
  };
  const rank = (question: string, lang: Language) => explain(question, lang).ranked;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    threshold,
    ask(question, lang) {
      const { ranked, onTopic } = explain(question, lang);
      const top = ranked[0];
      if (!top || !onTopic) return { section: null, confidence: 0 };
      const confidence = round(
        confidenceOf(
          top,
          ranked[1],
          ranked.find((s) => s.section === OFF_TOPIC_ID),
        ),
      );
      if (top.section === OFF_TOPIC_ID || confidence < threshold) {
        return { section: null, confidence: top.section === OFF_TOPIC_ID ? 0 : confidence };
      }
      return { section: top.section, confidence };
    },
    candidates(question, lang, limit = 3) {
      const all = rank(question, lang);
      const offTopic = all.find((s) => s.section === OFF_TOPIC_ID);
      const ranked = all.filter((s): s is Scored & { section: SectionId } => s.section !== OFF_TOPIC_ID);
      return ranked.slice(0, limit).map((s, i) => ({ section: s.section, confidence: round(confidenceOf(s, ranked[i + 1], offTopic)) }));
    },
    explain,
  };
}
