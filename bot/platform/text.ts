/**
 * Typed text for matching words: lower-cased (Turkish rules), Turkish letters and accents folded,
 * punctuation to spaces: "Bir temsilciyle görüşmek İSTİYORUM!" → "bir temsilciyle gorusmek istiyorum".
 * `#` stays, for ticket numbers.
 */
export function foldText(s: string): string {
  return s
    .toLocaleLowerCase('tr')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}#]+/gu, ' ')
    .trim();
}

/**
 * One word, already lower-cased by its language's rules, in plain Latin letters: ş→s, ğ→g, ç→c,
 * ö→o, ü→u, â→a (their accents are combining marks once decomposed) and ı→i (a letter of its own).
 *
 * Not foldText, on purpose: the retrieval analyzer lower-cases by the question's language before
 * stemming, folds stems and word-list entries too (where an apostrophe must survive, as in the
 * stop word "don't"), and drops every combining mark, not only the Latin accents, so that the
 * words of the index and of a question meet whatever script they are in. foldText matches whole
 * typed commands, turning punctuation into spaces. Making them one would change what either matches.
 */
export function foldWord(s: string): string {
  return s
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}
