import { performance } from 'node:perf_hooks';

export const now = () => performance.now();

/** Runs fn and returns its result with the elapsed wall time in ms. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = now();
  const value = await fn();
  return { ms: now() - t0, value };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export const median = (samples: readonly number[]) => percentile(samples, 50);
export const mean = (samples: readonly number[]) => samples.reduce((s, x) => s + x, 0) / (samples.length || 1);

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** 12345.6 → "12,346" */
export const int = (x: number) => Math.round(x).toLocaleString('en-US');
export const ms = (x: number) => (x >= 100 ? `${int(x)} ms` : `${x.toFixed(x >= 10 ? 1 : 2)} ms`);
export const secs = (x: number) => `${(x / 1000).toFixed(2)} s`;
export const ratio = (x: number) => `${x.toFixed(x >= 10 ? 1 : 2)}×`;
