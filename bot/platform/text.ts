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
