/**
 * The support terms in terms/: loaded and checked at start (load), parsed from each language's
 * markdown (parse), described by schema, and rendered for a customer (render).
 */
export * from './schema';
export { parseTermsDocument } from './parse';
export { LANGUAGE_DIR } from './language';
export type { LanguageData } from './language';
export { loadTerms } from './load';
export * from './render';
