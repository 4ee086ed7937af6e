// @orama/stemmers and @orama/stopwords publish their languages as package "exports" subpaths,
// which this project's `moduleResolution: node` cannot see; these are their published types.
declare module '@orama/stemmers/english' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/turkish' {
  export function stemmer(word: string): string;
}
declare module '@orama/stopwords/english' {
  export const stopwords: string[];
}
declare module '@orama/stopwords/turkish' {
  export const stopwords: string[];
}
