import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// i18n-iso-countries ships CommonJS; its code table is all we need here.
const countries: { getAlpha2Codes(): Record<string, string> } = require('i18n-iso-countries');

const alpha2 = new Set(Object.keys(countries.getAlpha2Codes()));

/** ISO 3166-1 alpha-2 code in upper case (XK for Kosovo is accepted, as the UN and EU do). */
export function isCountryCode(code: string): boolean {
  return alpha2.has(code);
}
