import { OFF_TOPIC_ID } from './searchIndex';

/**
 * The section classifier beside the search: search finds the candidates, the classifier tells
 * close neighbours apart.
 */

/** Weight of the classifier's share beside the search score when ranking close candidates. */
export const CLASSIFIER_WEIGHT = 0.2;
/** Sections whose search score is within this share of the best one compete on the classifier too. */
export const CLASSIFIER_BAND = 0.3;

export interface Ensemble {
  weight: number;
  band: number;
}

/**
 * Re-ranks the leading sections whose search scores are close (within `band` of the best) by
 * their search score plus the classifier's share: search finds the candidates, the classifier
 * tells close neighbours apart. Small talk is never re-ranked, so the off-topic gate is the
 * search's alone.
 */
export function rerank<S extends { section: string; score: number }>(ranked: S[], shares: Map<string, number>, e: Ensemble): S[] {
  const best = ranked[0];
  if (!best || best.section === OFF_TOPIC_ID || e.weight <= 0 || shares.size === 0) return ranked;
  let n = 0;
  while (n < ranked.length && ranked[n].section !== OFF_TOPIC_ID && ranked[n].score >= (1 - e.band) * best.score) n++;
  if (n < 2) return ranked;
  const key = (s: S) => s.score / best.score + e.weight * (shares.get(s.section) ?? 0);
  const head = ranked.slice(0, n).sort((x, y) => key(y) - key(x));
  return [...head, ...ranked.slice(n)];
}
