import { Language, SUPPORTED_LANGUAGES } from '../../platform/config';
import { SectionId, Terms } from '../terms';
import { CLASSIFIER_BAND, CLASSIFIER_WEIGHT } from './ensemble';
import { Reading, confidenceOf, read } from './scoring';
import { LanguageIndex, OFF_TOPIC_ID, buildIndex } from './searchIndex';
import { LanguageGuess, languageDetector } from './language';

export { CLASSIFIER_BAND, CLASSIFIER_WEIGHT } from './ensemble';
export type { Reading, Scored } from './scoring';
export { OFF_TOPIC_ID } from './searchIndex';
export type { LanguageGuess } from './language';

/**
 * Free-text questions → the support-terms section that answers them, or null.
 *
 * The analyzer turns text into index terms with the language's word lists; searchIndex builds one
 * MiniSearch index per language, sections and small talk side by side; scoring reads a question
 * against it (fuzzy matching absorbs small typos) and decides how sure the best section is; the
 * ensemble lets the section classifier tell close candidates apart.
 */

export interface RetrievalResult {
  section: SectionId | null;
  /** 0..1; below the retriever's threshold `section` is null. */
  confidence: number;
}

export interface Retriever {
  /** The section answering a question in a language, or null (off-topic or not sure). */
  ask(question: string, lang: Language): RetrievalResult;
  /** How a question was read and scored: its words' index forms and the ranked sections. */
  explain(question: string, lang: Language): Reading;
  /** Builds every language's index now (the server does it in the background after it listens). */
  warm(): void;
  /** The language a text is written in, when its words clearly say so (see language.ts). */
  languageOf(text: string): LanguageGuess;
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

/**
 * The retriever for every supported language from the loaded terms. A language's index is built
 * when first needed (or by `warm`): building takes seconds, and a process that never reads a
 * language's questions (a CLI, most tests) should not pay for it.
 */
export function createRetriever(terms: Terms, options: RetrieverOptions = {}): Retriever {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const ensemble = { weight: options.classifierWeight ?? CLASSIFIER_WEIGHT, band: options.classifierBand ?? CLASSIFIER_BAND };
  const indexes = new Map<Language, LanguageIndex>();
  const indexFor = (lang: Language): LanguageIndex | undefined => {
    const known = (SUPPORTED_LANGUAGES as readonly string[]).includes(lang) ? lang : 'en';
    let index = indexes.get(known);
    if (!index) indexes.set(known, (index = buildIndex(terms, known, ensemble.weight > 0)));
    return index;
  };
  const explain = (question: string, lang: Language): Reading => {
    if (typeof question !== 'string') return { words: [], ranked: [], onTopic: false };
    const index = indexFor(lang);
    if (!index) return { words: [], ranked: [], onTopic: false };
    return read(index, question, lang, ensemble);
  };
  const languageOf = languageDetector(terms, indexFor);
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
    explain,
    warm() {
      for (const lang of SUPPORTED_LANGUAGES) indexFor(lang);
    },
    languageOf,
  };
}
