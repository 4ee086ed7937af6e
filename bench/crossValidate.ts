/**
 * Leave-one-set-out cross-validation of the retriever on the training and dev question sets of
 * test/questions (never the held-out ones): for each set, the retriever is built from the terms
 * with that set's questions taken out of terms/questions.<lang>.json, then scored on it. This is
 * how the model and its weights were chosen (test/questions/README.md).
 *
 *   npm run build && node dist/bench/crossValidate.js [--weight 0.3] [--off 0.6] [--threshold 0.25] [--search-only] [--keyword-gate]
 */
import { Language, SUPPORTED_LANGUAGES } from '../bot/platform/config';
import { AskedQuestion, Terms, loadTerms } from '../bot/knowledge/terms';
import { RetrieverOptions, createRetriever, isCloseCall } from '../bot/knowledge/retrieval';
import { questionSets } from './retrieval';

const key = (q: string) => q.trim().toLocaleLowerCase();

/** The terms with a language's labelled questions replaced. */
export function withQuestions(terms: Terms, lang: Language, questions: AskedQuestion[]): Terms {
  return { ...terms, documents: { ...terms.documents, [lang]: { ...terms.documents[lang], questions } } };
}

export interface FoldScore {
  lang: Language;
  set: string;
  total: number;
  correct: number;
  /** Billing questions whose section is among the best two. */
  top2: number;
  billing: number;
  /** Questions that would get "did you mean", and how many of those had the right section among the two. */
  closeCalls: number;
  closeCallsRight: number;
  /** For each answered question: the score gap between the best two, and whether the first was right, the second right. */
  gaps: { gap: number; firstRight: boolean; secondRight: boolean }[];
}

export function crossValidate(options: RetrieverOptions = {}, terms = loadTerms()): FoldScore[] {
  const sets = questionSets().filter((s) => s.status !== 'held-out');
  const out: FoldScore[] = [];
  for (const lang of SUPPORTED_LANGUAGES) {
    for (const fold of sets.filter((s) => s.lang === lang)) {
      const left = new Set(fold.questions.map((q) => key(q.q)));
      const train = terms.documents[lang].questions.filter((q) => !left.has(key(q.q)));
      const retriever = createRetriever(withQuestions(terms, lang, train), options);
      const score: FoldScore = {
        lang,
        set: fold.name,
        total: 0,
        correct: 0,
        top2: 0,
        billing: 0,
        closeCalls: 0,
        closeCallsRight: 0,
        gaps: [],
      };
      for (const x of fold.questions) {
        const r = retriever.ask(x.q, lang);
        const two = retriever.candidates(x.q, lang, 2);
        score.total++;
        if (r.section === x.section) score.correct++;
        if (x.section !== null) {
          score.billing++;
          if (two.some((c) => c.section === x.section)) score.top2++;
        }
        if (r.section !== null && two.length === 2)
          score.gaps.push({
            gap: two[0].score - two[1].score,
            firstRight: two[0].section === x.section,
            secondRight: two[1].section === x.section,
          });
        if (r.section !== null && isCloseCall(two, retriever.threshold)) {
          score.closeCalls++;
          if (two.some((c) => c.section === x.section)) score.closeCallsRight++;
        }
      }
      out.push(score);
    }
  }
  return out;
}

const pct = (a: number, b: number) => `${b ? ((100 * a) / b).toFixed(1) : '-'}%`;

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const options: RetrieverOptions = {
    ...(arg('--weight') !== undefined ? { classifierWeight: arg('--weight') } : {}),
    ...(arg('--off') !== undefined ? { offTopicShare: arg('--off') } : {}),
    ...(arg('--threshold') !== undefined ? { threshold: arg('--threshold') } : {}),
    ...(process.argv.includes('--search-only') ? { classifierWeight: 0, offTopicShare: 1 } : {}),
    ...(process.argv.includes('--keyword-gate') ? { keywordGateOverride: Infinity } : {}),
  };
  const scores = crossValidate(options);
  for (const s of scores)
    console.log(
      `${s.lang} ${s.set}: ${pct(s.correct, s.total)} (${s.correct}/${s.total}); top 2 ${pct(s.top2, s.billing)}; did-you-mean ${s.closeCalls} (${s.closeCallsRight} with the right one)`,
    );
  for (const lang of SUPPORTED_LANGUAGES) {
    const gaps = scores.filter((s) => s.lang === lang).flatMap((s) => s.gaps);
    for (const margin of [0.05, 0.1, 0.15, 0.2, 0.3]) {
      const asked = gaps.filter((g) => g.gap < margin);
      const wrong = gaps.filter((g) => !g.firstRight);
      console.log(
        `${lang} margin ${margin}: did-you-mean on ${pct(asked.length, gaps.length)} of answered questions; wrong first answers turned into a choice with the right one: ${asked.filter((g) => g.secondRight).length}/${wrong.length}`,
      );
    }
  }
  for (const lang of SUPPORTED_LANGUAGES) {
    const mine = scores.filter((s) => s.lang === lang);
    const sum = (f: (s: FoldScore) => number) => mine.reduce((x, s) => x + f(s), 0);
    console.log(
      `${lang} all: ${pct(
        sum((s) => s.correct),
        sum((s) => s.total),
      )}; top 2 ${pct(
        sum((s) => s.top2),
        sum((s) => s.billing),
      )}; did-you-mean ${pct(
        sum((s) => s.closeCalls),
        sum((s) => s.total),
      )} of questions`,
    );
  }
}
