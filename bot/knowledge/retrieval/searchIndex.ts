import MiniSearch, { Options } from 'minisearch';
import { Language } from '../../platform/config';
import { Classifier, ClassifierSettings, trainClassifier } from '../classifier';
import { SECTION_IDS, SectionId, Terms } from '../terms';
import { Analyzer, createAnalyzer } from './analyzer';
import { Speller, classifierFeatures, createSpeller } from './features';
import { Neighbours, trainNeighbours } from './neighbours';

/**
 * One MiniSearch (BM25+) index per language over each section's title, body, product parts,
 * alternative phrasings and key words, plus the off-topic phrasings of the language file
 * (greetings, weather, jokes…) that compete with the sections: a question closest to those gets
 * no terms answer.
 */

/** The pseudo-section of small talk and trivia. */
export const OFF_TOPIC_ID = '~off-topic';

export type Kind = 'title' | 'body' | 'product' | 'phrasing' | 'keyword' | 'off-topic';

export interface Doc {
  id: number;
  section: SectionId | typeof OFF_TOPIC_ID;
  kind: Kind;
  text: string;
  /** For a key word or phrase: the index forms of each of its words. */
  words?: string[][];
}

/** Index text of a body: no placeholders, no markdown, no cross-references to other sections. */
function indexText(text: string, a: Analyzer): string {
  const plain = text.replace(/\{\{\s*[A-Za-z]+\s*\}\}/g, ' ');
  return (a.crossReference ? plain.replace(a.crossReference, ' ') : plain).replace(/[*_`#>]/g, ' ');
}

export interface LanguageIndex {
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
  /** Nearest labelled texts by their character n-grams (neighbours.ts), trained with the classifier. */
  neighbours?: Neighbours;
  /** Reads a misspelt word as the known word it stands for (for the classifier). */
  speller: Speller;
}

/** A language's index from the terms and its word lists; the classifier is trained only when it is used. */
export function buildIndex(terms: Terms, lang: Language, withClassifier = true): LanguageIndex {
  const a = createAnalyzer(lang, terms.language[lang]);
  const docs: Doc[] = [];
  const add = (section: Doc['section'], kind: Kind, text: string) => {
    const t = indexText(text, a).trim();
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
  for (const p of terms.language[lang].offTopic) add(OFF_TOPIC_ID, 'off-topic', p);
  for (const d of docs)
    if (d.kind === 'keyword')
      d.words = a
        .words(d.text)
        .map((w) => a.forms(w))
        .filter((f) => f.length > 0);
  // Key words that small talk and trivia use too ("new", "time") show the question is on topic
  // only inside their whole key phrase ("new year", "response time"); the others on their own.
  const chatForms = new Set(docs.filter((d) => d.kind === 'off-topic').flatMap((d) => a.words(d.text).flatMap((w) => a.forms(w))));
  const topicForms = new Set<string>();
  for (const d of docs)
    for (const forms of d.words ?? []) if (!forms.some((f) => chatForms.has(f))) forms.forEach((f) => topicForms.add(f));

  const search = new MiniSearch<Doc>(searchOptions(a));
  search.addAll(docs);

  const vocab = new Map<string, Set<string>>();
  for (const d of docs) {
    // How specific a word is comes from the customer-language texts (titles, phrasings, small
    // talk): a word a body happens to use once is not thereby a strong signal.
    if (d.kind === 'body' || d.kind === 'product') continue;
    for (const w of a.words(d.text)) {
      for (const f of a.forms(w)) {
        let set = vocab.get(f);
        if (!set) vocab.set(f, (set = new Set()));
        set.add(d.section);
      }
    }
  }
  const sectionFreq = new Map([...vocab].map(([k, v]) => [k, v.size]));
  const classifier = withClassifier ? trainSectionClassifier(docs, a) : undefined;
  const neighbours = withClassifier
    ? trainNeighbours(docs.filter((d) => customerWords(d.kind)).map((d) => ({ text: d.text, label: d.section })))
    : undefined;
  return assembleIndex({ search, docs, analyzer: a, sectionFreq, topicForms, classifier, neighbours });
}

/** The MiniSearch options of a language's index (the same when it is built and when it is loaded). */
export function searchOptions(a: Analyzer): Options<Doc> {
  return {
    fields: ['text'],
    storeFields: [],
    tokenize: (text) => a.terms(text),
    processTerm: (term) => term,
    searchOptions: { tokenize: (q) => q.split(' ').filter(Boolean), processTerm: (t) => t },
  };
}

/** A language index from its parts, built (buildIndex) or loaded (cache.ts). */
export function assembleIndex(parts: Omit<LanguageIndex, 'sectionCount' | 'speller'>): LanguageIndex {
  return { ...parts, sectionCount: SECTION_IDS.length + 1, speller: createSpeller(parts.sectionFreq.keys()) };
}

/** Whether a kind of document is in customers' words (what the classifier and the neighbours learn from). */
const customerWords = (kind: Kind) => kind !== 'body' && kind !== 'product';

/**
 * The section classifier, learnt from the texts in customers' words: titles, phrasings, key
 * words, the labelled questions and small talk (labelled off-topic), read as classifierFeatures.
 */
export function trainSectionClassifier(docs: Doc[], a: Analyzer, settings: Partial<ClassifierSettings> = {}): Classifier {
  const examples = docs.filter((d) => customerWords(d.kind)).map((d) => ({ features: classifierFeatures(a, d.text), label: d.section }));
  return trainClassifier(examples, settings);
}
