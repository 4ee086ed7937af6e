import MiniSearch, { SearchOptions } from 'minisearch';
import { kept } from '../../platform/kept';
import type { Doc } from './searchIndex';

/**
 * MiniSearch's search (OR of the query's terms) with each term's matches kept: a question's
 * terms are read against the index one by one (exact, prefix and typo-tolerant matches, BM25 per
 * document), and most of a question's terms were in earlier questions (the vocabulary of billing
 * questions is small), so the per-term reading — most of a search's time — is done once per term.
 * The terms' readings are then combined and the documents ranked exactly as MiniSearch.search
 * does (same sums in the same order, same ties), so the results are identical to its own;
 * test/knowledge/retrievalCache.test.ts compares them on every question set.
 */

/** A document matched by a query, as MiniSearch.search gives it (the fields scoring reads). */
export interface Hit {
  id: number;
  score: number;
  /** The index terms of the document that matched (may be shared with the term cache: read only). */
  terms: readonly string[];
  /** The query terms that matched them. */
  queryTerms: readonly string[];
}

interface Raw {
  score: number;
  terms: string[];
  match: Record<string, string[]>;
}

interface QuerySpec {
  term: string;
  fuzzy: boolean | number;
  prefix: boolean;
  termBoost: number;
}

/** MiniSearch 7's per-term reading (executeQuerySpec) and document ids: not its public API, checked before use. */
interface Internals {
  executeQuerySpec?: (spec: QuerySpec, options: SearchOptions) => Map<number, Raw>;
  _documentIds?: Map<number, unknown>;
}

/** One term's matches, document by document (MiniSearch's raw results, flattened once). */
interface TermReading {
  docIds: number[];
  scores: number[];
  queryTerms: string[][];
  /** The index terms each document matched (the keys of MiniSearch's `match`). */
  matched: string[][];
}

const INDEX_LIKE = /^(?:0|[1-9]\d{0,8})$/;

/**
 * Distinct terms in the order an object's keys would list them (MiniSearch keeps a document's
 * matched terms as an object's keys): number-like terms first, ascending, then the others in
 * insertion order.
 */
function inKeyOrder(terms: readonly string[]): readonly string[] {
  if (!terms.some((t) => INDEX_LIKE.test(t))) return terms;
  const numbers = terms.filter((t) => INDEX_LIKE.test(t)).sort((a, b) => Number(a) - Number(b));
  return [...numbers, ...terms.filter((t) => !INDEX_LIKE.test(t))];
}

/** The scratch arrays, grown to hold document id `id`. */
function grown(touched: Uint32Array, place: Int32Array, id: number): [Uint32Array, Int32Array] {
  const size = Math.max(id + 1, touched.length * 2);
  const t = new Uint32Array(size);
  t.set(touched);
  const p = new Int32Array(size);
  p.set(place);
  return [t, p];
}

/** Terms kept per index; past this the readings are dropped and gathered again. */
const MAX_TERMS = 20_000;

export interface TermSearch {
  /** The documents matching any of the terms, best first: MiniSearch.search's results. */
  (terms: string[]): Hit[];
  /**
   * The same hits in the order their documents were first matched, unsorted: for a caller that
   * ranks on its own (sorting every hit is a good share of a search's time). Sorting this list by
   * score, stable, gives exactly the sorted results.
   */
  unsorted(terms: string[]): Hits;
}

/** Hits as columns (no object per document): hit `i` is `ids[i]`, `scores[i]`, `terms[i]`, `queryTerms[i]`. */
export interface Hits {
  length: number;
  ids: number[];
  scores: number[];
  terms: (readonly string[])[];
  queryTerms: (readonly string[])[];
}

function columns(hits: Hit[]): Hits {
  return {
    length: hits.length,
    ids: hits.map((h) => h.id),
    scores: hits.map((h) => h.score),
    terms: hits.map((h) => h.terms),
    queryTerms: hits.map((h) => h.queryTerms),
  };
}

function rows(h: Hits): Hit[] {
  const out: Hit[] = new Array(h.length);
  for (let i = 0; i < h.length; i++) out[i] = { id: h.ids[i], score: h.scores[i], terms: h.terms[i], queryTerms: h.queryTerms[i] };
  return out;
}

/** A search over `search` with these options (fuzzy and prefix as functions of the term only). */
export function termSearch(search: MiniSearch<Doc>, options: SearchOptions): TermSearch {
  const internals = search as unknown as Internals;
  const ids = internals._documentIds;
  const read = internals.executeQuerySpec?.bind(search);
  if (!read || !(ids instanceof Map)) {
    // Another MiniSearch than the one this was written for: its own search, uncached.
    const own = (terms: string[]) => search.search(terms.join(' '), options) as unknown as Hit[];
    return Object.assign(own, { unsorted: (terms: string[]) => columns(own(terms)) });
  }
  const fuzzyOf = options.fuzzy;
  const prefixOf = options.prefix;
  const readings = kept<string, TermReading>(MAX_TERMS);
  const termReading = (term: string, i: number, all: string[]): TermReading =>
    readings.of(term, () => {
      const spec: QuerySpec = {
        term,
        fuzzy: typeof fuzzyOf === 'function' ? fuzzyOf(term, i, all) : (fuzzyOf ?? false),
        prefix: typeof prefixOf === 'function' ? prefixOf(term, i, all) : prefixOf === true,
        termBoost: 1,
      };
      const hit: TermReading = { docIds: [], scores: [], queryTerms: [], matched: [] };
      for (const [docId, r] of read(spec, options)) {
        hit.docIds.push(docId);
        hit.scores.push(r.score);
        hit.queryTerms.push(r.terms);
        hit.matched.push(Object.keys(r.match));
      }
      return hit;
    });
  // Scratch space reused by every query (the search is synchronous): per internal document id, the
  // query that last touched it and its place in that query's lists.
  let touched: Uint32Array = new Uint32Array(1024);
  let place: Int32Array = new Int32Array(1024);
  let epoch = 0;
  // External document id by internal id (the index does not change once built).
  const external: number[] = [];
  for (const [internal, id] of ids) external[internal] = id as number;
  const unsorted = (query: string[]): Hits => {
    // As MiniSearch's query tokenizer: split on spaces, empty terms dropped.
    const terms = query.flatMap((t) => t.split(' ')).filter(Boolean);
    if (++epoch === 0xffffffff) {
      touched.fill(0);
      epoch = 1;
    }
    // MiniSearch's OR: the first term's documents, then each next term's added to them in order.
    // A document's lists are the term reading's own until a second term matches it (most match one).
    const docs: number[] = [];
    const scores: number[] = [];
    const queryTerms: (readonly string[])[] = [];
    const matched: (readonly string[])[] = [];
    const own: boolean[] = [];
    terms.forEach((term, i) => {
      const reading = termReading(term, i, terms);
      for (let k = 0; k < reading.docIds.length; k++) {
        const docId = reading.docIds[k];
        if (docId >= touched.length) [touched, place] = grown(touched, place, docId);
        if (touched[docId] !== epoch) {
          touched[docId] = epoch;
          place[docId] = docs.length;
          docs.push(docId);
          scores.push(reading.scores[k]);
          queryTerms.push(reading.queryTerms[k]);
          matched.push(reading.matched[k]);
          own.push(false);
          continue;
        }
        const j = place[docId];
        if (!own[j]) {
          queryTerms[j] = [...queryTerms[j]];
          matched[j] = [...matched[j]];
          own[j] = true;
        }
        scores[j] = scores[j] + reading.scores[k];
        const m = matched[j] as string[];
        for (const x of reading.matched[k]) if (!m.includes(x)) m.push(x);
        const q = queryTerms[j] as string[];
        for (const t of reading.queryTerms[k]) if (!q.includes(t)) q.push(t);
      }
    });
    const out: Hits = { length: docs.length, ids: new Array(docs.length), scores, terms: matched, queryTerms };
    for (let j = 0; j < docs.length; j++) {
      out.ids[j] = external[docs[j]];
      scores[j] = scores[j] * (queryTerms[j].length || 1);
      // A merged document's terms in MiniSearch's order: the keys of an object (number-like first).
      if (own[j]) matched[j] = inKeyOrder(matched[j]);
    }
    return out;
  };
  // Array.prototype.sort is stable: ties keep MiniSearch's order.
  const sorted = (query: string[]): Hit[] => rows(unsorted(query)).sort((a, b) => b.score - a.score);
  return Object.assign(sorted, { unsorted });
}
