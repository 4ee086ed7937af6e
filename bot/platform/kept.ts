/**
 * Values worked out once per key and kept, up to `max` keys: past that, everything kept is
 * dropped and gathered again (bounded memory with no bookkeeping per use — the keys these hold,
 * words, terms, SQL shapes, come from a small working set).
 */
export interface Kept<K, V> {
  /** The value kept for `key`, or `make()`'s, kept from now on (an undefined value is kept too). */
  of(key: K, make: () => V): V;
}

export function kept<K, V>(max: number): Kept<K, V> {
  const values = new Map<K, V>();
  return {
    of(key, make) {
      if (values.has(key)) return values.get(key) as V;
      const value = make();
      if (values.size >= max) values.clear();
      values.set(key, value);
      return value;
    },
  };
}
