/**
 * The words of an area's name that carry meaning, with the generic area nouns folded
 * together ("region", "zone", "waters" → "zone"), for matching an excluded area named in
 * other words.
 */
const AREA_WORDS = /^(?:region|regions|zone|zones|area|areas|waters|sector|district|province|state)$/;
const MINOR_WORDS = new Set(['the', 'of', 'and', 'for', 'in', 'its', 'own', 'a', 'an', 'to', 'on', 'at']);

export function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !MINOR_WORDS.has(w))
    .map((w) => (AREA_WORDS.test(w) ? 'zone' : w));
}
