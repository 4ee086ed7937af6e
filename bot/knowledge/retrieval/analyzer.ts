import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as turkishStemmer } from '@orama/stemmers/turkish';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as turkishStopwords } from '@orama/stopwords/turkish';
import { Language } from '../../platform/config';
import { kept } from '../../platform/kept';
import { foldWord } from '../../platform/text';
import type { LanguageData } from '../terms';

/**
 * Text → index terms for one language: words split and lower-cased, product names made one
 * word, stop words dropped, each word folded to plain Latin letters (ı→i, ş→s, ğ→g, ç→c, ö→o,
 * ü→u) and stemmed with the Snowball stemmers, so Turkish typed without Turkish letters finds the
 * same words. The word lists come from terms/language/<lang>.json.
 */

/** How much of a message retrieval reads: a question's words are at its start; the rest is detail. */
const RETRIEVAL_READS_CHARS = 500;

export interface Analyzer {
  /** Lower-case words of a text (Turkish letters kept: the Turkish stemmer needs them). */
  words(text: string): string[];
  /** Index terms of one word: several forms for Turkish (see below), none for a stop word. */
  forms(word: string): string[];
  /** Index terms of a text: each word's forms, neighbouring word pairs and question-word pairs. */
  terms(text: string): string[];
  /** The question-word terms of a text's words (see askingTerms). */
  asking(words: string[]): string[];
  /** Words that carry no topic, folded. */
  stop: Set<string>;
  /** Words of greetings, thanks and good wishes (folded): a question made only of them is small talk. */
  social: Set<string>;
  /** Cross-references to other sections in the terms' text ("(see *Reactivation*)"): not indexed. */
  crossReference?: RegExp;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turkish typed without Turkish letters breaks vowel harmony, which the Snowball stemmer checks
 * before it removes a suffix (faturaları → fatura, but faturalari stays). Restores the likely
 * letters of the suffixes with the language file's harmony rules (Turkish: an i after a back vowel
 * is ı, a u after a front vowel is ü).
 */
export function reharmonize(plain: string, harmony: LanguageData['vowelHarmony']): string {
  if (!harmony) return plain;
  let last = '';
  let out = '';
  for (const ch of plain) {
    let c = ch;
    const rule = last ? harmony.rules.find(([typed, , after]) => c === typed && after.includes(last)) : undefined;
    if (rule) c = rule[1];
    if (harmony.vowels.includes(c)) last = c;
    out += c;
  }
  return out;
}

/**
 * A rough root finder for folded Turkish words, with the language file's endings (plural,
 * possessive, case, "-li / -siz", verb endings): up to four endings stripped, longest tried
 * first, leaving at least three letters (aboneliklerimizi → abone).
 */
export function turkishRootFinder(suffixes: readonly string[]): (plain: string) => string {
  const longestFirst = [...suffixes].sort((a, b) => b.length - a.length);
  return (plain) => {
    let w = plain;
    for (let round = 0; round < 4; round++) {
      const suffix = longestFirst.find((x) => w.endsWith(x) && w.length - x.length >= 3);
      if (!suffix) break;
      w = w.slice(0, -suffix.length);
    }
    return w;
  };
}

/** Splits text into lower-case words, with the language's product names, prefixes and compounds. */
function splitter(lang: Language, data: LanguageData): (text: string) => string[] {
  const products = data.products.flatMap((p) => p.patterns.map((re) => [new RegExp(re, 'g'), ` ${p.token} `] as const));
  const prefixes =
    data.joinedPrefixes.length > 0 ? new RegExp(`\\b(${data.joinedPrefixes.map(escapeRegExp).join('|')})-(?=\\p{L})`, 'gu') : undefined;
  const compounds = data.compounds.map((c) => {
    const parts = c.split(/\s+/);
    return [new RegExp(`\\b${parts.map(escapeRegExp).join('\\s+')}(?=\\p{L})`, 'gu'), parts.join('')] as const;
  });
  return (text) => {
    let s = text.slice(0, RETRIEVAL_READS_CHARS).normalize('NFC').toLocaleLowerCase(lang);
    // Turkish suffixes after an apostrophe (Microsoft'a, Azure'un) are not words of their own;
    // in English the apostrophe just goes (don't → dont).
    s = lang === 'tr' ? s.replace(/(\p{L})['’`´]\p{L}*/gu, '$1') : s.replace(/['’`´]/g, '');
    // "re-enable", "un-suspend", "e-mail" are one word however they are typed.
    if (prefixes) s = s.replace(prefixes, '$1');
    // Product names in any spelling become one token, so "O365", "office 365" and "M365" match.
    for (const [re, rep] of products) s = s.replace(re, rep);
    // "hafta sonu" (weekend) is one word however it is typed; "hafta" alone only sets the scene.
    for (const [re, rep] of compounds) s = s.replace(re, rep);
    return s.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
  };
}

/** The analyzer of a language, from its word lists. */
export function createAnalyzer(lang: Language, data: LanguageData): Analyzer {
  const extraStop = Object.values(data.stopWords).flat();
  const base = lang === 'tr' ? turkishStopwords : englishStopwords;
  const stop = new Set([...base, ...extraStop].map((w) => foldWord(w.toLocaleLowerCase(lang)).replace(/['’]/g, '')));
  // Words the stop lists drop that do matter here ("service is down", "turn off auto-renew").
  for (const w of data.keepWords) stop.delete(w);
  const synonyms = data.synonyms;
  const questionWords = data.questionWords;
  const turkishRoot = turkishRootFinder(data.suffixes);
  const words = splitter(lang, data);
  const wordForms = kept<string, string[]>(50_000);
  const stemOne = (w: string): string[] => {
    const plain = foldWord(w);
    if (lang === 'en') return [englishStemmer(plain)];
    // Stemming the folded word and folding the stemmed word differ when softening or vowel
    // harmony depend on Turkish letters (desteği → destek, destegi → destegi): keep both, so a
    // query typed either way meets the index.
    // Turkish verbs keep their suffixes through the stemmer (indirebilirim, indiririm): the first
    // five letters, a known good stand-in for a Turkish stem, lets those forms meet.
    const forms = [turkishStemmer(plain), foldWord(turkishStemmer(w)), foldWord(turkishStemmer(reharmonize(plain, data.vowelHarmony)))];
    if (plain.length > 6) forms.push(`${plain.slice(0, 5)}~`);
    // The word without its endings meets its other inflected forms (pazarları / pazar).
    forms.push(`${turkishRoot(plain)}~r`);
    return [...new Set(forms)];
  };
  // In English an inflected chat word is one too (getting → get, wanted → want); the short
  // function words are left out, as their stems collide with content words (us / use).
  const stemmedStop = new Set(lang === 'en' ? extraStop.filter((w) => w.length > 2).map((w) => englishStemmer(w)) : []);
  // Small-talk words, and their stems and roots (yardımlarınız is yardım, thanks is thank).
  const social = new Set(data.socialWords.map((w) => foldWord(w.toLocaleLowerCase(lang))));
  for (const w of [...social]) for (const f of stemOne(w)) if (!f.endsWith('~')) social.add(f);

  const forms = (word: string): string[] =>
    wordForms.of(word, () => {
      const plain = foldWord(word);
      let out: string[] = [];
      if (!stop.has(plain) && !/^\d{1,2}$/.test(plain) && !stemmedStop.has(stemOne(word)[0])) {
        // Own keys only: a customer typing "constructor" must not reach Object.prototype.
        const variants = [word, ...(Object.hasOwn(synonyms, plain) ? synonyms[plain] : [])];
        out = [...new Set(variants.flatMap(stemOne))].filter((f) => f.length > 1);
      }
      return out;
    });

  // Question words are stop words, yet they say what is asked: "how do I pay" is about payment
  // methods, "when do I pay" about payment terms, "why was I charged" about a dispute. Terms for
  // each question word with the content word after it ("?how_pay" for "how can I pay",
  // "?how_oder" for "nasıl öderim", one per form of that word): what is asked, beside its subject.
  const asking = (all: string[]): string[] => {
    const out: string[] = [];
    let asked: string | undefined;
    for (const w of all) {
      const folded = foldWord(w);
      const q = Object.hasOwn(questionWords, folded) ? questionWords[folded] : undefined;
      if (q) {
        asked = q;
        continue;
      }
      if (!asked) continue;
      const fs = forms(w);
      if (fs.length === 0) continue;
      for (const f of fs) out.push(`?${asked}_${f}`);
      asked = undefined;
    }
    return out;
  };

  // Index terms of a text: each word's forms, plus a term for each pair of neighbouring content
  // words ("cut off", "money back", "askıya alındı"), which tells apart sections that share words
  // but not phrases.
  const terms = (text: string): string[] => {
    const all = words(text);
    const out: string[] = [];
    let previous: string | undefined;
    for (const w of all) {
      const fs = forms(w);
      if (fs.length === 0) continue;
      out.push(...fs);
      if (previous) out.push(`${previous}_${fs[0]}`);
      previous = fs[0];
    }
    return [...out, ...asking(all)];
  };

  const crossReference =
    data.crossReferenceWords.length > 0
      ? new RegExp(`\\((?:${data.crossReferenceWords.map(escapeRegExp).join('|')})\\s+\\*[^*]+\\*\\)`, 'gi')
      : undefined;
  return { words, forms, terms, asking, stop, social, crossReference };
}
