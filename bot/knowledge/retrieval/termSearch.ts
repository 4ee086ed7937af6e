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
  /** The index terms each document matched (the keys of MiniSearch's `match`). */
  matched: string[][];
  /** 1 where the document has the term itself (not only a typo or prefix of it). */
  exact: Uint8Array;
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

/**
 * Hits as columns (no object per document): hit `i` is `ids[i]`, `scores[i]`. The query terms that
 * matched it are a chain of pairs from `first[i]` through `next` (-1 ends it): pair `p` is the
 * query term `queryTerms[term[p]]`, and `exact[p]` is 1 when the document has that term itself,
 * not only a typo or prefix of it. The index terms a hit matched are gathered on demand
 * (`matchedTerms(i)`): most callers never need them. The columns are the search's own, reused by
 * its next query: read them before searching again.
 */
export interface Hits {
  length: number;
  ids: ArrayLike<number>;
  scores: ArrayLike<number>;
  /** The query's distinct terms, in order. */
  queryTerms: readonly string[];
  first: ArrayLike<number>;
  next: ArrayLike<number>;
  term: ArrayLike<number>;
  exact: ArrayLike<number>;
  /** The index terms hit `i` matched, in MiniSearch's order. */
  matchedTerms(i: number): readonly string[];
}

function hitsOf(hits: Hit[]): Hits {
  const queryTerms = [...new Set(hits.flatMap((h) => h.queryTerms))];
  const [first, next, term, exact]: number[][] = [[], [], [], []];
  hits.forEach((h) => {
    first.push(h.queryTerms.length > 0 ? next.length : -1);
    h.queryTerms.forEach((q, k) => {
      term.push(queryTerms.indexOf(q));
      exact.push(h.terms.includes(q) ? 1 : 0);
      next.push(k + 1 < h.queryTerms.length ? next.length + 1 : -1);
    });
  });
  return {
    length: hits.length,
    ids: hits.map((h) => h.id),
    scores: hits.map((h) => h.score),
    queryTerms,
    first,
    next,
    term,
    exact,
    matchedTerms: (i) => hits[i].terms,
  };
}

function rows(h: Hits): Hit[] {
  const out: Hit[] = new Array(h.length);
  for (let i = 0; i < h.length; i++) {
    const queryTerms: string[] = [];
    for (let p = h.first[i]; p !== -1; p = h.next[p]) queryTerms.push(h.queryTerms[h.term[p]]);
    out[i] = { id: h.ids[i], score: h.scores[i], terms: h.matchedTerms(i), queryTerms };
  }
  return out;
}

/** Hit and pair columns of one query, kept between queries and grown when a query needs more. */
interface Scratch {
  docs: Int32Array;
  ids: Int32Array;
  scores: Float64Array;
  first: Int32Array;
  last: Int32Array;
  count: Int32Array;
  pairTerm: Int32Array;
  pairAt: Int32Array;
  pairExact: Uint8Array;
  next: Int32Array;
}

function scratch(documents: number): Scratch {
  const n = Math.max(1, documents);
  return {
    docs: new Int32Array(n),
    ids: new Int32Array(n),
    scores: new Float64Array(n),
    first: new Int32Array(n),
    last: new Int32Array(n),
    count: new Int32Array(n),
    pairTerm: new Int32Array(4 * n),
    pairAt: new Int32Array(4 * n),
    pairExact: new Uint8Array(4 * n),
    next: new Int32Array(4 * n),
  };
}

function growPairs(s: Scratch, needed: number): void {
  const size = Math.max(needed, 2 * s.pairTerm.length);
  const bigger = <A extends Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
    const b = make(size);
    b.set(a);
    return b;
  };
  s.pairTerm = bigger(s.pairTerm, (n) => new Int32Array(n));
  s.pairAt = bigger(s.pairAt, (n) => new Int32Array(n));
  s.pairExact = bigger(s.pairExact, (n) => new Uint8Array(n));
  s.next = bigger(s.next, (n) => new Int32Array(n));
}

/** A search over `search` with these options (fuzzy and prefix as functions of the term only). */
export function termSearch(search: MiniSearch<Doc>, options: SearchOptions): TermSearch {
  const internals = search as unknown as Internals;
  const ids = internals._documentIds;
  const read = internals.executeQuerySpec?.bind(search);
  if (!read || !(ids instanceof Map)) {
    // Another MiniSearch than the one this was written for: its own search, uncached.
    const own = (terms: string[]) => search.search(terms.join(' '), options) as unknown as Hit[];
    return Object.assign(own, { unsorted: (terms: string[]) => hitsOf(own(terms)) });
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
      const raw = read(spec, options);
      const hit: TermReading = { docIds: [], scores: [], matched: [], exact: new Uint8Array(raw.size) };
      for (const [docId, r] of raw) {
        const matched = Object.keys(r.match);
        hit.exact[hit.docIds.length] = matched.includes(term) ? 1 : 0;
        hit.docIds.push(docId);
        hit.scores.push(r.score);
        hit.matched.push(matched);
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
  // Per hit and per (hit, query term) pair, reused by every query: a query's hits are read before
  // the next query (the search is synchronous, and its callers use the hits at once).
  const s = scratch(ids.size);
  const unsorted = (query: string[]): Hits => {
    // As MiniSearch's query tokenizer: split on spaces, empty terms dropped.
    const terms = query.flatMap((t) => t.split(' ')).filter(Boolean);
    if (++epoch === 0xffffffff) {
      touched.fill(0);
      epoch = 1;
    }
    // MiniSearch's OR: the first term's documents, then each next term's added to them in order
    // (scores summed in that order; a term given twice counts twice but is listed once).
    const distinct: string[] = [];
    const readingOf: TermReading[] = [];
    let hits = 0;
    let pairs = 0;
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i];
      const reading = termReading(term, i, terms);
      let t = distinct.indexOf(term);
      const repeated = t !== -1;
      if (!repeated) {
        t = distinct.push(term) - 1;
        readingOf.push(reading);
      }
      if (pairs + reading.docIds.length > s.pairTerm.length) growPairs(s, pairs + reading.docIds.length);
      const { docs, scores, first, last, count, pairTerm, pairAt, pairExact, next } = s;
      for (let k = 0; k < reading.docIds.length; k++) {
        const docId = reading.docIds[k];
        if (docId >= touched.length) [touched, place] = grown(touched, place, docId);
        let j: number;
        if (touched[docId] !== epoch) {
          touched[docId] = epoch;
          j = place[docId] = hits++;
          docs[j] = docId;
          scores[j] = reading.scores[k];
          first[j] = -1;
          last[j] = -1;
          count[j] = 0;
        } else {
          j = place[docId];
          scores[j] = scores[j] + reading.scores[k];
          if (repeated) continue;
        }
        const p = pairs++;
        next[p] = -1;
        pairTerm[p] = t;
        pairAt[p] = k;
        pairExact[p] = reading.exact[k];
        if (last[j] === -1) first[j] = p;
        else next[last[j]] = p;
        last[j] = p;
        count[j]++;
      }
    }
    const { docs, scores, first, count, pairTerm, pairAt, next, ids: outIds } = s;
    for (let j = 0; j < hits; j++) {
      outIds[j] = external[docs[j]];
      scores[j] = scores[j] * (count[j] || 1);
    }
    return {
      length: hits,
      ids: outIds,
      scores,
      queryTerms: distinct,
      first,
      next,
      term: pairTerm,
      exact: s.pairExact,
      matchedTerms: (j) => {
        const p0 = first[j];
        const own = readingOf[pairTerm[p0]].matched[pairAt[p0]];
        if (next[p0] === -1) return own;
        // A document several terms matched: their index terms in MiniSearch's order (the keys of
        // an object, number-like first).
        const m = [...own];
        for (let p = next[p0]; p !== -1; p = next[p]) {
          for (const x of readingOf[pairTerm[p]].matched[pairAt[p]]) if (!m.includes(x)) m.push(x);
        }
        return inKeyOrder(m);
      },
    };
  };
  // Array.prototype.sort is stable: ties keep MiniSearch's order.
  const sorted = (query: string[]): Hit[] => rows(unsorted(query)).sort((a, b) => b.score - a.score);
  return Object.assign(sorted, { unsorted });
}
