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

/**
 * Moves the k-th smallest of `a[left..right]` to index k, smaller or equal values before it and
 * greater or equal after it (quickselect), and returns it. `a` holds no NaN and no -0.
 */
const select = (a: Float64Array, left: number, right: number, k: number): number => {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : Math.max(x, z)) : x < z ? x : Math.max(y, z);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
};

/** The smallest of `a[from..to)`. */
const minimum = (a: Float64Array, from: number, to: number): number => {
  let min = a[from]!;
  for (let i = from + 1; i < to; i++) if (a[i]! < min) min = a[i]!;
  return min;
};

/**
 * Percentiles (ascending `ps`, 0–100) of `values[0..n)` exactly as `percentiles` computes them
 * (R7 over the sorted values), from order statistics found by quickselect instead of a full sort.
 * Reorders `values`; they must hold no NaN and no -0 (which only a full sort orders the same way).
 */
export const percentilesInPlace = (values: Float64Array, n: number, ps: readonly number[]): number[] => {
  const out: number[] = [];
  if (n === 0) return out;
  let left = 0;
  for (const p of ps) {
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const low = select(values, left, n - 1, lo);
    const high = hi === lo ? low : minimum(values, lo + 1, n);
    out.push(low + (high - low) * (rank - lo));
    left = lo;
  }
  return out;
};
