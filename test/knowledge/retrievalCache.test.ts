import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { questionSets } from '../../bench/retrieval';
import { CacheEvent, Retriever, createRetriever } from '../../bot/knowledge/retrieval';
import { cacheFile, cacheKey, loadIndex } from '../../bot/knowledge/retrieval/cache';
import { questionSearchOptions } from '../../bot/knowledge/retrieval/scoring';
import { termSearch } from '../../bot/knowledge/retrieval/termSearch';
import { loadTerms } from '../../bot/knowledge/terms';
import { SUPPORTED_LANGUAGES } from '../../bot/platform/config';
import { repoRoot } from '../../bot/platform/paths';

/**
 * The retriever's indexes kept on disk (bot/knowledge/retrieval/cache.ts): a retriever that loads
 * them answers exactly as one that built them, and a file that does not match the terms, or is
 * damaged, is never used.
 */

const terms = loadTerms();
const sets = questionSets();
const dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-retriever-cache-'));
const events: CacheEvent[] = [];
const withCache = (t = terms) => createRetriever(t, { cache: { dir, onEvent: (e) => events.push(e) } });
const outcomes = () => events.splice(0).map((e) => `${e.lang} ${e.outcome}`);

/**
 * Everything a customer's turn and `npm run ask --explain` read, for every question of every set,
 * one JSON line per question (JSON keeps every bit of a number).
 */
function answers(r: Retriever): string[] {
  return sets.flatMap((s) =>
    s.questions.map((x) => JSON.stringify({ q: x.q, decided: r.decide(x.q, x.lang, 3), explained: r.explain(x.q, x.lang) })),
  );
}

/** The lines of `a` that differ from `b` (at most 5), with what `b` had. */
function differences(a: string[], b: string[]): string[][] {
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]])).slice(0, 5);
}

// Built from the terms (and written to the empty folder), then read back by another retriever.
const built = withCache();
built.warm();
const builtEvents = outcomes();
const loaded = withCache();
loaded.warm();
const loadedEvents = outcomes();

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the retriever cache', () => {
  it('builds and writes each language once, then loads it', () => {
    expect(builtEvents).toEqual(SUPPORTED_LANGUAGES.map((l) => `${l} built`));
    expect(loadedEvents).toEqual(SUPPORTED_LANGUAGES.map((l) => `${l} loaded`));
    // Written to a temporary name and renamed: nothing but the finished files is left.
    expect(readdirSync(dir).sort()).toEqual(
      SUPPORTED_LANGUAGES.map((l) => path.basename(cacheFile(dir, l, cacheKey(terms, l, true)))).sort(),
    );
  });

  it('answers every question of every set exactly as the freshly built retriever', () => {
    const [mine, theirs] = [answers(loaded), answers(built)];
    expect(mine.length).toBe(sets.reduce((n, s) => n + s.questions.length, 0));
    expect(differences(mine, theirs)).toEqual([]);
  });

  // On the development sets (every set would take minutes on a loaded machine: MiniSearch's own
  // search reads every term afresh); the answers above cover every set.
  it("reads a question's terms one by one with the same results as MiniSearch's own search (development sets)", () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      const index = loadIndex(dir, lang, cacheKey(terms, lang, true), terms, true);
      if ('missing' in index) throw new Error(index.reason);
      const options = questionSearchOptions(index);
      const mine = termSearch(index.search, options);
      const questions = sets.filter((s) => s.status === 'dev' && s.lang === lang).flatMap((s) => s.questions);
      expect(questions.length).toBeGreaterThan(100);
      const [a, b] = [[], []] as [string[], string[]];
      for (const x of questions) {
        const query = [...new Set(index.analyzer.terms(x.q))];
        a.push(JSON.stringify(mine(query)));
        b.push(
          JSON.stringify(
            index.search
              .search(query.join(' '), options)
              .map((r) => ({ id: r.id as number, score: r.score, terms: r.terms, queryTerms: r.queryTerms })),
          ),
        );
      }
      expect(differences(a, b)).toEqual([]);
    }
  });

  it('is not used after a terms file changes: that language is built again under a new key', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'bhd-terms-'));
    try {
      cpSync(path.join(repoRoot(), 'terms'), copy, { recursive: true });
      const file = path.join(copy, 'questions.en.json');
      const data = JSON.parse(readFileSync(file, 'utf8')) as { questions: { q: string; section: string | null }[] };
      data.questions.push({ q: 'can we pay the licences by wire transfer from abroad', section: data.questions[0].section });
      writeFileSync(file, JSON.stringify(data));
      const changed = loadTerms(copy);
      expect(cacheKey(changed, 'en', true)).not.toBe(cacheKey(terms, 'en', true));
      expect(cacheKey(changed, 'tr', true)).toBe(cacheKey(terms, 'tr', true));
      const r = withCache(changed);
      r.warm();
      expect(outcomes()).toEqual(['en built', 'tr loaded']);
      expect(r.explain('can we pay the licences by wire transfer from abroad', 'en').ranked.length).toBeGreaterThan(0);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('rebuilds a damaged or cut-short file instead of reading it, and writes it again', () => {
    const file = cacheFile(dir, 'en', cacheKey(terms, 'en', true));
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)] ^= 0x01;
    writeFileSync(file, flipped);
    const r1 = withCache();
    const sample = sets.filter((s) => s.lang === 'en' && s.status === 'dev').flatMap((s) => s.questions.map((x) => x.q));
    const first = sample.map((q) => r1.decide(q, 'en', 3));
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([['rebuilt', 'checksum does not match']]);
    outcomes();
    expect(first).toEqual(sample.map((q) => built.decide(q, 'en', 3)));
    withCache().explain('how do i pay', 'en');
    expect(outcomes()).toEqual(['en loaded']);

    writeFileSync(file, good.subarray(0, good.length - 100));
    withCache().explain('how do i pay', 'en');
    expect(outcomes()).toEqual(['en rebuilt']);
    withCache().explain('how do i pay', 'en');
    expect(outcomes()).toEqual(['en loaded']);
  });
});
