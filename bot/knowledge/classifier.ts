import { NeuralNetwork, NeuralSettings } from '@nlpjs/neural';

/**
 * A supervised text classifier over already-analysed features (the retriever's index forms and
 * word pairs): NLP.js's single-layer neural network (one perceptron per label), trained at start
 * from labelled examples — the terms' own phrasings, key words and titles. It learns which words
 * and word pairs tell close sections apart ("not csp", "tekrar aç" against "askıya al"), where
 * full-text search only sees shared words.
 */
export interface Classifier {
  /** Each label's share of the network's output for these features (0..1, summing to 1), or an empty map. */
  scores(features: string[]): Map<string, number>;
}

export interface Example {
  features: string[];
  label: string;
}

// Twenty passes over the examples: enough to separate the sections (more overfit the phrasings
// and cost start-up time; set on the development and older held-out questions).
const SETTINGS: NeuralSettings = { iterations: 20, errorThresh: 0.0005, log: false };

function inputOf(features: string[]): Record<string, number> {
  const input: Record<string, number> = {};
  for (const f of features) input[f] = 1;
  return input;
}

export function trainClassifier(examples: Example[], settings: NeuralSettings = {}): Classifier {
  const net = new NeuralNetwork({ ...SETTINGS, ...settings });
  const corpus = examples.filter((e) => e.features.length > 0).map((e) => ({ input: inputOf(e.features), output: { [e.label]: 1 } }));
  net.train(corpus);
  return {
    scores(features) {
      const out = new Map<string, number>();
      if (features.length === 0) return out;
      const raw = net.run(inputOf(features)) ?? {};
      const total = Object.values(raw).reduce((x, v) => x + Math.max(0, v), 0);
      if (total <= 0) return out;
      for (const [label, v] of Object.entries(raw)) out.set(label, Math.max(0, v) / total);
      return out;
    },
  };
}
