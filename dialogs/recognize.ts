/** Reading a typed reply to a choice: only the label itself (or nearly it) picks; anything else is the customer's own words. */
import { foldText as fold } from '../bot/platform/text';

/** Edits allowed between a typed reply and a label of this length (a slip of the finger, never another word). */
function allowedEdits(length: number): number {
  if (length >= 10) return 2;
  if (length >= 5) return 1;
  return 0;
}

/** Levenshtein distance, stopping early once it is over `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      best = Math.min(best, row[j]);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The choice a typed reply names: its number (1-based), its id, or one of its labels, folded
 * (case, Turkish letters, punctuation, spaces) and allowing a typo or two in a long label.
 * Undefined when the reply is anything else, even when it contains a label ("why is my invoice
 * higher?" is a question, not the topic "Invoice").
 */
export function matchChoice<T extends string>(typed: string, choices: readonly T[], labels: (choice: T) => string[]): T | undefined {
  const text = fold(typed).replace(/ /g, '');
  if (!text) return undefined;
  const index = /^\d{1,2}$/.test(text) ? Number(text) - 1 : -1;
  if (index >= 0 && index < choices.length) return choices[index];
  let found: { choice: T; edits: number } | undefined;
  for (const choice of choices) {
    for (const label of [choice, ...labels(choice)]) {
      const want = fold(label).replace(/ /g, '');
      if (!want) continue;
      const max = allowedEdits(want.length);
      const edits = distance(text, want, max);
      if (edits <= max && (!found || edits < found.edits)) found = { choice, edits };
    }
  }
  return found?.choice;
}
