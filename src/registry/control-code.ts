import { isCountryCode } from '../shared/countries.js';

/**
 * Control-list codes an item can carry:
 * - Wassenaar Munitions List: ML1 … ML22, with sub-items (ML10.a, ML4.b.2, ML8.a.1.b);
 * - Wassenaar / EU dual-use: category 0–9, group A–E, three digits (5A002, 5A002.a.1);
 * - national codes with a two-letter country prefix (CA-2-15, UK-PL5001, US-XII(c)),
 *   or a named national list: ECL (Canada's Export Control List, "ECL 2-6").
 */
export type ControlCodeKind = 'munitions' | 'dual_use' | 'national';

const SUB_ITEMS = String.raw`(?:\.[a-z](?:\.\d{1,2}(?:\.[a-z](?:\.\d{1,2})?)?)?)?`;
const MUNITIONS = new RegExp(String.raw`^ML(\d{1,2})${SUB_ITEMS}$`);
const DUAL_USE = new RegExp(String.raw`^[0-9][A-E]\d{3}${SUB_ITEMS}$`);
const NATIONAL = /^([A-Z]{2})-([A-Z0-9][A-Za-z0-9().]*(?:[-.][A-Za-z0-9().]+)*)$/;
const NAMED_NATIONAL = /^ECL \d{1,2}-\d{1,3}(?:\.[a-z0-9]+)*$/;
/** Prefixes that are not ISO 3166 alpha-2 codes but name a national or regional list. */
const EXTRA_PREFIXES = new Set(['UK', 'EU']);

export function classifyControlCode(code: string): ControlCodeKind | null {
  const ml = MUNITIONS.exec(code);
  if (ml) {
    const n = Number(ml[1]);
    return n >= 1 && n <= 22 ? 'munitions' : null;
  }
  if (DUAL_USE.test(code)) return 'dual_use';
  if (NAMED_NATIONAL.test(code)) return 'national';
  const nat = NATIONAL.exec(code);
  if (nat && (isCountryCode(nat[1]) || EXTRA_PREFIXES.has(nat[1]))) return 'national';
  return null;
}

/** A one-line reason why a code is refused, for error messages. */
export function controlCodeProblem(code: string): string | null {
  if (classifyControlCode(code)) return null;
  if (/^ML\d+/.test(code)) return `'${code}' is not a Munitions List entry (ML1 to ML22, sub-items like ML10.a)`;
  return `'${code}' is not a control code (ML1–ML22 with sub-items, dual-use like 5A002.a, or national like CA-2-15)`;
}
