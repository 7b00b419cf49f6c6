const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06',
  jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/** A range of birth years longer than this is kept as its two ends only. */
const MAX_RANGE_YEARS = 12;

/**
 * Birth dates as the lists write them, as ISO dates or partial dates (yyyy, yyyy-mm,
 * yyyy-mm-dd): "10 Dec 1948", "Sep 1960", "circa 1955", "1960 to 1962", "1955-1958",
 * "1933-02-02 or 1934-02-02", "02/03/1960" (day first, as the UN and OFAC write it).
 * "circa" keeps the year as given; a range of years becomes each year in it, so a match on
 * any of them counts. Text that holds no date gives nothing.
 */
export function parseBirthDates(raw: string): string[] {
  const text = raw.replace(/\.$/, '').replace(/\b(circa|approximately|approx\.?|about|ca\.)\s*/gi, '').trim();
  if (!text) return [];
  const parts = text.split(/\s*(?:\bor\b|;|,)\s*/i).filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    const range = /^(.+?)\s*(?:\bto\b|-|–)\s*(.+)$/i.exec(part);
    if (range && !/^\d{4}-\d{2}(-\d{2})?$/.test(part)) {
      const a = parseOne(range[1]);
      const b = parseOne(range[2]);
      if (a && b) {
        out.push(...yearsBetween(a, b));
        continue;
      }
    }
    const one = parseOne(part);
    if (one) out.push(one);
  }
  return [...new Set(out)];
}

function parseOne(s: string): string | null {
  const t = s.trim();
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/.exec(t);
  if (m) return [m[1], m[2], m[3]].filter(Boolean).join('-');
  m = /^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(t);
  if (m && MONTHS[m[2].toLowerCase()]) return `${m[3]}-${MONTHS[m[2].toLowerCase()]}-${m[1].padStart(2, '0')}`;
  m = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(t);
  if (m && MONTHS[m[1].toLowerCase()]) return `${m[2]}-${MONTHS[m[1].toLowerCase()]}`;
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return null;
}

function yearsBetween(a: string, b: string): string[] {
  const ya = Number(a.slice(0, 4));
  const yb = Number(b.slice(0, 4));
  if (yb < ya) return [a, b];
  if (yb - ya > MAX_RANGE_YEARS) return [a, b];
  if (ya === yb) return a === b ? [a] : [a, b];
  const out: string[] = [];
  for (let y = ya; y <= yb; y++) out.push(String(y));
  return out;
}
