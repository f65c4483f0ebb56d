/** Small, dependency-free statistics: every number in the report goes through these. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: p99 of 100 samples is the 99th value, never an interpolated one.
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface Dist {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function dist(values: readonly number[]): Dist {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? Number.NaN : Math.max(...values),
  };
}

/** Median of each field over repeated runs (the A B C D D C B A repetitions of one server). */
export function medianOf<T extends object>(runs: readonly T[]): T {
  const first = runs[0];
  if (!first) throw new Error('medianOf: no runs');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(first)) {
    if (typeof value === 'number') {
      out[key] = median(runs.map((r) => (r as Record<string, unknown>)[key] as number));
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = medianOf(runs.map((r) => (r as Record<string, unknown>)[key] as object));
    } else {
      out[key] = value;
    }
  }
  return out as T;
}
