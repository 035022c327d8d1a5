import type { CalendarDate, PodMembership, PodRole } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import { plusDays } from "./flow-days.ts";
import { daysBetween } from "./forecast-sample.ts";
import type { CapacityChange, CapacitySeries } from "./forecast-types.ts";

/**
 * Capacity assumptions for the forecasts. Throughput is sampled from a history window in which the
 * pod had some capacity (`baselineFte`); a capacity series says, per future day, how the pod's
 * capacity compares with that (1 = the same). The forecasts multiply each simulated period's
 * sampled throughput by its factor and round stochastically (seeded), which keeps the expected
 * throughput exactly proportional to capacity: halving capacity roughly doubles the duration.
 * This assumes throughput scales linearly with FTE — a simplification, stated in the result.
 */

const fmt = (n: number) => String(Math.round(n * 100) / 100);

const describe = (c: CapacityChange): string => {
  const who = c.label ? `${c.label}: ` : "";
  const until = c.to ? ` to ${c.to}` : "";
  switch (c.kind) {
    case "add":
      return (
        `${who}+${fmt(c.fte)} FTE from ${c.from}${until}` +
        (c.rampUpWeeks && c.rampUpWeeks > 0
          ? `, ramping up linearly to full over ${fmt(c.rampUpWeeks)} week${c.rampUpWeeks === 1 ? "" : "s"}`
          : ", at full speed at once")
      );
    case "remove":
      return `${who}−${fmt(c.fte)} FTE from ${c.from}${c.to ? ` (back after ${c.to})` : ""}`;
    case "time_off":
      return `${who}${fmt(c.fte)} FTE away from ${c.from} to ${c.to ?? c.from}`;
  }
};

/** FTE a change contributes on `day` days after the series start (negative for removals and time off). */
const contribution = (c: CapacityChange, day: number, start: CalendarDate): number => {
  const since = day - daysBetween(start, c.from);
  if (since < 0) return 0;
  const end = c.to ?? (c.kind === "time_off" ? c.from : null);
  if (end !== null && day > daysBetween(start, end)) return 0;
  if (c.kind === "add") {
    const rampDays = (c.rampUpWeeks ?? 0) * 7;
    return rampDays > 0 ? c.fte * Math.min(1, (since + 1) / rampDays) : c.fte;
  }
  return -c.fte;
};

/** Options of `capacitySeries`. */
export interface CapacitySeriesOptions {
  /** First day of the series (the forecast's start). */
  readonly start: CalendarDate;
  /** The pod's FTE during the history window the throughput was sampled from. */
  readonly baselineFte: number;
  readonly changes: readonly CapacityChange[];
}

/**
 * The capacity factor per day from `start`: (baseline + the changes' FTE that day) ÷ baseline,
 * never below 0. An `add` with `rampUpWeeks` contributes linearly from 1/(7·weeks) of its FTE on
 * its first day to all of it after the ramp; a `remove` without `to` is permanent; `time_off`
 * lasts from `from` to `to` inclusive. The series runs until the last change has settled.
 */
export const capacitySeries = (options: CapacitySeriesOptions): CapacitySeries => {
  const { start, baselineFte, changes } = options;
  if (!(baselineFte > 0)) throw invalidInput("baselineFte must be positive", { baselineFte });
  for (const c of changes) {
    if (!(c.fte >= 0)) throw invalidInput("a capacity change needs a non-negative fte", { change: c });
    if (c.to !== undefined && c.to < c.from)
      throw invalidInput("a capacity change ends before it starts", { change: c });
  }
  let days = 1;
  for (const c of changes) {
    const settled = daysBetween(start, c.from) + Math.ceil((c.rampUpWeeks ?? 0) * 7);
    const ends = c.to ? daysBetween(start, c.to) + 1 : 0;
    days = Math.max(days, settled + 1, ends + 1);
  }
  const factors = Array.from({ length: days }, (_, day) => {
    let fte = baselineFte;
    for (const c of changes) fte += contribution(c, day, start);
    return Math.max(0, fte / baselineFte);
  });
  return {
    start,
    factors,
    baselineFte,
    changes,
    assumptions: [
      `Throughput scales with capacity relative to ${fmt(baselineFte)} FTE in the history window`,
      ...changes.map(describe),
    ],
  };
};

/** Options of `rotationChanges`. */
export interface RotationOptions {
  /** The incoming person's first day. */
  readonly at: CalendarDate;
  readonly fte: number;
  /** Weeks until the newcomer is at full speed (default 4). */
  readonly rampUpWeeks?: number;
  /** Weeks the outgoing person stays to hand over (default 1). */
  readonly handoverWeeks?: number;
  /** Share of the outgoing person's time the hand-over takes (default 0.5). */
  readonly handoverShare?: number;
  readonly label?: string;
}

/**
 * A rotation as capacity changes: the newcomer joins at `at` and ramps up; the outgoing person
 * spends `handoverShare` of their time handing over for `handoverWeeks`, then leaves.
 */
export const rotationChanges = (options: RotationOptions): CapacityChange[] => {
  const handoverDays = Math.round((options.handoverWeeks ?? 1) * 7);
  const share = options.handoverShare ?? 0.5;
  const label = options.label ?? "rotation";
  const changes: CapacityChange[] = [
    {
      kind: "add",
      from: options.at,
      fte: options.fte,
      rampUpWeeks: options.rampUpWeeks ?? 4,
      label: `${label}, newcomer`,
    },
    { kind: "remove", from: plusDays(options.at, handoverDays), fte: options.fte, label: `${label}, leaver` },
  ];
  if (handoverDays > 0 && share > 0) {
    changes.push({
      kind: "time_off",
      from: options.at,
      to: plusDays(options.at, handoverDays - 1),
      fte: options.fte * share,
      label: `${label}, hand-over`,
    });
  }
  return changes;
};

/**
 * The pod's mean FTE over the days `from`–`to` (inclusive) from its memberships (allocation 100 =
 * 1 FTE), counting the given roles (default: specialists, who deliver the items): the baseline for
 * `capacitySeries` over a history window.
 */
export const averageFte = (
  memberships: readonly PodMembership[],
  from: CalendarDate,
  to: CalendarDate,
  roles: readonly PodRole[] = ["specialist"],
): number => {
  const days = daysBetween(from, to) + 1;
  if (days <= 0) return 0;
  let total = 0;
  for (const m of memberships) {
    if (!roles.includes(m.role)) continue;
    const first = m.from > from ? m.from : from;
    const last = m.to === null || m.to > to ? to : m.to;
    const overlap = daysBetween(first, last) + 1;
    if (overlap > 0) total += (m.allocationPct / 100) * overlap;
  }
  return total / days;
};
