/** The JSON of manifest and localization files, typed for walking. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at a dotted path ("a.b.c"), if there is one. */
export function lookup(tree: Json, dotted: string): Json | undefined {
  let node: Json | undefined = tree;
  for (const part of dotted.split('.')) node = isObject(node) ? node[part] : undefined;
  return node;
}
