import type { CalendarDate, Instant, Weekday } from "../domain/types.ts";

/**
 * The shapes of Baton's Monte Carlo forecasts (see forecast.ts for their semantics). Every result
 * carries `inputs`: the sample, trials, seed, scope-growth model and capacity assumptions it was
 * computed from, so a presenter can always say what a forecast assumed.
 */

/** How throughput is sampled: per day or per 7-day week. */
export type SampleUnit = "day" | "week";

/**
 * Which days a daily sample and simulation use. `calendar` (the default, as ActionableAgile):
 * every calendar day is a sample, weekends with their usual zero counts included, and every
 * simulated day draws one. `working`: only working days are samples (completions on other days
 * count on the next working day) and simulated non-working days finish nothing.
 */
export type DayMode = "calendar" | "working";

/** A throughput history ready for sampling. Build it with `throughputSample` or `sampleFromDailyCounts`. */
export interface ThroughputSample {
  readonly unit: SampleUnit;
  readonly dayMode: DayMode;
  /** The working weekdays (used in `working` mode; recorded in every mode). */
  readonly workingDays: readonly Weekday[];
  /** First day of the history window. */
  readonly from: CalendarDate;
  /** Last day of the history window (inclusive). */
  readonly to: CalendarDate;
  /** Completions per sampled period, oldest first (per day, per working day or per 7-day week). */
  readonly counts: readonly number[];
  /** Items finished in the window. */
  readonly items: number;
  /** Calendar days the window spans. */
  readonly days: number;
}

/** What a forecast states about the sample it drew from. */
export interface SampleSummary {
  readonly unit: SampleUnit;
  readonly dayMode: DayMode;
  readonly workingDays: readonly Weekday[];
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly periods: number;
  readonly items: number;
  readonly weeks: number;
  /** Mean completions per 7 calendar days in the window. */
  readonly itemsPerWeek: number;
}

/** A scope observation of a milestone: items in scope at a moment (milestones.ts `ScopePoint` fits). */
export interface ScopeObservation {
  readonly at: Instant | CalendarDate;
  readonly items: number;
}

/**
 * How remaining scope grows in each trial: every simulated calendar day adds a Poisson-distributed
 * number of new items with mean `itemsPerWeek / 7` (a weekly step adds Poisson(`itemsPerWeek`)).
 */
export interface ScopeGrowthModel {
  readonly model: "poisson";
  readonly itemsPerWeek: number;
  /** The scope history it was estimated from; null when the rate was given directly. */
  readonly observed: {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly weeks: number;
    readonly fromItems: number;
    readonly toItems: number;
  } | null;
  /** One sentence for the reader, e.g. "scope grew from 40 to 52 items over 6 weeks (2 a week)". */
  readonly note: string;
}

/** One change to the pod's capacity, in FTE (1 = one full-time person). */
export interface CapacityChange {
  /** `add`: someone joins; `remove`: someone leaves; `time_off`: someone is away for a while. */
  readonly kind: "add" | "remove" | "time_off";
  readonly from: CalendarDate;
  /** Last day (inclusive). Required in spirit for `time_off` (one day when absent); open-ended otherwise. */
  readonly to?: CalendarDate;
  readonly fte: number;
  /** `add` only: the newcomer's contribution rises linearly from 0 to `fte` over this many weeks. */
  readonly rampUpWeeks?: number;
  /** Who or why, for the stated assumptions ("Ana joins", "hand-over to Ben"). */
  readonly label?: string;
}

/**
 * The pod's capacity relative to the history window, per day from `start`: 1 = as in the window,
 * 0.5 = half. The last factor holds for every later day; days before `start` are 1.
 */
export interface CapacitySeries {
  readonly start: CalendarDate;
  readonly factors: readonly number[];
  /** FTE of the pod during the history window, the factors' denominator (null when given as raw factors). */
  readonly baselineFte: number | null;
  readonly changes: readonly CapacityChange[];
  /** One sentence per assumption, for the result. */
  readonly assumptions: readonly string[];
}

/** What every forecast states it was computed from. */
export interface ForecastInputs {
  /** First simulated day. */
  readonly start: CalendarDate;
  readonly seed: number;
  readonly trials: number;
  readonly sample: SampleSummary;
  /** Trials still unfinished after this many days count as "beyond the horizon". */
  readonly horizonDays: number;
  readonly scopeGrowth: ScopeGrowthModel | null;
  readonly capacity: {
    readonly start: CalendarDate;
    readonly baselineFte: number | null;
    readonly changes: readonly CapacityChange[];
    readonly assumptions: readonly string[];
    /** Sampled counts are multiplied by the day's factor and rounded stochastically (seeded). */
    readonly scaling: "stochastic_rounding";
  } | null;
}

/** A "when" percentile: the N items finish on day `days` (1 = the start day), i.e. by `date`. */
export interface WhenPoint {
  readonly days: number;
  readonly date: CalendarDate;
}

/** Result of a "when" forecast. Percentiles are null when they fall beyond the horizon. */
export interface WhenForecast {
  readonly kind: "when";
  readonly inputs: ForecastInputs;
  readonly remaining: number;
  readonly p50: WhenPoint | null;
  readonly p85: WhenPoint | null;
  readonly p95: WhenPoint | null;
  /** Trials finishing on each day, from the earliest to the latest finishing trial (for a histogram). */
  readonly distribution: readonly {
    readonly days: number;
    readonly date: CalendarDate;
    readonly trials: number;
  }[];
  /** Trials not finished within `inputs.horizonDays`. */
  readonly unfinishedTrials: number;
  /** Probability (0–1) of finishing on or before the target date, when one was given. */
  readonly target: { readonly date: CalendarDate; readonly probability: number } | null;
}

/**
 * Result of a "how many" forecast: `p85` is the number finished by `by` with at least 85 %
 * probability ("at least this many"), i.e. the 15th percentile of the simulated counts.
 */
export interface HowManyForecast {
  readonly kind: "how_many";
  readonly inputs: ForecastInputs;
  /** Last simulated day (inclusive). */
  readonly by: CalendarDate;
  readonly days: number;
  readonly p50: number;
  readonly p85: number;
  readonly p95: number;
  /** Trials per count of finished items, ascending (for a histogram). */
  readonly distribution: readonly { readonly items: number; readonly trials: number }[];
}

/** A forecast refused because the history is too thin to be reliable. */
export interface ForecastRefusal {
  readonly kind: "refused";
  readonly reason: "insufficient_history";
  /** Says what is missing, e.g. "12 finished items in 3 weeks: need at least 30 items and 5 weeks". */
  readonly message: string;
  readonly history: {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly items: number;
    readonly weeks: number;
  };
  readonly required: { readonly items: number; readonly weeks: number };
  readonly missing: { readonly items: number; readonly weeks: number };
}

/** "When" with and without scope growth, from the same draws of throughput. */
export interface WhenWithGrowthForecast {
  readonly kind: "when_with_growth";
  readonly withoutGrowth: WhenForecast;
  readonly withGrowth: WhenForecast;
  readonly growth: ScopeGrowthModel;
  /** E.g. "If scope keeps growing as it has (2 items a week), P85 moves from 2026-05-04 to 2026-05-25." */
  readonly summary: string;
}

/** Options shared by every forecast. */
export interface CommonForecastOptions {
  readonly sample: ThroughputSample;
  /** First simulated day (usually the local date of `asOf`; the sample ends the day before). */
  readonly start: CalendarDate;
  readonly seed: number;
  /** Default 10,000 (the minimum METRICS.md asks for). */
  readonly trials?: number;
  /** Default 30 finished items in the sample. */
  readonly minItems?: number;
  /** Default 5 weeks of history in the sample. */
  readonly minWeeks?: number;
  readonly capacity?: CapacitySeries;
}
