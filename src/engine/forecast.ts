import type { CalendarDate } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import { plusDays } from "./flow-days.ts";
import {
  buildPlan,
  DEFAULT_HORIZON_DAYS,
  DEFAULT_TRIALS,
  forecastInputs,
  rngsFor,
  sampleArray,
} from "./forecast-plan.ts";
import { checkHistory, daysBetween } from "./forecast-sample.ts";
import {
  atLeastQuantile,
  histogram,
  lowerQuantile,
  simulateCounts,
  simulateFinishDays,
  sortValues,
  UNFINISHED,
} from "./forecast-sim.ts";
import type {
  CommonForecastOptions,
  ForecastRefusal,
  HowManyForecast,
  ScopeGrowthModel,
  WhenForecast,
  WhenPoint,
  WhenWithGrowthForecast,
} from "./forecast-types.ts";

export type {
  BacktestOptions,
  BacktestResult,
  Calibration,
  HowManyCalibration,
  WhenBacktestPoint,
  WhenCalibration,
} from "./forecast-backtest.ts";
export { backtestForecasts } from "./forecast-backtest.ts";
export { averageFte, capacitySeries, rotationChanges } from "./forecast-capacity.ts";
export { DEFAULT_HORIZON_DAYS, DEFAULT_TRIALS } from "./forecast-plan.ts";
export { checkHistory, sampleFromDailyCounts, throughputSample } from "./forecast-sample.ts";
export { estimateScopeGrowth, scopeGrowthRate } from "./forecast-scope.ts";
export type * from "./forecast-types.ts";

/**
 * Monte Carlo forecasts with ActionableAgile semantics (docs: METRICS.md "Forecasts"): throughput
 * is resampled from a history window, at least 10,000 seeded trials by default.
 *
 * Choices where the definitions are silent:
 * - Days are calendar days by default, as ActionableAgile: every day of the window, weekends with
 *   their zero counts, is a sample, and every simulated day draws one, so weekends are slow days
 *   in proportion to how slow they were. `dayMode: "working"` samples and simulates working days
 *   only (see ThroughputSample). Weekly samples are 7-day blocks ending the day before the start.
 * - Percentiles of a "when" are the inverse empirical distribution over trials (the first day by
 *   which at least 85 % of trials have finished), not interpolated: finish days are whole days.
 * - "How many" P85 is "at least this many with 85 % probability": the count that 85 % of trials
 *   reach or exceed, i.e. the 15th percentile of the simulated counts (P50 the median, P95 the
 *   5th percentile). It ignores scope: it counts completions, however many items exist.
 * - The minimum history is BOTH `minItems` finished items (30) AND `minWeeks` weeks (5); below
 *   either, the result is a refusal saying what is missing, never an invented forecast.
 * - Capacity scales each simulated period's throughput by that period's factor with seeded
 *   stochastic rounding (unbiased); scope growth adds Poisson-distributed items per simulated day.
 */

/** Options of `forecastWhen`. */
export interface WhenOptions extends CommonForecastOptions {
  /** Items left to finish. */
  readonly remaining: number;
  /** Also report the probability of finishing on or before this day. */
  readonly targetDate?: CalendarDate;
  /** Remaining scope grows during each trial (see forecast-scope.ts). */
  readonly scopeGrowth?: ScopeGrowthModel;
  /** Days simulated at most (default ten years). */
  readonly horizonDays?: number;
}

/** Options of `forecastHowMany`. */
export interface HowManyOptions extends CommonForecastOptions {
  /** Last day counted (inclusive). */
  readonly by: CalendarDate;
}

const point = (start: CalendarDate, days: number): WhenPoint => ({ days, date: plusDays(start, days - 1) });

/**
 * When will `remaining` items be finished? The days (from `start`, which is day 1) by which they
 * finish in 50/85/95 % of the trials, the distribution of finish days, and the probability of
 * finishing by `targetDate`. Refuses when the sample is below the minimum history.
 */
export const forecastWhen = (options: WhenOptions): WhenForecast | ForecastRefusal => {
  const { sample, start, seed } = options;
  if (!Number.isInteger(options.remaining) || options.remaining < 0) {
    throw invalidInput("remaining must be a whole number of zero or more", { remaining: options.remaining });
  }
  const refusal = checkHistory(sample, options.minItems ?? 30, options.minWeeks ?? 5);
  if (refusal) return refusal;
  const trials = options.trials ?? DEFAULT_TRIALS;
  const horizonDays = options.horizonDays ?? DEFAULT_HORIZON_DAYS;
  const capacity = options.capacity ?? null;
  const scopeGrowth = options.scopeGrowth ?? null;
  const plan = buildPlan({
    sample,
    sampleArray: sampleArray(sample),
    start,
    trials,
    horizonDays,
    capacity,
    growthPerWeek: scopeGrowth?.itemsPerWeek ?? 0,
  });
  const [days] = simulateFinishDays(plan, Int32Array.of(options.remaining), rngsFor(seed));
  const sorted = sortValues(days!);
  // Weekly interpolation can land a few days past the horizon; those trials still finished.
  const at = (p: number) => {
    const d = lowerQuantile(sorted, p);
    return d === UNFINISHED ? null : point(start, d);
  };
  let unfinished = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i] === UNFINISHED; i--) unfinished++;
  let target: WhenForecast["target"] = null;
  if (options.targetDate !== undefined) {
    const limit = daysBetween(start, options.targetDate) + 1;
    let hits = 0;
    while (hits < sorted.length && sorted[hits]! <= limit) hits++;
    target = { date: options.targetDate, probability: hits / trials };
  }
  return {
    kind: "when",
    inputs: forecastInputs({ sample, start, seed, trials, horizonDays, scopeGrowth, capacity }),
    remaining: options.remaining,
    p50: at(0.5),
    p85: at(0.85),
    p95: at(0.95),
    distribution: histogram(sorted).map((b) => ({ ...point(start, b.value), trials: b.trials })),
    unfinishedTrials: unfinished,
    target,
  };
};

/**
 * How many items will be finished from `start` to `by` (inclusive)? P50/P85/P95 are "at least
 * this many" with that probability. Refuses when the sample is below the minimum history.
 */
export const forecastHowMany = (options: HowManyOptions): HowManyForecast | ForecastRefusal => {
  const { sample, start, seed } = options;
  const refusal = checkHistory(sample, options.minItems ?? 30, options.minWeeks ?? 5);
  if (refusal) return refusal;
  const trials = options.trials ?? DEFAULT_TRIALS;
  const days = Math.max(0, daysBetween(start, options.by) + 1);
  const capacity = options.capacity ?? null;
  const plan = buildPlan({
    sample,
    sampleArray: sampleArray(sample),
    start,
    trials,
    horizonDays: Math.max(1, days),
    capacity,
    growthPerWeek: 0,
  });
  const [counts] = simulateCounts(plan, Int32Array.of(days), rngsFor(seed));
  const sorted = sortValues(counts!);
  return {
    kind: "how_many",
    inputs: forecastInputs({ sample, start, seed, trials, horizonDays: days, scopeGrowth: null, capacity }),
    by: options.by,
    days,
    p50: atLeastQuantile(sorted, 0.5),
    p85: atLeastQuantile(sorted, 0.85),
    p95: atLeastQuantile(sorted, 0.95),
    distribution: histogram(sorted).map((b) => ({ items: b.value, trials: b.trials })),
  };
};

const describePoint = (p: WhenPoint | null, horizonDays: number) =>
  p === null ? `beyond the ${horizonDays}-day horizon` : p.date;

/**
 * "When" twice from the same throughput draws — without scope growth and with `scopeGrowth` —
 * so the output can say "if scope keeps growing as it has, P85 moves from X to Y". Growth can only
 * move each trial later, so every percentile with growth is on or after the one without.
 */
export const forecastWhenWithScopeGrowth = (
  options: WhenOptions & { readonly scopeGrowth: ScopeGrowthModel },
): WhenWithGrowthForecast | ForecastRefusal => {
  const { scopeGrowth, ...rest } = options;
  const withoutGrowth = forecastWhen(rest);
  if (withoutGrowth.kind === "refused") return withoutGrowth;
  const withGrowth = forecastWhen(options);
  if (withGrowth.kind === "refused") return withGrowth;
  const horizon = withoutGrowth.inputs.horizonDays;
  const rate = Math.round(scopeGrowth.itemsPerWeek * 100) / 100;
  const from = describePoint(withoutGrowth.p85, horizon);
  const to = describePoint(withGrowth.p85, horizon);
  return {
    kind: "when_with_growth",
    withoutGrowth,
    withGrowth,
    growth: scopeGrowth,
    summary:
      rate === 0
        ? `Scope is not growing (${scopeGrowth.note}); P85 stays ${from}.`
        : `If scope keeps growing as it has (${rate} items a week), P85 moves from ${from} to ${to}.`,
  };
};
