import type { Feature, NameComparison, NameSide } from './match.score.js';

/**
 * The reviewer's sentence for one hit: which query name met which listed name, how each
 * pair of parts met (exact / variant / typo / phonetic / initial), what was missing on
 * either side, and which features moved the score. Example:
 *
 *   "Sergei Lavrov" met "LAVROV, Sergey Viktorovich": sergei~sergey variant, lavrov=lavrov
 *   exact; listed only: viktorovich; name score 0.89; country RU consistent +0.04; score 0.93
 */
export function explainHit(
  queryName: string,
  listedName: string,
  q: NameSide,
  e: NameSide,
  cmp: NameComparison,
  features: Feature[],
  score: number,
): string {
  const pairs = cmp.pairs.map((p) => {
    const a = q.spellings[p.q];
    const b = e.spellings[p.e];
    return `${a}${p.how === 'exact' ? '=' : '~'}${b} ${p.how}`;
  });
  const parts = [`"${queryName}" met "${listedName}": ${pairs.join(', ') || 'no parts'}`];
  if (cmp.missing.length) parts.push(`listed only: ${cmp.missing.map((j) => e.spellings[j]).join(' ')}`);
  if (cmp.extra.length) parts.push(`query only: ${cmp.extra.map((i) => q.spellings[i]).join(' ')}`);
  parts.push(`name score ${cmp.score.toFixed(2)}`);
  for (const f of features) parts.push(`${f.note} ${f.delta >= 0 ? '+' : '−'}${Math.abs(f.delta).toFixed(2)}`);
  parts.push(`score ${score.toFixed(2)}`);
  return parts.join('; ');
}
