import { foldWord } from '../../platform/text';

/**
 * The third reader of a question: its nearest neighbours among the texts in customers' words
 * (titles, phrasings, key words, the labelled questions, small talk), by cosine similarity of
 * character 4–5-gram TF-IDF vectors over the whole text, folded to plain Latin letters. It reads
 * no words, stems nor word lists: a question written like one the terms were taught — the same
 * phrase with other endings, typos, run-together words, Turkish without its letters — finds it,
 * and its K nearest texts vote for their sections, each by its similarity. Cheap to ask (an
 * inverted index over the n-grams) and stored with the index (cache.ts), so start-up does not
 * build it.
 */

/**
 * Lengths of the character n-grams. 3–5-grams score the same in cross-validation (en +0.2, tr
 * ±0) but the 3-grams are the commonest, with the longest postings: they doubled the reader's
 * cost (retrieval p50 +0.25 ms instead of +0.1 ms).
 */
const NGRAM_MIN = 4;
const NGRAM_MAX = 5;
/** How many nearest texts vote. */
export const NEIGHBOURS = 10;
/** How much of a text is read (a message's question is at its start; the rest is detail). */
const READS_CHARS = 1000;
/** At most this many n-grams in a text read. */
const MAX_GRAMS = READS_CHARS * (NGRAM_MAX - NGRAM_MIN + 1);

/**
 * What the neighbour reader is: plain typed arrays, stored and loaded bit for bit (cache.ts). An
 * n-gram is known by a 32-bit hash of its letters, so neither training nor loading handles
 * strings (two n-grams with the same hash, about one pair in the whole vocabulary, count as one).
 */
export interface NeighbourModel {
  /** Labels, sorted. */
  labels: string[];
  /** Each text's label (index into labels). */
  textLabels: Uint16Array;
  /** Each text's vector length (for the cosine). */
  norms: Float32Array;
  /** The n-grams' hashes (in the order first seen), and each one's inverse document frequency. */
  grams: Int32Array;
  idf: Float32Array;
  /** Postings of n-gram g: texts[start[g] .. start[g + 1]) in order, with their counts in `counts`. */
  start: Uint32Array;
  texts: Uint16Array;
  counts: Uint8Array;
}

export interface Neighbours {
  /** Each label's share of the nearest texts' votes (0..1, summing to 1), empty when nothing is near. */
  shares(text: string): Map<string, number>;
  readonly model: NeighbourModel;
}

/**
 * The distinct n-grams of a text (FNV-1a hashes, ascending) into `out`, each one's count into
 * `counts`; returns how many. The text is lower-cased and folded, every run of non-letters one space.
 */
function gramsOf(text: string, out: Int32Array, counts: Uint8Array): number {
  const t = ` ${foldWord(text.slice(0, READS_CHARS).toLowerCase())
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  const all = new Int32Array(Math.max(0, t.length - NGRAM_MIN + 1) * (NGRAM_MAX - NGRAM_MIN + 1));
  let m = 0;
  for (let i = 0; i + NGRAM_MIN <= t.length; i++) {
    let h = 0x811c9dc5 | 0;
    for (let n = 0; n < NGRAM_MAX && i + n < t.length; n++) {
      h = Math.imul(h ^ t.charCodeAt(i + n), 0x01000193);
      if (n + 1 >= NGRAM_MIN) all[m++] = h;
    }
  }
  const sorted = all.subarray(0, m).sort();
  let k = 0;
  for (let i = 0; i < m;) {
    let j = i;
    while (j < m && sorted[j] === sorted[i]) j++;
    out[k] = sorted[i];
    counts[k++] = Math.min(j - i, 255);
    i = j;
  }
  return k;
}

/** An open-addressing table from an n-gram's hash to its place in `grams` (built in a millisecond at load). */
interface GramTable {
  find(h: number): number;
  add(h: number, place: number): void;
}

function gramTable(capacity: number, grams: Int32Array): GramTable {
  let size = 1024;
  while (size < 2 * capacity) size *= 2;
  const mask = size - 1;
  // Place + 1 per slot; 0: empty.
  const slots = new Int32Array(size);
  const slotOf = (h: number) => {
    let i = Math.imul(h, 0x9e3779b1) & mask;
    while (slots[i] !== 0 && grams[slots[i] - 1] !== h) i = (i + 1) & mask;
    return i;
  };
  return {
    find: (h) => slots[slotOf(h)] - 1,
    add: (h, place) => {
      slots[slotOf(h)] = place + 1;
    },
  };
}

/** Sublinear term frequency (a count of 2 is not twice the evidence), for each count 0..255. */
const TF = Float64Array.from({ length: 256 }, (_, c) => (c > 0 ? 1 + Math.log(c) : 0));
const tfOf = (count: number) => TF[count];

export function trainNeighbours(examples: { text: string; label: string }[]): Neighbours {
  if (examples.length >= 65536) throw new Error('neighbours: too many texts');
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  // Each text's distinct n-grams, one after the other (textStart), as places in `grams`.
  const hashes = new Int32Array(MAX_GRAMS);
  const textCounts = new Uint8Array(MAX_GRAMS);
  let places = new Int32Array(1 << 16);
  let counts = new Uint8Array(places.length);
  const textStart = new Uint32Array(examples.length + 1);
  let grams = new Int32Array(1 << 14);
  let df = new Uint32Array(grams.length);
  let table = gramTable(grams.length, grams);
  let gramCount = 0;
  let size = 0;
  examples.forEach((e, t) => {
    const k = gramsOf(e.text, hashes, textCounts);
    if (size + k > places.length) {
      const grown = new Int32Array(2 * (size + k));
      grown.set(places);
      places = grown;
      const c = new Uint8Array(grown.length);
      c.set(counts);
      counts = c;
    }
    for (let i = 0; i < k; i++) {
      let g = table.find(hashes[i]);
      if (g < 0) {
        if (gramCount === grams.length) {
          // Grow the vocabulary and its table.
          const more = new Int32Array(2 * grams.length);
          more.set(grams);
          grams = more;
          const d = new Uint32Array(grams.length);
          d.set(df);
          df = d;
          table = gramTable(grams.length, grams);
          for (let j = 0; j < gramCount; j++) table.add(grams[j], j);
        }
        grams[(g = gramCount++)] = hashes[i];
        table.add(hashes[i], g);
      }
      df[g]++;
      places[size] = g;
      counts[size++] = textCounts[i];
    }
    textStart[t + 1] = size;
  });
  const idf = new Float32Array(gramCount);
  const start = new Uint32Array(gramCount + 1);
  for (let g = 0; g < gramCount; g++) {
    idf[g] = Math.log((examples.length + 1) / (df[g] + 1)) + 1;
    start[g + 1] = start[g] + df[g];
  }
  // Postings filled text by text, so each lists its texts in order.
  const texts = new Uint16Array(size);
  const postingCounts = new Uint8Array(size);
  const filled = start.slice(0, gramCount);
  const norms = new Float32Array(examples.length);
  for (let t = 0; t < examples.length; t++) {
    let norm = 0;
    for (let j = textStart[t]; j < textStart[t + 1]; j++) {
      const g = places[j];
      texts[filled[g]] = t;
      postingCounts[filled[g]++] = counts[j];
      norm += (tfOf(counts[j]) * idf[g]) ** 2;
    }
    norms[t] = Math.sqrt(norm) || 1;
  }
  const textLabels = Uint16Array.from(examples, (e) => labelIndex.get(e.label) ?? 0);
  return neighboursOf({
    labels,
    textLabels,
    norms,
    grams: grams.slice(0, gramCount),
    idf,
    start,
    texts,
    counts: postingCounts,
  });
}

/** The reader of a trained (or stored) model. */
export function neighboursOf(model: NeighbourModel): Neighbours {
  const { labels, textLabels, norms, grams, idf, start, texts, counts } = model;
  if (start.length !== grams.length + 1 || texts.length !== counts.length || norms.length !== textLabels.length)
    throw new Error('neighbour model: sizes do not match');
  const table = gramTable(grams.length, grams);
  for (let g = 0; g < grams.length; g++) table.add(grams[g], g);
  const hashes = new Int32Array(MAX_GRAMS);
  const queryCounts = new Uint8Array(MAX_GRAMS);
  const sums = new Float64Array(norms.length);
  return {
    model,
    shares(text) {
      // Dot products with every text sharing an n-gram (the question's own length is the same for all).
      const touched: number[] = [];
      const k = gramsOf(text, hashes, queryCounts);
      for (let i = 0; i < k; i++) {
        const g = table.find(hashes[i]);
        if (g < 0) continue;
        const q = TF[queryCounts[i]] * idf[g] * idf[g];
        for (let j = start[g], end = start[g + 1]; j < end; j++) {
          const t = texts[j];
          if (sums[t] === 0) touched.push(t);
          sums[t] += q * TF[counts[j]];
        }
      }
      // The K most similar, ties to the earlier text.
      const best: { t: number; s: number }[] = [];
      for (const t of touched) {
        const s = sums[t] / norms[t];
        sums[t] = 0;
        const last = best[NEIGHBOURS - 1];
        if (last && (s < last.s || (s === last.s && t > last.t))) continue;
        let at = best.length;
        while (at > 0 && (s > best[at - 1].s || (s === best[at - 1].s && t < best[at - 1].t))) at--;
        best.splice(at, 0, { t, s });
        if (best.length > NEIGHBOURS) best.pop();
      }
      const out = new Map<string, number>();
      const total = best.reduce((x, b) => x + b.s, 0);
      if (total <= 0) return out;
      for (const b of best) {
        const label = labels[textLabels[b.t]];
        out.set(label, (out.get(label) ?? 0) + b.s / total);
      }
      return out;
    },
  };
}
