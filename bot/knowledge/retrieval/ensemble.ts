import { SectionId } from '../terms';
import { Scored, confidenceOf } from './scoring';
import { OFF_TOPIC_ID } from './searchIndex';

/**
 * The ensemble of the three readers of a question: the search (BM25 over the terms' texts, with
 * its hand-set weights), the section classifier (logistic regression over word and character
 * n-grams, learnt from the labelled questions) and the nearest labelled texts by their character
 * n-grams (neighbours.ts). The two learnt readers are first blended into one share per label
 * (learntShares); each section's score is then a weighted sum of its search score (relative to
 * the best) and that share; its confidence the same blend of the search's confidence and that
 * share. Weights set by leave-one-set-out cross-validation (bench/crossValidate.ts,
 * test/questions/README.md).
 */

/**
 * Weight of the learnt share beside the search (the search gets the rest). Cross-validation
 * (leave one set out), search + classifier at 0.3: en 97.5%, tr 97.5% (top 2 99.0% / 99.0%);
 * with the neighbours (4–5-grams) blended in at 0.4 / 0.4: en 97.6%, tr 97.8% (top 2 99.4% / 99.3%).
 */
export const CLASSIFIER_WEIGHT = 0.4;
/** The neighbours' share of the learnt share (the classifier gets the rest). */
export const NEIGHBOUR_WEIGHT = 0.4;
/**
 * The off-topic decision, apart from the section choice: when "not about billing or support" is
 * the classifier's likeliest label, with more than this probability, no section is answered,
 * however well a section's words match ("amazon charged me twice", "otopark cezası").
 */
export const OFF_TOPIC_SHARE = 0.6;

export interface Ensemble {
  weight: number;
  neighbourWeight: number;
  offTopicShare: number;
}

/** Each label's learnt share: the classifier's probability and the neighbours' vote, blended. */
export function learntShares(classifier: Map<string, number>, neighbours: Map<string, number>, e: Ensemble): Map<string, number> {
  if (e.neighbourWeight <= 0 || neighbours.size === 0) return classifier;
  const out = new Map<string, number>();
  for (const id of new Set([...classifier.keys(), ...neighbours.keys()]))
    out.set(id, (1 - e.neighbourWeight) * (classifier.get(id) ?? 0) + e.neighbourWeight * (neighbours.get(id) ?? 0));
  return out;
}

/** A section the question may be about, with how sure the ensemble is of it. */
export interface Candidate {
  section: SectionId;
  /** Ranking score: the blend of relative search score and the learnt share. */
  score: number;
  /** 0..1: the blend of the search's confidence and the learnt share. */
  confidence: number;
}

/**
 * Sections ranked by the blend of both readers, best first, with small talk as one more
 * candidate. Returns the ranking (OFF_TOPIC_ID included, so callers see when it wins) and the
 * learnt off-topic share.
 */
export function combine(
  ranked: Scored[],
  shares: Map<string, number>,
  e: Ensemble,
): { candidates: (Omit<Candidate, 'section'> & { section: Candidate['section'] | typeof OFF_TOPIC_ID })[]; offTopic: number } {
  const top = ranked[0]?.score ?? 0;
  const bySection = new Map(ranked.map((s) => [s.section, s]));
  const ids = new Set<string>([...bySection.keys(), ...shares.keys()]);
  const offScored = bySection.get(OFF_TOPIC_ID);
  const out = [...ids].map((id) => {
    const section = id as Scored['section'];
    const s = bySection.get(section);
    const p = shares.get(id) ?? 0;
    const search = s && top > 0 ? s.score / top : 0;
    // The search's confidence in this section, with the best other candidate as its rival.
    const rival = ranked.find((r) => r.section !== section);
    const searchConfidence = s && section !== OFF_TOPIC_ID ? confidenceOf(s, rival, offScored) : 0;
    return {
      section,
      score: (1 - e.weight) * search + e.weight * p,
      confidence: Math.max(0, Math.min(1, (1 - e.weight) * searchConfidence + e.weight * p)),
    };
  });
  out.sort((x, y) => y.score - x.score || (x.section < y.section ? -1 : 1));
  return { candidates: out, offTopic: shares.get(OFF_TOPIC_ID) ?? 0 };
}

/**
 * When the best two sections are this close (in ranking score), the customer is asked which one
 * they mean rather than given the first. Set by cross-validation (bench/crossValidate.ts prints
 * the trade-off): at 0.1 a third of the wrong first answers become a choice with the right one,
 * and about 2% of answered questions are asked about. 0.2 rescues half, but asks about plain
 * questions too ("how can I pay my invoice": payment methods or terms?).
 */
export const CLOSE_CALL_MARGIN = 0.1;

/** Whether the best two candidates are close enough to ask "did you mean" (both sure enough to show). */
export function isCloseCall(two: readonly Candidate[], threshold: number, margin = CLOSE_CALL_MARGIN): boolean {
  const [first, second] = two;
  return !!first && !!second && first.confidence >= threshold && first.score - second.score < margin;
}
