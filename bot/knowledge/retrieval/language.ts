import { Language, SUPPORTED_LANGUAGES } from '../../platform/config';
import { Kept, kept } from '../../platform/kept';
import { foldWord } from '../../platform/text';
import type { Terms } from '../terms';
import { Analyzer, createAnalyzer } from './analyzer';
import type { LanguageIndex } from './searchIndex';

/**
 * Which supported language a message is written in, read with the retriever's own word lists: a
 * word counts for a language when that language knows it (a stop, small-talk or question word of
 * terms/language/<lang>.json, or a word form the terms' customer texts use) and no other language
 * does, or only in a few sections' texts (DOMINANCE); a word with letters only one language has (its `ownLetters`: ç, ğ, ı, ö, ş, ü) counts for it. Words every
 * language shares (Azure, Microsoft, CSP) count for none. Synonyms are left out: they map foreign
 * words ("invoice" in a Turkish question) onto the language's own.
 */

export interface LanguageGuess {
  /** The language when the text clearly is in it; null when it is too short or mixed to tell. */
  lang: Language | null;
  /** Words that only this language knows, per language. */
  hits: Record<Language, number>;
}

/** A language needs at least this many words of its own... */
export const MIN_LANGUAGE_HITS = 2;
/** ...and more than this many times the runner-up's. */
const LEAD_FACTOR = 2;

interface Reader {
  lang: Language;
  analyzer: Analyzer;
  questionWords: Record<string, string>;
  vocabulary: ReadonlyMap<string, number>;
  /** Letters only this language has (terms/language/<lang>.json `ownLetters`). */
  ownLetters?: RegExp;
  /** `knows` per word already asked (the word lists do not change; customers reuse few words). */
  known: Kept<string, number>;
}

/** Words whose `knows` is kept per language; past this the kept ones are dropped. */
const MAX_KNOWN_WORDS = 50_000;

/**
 * How well a language knows a word: Infinity for its own stop, small-talk and question words;
 * else in how many sections' customer texts a form of it appears (0: not at all).
 */
function knows(r: Reader, word: string): number {
  return r.known.of(word, () => {
    const plain = foldWord(word);
    if (r.analyzer.stop.has(plain) || r.analyzer.social.has(plain) || Object.hasOwn(r.questionWords, plain)) return Infinity;
    return Math.max(0, ...r.analyzer.forms(word).map((f) => r.vocabulary.get(f) ?? 0));
  });
}

/**
 * A word counts for a language that knows it this many times better than every other one does.
 * Customers mix languages ("invoice'lar portalda nerede"), so the customer texts of one language
 * hold a few words of another; they count for the language that uses them throughout.
 */
const DOMINANCE = 3;

/** The language detector over the retriever's per-language indexes (built on its first use). */
export function languageDetector(terms: Terms, indexFor: (lang: Language) => LanguageIndex | undefined): (text: string) => LanguageGuess {
  let readers: Reader[] | undefined;
  const readersOf = (): Reader[] =>
    (readers ??= SUPPORTED_LANGUAGES.flatMap((lang) => {
      const index = indexFor(lang);
      if (!index) return [];
      const data = terms.language[lang];
      return [
        {
          lang,
          analyzer: createAnalyzer(lang, { ...data, synonyms: {} }),
          questionWords: data.questionWords,
          vocabulary: index.sectionFreq,
          known: kept<string, number>(MAX_KNOWN_WORDS),
          ...(data.ownLetters ? { ownLetters: new RegExp(`[${data.ownLetters}]`, 'u') } : {}),
        },
      ];
    }));
  return (text) => {
    const hits = Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, 0])) as Record<Language, number>;
    if (typeof text !== 'string') return { lang: null, hits };
    const readers = readersOf();
    for (const r of readers) {
      const others = readers.filter((o) => o !== r);
      for (const word of r.analyzer.words(text)) {
        const own = r.ownLetters !== undefined && r.ownLetters.test(word) ? Infinity : knows(r, word);
        if (own > 0 && others.every((o) => ((w) => w === 0 || own > DOMINANCE * w)(knows(o, word)))) hits[r.lang]++;
      }
    }
    const ranked = [...SUPPORTED_LANGUAGES].sort((a, b) => hits[b] - hits[a]);
    const [best, second] = [hits[ranked[0]], ranked[1] ? hits[ranked[1]] : 0];
    return { lang: best >= MIN_LANGUAGE_HITS && best > LEAD_FACTOR * second ? ranked[0] : null, hits };
  };
}
