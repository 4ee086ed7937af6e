import type { SearchOptions } from 'minisearch';
import { Language } from '../../platform/config';
import { foldWord } from '../../platform/text';
import { SectionId } from '../terms';
import { Kind, LanguageIndex, OFF_TOPIC_ID } from './searchIndex';
import { TermSearch, termSearch } from './termSearch';

/**
 * How a question is read against a language's index (typos corrected, words weighed by how
 * specific they are), how the matches rank the sections, and how sure the best one is: the
 * on-topic test and the confidence that, with small talk competing, decide off-topic questions.
 */

/**
 * Weight of a word no section uses: about that of a common word, so that one unknown word in an
 * otherwise clear question does not sink it, while a question made only of unknown words finds
 * nothing at all.
 */
const UNKNOWN_WORD_WEIGHT = 1.6;

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

const searches = new WeakMap<LanguageIndex, TermSearch>();

/** How a question is searched: typo-tolerant and prefix matching for words of five letters or more, titles and phrasings boosted. */
export function questionSearchOptions(index: LanguageIndex): SearchOptions {
  return {
    boostDocument: (id: number) => KIND_BOOST[index.docs[id].kind],
    fuzzy: (term) => (term.length >= 5 && !term.includes('_') ? 0.2 : false),
    prefix: (term) => term.length >= 5 && !term.includes('_'),
    weights: { fuzzy: 0.6, prefix: 0.5 },
  };
}

function searchOf(index: LanguageIndex): TermSearch {
  let search = searches.get(index);
  if (!search) searches.set(index, (search = termSearch(index.search, questionSearchOptions(index))));
  return search;
}

/** A section's matches while a question is read. */
interface SectionTally {
  section: Scored['section'];
  /** Its three best document scores, best first (0 where it has fewer documents). */
  best3: [number, number, number];
  credit: number[];
  bestDoc: number;
  /** Its best document's score, and that document's place among the hits (the first of equals). */
  top: number;
  topAt: number;
}

/** Per document of an index, as numbers: its section's place in `sections`, and whether its text is descriptive. */
interface Layout {
  sections: Scored['section'][];
  sectionOf: Int32Array;
  descriptive: Uint8Array;
}

const layouts = new WeakMap<LanguageIndex, Layout>();

function layoutOf(index: LanguageIndex): Layout {
  let layout = layouts.get(index);
  if (!layout) {
    const sections: Scored['section'][] = [];
    const place = new Map<Scored['section'], number>();
    const sectionOf = new Int32Array(index.docs.length);
    const descriptive = new Uint8Array(index.docs.length);
    index.docs.forEach((doc, i) => {
      let s = place.get(doc.section);
      if (s === undefined) place.set(doc.section, (s = sections.push(doc.section) - 1));
      sectionOf[i] = s;
      descriptive[i] = doc.kind === 'body' || doc.kind === 'product' ? 1 : 0;
    });
    layouts.set(index, (layout = { sections, sectionOf, descriptive }));
  }
  return layout;
}

export function read(index: LanguageIndex, question: string, lang: Language): Reading {
  // A word weighs by how specific it is: one that only one section uses says more than one
  // every section uses. Unknown words weigh like rare ones, so a question that is mostly about
  // something else scores low.
  const weightOf = (forms: string[]) => {
    const df = Math.max(...forms.map((f) => index.sectionFreq.get(f) ?? 0));
    return df > 0 ? Math.log(1 + index.sectionCount / df) : UNKNOWN_WORD_WEIGHT;
  };
  const all = index.analyzer.words(question);
  const qWords = all
    .map((word) => ({ word, forms: correctTransposition(index, word, lang) }))
    .filter((w) => w.forms.length > 0)
    .map((w) => ({ ...w, weight: weightOf(w.forms) }));
  if (qWords.length === 0) return { words: [], ranked: [], onTopic: false };
  // The same terms as the analyzer's terms() would give, from the corrected words.
  const allForms = [
    ...new Set([
      ...qWords.flatMap((w, i) => (i > 0 ? [...w.forms, `${qWords[i - 1].forms[0]}_${w.forms[0]}`] : w.forms)),
      ...index.analyzer.asking(all),
    ]),
  ];
  const results = searchOf(index).unsorted(allForms);
  const total = qWords.reduce((x, w) => x + w.weight, 0);
  const wordOf = new Map<string, number[]>();
  qWords.forEach((w, i) => w.forms.forEach((f) => wordOf.set(f, [...(wordOf.get(f) ?? []), i])));
  // The question words each of the search's terms stands for (by the term's place in the hits).
  const wordsOfTerm = results.queryTerms.map((q) => wordOf.get(q));

  // Per section: BM25 of its best documents, and which question words it matched (a typo or
  // prefix match counts for less than the word itself), over all its documents and in its best
  // single document. Sections are then taken in the order of their best document in the hits
  // ranked best first (ties: first matched), which is what breaks ties between sections below.
  const layout = layoutOf(index);
  const bySection: (SectionTally | undefined)[] = new Array(layout.sections.length);
  const found: SectionTally[] = [];
  // One document's credit per question word (back to 0 after each document).
  const docCredit = new Float64Array(qWords.length);
  const weights = Float64Array.from(qWords, (w) => w.weight);
  for (let at = 0; at < results.length; at++) {
    const score = results.scores[at];
    const s = layout.sectionOf[results.ids[at]];
    let e = bySection[s];
    if (!e)
      found.push(
        (bySection[s] = e =
          { section: layout.sections[s], best3: [0, 0, 0], credit: qWords.map(() => 0), bestDoc: 0, top: score, topAt: at }),
      );
    else if (score > e.top) {
      e.top = score;
      e.topAt = at;
    }
    const b = e.best3;
    if (score > b[2]) {
      if (score > b[0]) [b[0], b[1], b[2]] = [score, b[0], b[1]];
      else if (score > b[1]) [b[1], b[2]] = [score, b[1]];
      else b[2] = score;
    }
    const kindCredit = layout.descriptive[results.ids[at]] ? DESCRIPTIVE_CREDIT : 1;
    for (let p = results.first[at]; p !== -1; p = results.next[p]) {
      const words = wordsOfTerm[results.term[p]];
      if (!words) continue;
      const c = kindCredit * (results.exact[p] ? 1 : FUZZY_CREDIT);
      for (const i of words) docCredit[i] = Math.max(docCredit[i], c);
    }
    let best = 0;
    const credit = e.credit;
    for (let i = 0; i < docCredit.length; i++) {
      const d = docCredit[i];
      if (d > credit[i]) credit[i] = d;
      best = best + d * weights[i];
      docCredit[i] = 0;
    }
    e.bestDoc = Math.max(e.bestDoc, best);
  }
  found.sort((a, b) => b.top - a.top || a.topAt - b.topAt);
  const ranked: Scored[] = [];
  let maxScore = 0;
  for (const e of found) {
    const bm25 = e.best3[0] + NEXT_DOCS[0] * e.best3[1] + NEXT_DOCS[1] * e.best3[2];
    maxScore = Math.max(maxScore, bm25);
    const evidence = e.credit.reduce((x, c, i) => x + c * qWords[i].weight, 0);
    const blended = (1 - BEST_DOC_SHARE) * evidence + BEST_DOC_SHARE * e.bestDoc;
    ranked.push({ section: e.section, score: bm25, coverage: total > 0 ? blended / total : 0, evidence: blended });
  }
  for (const r of ranked) r.score = r.coverage + BM25_SHARE * (maxScore > 0 ? r.score / maxScore : 0);
  ranked.sort((x, y) => y.score - x.score);
  const social = index.analyzer.social;
  // On topic: a key word of the terms is in the question (typed right, or matched through a typo
  // or a prefix), or all the words of a key phrase.
  const onTopic =
    !qWords.every((w) => social.has(foldWord(w.word)) || w.forms.some((f) => !f.endsWith('~') && social.has(f))) &&
    anyHit(results.length, (at) => {
      const terms = results.matchedTerms(at);
      if (terms.some((t) => index.topicForms.has(t))) return true;
      const kw = index.docs[results.ids[at]].words;
      if (kw === undefined || kw.length === 0) return false;
      const matched = new Set(terms);
      return kw.every((forms) => forms.some((f) => matched.has(f)));
    });
  return { words: qWords, ranked, onTopic };
}

function anyHit(length: number, test: (at: number) => boolean): boolean {
  for (let at = 0; at < length; at++) if (test(at)) return true;
  return false;
}

/**
 * Confidence of the best section: how much of the question its text covers, discounted when
 * another section scores almost as well, and more so when small talk does.
 */
export function confidenceOf(top: Scored, runnerUp: Scored | undefined, offTopic: Scored | undefined): number {
  const margin = runnerUp ? Math.max(0, (top.score - runnerUp.score) / top.score) : 1;
  const strength = 1 - Math.exp(-top.evidence / STRENGTH_SCALE);
  const offRatio = offTopic ? offTopic.score / top.score : 0;
  const offFactor = Math.min(1, Math.max(0, (OFF_TOPIC_CEILING - offRatio) / OFF_TOPIC_BAND));
  const value =
    top.coverage * (1 - MARGIN_WEIGHT + MARGIN_WEIGHT * margin) * (1 - STRENGTH_WEIGHT + STRENGTH_WEIGHT * strength) * offFactor;
  return Math.max(0, Math.min(1, value));
}
