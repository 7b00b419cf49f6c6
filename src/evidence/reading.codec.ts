import type { DocumentReading } from '../reading/claims.js';

/**
 * How a document's reading is stored: everything detection needs to run again without
 * re-reading the text (claims, links, names found), with sentence texts left out (they are
 * slices of the stored text).
 */
export function readingToJson(r: DocumentReading): string {
  return JSON.stringify({
    v: 1,
    sentences: r.sentences.map((s) => [s.index, s.start, s.end, s.paragraph]),
    dates: r.dates,
    claims: r.claims,
    named: [...r.named.entries()],
    namedItems: [...r.namedItems],
    links: r.links,
    publishedOn: r.publishedOn,
  });
}

export function readingFromJson(json: string, text: string): DocumentReading {
  const o = JSON.parse(json);
  return {
    sentences: (o.sentences as [number, number, number, number][]).map(([index, start, end, paragraph]) => ({ index, start, end, paragraph, text: text.slice(start, end) })),
    dates: o.dates,
    claims: o.claims,
    named: new Map(o.named),
    namedItems: new Set(o.namedItems),
    links: o.links,
    publishedOn: o.publishedOn,
  };
}
