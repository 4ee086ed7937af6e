import { kept } from '../../platform/kept';
import { foldWord } from '../../platform/text';
import { Analyzer } from './analyzer';

/**
 * What the section classifier reads in a text: the analyzer's index terms (word forms, pairs of
 * neighbouring words, question word + subject), the character n-grams of each content word,
 * folded to plain Latin letters with its edges marked ("<fatura>" → "<fa", "fat", … "ra>"), and
 * the character n-grams of the whole folded text, across word boundaries and stop words
 * ("ne zaman" → "e za", "ne zam"…). The word n-grams carry a word the model never saw — a new
 * Turkish ending, a compound — to the words it shares most of its letters with; the text n-grams
 * carry what the word lists drop or split: short phrases of stop words, run-together or split
 * words, dialect spellings and abbreviations ("bi", "ediyo", "ft", "KDV'si"). A word the terms
 * never use is also read as the known word it is one or two typing slips away from (itriaz →
 * itiraz, chrage → charge), as the search does.
 */

/** Lengths of the character n-grams (fastText's default for subwords is 3–6). */
const NGRAM_MIN = 3;
const NGRAM_MAX = 5;
/**
 * Lengths of the whole text's n-grams. Cross-validation (leave one set out): en 98.2% → 98.8%
 * (top 2 99.5% → 99.6%), tr 97.5% → 97.8% (top 2 99.3% → 99.4%; the regional and colloquial
 * sets set26 93.8% → 95.0%, set27 93.1% → 95.0%). 3–5: tr the same, 4–6 and 5–6 a little lower.
 */
const TEXT_NGRAM_MIN = 4;
const TEXT_NGRAM_MAX = 5;
/** How much of a text its n-grams are read from (as the analyzer reads only the start of a message). */
const TEXT_READS_CHARS = 500;

/** Finds the known form a misspelt form stands for (undefined: none close enough). */
export type Speller = (form: string) => string | undefined;

export function classifierFeatures(a: Analyzer, text: string, speller?: Speller): string[] {
  const out = a.terms(text).map((t) => `w:${t}`);
  for (const word of a.words(text)) {
    const forms = a.forms(word);
    if (forms.length === 0) continue;
    const w = `<${foldWord(word)}>`;
    for (let n = NGRAM_MIN; n <= NGRAM_MAX; n++) for (let i = 0; i + n <= w.length; i++) out.push(`c:${w.slice(i, i + n)}`);
    const fixed = speller?.(forms[0]);
    if (fixed) out.push(`w:${fixed}`);
  }
  const t = ` ${foldWord(text.slice(0, TEXT_READS_CHARS).toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  for (let n = TEXT_NGRAM_MIN; n <= TEXT_NGRAM_MAX; n++) for (let i = 0; i + n <= t.length; i++) out.push(`t:${t.slice(i, i + n)}`);
  return out;
}

/** Edit distance with swaps of neighbouring letters counted once (optimal string alignment), capped. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
      best = Math.min(best, d);
    }
    if (i > 0 && best > cap) return cap + 1;
  }
  return rows[a.length][b.length];
}

/**
 * A speller over a vocabulary of known word forms: a form not in it maps to the known form with
 * the same first letter at the smallest distance (one slip for words of 4–6 letters, two from 7),
 * when there is exactly one such closest form.
 */
export function createSpeller(vocabulary: Iterable<string>): Speller {
  const byFirst = new Map<string, string[]>();
  const known = new Set<string>();
  for (const f of vocabulary) {
    if (f.length < 4 || /[~_?]/.test(f)) continue;
    known.add(f);
    const list = byFirst.get(f[0]) ?? [];
    list.push(f);
    byFirst.set(f[0], list);
  }
  const corrections = kept<string, string | undefined>(50_000);
  return (form) => {
    if (form.length < 4 || known.has(form) || /[~_?]/.test(form)) return undefined;
    return corrections.of(form, () => {
      const cap = form.length >= 7 ? 2 : 1;
      let best: string | undefined;
      let bestD = cap + 1;
      let tie = false;
      for (const f of byFirst.get(form[0]) ?? []) {
        const d = distance(form, f, Math.min(cap, bestD));
        if (d < bestD) [best, bestD, tie] = [f, d, false];
        else if (d === bestD && d <= cap) tie = true;
      }
      return best && bestD <= cap && !tie ? best : undefined;
    });
  };
}
