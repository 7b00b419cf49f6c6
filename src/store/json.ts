/** JSON text columns: lists are stored as JSON arrays so both dialects share one schema. */
export function toJsonList(values: readonly string[] | undefined | null): string {
  return JSON.stringify(values ?? []);
}

export function fromJsonList(text: string | null | undefined): string[] {
  if (!text) return [];
  const v = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
}

/** Splits an array into chunks that keep a multi-row statement under the bind-parameter limit. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
