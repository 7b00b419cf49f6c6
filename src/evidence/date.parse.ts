import { findDates } from '../reading/dates.js';

/**
 * An ISO day from a date as metadata writes it: ISO 8601 ("2024-06-03T09:00:00Z" — the
 * day as written, not shifted to UTC), RFC 822 ("Mon, 03 Jun 2024 09:00:00 +0200"), PDF
 * ("D:20240603…") or a written date ("3 June 2024"). Null when no full, valid day is found.
 */
export function isoDateOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s) ?? /^D:(\d{4})(\d{2})(\d{2})/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const written = findDates(s.slice(0, 200)).find((d) => d.precision === 'day');
  return written ? written.from : null;
}

/** The day a "Published: …" (or "Posted:", "Date:", "Published on …") line in the first lines of a text states. */
export function statedPublishedOn(text: string): string | null {
  const m =
    /^[ \t]*(?:published|posted|date|dated)[ \t]*:[ \t]*(.{6,200})$/im.exec(text.slice(0, 3000)) ??
    /^[ \t]*(?:published|posted) on[ \t]+(.{6,200})$/im.exec(text.slice(0, 3000));
  return m ? isoDateOf(m[1]) : null;
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}
