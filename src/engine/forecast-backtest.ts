import type { CalendarDate, Instant, Weekday } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import { plusDays, usableTimeZone } from "./flow-days.ts";
import { buildPlan, DEFAULT_TRIALS, rngsFor, sampleArray } from "./forecast-plan.ts";
import { checkHistory, dateOf, daysBetween, sampleFromDailyCounts } from "./forecast-sample.ts";
import {
  atLeastQuantile,
  lowerQuantile,
  simulateCounts,
  simulateFinishDays,
  sortValues,
  UNFINISHED,
} from "./forecast-sim.ts";
import type { DayMode, SampleUnit } from "./forecast-types.ts";
import { median } from "./stats.ts";

/**
 * Backtests of the forecasts against what actually happened. At every forecast point T (every
 * `stepDays` from the end of the minimum history), using only completions before T's day:
 * - "when will the next N items finish?" — met at Pxx when the N-th completion on or after T's day
 *   came on or before the Pxx date;
 * - "how many in the next k weeks?" — met at Pxx when at least the Pxx count ("at least this many")
 *   were finished in those 7·k days.
 * Calibration is the share of forecasts met; P85 should be met about 85 % of the time. A point
 * counts only where the outcome is observable (the N-th item finished, or the k weeks ended, on or
 * before `observedUntil`), and points the minimum history refuses are counted apart.
 */

/** Options of `backtestForecasts`. */
export interface BacktestOptions {
  /** The N of "when will the next N finish" (default 10, 20, 30). */
  readonly itemCounts?: readonly number[];
  /** The k of "how many in the next k weeks" (default 2, 4, 8). */
  readonly howManyWeeks?: readonly number[];
  /** History window of each forecast (default 12 weeks). */
  readonly windowWeeks?: number;
  readonly unit?: SampleUnit;
  readonly dayMode?: DayMode;
  readonly workingDays?: readonly Weekday[];
  /** Days between forecast points (default 7). */
  readonly stepDays?: number;
  readonly trials?: number;
  readonly seed: number;
  readonly minItems?: number;
  readonly minWeeks?: number;
  /** Zone for instants (default UTC). */
  readonly timeZone?: string;
  /** First day of the history (default: the earliest finish). */
  readonly historyStart?: CalendarDate;
  /** Last day whose completions are known (default: the latest finish). */
  readonly observedUntil?: CalendarDate;
}

/** Calibration of one question over the backtest's points. */
export interface Calibration {
  /** Forecasts checked. */
  readonly points: number;
  /** Share (0–1) met at P50, P85, P95. */
  readonly p50: number;
  readonly p85: number;
  readonly p95: number;
}

/** Calibration of "when will the next N items finish". */
export interface WhenCalibration extends Calibration {
  readonly items: number;
  /** Median of |actual − P50| in days. */
  readonly medianAbsErrorDaysP50: number;
  /** Median of (actual − P50) in days: positive when the P50 was optimistic. */
  readonly medianErrorDaysP50: number;
}

/** Calibration of "how many in the next k weeks". */
export interface HowManyCalibration extends Calibration {
  readonly weeks: number;
  /** Median of |actual − P50| in items. */
  readonly medianAbsErrorItemsP50: number;
}

/** One checked "when" forecast, for investigation. */
export interface WhenBacktestPoint {
  readonly start: CalendarDate;
  readonly items: number;
  readonly actualDays: number;
  readonly p50Days: number | null;
  readonly p85Days: number | null;
  readonly p95Days: number | null;
}

/** The result of `backtestForecasts`. */
export interface BacktestResult {
  readonly inputs: {
    readonly from: CalendarDate;
    readonly observedUntil: CalendarDate;
    readonly finishes: number;
    readonly windowWeeks: number;
    readonly unit: SampleUnit;
    readonly dayMode: DayMode;
    readonly stepDays: number;
    readonly trials: number;
    readonly seed: number;
    readonly minItems: number;
    readonly minWeeks: number;
  };
  /** Forecast points tried, and those the minimum history refused. */
  readonly forecastPoints: number;
  readonly refused: number;
  readonly when: readonly WhenCalibration[];
  /** All "when" checks pooled. */
  readonly whenOverall: Calibration;
  readonly howMany: readonly HowManyCalibration[];
  readonly whenPoints: readonly WhenBacktestPoint[];
}

const share = (hits: number, points: number) => (points === 0 ? 0 : hits / points);

interface Tally {
  points: number;
  hits: [number, number, number];
  errors: number[];
  absErrors: number[];
}
const tally = (): Tally => ({ points: 0, hits: [0, 0, 0], errors: [], absErrors: [] });
const calibration = (t: Tally): Calibration => ({
  points: t.points,
  p50: share(t.hits[0], t.points),
  p85: share(t.hits[1], t.points),
  p95: share(t.hits[2], t.points),
});

/** Backtests "when" and "how many" forecasts on a history of finish instants or dates. */
export const backtestForecasts = (
  finishes: readonly (Instant | CalendarDate)[],
  options: BacktestOptions,
): BacktestResult => {
  const tz = usableTimeZone(options.timeZone ?? "UTC");
  const dates = finishes.map((f) => dateOf(f, tz)).sort();
  if (dates.length === 0) throw invalidInput("a backtest needs finish dates");
  const itemCounts = [...(options.itemCounts ?? [10, 20, 30])].sort((a, b) => a - b);
  const howManyWeeks = [...(options.howManyWeeks ?? [2, 4, 8])].sort((a, b) => a - b);
  const windowDays = Math.round((options.windowWeeks ?? 12) * 7);
  const stepDays = options.stepDays ?? 7;
  const trials = options.trials ?? DEFAULT_TRIALS;
  const minItems = options.minItems ?? 30;
  const minWeeks = options.minWeeks ?? 5;
  const from = options.historyStart ?? dates[0]!;
  const observedUntil = options.observedUntil ?? dates[dates.length - 1]!;
  const span = daysBetween(from, observedUntil) + 1;
  const daily = new Int32Array(Math.max(0, span));
  for (const d of dates) {
    const i = daysBetween(from, d);
    if (i >= 0 && i < span) daily[i]! += 1;
  }
  const finishDays: number[] = [];
  for (let d = 0; d < span; d++) for (let c = 0; c < daily[d]!; c++) finishDays.push(d);
  // before[d] = completions before day d: the N-th completion from day d is finishDays[before[d] + N - 1].
  const before = new Int32Array(span + 1);
  for (let d = 0; d < span; d++) before[d + 1] = before[d]! + daily[d]!;

  const whenTallies = itemCounts.map(tally);
  const howTallies = howManyWeeks.map(tally);
  const whenPoints: WhenBacktestPoint[] = [];
  let forecastPoints = 0;
  let refused = 0;
  const horizonDays = Math.max(1, ...howManyWeeks.map((k) => k * 7));
  for (let t = Math.round(minWeeks * 7); t < span; t += stepDays) {
    const start = plusDays(from, t);
    const windowStart = Math.max(0, t - windowDays);
    const sample = sampleFromDailyCounts(
      plusDays(from, windowStart),
      daily.subarray(windowStart, t),
      options,
    );
    forecastPoints++;
    if (checkHistory(sample, minItems, minWeeks) !== null) {
      refused++;
      continue;
    }
    const seed = (options.seed + forecastPoints * 0x9e37) >>> 0;
    const array = sampleArray(sample);
    const observable = itemCounts.filter((n) => before[t]! + n <= finishDays.length);
    if (observable.length > 0) {
      const plan = buildPlan({
        sample,
        sampleArray: array,
        start,
        trials,
        horizonDays: 3_650,
        capacity: null,
        growthPerWeek: 0,
      });
      const results = simulateFinishDays(plan, Int32Array.from(observable), rngsFor(seed));
      observable.forEach((n, i) => {
        const sorted = sortValues(results[i]!);
        const actual = finishDays[before[t]! + n - 1]! - t + 1;
        const q = [0.5, 0.85, 0.95].map((p) => lowerQuantile(sorted, p));
        const tl = whenTallies[itemCounts.indexOf(n)]!;
        tl.points++;
        q.forEach((d, j) => {
          if (actual <= d) tl.hits[j as 0 | 1 | 2]++;
        });
        const p50 = q[0]!;
        if (p50 !== UNFINISHED) {
          tl.errors.push(actual - p50);
          tl.absErrors.push(Math.abs(actual - p50));
        }
        const days = (d: number) => (d === UNFINISHED ? null : d);
        whenPoints.push({
          start,
          items: n,
          actualDays: actual,
          p50Days: days(q[0]!),
          p85Days: days(q[1]!),
          p95Days: days(q[2]!),
        });
      });
    }
    const ks = howManyWeeks.filter((k) => t + k * 7 <= span);
    if (ks.length > 0) {
      const plan = buildPlan({
        sample,
        sampleArray: array,
        start,
        trials,
        horizonDays,
        capacity: null,
        growthPerWeek: 0,
      });
      const results = simulateCounts(
        plan,
        Int32Array.from(ks, (k) => k * 7),
        rngsFor(seed ^ 0x5bd1e995),
      );
      ks.forEach((k, i) => {
        const sorted = sortValues(results[i]!);
        const actual = before[t + k * 7]! - before[t]!;
        const q = [0.5, 0.85, 0.95].map((p) => atLeastQuantile(sorted, p));
        const tl = howTallies[howManyWeeks.indexOf(k)]!;
        tl.points++;
        q.forEach((c, j) => {
          if (actual >= c) tl.hits[j as 0 | 1 | 2]++;
        });
        tl.absErrors.push(Math.abs(actual - q[0]!));
      });
    }
  }
  const pooled = tally();
  for (const t of whenTallies) {
    pooled.points += t.points;
    for (let j = 0; j < 3; j++) pooled.hits[j as 0 | 1 | 2] += t.hits[j as 0 | 1 | 2];
  }
  return {
    inputs: {
      from,
      observedUntil,
      finishes: dates.length,
      windowWeeks: windowDays / 7,
      unit: options.unit ?? "day",
      dayMode: options.dayMode ?? "calendar",
      stepDays,
      trials,
      seed: options.seed,
      minItems,
      minWeeks,
    },
    forecastPoints,
    refused,
    when: itemCounts.map((items, i) => ({
      items,
      ...calibration(whenTallies[i]!),
      medianAbsErrorDaysP50: median(whenTallies[i]!.absErrors) ?? 0,
      medianErrorDaysP50: median(whenTallies[i]!.errors) ?? 0,
    })),
    whenOverall: calibration(pooled),
    howMany: howManyWeeks.map((weeks, i) => ({
      weeks,
      ...calibration(howTallies[i]!),
      medianAbsErrorItemsP50: median(howTallies[i]!.absErrors) ?? 0,
    })),
    whenPoints,
  };
};
