import { deserialize, serialize } from 'node:v8';
import { neighboursOf, trainNeighbours } from '../../bot/knowledge/retrieval/neighbours';

/**
 * The neighbour reader (bot/knowledge/retrieval/neighbours.ts): the labels of the labelled texts
 * nearest a question by character n-grams, each voting by its similarity.
 */

const examples = [
  { text: 'where can I download my invoice', label: 'invoices' },
  { text: 'faturamı nereden indirebilirim', label: 'invoices' },
  { text: 'can I pay by credit card', label: 'payment-methods' },
  { text: 'kredi kartı ile ödeyebilir miyim', label: 'payment-methods' },
  { text: 'what is the weather like today', label: '~off-topic' },
];
const reader = trainNeighbours(examples);

describe('the neighbour reader', () => {
  it('votes for the label of the texts a question is written like, through typos, endings and missing Turkish letters', () => {
    const best = (q: string) => [...reader.shares(q)].sort((a, b) => b[1] - a[1])[0][0];
    expect(best('were do i downlod the invoices')).toBe('invoices');
    expect(best('faturalarimi nerden indiririm')).toBe('invoices');
    expect(best('kredi karti ile odeme')).toBe('payment-methods');
    expect(best('how is the weather')).toBe('~off-topic');
  });

  it('gives shares that sum to 1, and none for a text sharing no n-gram with any', () => {
    const shares = [...reader.shares('pay the invoice by card').values()];
    expect(shares.every((s) => s > 0 && s <= 1)).toBe(true);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(reader.shares('xqzw').size).toBe(0);
    expect(reader.shares('').size).toBe(0);
  });

  it('answers the same after its model is stored and loaded', () => {
    const loaded = neighboursOf(deserialize(serialize(reader.model)) as typeof reader.model);
    for (const q of ['invoice download', 'kart ile ödeme', 'weather']) expect([...loaded.shares(q)]).toEqual([...reader.shares(q)]);
  });
});
