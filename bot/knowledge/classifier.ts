/**
 * A calibrated linear classifier for short texts: multinomial logistic regression (softmax) over
 * sparse binary features — here the analyzer's word forms and word pairs plus character n-grams
 * of each content word (features.ts), so an unseen Turkish ending or a typo still shares most of
 * its n-grams with the word it comes from. This is the model fastText's supervised mode trains
 * (a linear model over word and subword n-grams) without its low-rank embedding, which a few
 * thousand examples do not need. Trained at start with AdaGrad and L2 regularisation, in
 * deterministic order, so the same data always gives the same model.
 */
export interface Classifier {
  /** Each label's probability for these features (0..1, summing to 1), or an empty map when none is known. */
  scores(features: string[]): Map<string, number>;
  /** The trained model, to keep (retrieval/cache.ts) and load again with classifierOf. */
  readonly model: ClassifierModel;
}

/** What a trained classifier is: plain arrays, so it can be stored and loaded bit for bit. */
export interface ClassifierModel {
  /** Labels, sorted. */
  labels: string[];
  /** Feature names in the order of their weights' rows. */
  features: string[];
  /** Weights feature-major: weights[f * labels.length + c]. */
  weights: Float32Array;
  /** A bias per label. */
  bias: Float64Array;
}

export interface Example {
  features: string[];
  label: string;
  /** How much this example counts (default 1). */
  weight?: number;
}

export interface ClassifierSettings {
  /** Passes over the examples. */
  epochs: number;
  /** AdaGrad base learning rate. */
  learningRate: number;
  /** L2 penalty per update, applied to the weights a step touches. */
  l2: number;
  /**
   * Features seen in fewer training texts than this are not learnt (fastText's minCount): a
   * feature of one text says little beyond it, and the whole-text n-grams make many of them.
   * 2: cross-validation en 98.75 → 98.88%, tr 97.81 → 97.78% (top 2 99.56 / 99.37 → 99.56 /
   * 99.33), a third fewer features; the Turkish index file 19.1 → 13.6 MB, read at start-up.
   */
  minCount: number;
}

// Set by leave-one-set-out cross-validation on the training question sets (bench/crossValidate.ts).
export const CLASSIFIER_SETTINGS: ClassifierSettings = { epochs: 10, learningRate: 0.2, l2: 1e-4, minCount: 2 };

/** Gradients smaller than this are not applied (see the training loop). */
const SKIP_GRADIENT = 0.01;

/** A small deterministic generator (mulberry32), so training order is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each label's probability (into `out`) for the features `ids` under weights `w` and `bias`, k labels. */
function softmax(w: Float32Array, bias: Float64Array, k: number, ids: readonly number[], out: Float64Array): void {
  for (let c = 0; c < k; c++) out[c] = bias[c];
  // Features are averaged (as fastText averages its embeddings), so a long message is not more sure.
  const scale = 1 / Math.sqrt(ids.length);
  for (const f of ids) for (let c = 0, o = f * k; c < k; c++) out[c] += w[o + c] * scale;
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c]);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c] - max);
  for (let c = 0; c < k; c++) out[c] /= sum;
}

/** The classifier of a trained (or stored) model. */
export function classifierOf(model: ClassifierModel): Classifier {
  const { labels, weights, bias } = model;
  const k = labels.length;
  if (weights.length !== model.features.length * k || bias.length !== k) throw new Error('classifier model: sizes do not match');
  const featureIndex = new Map<string, number>();
  for (let i = 0; i < model.features.length; i++) featureIndex.set(model.features[i], i);
  return {
    model,
    scores(features) {
      const out = new Map<string, number>();
      const ids = [...new Set(features)].map((f) => featureIndex.get(f)).filter((i): i is number => i !== undefined);
      if (ids.length === 0) return out;
      const p = new Float64Array(k);
      softmax(weights, bias, k, ids, p);
      labels.forEach((l, c) => out.set(l, p[c]));
      return out;
    },
  };
}

export function trainClassifier(examples: Example[], settings: Partial<ClassifierSettings> = {}): Classifier {
  const { epochs, learningRate, l2, minCount } = { ...CLASSIFIER_SETTINGS, ...settings };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const k = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const seen = new Map<string, number>();
  for (const e of examples) for (const f of new Set(e.features)) seen.set(f, (seen.get(f) ?? 0) + 1);
  const featureIndex = new Map<string, number>();
  const rows = examples
    .map((e) => {
      const ids = [...new Set(e.features)]
        .filter((f) => (seen.get(f) ?? 0) >= minCount)
        .map((f) => {
          let i = featureIndex.get(f);
          if (i === undefined) featureIndex.set(f, (i = featureIndex.size));
          return i;
        });
      return { ids, y: labelIndex.get(e.label) ?? 0, weight: e.weight ?? 1 };
    })
    .filter((r) => r.ids.length > 0);
  const n = featureIndex.size;
  // Weights feature-major (w[f * k + c]), a bias per label, and AdaGrad's squared-gradient sums.
  const w = new Float32Array(n * k);
  const g2 = new Float32Array(n * k).fill(1e-8);
  const bias = new Float64Array(k);
  const bias2 = new Float64Array(k).fill(1e-8);
  const z = new Float64Array(k);
  const rnd = random(42);
  const order = rows.map((_, i) => i);

  const forward = (ids: readonly number[], out: Float64Array): void => softmax(w, bias, k, ids, out);

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const r of order) {
      const { ids, y, weight } = rows[r];
      forward(ids, z);
      const scale = 1 / Math.sqrt(ids.length);
      for (let c = 0; c < k; c++) {
        const grad = (z[c] - (c === y ? 1 : 0)) * weight;
        // Labels the example already leaves near 0 teach nothing: skipping them makes training
        // several times faster (most of the 20 labels, after the first pass).
        if (Math.abs(grad) < SKIP_GRADIENT) continue;
        bias2[c] += grad * grad;
        bias[c] -= (learningRate * grad) / Math.sqrt(bias2[c]);
        const gf = grad * scale;
        for (const f of ids) {
          const o = f * k + c;
          const g = gf + l2 * w[o];
          g2[o] += g * g;
          w[o] -= (learningRate * g) / Math.sqrt(g2[o]);
        }
      }
    }
  }

  return classifierOf({ labels, features: [...featureIndex.keys()], weights: w, bias });
}
