import { z } from "zod";
import { addDays } from "../domain/time.ts";
import type { CalendarDate, Milestone, Person, PodMembership } from "../domain/types.ts";
import {
  averageFte,
  type BacktestResult,
  backtestForecasts,
  type CapacityChange,
  type CapacitySeries,
  capacitySeries,
  estimateScopeGrowth,
  type ForecastRefusal,
  forecastHowMany,
  forecastWhen,
  forecastWhenWithScopeGrowth,
  type HowManyForecast,
  sampleFromDailyCounts,
  type ThroughputSample,
  throughputSample,
  type WhenForecast,
  type WhenWithGrowthForecast,
} from "../engine/forecast.ts";
import type { EngagementHistory } from "../engine/history.ts";
import {
  finishInstants,
  type MilestoneAsOf,
  milestoneAsOf,
  milestoneScopeHistory,
} from "../engine/milestones.ts";
import { invalidInput, notFound } from "../errors.ts";
import { listMemberships } from "../store/engagements.ts";
import { listForecasts, type StoredForecast, saveForecast } from "../store/forecasts.ts";
import type { Store } from "../store/store.ts";
import { loadHistory } from "./history.ts";
import { parseTimeWindow } from "./time-window.ts";
import { calendarDate, parseInput } from "./validate.ts";

export const forecastInput = z
  .strictObject({
    milestone: z.string().min(1).optional(),
    items: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").optional(),
    by: calendarDate.optional(),
    asOf: z.string().optional(),
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    trials: z.coerce.number().int().min(1_000, "must be at least 1,000").max(1_000_000).default(10_000),
    windowWeeks: z.coerce.number().min(1).max(104).default(12),
    record: z.boolean().default(true),
  })
  .refine((v) => [v.milestone, v.items, v.by].filter((x) => x !== undefined).length === 1, {
    message: "give exactly one of --milestone, --items or --by",
  });

/** The roles whose capacity delivers items. */
const DELIVERY_ROLES = ["specialist", "tech_lead", "qa"] as const;

/**
 * The pod's capacity baseline and planned changes: the mean FTE of the history window, people
 * joining after `start` (ramping up over four weeks), people leaving (stopping on their last day)
 * and holidays on each member's working calendar.
 */
export const podCapacityPlan = (
  memberships: readonly PodMembership[],
  people: readonly Person[],
  sample: ThroughputSample,
  start: CalendarDate,
): { readonly baselineFte: number; readonly changes: readonly CapacityChange[] } => {
  const delivery = memberships.filter((m) => (DELIVERY_ROLES as readonly string[]).includes(m.role));
  const baselineFte = averageFte(delivery, sample.from, sample.to, [...DELIVERY_ROLES]);
  const calendars = new Map(people.map((p) => [p.id, p.calendar]));
  const changes: CapacityChange[] = [];
  for (const m of delivery) {
    const fte = m.allocationPct / 100;
    if (m.from >= start) {
      changes.push({
        kind: "add",
        from: m.from,
        fte,
        rampUpWeeks: 4,
        label: `${m.personId} joins (4-week ramp-up)`,
      });
    }
    if (m.to !== null && m.to >= start) {
      changes.push({
        kind: "remove",
        from: addDays(m.to, 1),
        fte,
        label: `${m.personId} leaves after ${m.to}`,
      });
    }
    // Holidays on the person's working calendar are time off while they are on the pod.
    for (const day of calendars.get(m.personId)?.holidays ?? []) {
      if (day < start || day < m.from || (m.to !== null && day > m.to)) continue;
      changes.push({ kind: "time_off", from: day, to: day, fte, label: `${m.personId} holiday ${day}` });
    }
  }
  return { baselineFte, changes };
};

/** The capacity series for a plan, or none when nothing changes (or nobody was on the pod). */
export const capacityOf = (
  plan: { readonly baselineFte: number; readonly changes: readonly CapacityChange[] },
  start: CalendarDate,
): CapacitySeries | undefined =>
  plan.baselineFte <= 0 || plan.changes.length === 0
    ? undefined
    : capacitySeries({ start, baselineFte: plan.baselineFte, changes: plan.changes });

export type EngagementForecast =
  | {
      readonly kind: "milestone";
      readonly engagementId: string;
      readonly asOf: string;
      readonly milestone: MilestoneAsOf;
      readonly forecast: WhenForecast | WhenWithGrowthForecast | ForecastRefusal;
    }
  | {
      readonly kind: "items";
      readonly engagementId: string;
      readonly asOf: string;
      readonly forecast: WhenForecast | ForecastRefusal;
    }
  | {
      readonly kind: "by";
      readonly engagementId: string;
      readonly asOf: string;
      readonly forecast: HowManyForecast | ForecastRefusal;
    };

const p85Of = (f: WhenForecast | WhenWithGrowthForecast | HowManyForecast | ForecastRefusal) =>
  f.kind === "when" ? f.p85?.date : f.kind === "when_with_growth" ? f.withGrowth.p85?.date : undefined;

/**
 * Forecasts an engagement from its own throughput: when a milestone's remaining scope (or N items)
 * will be done, or how many items will be done by a date. Milestone forecasts are recorded, so
 * reports can show how the forecast moved.
 */
export const forecastEngagement = async (
  store: Store,
  engagementId: string,
  input: unknown,
  now: Date,
): Promise<EngagementForecast> => {
  const data = parseInput(forecastInput, input, "forecast");
  const { asOf } = parseTimeWindow({ asOf: data.asOf }, now);
  const history = await loadHistory(store, engagementId);
  const timeZone = history.engagement.timeZone;
  const sample = throughputSample(finishInstants(history, asOf), {
    asOf,
    timeZone,
    windowWeeks: data.windowWeeks,
    historyStart: history.engagement.startDate,
  });
  const start = addDays(sample.to, 1);
  const capacity = capacityOf(
    podCapacityPlan(await listMemberships(store.db, engagementId), history.people, sample, start),
    start,
  );
  const common = { sample, start, seed: data.seed, trials: data.trials, ...(capacity ? { capacity } : {}) };

  if (data.items !== undefined) {
    return {
      kind: "items",
      engagementId,
      asOf,
      forecast: forecastWhen({ ...common, remaining: data.items }),
    };
  }
  if (data.by !== undefined) {
    if (data.by < start) throw invalidInput(`--by ${data.by} is not after the forecast's start ${start}`);
    return { kind: "by", engagementId, asOf, forecast: forecastHowMany({ ...common, by: data.by }) };
  }
  const wanted = data.milestone!.toLowerCase();
  const row = history.milestones.find((m) => m.id === data.milestone || m.name.toLowerCase() === wanted);
  if (!row) throw notFound(`milestone of ${engagementId}`, data.milestone!);
  const milestone = milestoneAsOf(history, row, asOf);
  const weeks = Array.from({ length: 13 }, (_, i) =>
    new Date(Date.parse(asOf) - (12 - i) * 7 * 86_400_000).toISOString(),
  );
  // Growth is measured from when the milestone first had scope: filling an empty epic is planning, not growth.
  const scopeSeries = milestoneScopeHistory(history, row, weeks);
  const firstScoped = scopeSeries.findIndex((point) => point.items > 0);
  const growth = estimateScopeGrowth(firstScoped < 0 ? [] : scopeSeries.slice(firstScoped), { timeZone });
  const options = { ...common, remaining: milestone.remaining.length, targetDate: milestone.targetDate };
  const forecast =
    growth.itemsPerWeek > 0
      ? forecastWhenWithScopeGrowth({ ...options, scopeGrowth: growth })
      : forecastWhen(options);
  if (data.record && forecast.kind !== "refused") {
    const when = forecast.kind === "when" ? forecast : forecast.withoutGrowth;
    const stored: StoredForecast = {
      id: `${engagementId}:${row.id}:when:${asOf}`,
      engagementId,
      milestoneId: row.id,
      kind: "when",
      asOf,
      madeAt: now.toISOString(),
      p50: when.p50?.date ?? null,
      p85: when.p85?.date ?? null,
      p95: when.p95?.date ?? null,
      targetDate: milestone.targetDate,
      probability: when.target?.probability ?? null,
      inputs: {
        ...when.inputs,
        remaining: when.remaining,
        withGrowthP85: p85Of(forecast) ?? null,
        // With scope still growing, the dates the reports state; charts draw their cone from them.
        ...(forecast.kind === "when_with_growth"
          ? {
              withGrowth: {
                p50: forecast.withGrowth.p50?.date ?? null,
                p85: forecast.withGrowth.p85?.date ?? null,
                p95: forecast.withGrowth.p95?.date ?? null,
              },
            }
          : {}),
      },
      result: { p50: when.p50, p85: when.p85, p95: when.p95, target: when.target },
    };
    await saveForecast(store.db, stored);
  }
  return { kind: "milestone", engagementId, asOf, milestone, forecast };
};

/** A milestone by id or name (case-insensitive). */
export const findMilestone = (history: EngagementHistory, engagementId: string, ref: string): Milestone => {
  const wanted = ref.toLowerCase();
  const row = history.milestones.find((m) => m.id === ref || m.name.toLowerCase() === wanted);
  if (!row) throw notFound(`milestone of ${engagementId}`, ref);
  return row;
};

/**
 * The growth of a milestone's scope over the 12 weeks before `asOf`, measured from when it first
 * had scope: filling an empty epic is planning, not growth.
 */
export const observedScopeGrowth = (history: EngagementHistory, milestone: Milestone, asOf: string) => {
  const weeks = Array.from({ length: 13 }, (_, i) =>
    new Date(Date.parse(asOf) - (12 - i) * 7 * 86_400_000).toISOString(),
  );
  const series = milestoneScopeHistory(history, milestone, weeks);
  const firstScoped = series.findIndex((point) => point.items > 0);
  return estimateScopeGrowth(firstScoped < 0 ? [] : series.slice(firstScoped), {
    timeZone: history.engagement.timeZone,
  });
};

export const samplesInput = z
  .strictObject({
    samples: z.string().min(1, "is required"),
    per: z.enum(["day", "week"]).default("week"),
    items: z.coerce.number().int().min(1).optional(),
    by: calendarDate.optional(),
    start: calendarDate,
    seed: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    trials: z.coerce.number().int().min(1_000).max(1_000_000).default(10_000),
  })
  .refine((v) => (v.items === undefined) !== (v.by === undefined), {
    message: "give exactly one of --items or --by",
  });

/**
 * A quick forecast from numbers typed in: throughput per day or per week (`3,5,0,2`). The minimum
 * history still applies: a handful of numbers is not a forecast.
 */
export const forecastFromSamples = (input: unknown): WhenForecast | HowManyForecast | ForecastRefusal => {
  const data = parseInput(samplesInput, input, "forecast");
  const counts = data.samples.split(",").map((part, index) => {
    const n = Number(part.trim());
    if (part.trim() === "" || !Number.isInteger(n) || n < 0) {
      throw invalidInput(
        `invalid forecast: samples[${index}] "${part.trim()}" is not a whole number of zero or more`,
      );
    }
    return n;
  });
  // A weekly sample is spread over its seven days; the engine samples it week by week.
  const daily = data.per === "week" ? counts.flatMap((c) => [c, 0, 0, 0, 0, 0, 0]) : counts;
  const from = addDays(data.start, -daily.length);
  const sample = sampleFromDailyCounts(from, daily, { unit: data.per, dayMode: "calendar" });
  const common = {
    sample,
    start: data.start,
    seed: data.seed,
    trials: data.trials,
    minItems: 1,
    minWeeks: data.per === "week" ? 3 : 1,
  };
  return data.items !== undefined
    ? forecastWhen({ ...common, remaining: data.items })
    : forecastHowMany({ ...common, by: data.by! });
};

/** How an engagement's milestone forecast moved: every recorded forecast, oldest first. */
export const forecastHistory = async (store: Store, engagementId: string, milestone: string) => {
  const history = await loadHistory(store, engagementId);
  return listForecasts(store.db, engagementId, findMilestone(history, engagementId, milestone).id);
};

/**
 * Scores the forecasts Baton would have made for this engagement: every week, forecast the next
 * 10/20/30 items from only the history known then, and check against what happened.
 */
export const backtestEngagement = async (
  store: Store,
  engagementId: string,
  input: { readonly asOf?: string | undefined; readonly seed?: number; readonly trials?: number },
  now: Date,
): Promise<BacktestResult> => {
  const { asOf } = parseTimeWindow({ asOf: input.asOf }, now);
  const history = await loadHistory(store, engagementId);
  return backtestForecasts(finishInstants(history, asOf), {
    seed: input.seed ?? 1,
    trials: input.trials ?? 2_000,
    timeZone: history.engagement.timeZone,
    historyStart: history.engagement.startDate,
  });
};
