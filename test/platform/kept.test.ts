import { kept } from '../../bot/platform/kept';

describe('kept values', () => {
  it('works a value out once per key, an undefined one too, and starts afresh past its size', () => {
    const made: string[] = [];
    const k = kept<string, string | undefined>(2);
    const of = (key: string) => k.of(key, () => (made.push(key), key === 'none' ? undefined : key.toUpperCase()));
    expect([of('a'), of('a'), of('none'), of('none')]).toEqual(['A', 'A', undefined, undefined]);
    expect(made).toEqual(['a', 'none']);
    // A third key drops what was kept: 'a' is worked out again.
    expect([of('b'), of('a')]).toEqual(['B', 'A']);
    expect(made).toEqual(['a', 'none', 'b', 'a']);
  });
});
