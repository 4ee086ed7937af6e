import { readFileSync, readdirSync } from 'node:fs';
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

/**
 * Reads labeled question sets from test/questions: by default the development sets
 * (<lang>.json); pass a prefix such as "holdout-" for the held-out ones.
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

/**
 * Retrieval speed over the development question set, after a warm-up round: questions per
 * second and per-question latency percentiles, and the start-up time (indexes and the section
 * classifier built from the terms).
 */
export async function benchRetrieval(
  options: { rounds?: number } = {},
): Promise<{ questionsPerSecond: number; p50Ms: number; p99Ms: number; startupMs: number }> {
  const rounds = options.rounds ?? 5;
  const terms = loadTerms();
  const t = performance.now();
  const retriever = createRetriever(terms);
  const startupMs = performance.now() - t;
  const questions = loadQuestions();
  for (const x of questions) retriever.ask(x.q, x.lang);
  const times: number[] = [];
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const x of questions) {
      const t0 = performance.now();
      retriever.ask(x.q, x.lang);
      times.push(performance.now() - t0);
    }
    // Let other work run between rounds, as the bot would between messages.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const elapsed = performance.now() - start;
  times.sort((a, b) => a - b);
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    questionsPerSecond: Math.round((times.length / elapsed) * 1000),
    p50Ms: round3(percentile(times, 50)),
    p99Ms: round3(percentile(times, 99)),
    startupMs: Math.round(startupMs),
  };
}
