import type { CalendarDate, Instant, Weekday } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import { isoWeekday, localDate, plusDays, usableTimeZone } from "./flow-days.ts";
import type {
  DayMode,
  ForecastRefusal,
  SampleSummary,
  SampleUnit,
  ThroughputSample,
} from "./forecast-types.ts";

/**
 * Throughput samples for the forecasts: completions per day (or per 7-day week) over a history
 * window that ends the day before the forecast starts.
 */

const DAY_MS = 86_400_000;
const MONDAY_TO_FRIDAY: readonly Weekday[] = [1, 2, 3, 4, 5];

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);

/** The calendar date of an instant in a zone; a bare `YYYY-MM-DD` is taken as it is. */
export const dateOf = (at: Instant | CalendarDate, timeZone: string): CalendarDate =>
  at.length === 10 ? at : localDate(at, timeZone);

/** Options of `sampleFromDailyCounts`. */
export interface SampleShape {
  readonly unit?: SampleUnit;
  readonly dayMode?: DayMode;
  /** Default Monday–Friday. */
  readonly workingDays?: readonly Weekday[];
}

/**
 * A sample from completions per calendar day starting at `from`. Weekly samples are 7-day blocks
 * aligned on the window's end (so the last week ends the day before the forecast); an incomplete
 * block at the window's start is left out. In `working` mode a non-working day's completions are
 * added to the next working day (the last ones, if the window ends on a non-working day, to the
 * last working day), so no finished item is lost.
 */
export const sampleFromDailyCounts = (
  from: CalendarDate,
  daily: ArrayLike<number>,
  shape: SampleShape = {},
): ThroughputSample => {
  const unit = shape.unit ?? "day";
  const dayMode = shape.dayMode ?? "calendar";
  const workingDays = shape.workingDays ?? MONDAY_TO_FRIDAY;
  const n = daily.length;
  const to = plusDays(from, n - 1);
  let items = 0;
  for (let i = 0; i < n; i++) items += daily[i]!;
  const counts: number[] = [];
  if (unit === "week") {
    for (let end = n; end - 7 >= 0; end -= 7) {
      let week = 0;
      for (let i = end - 7; i < end; i++) week += daily[i]!;
      counts.push(week);
    }
    counts.reverse();
  } else if (dayMode === "working") {
    const working = new Set<number>(workingDays);
    const firstWeekday = isoWeekday(from);
    let carry = 0;
    for (let i = 0; i < n; i++) {
      carry += daily[i]!;
      if (working.has(((firstWeekday - 1 + i) % 7) + 1)) {
        counts.push(carry);
        carry = 0;
      }
    }
    if (carry > 0 && counts.length > 0) counts[counts.length - 1]! += carry;
  } else {
    for (let i = 0; i < n; i++) counts.push(daily[i]!);
  }
  return { unit, dayMode, workingDays, from, to, counts, items, days: n };
};

/** Options of `throughputSample`. */
export interface ThroughputSampleOptions extends SampleShape {
  /** The forecast's moment: the window ends on the day before its local date. */
  readonly asOf: Instant;
  /** Default UTC. */
  readonly timeZone?: string;
  /** Length of the history window (default 12 weeks, as METRICS.md). */
  readonly windowWeeks?: number;
  /**
   * The day the history begins (the team's first day on this work); the window never starts
   * earlier, so days before the team existed are not sampled as zero days. Default: the day of
   * the earliest finish given.
   */
  readonly historyStart?: CalendarDate;
}

/**
 * The throughput sample as of `asOf` from finish instants (or dates) of items, e.g.
 * `finishInstants(history, asOf)`: completions per local day over the `windowWeeks` before the
 * local date of `asOf`. Finishes at or after that date are ignored.
 */
export const throughputSample = (
  finishes: readonly (Instant | CalendarDate)[],
  options: ThroughputSampleOptions,
): ThroughputSample => {
  const timeZone = usableTimeZone(options.timeZone ?? "UTC");
  const windowWeeks = options.windowWeeks ?? 12;
  if (!(windowWeeks > 0)) throw invalidInput("windowWeeks must be positive", { windowWeeks });
  const start = localDate(options.asOf, timeZone);
  const dates = finishes.map((f) => dateOf(f, timeZone)).filter((d) => d < start);
  const earliest = dates.reduce<CalendarDate | null>((min, d) => (min === null || d < min ? d : min), null);
  const historyStart = options.historyStart ?? earliest ?? start;
  const windowStart = plusDays(start, -Math.round(windowWeeks * 7));
  // The later of the two bounds the window.
  const from = daysBetween(windowStart, historyStart) > 0 ? historyStart : windowStart;
  const daily = new Array<number>(Math.max(0, daysBetween(from, start))).fill(0);
  for (const d of dates) {
    const i = daysBetween(from, d);
    if (i >= 0 && i < daily.length) daily[i]! += 1;
  }
  return sampleFromDailyCounts(from, daily, options);
};

/** What a forecast states about its sample. */
export const summarizeSample = (sample: ThroughputSample): SampleSummary => {
  const weeks = sample.days / 7;
  return {
    unit: sample.unit,
    dayMode: sample.dayMode,
    workingDays: sample.workingDays,
    from: sample.from,
    to: sample.to,
    periods: sample.counts.length,
    items: sample.items,
    weeks: Math.round(weeks * 100) / 100,
    itemsPerWeek: weeks === 0 ? 0 : Math.round((sample.items / weeks) * 100) / 100,
  };
};

/**
 * The refusal for a sample below the minimum history (at least `minItems` finished items AND at
 * least `minWeeks` weeks: both are needed, a burst of 30 items in two days is no history), or
 * null when the sample suffices.
 */
export const checkHistory = (
  sample: ThroughputSample,
  minItems: number,
  minWeeks: number,
): ForecastRefusal | null => {
  const weeks = Math.round((sample.days / 7) * 100) / 100;
  const missingItems = Math.max(0, minItems - sample.items);
  const missingWeeks = Math.max(0, Math.round((minWeeks - weeks) * 100) / 100);
  const noPeriods = sample.counts.length === 0;
  if (missingItems === 0 && missingWeeks === 0 && !noPeriods) return null;
  const lacks = [
    missingItems > 0 ? `${missingItems} more finished item${missingItems === 1 ? "" : "s"}` : null,
    missingWeeks > 0 ? `${missingWeeks} more week${missingWeeks === 1 ? "" : "s"} of history` : null,
    noPeriods ? `at least one whole ${sample.unit} to sample` : null,
  ].filter((s): s is string => s !== null);
  return {
    kind: "refused",
    reason: "insufficient_history",
    message:
      `Not enough history for a reliable forecast: ${sample.items} finished item${sample.items === 1 ? "" : "s"} ` +
      `in ${weeks} week${weeks === 1 ? "" : "s"} (${sample.from} to ${sample.to}); a forecast needs at least ` +
      `${minItems} items and ${minWeeks} weeks. Missing: ${lacks.join(" and ")}.`,
    history: { from: sample.from, to: sample.to, items: sample.items, weeks },
    required: { items: minItems, weeks: minWeeks },
    missing: { items: missingItems, weeks: missingWeeks },
  };
};
