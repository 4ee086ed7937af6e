import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Language, SUPPORTED_LANGUAGES } from '../bot/platform/config';
import { repoRoot } from '../bot/platform/i18n';
import { Retriever, createRetriever } from '../bot/knowledge/retrieval';
import { isSectionId, loadTerms } from '../bot/knowledge/terms';

/** A question with the section it should get (null: off-topic, no terms answer). */
export interface LabeledQuestion {
  lang: Language;
  q: string;
  section: string | null;
}

/** What a question set's score may be taken for (test/questions/README.md). */
export type SetStatus = 'held-out' | 'training' | 'dev';
export const SET_STATUSES: readonly SetStatus[] = ['held-out', 'training', 'dev'];

/** One file of test/questions: a language's labelled questions and its status. */
export interface QuestionSet {
  /** "dev" for <lang>.json, else the file name without "-<lang>.json" (holdout9, set12). */
  name: string;
  file: string;
  lang: Language;
  status: SetStatus;
  note?: string;
  questions: LabeledQuestion[];
}

/** Every question set in test/questions, by file name; a file without a known status is an error. */
export function questionSets(dir = path.join(repoRoot(), 'test', 'questions')): QuestionSet[] {
  const out: QuestionSet[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      language: Language;
      status?: string;
      note?: string;
      questions: { q: string; section: string | null }[];
    };
    const lang = data.language;
    if (!SUPPORTED_LANGUAGES.includes(lang)) throw new Error(`${file}: unknown language "${String(lang)}"`);
    if (!SET_STATUSES.includes(data.status as SetStatus)) throw new Error(`${file}: status must be one of ${SET_STATUSES.join(', ')}`);
    for (const { q, section } of data.questions) {
      if (section !== null && !isSectionId(section)) throw new Error(`${file}: unknown section "${section}" for "${q}"`);
    }
    const base = file.replace(/\.json$/, '');
    out.push({
      name: base === lang ? 'dev' : base.replace(new RegExp(`-${lang}$`), ''),
      file,
      lang,
      status: data.status as SetStatus,
      ...(data.note ? { note: data.note } : {}),
      questions: data.questions.map(({ q, section }) => ({ lang, q, section })),
    });
  }
  return out;
}

/**
 * Reads labeled question sets from test/questions: by default the development sets
 * (<lang>.json); pass a prefix such as "holdout9-" for another.
 */
export function loadQuestions(prefix = '', dir = path.join(repoRoot(), 'test', 'questions')): LabeledQuestion[] {
  const out: LabeledQuestion[] = [];
  for (const lang of SUPPORTED_LANGUAGES) {
    const file = `${prefix}${lang}.json`;
    if (!readdirSync(dir).includes(file)) continue;
    const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { questions: { q: string; section: string | null }[] };
    for (const { q, section } of data.questions) {
      if (section !== null && !isSectionId(section)) throw new Error(`${file}: unknown section "${section}" for "${q}"`);
      out.push({ lang, q, section });
    }
  }
  return out;
}

export interface Miss {
  q: string;
  expected: string | null;
  got: string | null;
  confidence: number;
}

export interface Accuracy {
  lang: Language;
  total: number;
  correct: number;
  accuracy: number;
  misses: Miss[];
}

/** Share of questions that get the expected section (or null), per language. */
export function evaluate(retriever: Retriever, questions: LabeledQuestion[]): Accuracy[] {
  return SUPPORTED_LANGUAGES.map((lang) => {
    const mine = questions.filter((x) => x.lang === lang);
    const misses: Miss[] = [];
    for (const x of mine) {
      const r = retriever.ask(x.q, lang);
      if (r.section !== x.section) misses.push({ q: x.q, expected: x.section, got: r.section, confidence: r.confidence });
    }
    const correct = mine.length - misses.length;
    return { lang, total: mine.length, correct, accuracy: mine.length ? correct / mine.length : 1, misses };
  });
}

/** Share of billing questions (section not null) whose section is among the retriever's best `n`. */
export function topN(retriever: Retriever, questions: LabeledQuestion[], n = 2): { total: number; found: number; share: number } {
  const billing = questions.filter((x) => x.section !== null);
  const found = billing.filter((x) => retriever.candidates(x.q, x.lang, n).some((c) => c.section === x.section)).length;
  return { total: billing.length, found, share: billing.length ? found / billing.length : 1 };
}

/** Human-readable accuracy report: one line per language, then each miss. */
export function formatAccuracy(title: string, results: Accuracy[]): string {
  const lines = [title];
  for (const r of results) {
    lines.push(`  ${r.lang}: ${(r.accuracy * 100).toFixed(1)}% (${r.correct}/${r.total})`);
    for (const m of r.misses) lines.push(`    miss: "${m.q}" expected ${m.expected} got ${m.got} (${m.confidence})`);
  }
  return lines.join('\n');
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** What benchRetrieval measures. */
export interface RetrievalBench {
  questionsPerSecond: number;
  /** Per question, after a first pass over the questions (the steady state of a running bot). */
  p50Ms: number;
  p99Ms: number;
  /** Per question on that first pass: each word read against the index for the first time. */
  firstPassP50Ms: number;
  /** Both languages' indexes built and classifiers trained from the terms (and written to the cache). */
  startupMs: number;
  /** Both languages' indexes read from the cache (what a start costs when the terms have not changed). */
  cacheLoadMs: number;
}

/**
 * Retrieval speed over the development question set: the indexes built from the terms and kept
 * in a temporary cache folder, then read back by a second retriever, which answers the questions
 * (the answer and the best two, as a customer's turn reads them) once as a first pass, then
 * `rounds` more times for the per-question percentiles.
 */
export async function benchRetrieval(options: { rounds?: number } = {}): Promise<RetrievalBench> {
  const rounds = options.rounds ?? 5;
  const terms = loadTerms();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bhd-bench-retriever-'));
  try {
    const t = performance.now();
    createRetriever(terms, { cache: { dir } }).warm();
    const startupMs = performance.now() - t;
    const t1 = performance.now();
    const retriever = createRetriever(terms, { cache: { dir } });
    retriever.warm();
    const cacheLoadMs = performance.now() - t1;
    const questions = loadQuestions();
    const first: number[] = [];
    for (const x of questions) {
      const t0 = performance.now();
      retriever.decide(x.q, x.lang, 2);
      first.push(performance.now() - t0);
    }
    const times: number[] = [];
    const start = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (const x of questions) {
        const t0 = performance.now();
        retriever.decide(x.q, x.lang, 2);
        times.push(performance.now() - t0);
      }
      // Let other work run between rounds, as the bot would between messages.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const elapsed = performance.now() - start;
    times.sort((a, b) => a - b);
    first.sort((a, b) => a - b);
    const round3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      questionsPerSecond: Math.round((times.length / elapsed) * 1000),
      p50Ms: round3(percentile(times, 50)),
      p99Ms: round3(percentile(times, 99)),
      firstPassP50Ms: round3(percentile(first, 50)),
      startupMs: Math.round(startupMs),
      cacheLoadMs: Math.round(cacheLoadMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's one line about retrieval. */
export function formatRetrievalBench(r: RetrievalBench): string {
  return (
    `retrieval: ${r.questionsPerSecond.toFixed(0)} questions/s, p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms ` +
    `(first pass p50 ${r.firstPassP50Ms.toFixed(3)} ms); indexes built in ${r.startupMs} ms, read from the cache in ${r.cacheLoadMs} ms`
  );
}
