import { median } from "../stats.ts";

/**
 * Robust change detection on a short metric series. The baseline is the median and the median
 * absolute deviation (MAD, scaled by 1.4826 so it estimates a standard deviation under normal
 * noise) of the earlier points; a one-sided CUSUM over the standardised recent points finds a
 * sustained shift in the bad direction, which a single outlier cannot trigger. Pure.
 */

/** Median and scaled MAD of a list; null when empty. */
export const robustBaseline = (values: readonly number[]): { median: number; scale: number } | null => {
  const m = median(values);
  if (m === null) return null;
  const mad = median(values.map((v) => Math.abs(v - m))) ?? 0;
  return { median: m, scale: 1.4826 * mad };
};

/** Options of {@link detectShift}. */
export interface ShiftOptions {
  /** `up` when a rise is bad (cycle time), `down` when a fall is (throughput). */
  readonly direction: "up" | "down";
  /** Baseline points needed before judging (default 6). */
  readonly minBaseline?: number;
  /** Recent points the CUSUM runs over (default 3). */
  readonly recent?: number;
  /** CUSUM allowance in standard deviations (default 0.5). */
  readonly k?: number;
  /** CUSUM decision threshold in standard deviations (default 4). */
  readonly h?: number;
  /** The smallest scale used, so a flat baseline does not turn noise into sigmas (default 10 % of the median, at least `minScale`). */
  readonly minScale?: number;
  /** The latest value must differ from the median by at least this share of it (default 0.3). */
  readonly minRelativeChange?: number;
}

/** A sustained shift found by {@link detectShift}. */
export interface Shift {
  readonly baselineMedian: number;
  readonly baselineScale: number;
  readonly latest: number;
  /** The CUSUM statistic at the last point, in standard deviations. */
  readonly cusum: number;
  readonly threshold: number;
  /** Latest value's distance from the median, in standard deviations (bad direction positive). */
  readonly z: number;
}

/**
 * Judges the last `recent` values of `values` against the points before them. Returns the shift
 * when the CUSUM crosses `h` at the last point and the last value is itself on the bad side of
 * the median by the minimum relative change; null otherwise (including when history is short).
 */
export const detectShift = (values: readonly number[], options: ShiftOptions): Shift | null => {
  const recent = options.recent ?? 3;
  const minBaseline = options.minBaseline ?? 6;
  if (values.length < minBaseline + recent) return null;
  const baselineValues = values.slice(0, values.length - recent);
  const base = robustBaseline(baselineValues)!;
  const sign = options.direction === "up" ? 1 : -1;
  const scale = Math.max(base.scale, Math.abs(base.median) * 0.1, options.minScale ?? 1e-9);
  const k = options.k ?? 0.5;
  const h = options.h ?? 4;
  let cusum = 0;
  for (const value of values.slice(values.length - recent)) {
    cusum = Math.max(0, cusum + (sign * (value - base.median)) / scale - k);
  }
  const latest = values[values.length - 1]!;
  const change = sign * (latest - base.median);
  const minChange = (options.minRelativeChange ?? 0.3) * Math.abs(base.median);
  if (cusum < h || change <= 0 || change < minChange) return null;
  return {
    baselineMedian: base.median,
    baselineScale: scale,
    latest,
    cusum,
    threshold: h,
    z: change / scale,
  };
};
