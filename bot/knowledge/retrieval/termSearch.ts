import MiniSearch, { SearchOptions } from 'minisearch';
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

/** A document's matches so far while a query's terms are combined. */
interface Combined {
  score: number;
  queryTerms: string[];
  matched: string[];
  /** Whether the lists are this query's copies (else they are a term reading's, not to be changed). */
  own: boolean;
}

/** Terms kept per index; past this the readings are dropped and gathered again. */
const MAX_TERMS = 20_000;

export interface TermSearch {
  (terms: string[]): Hit[];
}

/** A search over `search` with these options (fuzzy and prefix as functions of the term only). */
export function termSearch(search: MiniSearch<Doc>, options: SearchOptions): TermSearch {
  const internals = search as unknown as Internals;
  const ids = internals._documentIds;
  const read = internals.executeQuerySpec?.bind(search);
  if (!read || !(ids instanceof Map)) {
    // Another MiniSearch than the one this was written for: its own search, uncached.
    return (terms) => search.search(terms.join(' '), options) as unknown as Hit[];
  }
  const fuzzyOf = options.fuzzy;
  const prefixOf = options.prefix;
  const cache = new Map<string, TermReading>();
  const termReading = (term: string, i: number, all: string[]): TermReading => {
    let hit = cache.get(term);
    if (hit) return hit;
    const spec: QuerySpec = {
      term,
      fuzzy: typeof fuzzyOf === 'function' ? fuzzyOf(term, i, all) : (fuzzyOf ?? false),
      prefix: typeof prefixOf === 'function' ? prefixOf(term, i, all) : prefixOf === true,
      termBoost: 1,
    };
    hit = { docIds: [], scores: [], queryTerms: [], matched: [] };
    for (const [docId, r] of read(spec, options)) {
      hit.docIds.push(docId);
      hit.scores.push(r.score);
      hit.queryTerms.push(r.terms);
      hit.matched.push(Object.keys(r.match));
    }
    if (cache.size >= MAX_TERMS) cache.clear();
    cache.set(term, hit);
    return hit;
  };
  return (query) => {
    // As MiniSearch's query tokenizer: split on spaces, empty terms dropped.
    const terms = query.flatMap((t) => t.split(' ')).filter(Boolean);
    // MiniSearch's OR: the first term's documents, then each next term's added to them in order.
    // A document's lists are the term reading's own until a second term matches it (most match one).
    const combined = new Map<number, Combined>();
    terms.forEach((term, i) => {
      const reading = termReading(term, i, terms);
      for (let k = 0; k < reading.docIds.length; k++) {
        const docId = reading.docIds[k];
        const existing = combined.get(docId);
        if (!existing) {
          combined.set(docId, { score: reading.scores[k], queryTerms: reading.queryTerms[k], matched: reading.matched[k], own: false });
          continue;
        }
        if (!existing.own) {
          existing.queryTerms = [...existing.queryTerms];
          existing.matched = [...existing.matched];
          existing.own = true;
        }
        existing.score = existing.score + reading.scores[k];
        for (const m of reading.matched[k]) if (!existing.matched.includes(m)) existing.matched.push(m);
        for (const t of reading.queryTerms[k]) if (!existing.queryTerms.includes(t)) existing.queryTerms.push(t);
      }
    });
    const out: Hit[] = [];
    for (const [docId, { score, queryTerms, matched, own }] of combined) {
      // A merged document's terms in MiniSearch's order: the keys of an object (number-like first).
      const terms = own ? Object.keys(Object.fromEntries(matched.map((m) => [m, true]))) : matched;
      out.push({ id: ids.get(docId) as number, score: score * (queryTerms.length || 1), terms, queryTerms });
    }
    // Array.prototype.sort is stable: ties keep MiniSearch's order.
    return out.sort((a, b) => b.score - a.score);
  };
}
