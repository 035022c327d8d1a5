import { instantMs } from "../domain/time.ts";

/**
 * Small statistics over plain numbers, shared by every metric. Percentiles use linear
 * interpolation between closest ranks (the "R7"/Excel PERCENTILE.INC method), the one
 * spreadsheets and ActionableAgile's tables agree with.
 */

/** The p-th percentile (0–100) of `values`; null for an empty list. */
export const percentile = (values: readonly number[], p: number): number | null =>
  values.length === 0 ? null : percentileOfSorted(Float64Array.from(values).sort(), p);

/** Several percentiles of one list, sorting it once. */
export const percentiles = (values: readonly number[], ps: readonly number[]): (number | null)[] => {
  if (values.length === 0) return ps.map(() => null);
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => percentileOfSorted(sorted, p));
};

const percentileOfSorted = (sorted: Float64Array, p: number): number => {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
};

export const median = (values: readonly number[]): number | null => percentile(values, 50);

export const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Hours between two ISO instants (wall clock). */
export const hoursBetween = (from: string, to: string): number =>
  (instantMs(to) - instantMs(from)) / 3_600_000;

/** Rounds for presentation: figures keep two decimals, never float noise. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;
