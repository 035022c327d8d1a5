import type { CalendarDate } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import { plusDays, usableTimeZone } from "./flow-days.ts";
import { dateOf, daysBetween } from "./forecast-sample.ts";
import type { ScopeGrowthModel, ScopeObservation } from "./forecast-types.ts";

/**
 * Scope growth of a milestone, for the "when" forecasts. The rate is the net growth of the scope
 * (items in scope, done ones included) between the first and the last observation, per week:
 * splits and additions count, removals offset them. A shrinking scope gives no growth (the
 * forecast does not assume scope will keep shrinking). In each trial every simulated calendar day
 * adds a Poisson-distributed number of items with mean rate ÷ 7: additions arrive independently at
 * the observed average pace, so trials differ in how much scope they gain, and growth continues
 * until the trial's remaining work is done.
 */

const fmt = (n: number) => String(Math.round(n * 100) / 100);

/** Options of `estimateScopeGrowth`. */
export interface ScopeGrowthOptions {
  /** Only the last this-many weeks (measured from the observation at, or else just before, the cut). */
  readonly windowWeeks?: number;
  /** Zone for instants (default UTC). */
  readonly timeZone?: string;
}

/**
 * The growth model from a milestone's observed scope (e.g. `milestoneScopeHistory` weekly).
 * Fewer than two observations, or less than a week between the first and last, give a rate of 0
 * with a note saying why.
 */
export const estimateScopeGrowth = (
  observations: readonly ScopeObservation[],
  options: ScopeGrowthOptions = {},
): ScopeGrowthModel => {
  const tz = usableTimeZone(options.timeZone ?? "UTC");
  const points = observations
    .map((o) => ({ date: dateOf(o.at, tz), items: o.items }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let used = points;
  const lastPoint = points[points.length - 1];
  if (options.windowWeeks !== undefined && lastPoint) {
    const cut: CalendarDate = plusDays(lastPoint.date, -Math.round(options.windowWeeks * 7));
    const firstInside = points.findIndex((p) => p.date >= cut);
    const baseline = points[firstInside]?.date === cut ? firstInside : firstInside - 1;
    used = points.slice(Math.max(0, baseline));
  }
  const first = used[0];
  const last = used[used.length - 1];
  if (!first || !last || used.length < 2) {
    return {
      model: "poisson",
      itemsPerWeek: 0,
      observed: null,
      note: "no scope history: no growth modelled",
    };
  }
  const days = daysBetween(first.date, last.date);
  const weeks = Math.round((days / 7) * 100) / 100;
  const observed = { from: first.date, to: last.date, weeks, fromItems: first.items, toItems: last.items };
  if (days < 7) {
    return {
      model: "poisson",
      itemsPerWeek: 0,
      observed,
      note: `scope observed over less than a week (${first.date} to ${last.date}): no growth modelled`,
    };
  }
  const net = last.items - first.items;
  if (net <= 0) {
    return {
      model: "poisson",
      itemsPerWeek: 0,
      observed,
      note: `scope went from ${first.items} to ${last.items} items over ${fmt(weeks)} weeks: no growth modelled`,
    };
  }
  const rate = (net * 7) / days;
  return {
    model: "poisson",
    itemsPerWeek: rate,
    observed,
    note: `scope grew from ${first.items} to ${last.items} items over ${fmt(weeks)} weeks (${fmt(rate)} a week)`,
  };
};

/** A growth model with a rate given directly (items per week), e.g. for what-if questions. */
export const scopeGrowthRate = (itemsPerWeek: number): ScopeGrowthModel => {
  if (!(itemsPerWeek >= 0)) throw invalidInput("itemsPerWeek must be zero or more", { itemsPerWeek });
  return {
    model: "poisson",
    itemsPerWeek,
    observed: null,
    note: `scope assumed to grow by ${fmt(itemsPerWeek)} items a week`,
  };
};
