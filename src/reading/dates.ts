/**
 * Dates written in news text: full dates in the usual orders ("25 September 2018",
 * "Oct. 3, 2019", "April 9th, 2020", "15/04/2019", "2019-10-03", "Apr 22 2022"), months
 * ("December 2005", "late 2004"), seasons ("in the fall of 2018", "autumn of 2020") and
 * bare years. Each becomes a closed range of ISO days with its offsets in the text, so
 * that claims can say when something happened and detection can compare it with a
 * permit's issue date.
 */
export interface DateMention {
  start: number;
  end: number;
  from: string;
  to: string;
  precision: 'day' | 'month' | 'season' | 'year';
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`((?:19|20)\d{2})`;
const BARE_YEAR = new RegExp(String.raw`\b${YEAR}\b`, 'g');
/** Just before a number that names a legal instrument, or the year in brackets after it. */
const INSTRUMENT_BEFORE = /\b(?:resolutions?|decisions?|directives?|regulations?|laws?|acts?|decrees?|articles?|paragraphs?|no\.?|number)\s*$|\b(?:resolutions?|decisions?|directives?|regulations?|laws?|decrees?) (?:no\.? ?)?\d+\s*\($/i;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const monthOf = (s: string) => MONTHS[s.toLowerCase().replace('.', '')];

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m);
}

const SEASONS: Record<string, [number, number]> = {
  spring: [3, 5],
  summer: [6, 8],
  autumn: [9, 11],
  fall: [9, 11],
  winter: [12, 2],
};

type Made = { from: string; to: string; precision: DateMention['precision'] } | null;

interface Pattern {
  re: RegExp;
  make(m: RegExpExecArray): Made;
}

function fullDay(y: number, mo: number | undefined, d: number): Made {
  return mo && validDay(y, mo, d) ? { from: day(y, mo, d), to: day(y, mo, d), precision: 'day' } : null;
}

const patterns: Pattern[] = [
  // 2019-10-03
  { re: /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/g, make: (m) => fullDay(Number(m[1]), Number(m[2]), Number(m[3])) },
  // 25 September 2018, 25th of September, 2018
  { re: new RegExp(String.raw`\b${DAY}(?: of)? ${MONTH},? ${YEAR}\b`, 'gi'), make: (m) => fullDay(Number(m[3]), monthOf(m[2]), Number(m[1])) },
  // September 25, 2018 · Oct. 3, 2019 · Apr 22 2022 · April 9th, 2020
  { re: new RegExp(String.raw`\b${MONTH} ${DAY},? ${YEAR}\b`, 'gi'), make: (m) => fullDay(Number(m[3]), monthOf(m[1]), Number(m[2])) },
  // 15/04/2019 or 15.04.2019: day first, as most of the world's press writes; month first when the day part cannot be a month
  {
    re: /\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b/g,
    make: (m) => {
      let [d, mo] = [Number(m[1]), Number(m[2])];
      if (mo > 12 && d <= 12) [d, mo] = [mo, d];
      return fullDay(Number(m[3]), mo, d);
    },
  },
  // autumn of 2020, the fall of 2018, summer 2014
  {
    re: new RegExp(String.raw`\b(spring|summer|autumn|fall|winter)(?: of)? ${YEAR}\b`, 'gi'),
    make: (m) => {
      const [a, b] = SEASONS[m[1].toLowerCase()];
      const y = Number(m[2]);
      return a <= b
        ? { from: day(y, a, 1), to: day(y, b, lastDay(y, b)), precision: 'season' }
        : { from: day(y, 12, 1), to: day(y + 1, 2, lastDay(y + 1, 2)), precision: 'season' };
    },
  },
  // December 2005
  {
    re: new RegExp(String.raw`\b${MONTH},? ${YEAR}\b`, 'gi'),
    make: (m) => {
      const mo = monthOf(m[1]);
      const y = Number(m[2]);
      return mo ? { from: day(y, mo, 1), to: day(y, mo, lastDay(y, mo)), precision: 'month' } : null;
    },
  },
  // late 2004, early 2019, mid-2016
  {
    re: new RegExp(String.raw`\b(early|mid|late)[- ]${YEAR}\b`, 'gi'),
    make: (m) => {
      const y = Number(m[2]);
      const part = m[1].toLowerCase();
      const [a, b] = part === 'early' ? [1, 4] : part === 'mid' ? [5, 8] : [9, 12];
      return { from: day(y, a, 1), to: day(y, b, lastDay(y, b)), precision: 'month' };
    },
  },
  // a bare year: in 2006, since 2014
  {
    re: BARE_YEAR,
    make: (m) => {
      const y = Number(m[1]);
      return { from: day(y, 1, 1), to: day(y, 12, 31), precision: 'year' };
    },
  },
];

/** Every date in the text, in order; where patterns overlap the most precise one wins. */
export function findDates(text: string): DateMention[] {
  const taken: DateMention[] = [];
  const overlaps = (s: number, e: number) => taken.some((t) => s < t.end && e > t.start);
  for (const p of patterns) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      // "$1,450" or "8,000" are not years: skip four digits glued to a number or currency.
      const before = text[start - 1] ?? '';
      // "Mirage 2000-9", "HR-2000", "T2000" are models, not years ("mid-2014" is matched whole above).
      if (/[\d$€£,.]/.test(before) || /^([,.]\d|-\d)/.test(text.slice(end, end + 2))) continue;
      if (p.re === BARE_YEAR && /[A-Za-z]-?$/.test(text.slice(Math.max(0, start - 2), start))) continue;
      // "resolution 1970 (2011)", "Law No. 2019": numbers and years of instruments, not of events.
      if (p.re === BARE_YEAR && INSTRUMENT_BEFORE.test(text.slice(Math.max(0, start - 40), start))) continue;
      const made = p.make(m);
      if (made) taken.push({ start, end, ...made });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * The publication date of a report from its dateline: the first full date in its first
 * lines ("OTTAWA, Oct. 3, 2019 —", "Posted: 24/01/2016", "15/04/2019 —").
 */
export function datelineDate(text: string): string | null {
  const first = findDates(text.slice(0, 400)).find((d) => d.precision === 'day');
  return first ? first.from : null;
}
