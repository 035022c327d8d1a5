import type { CalendarDate, Instant } from "../domain/types.ts";
import type { EngagementHistory } from "../engine/history.ts";
import type { CycleTimeData } from "../reports/chart-data.ts";
import type { Store } from "../store/store.ts";
import { forecastEngagement } from "./forecasts.ts";

/** A milestone forecast as reports state it: P50/P85/P95, the chance of the target, or why there is none. */
export interface ReportForecast {
  readonly p50: CalendarDate | null;
  readonly p85: CalendarDate | null;
  readonly p95: CalendarDate | null;
  readonly probability: number | null;
  readonly noForecast: string | null;
  /** When the milestone's scope has been growing: the rate the P85 allows for, and the P85 without it. */
  readonly growth: { readonly itemsPerWeek: number; readonly p85WithoutGrowth: CalendarDate | null } | null;
}

/**
 * Forecasts a milestone as of `asOf` with the fixed seed every report uses, so the same history
 * gives the same dates. The P85 allows for observed scope growth when there is any; P50 and the
 * chance of the target are the plain forecast's. `record` keeps it for later movement figures.
 */
export const reportForecast = async (
  store: Store,
  engagementId: string,
  milestoneId: string,
  asOf: Instant,
  now: Date,
  record: boolean,
): Promise<ReportForecast> => {
  const { forecast: f } = await forecastEngagement(
    store,
    engagementId,
    { milestone: milestoneId, asOf, seed: 1, record },
    now,
  );
  if (f.kind === "refused")
    return { p50: null, p85: null, p95: null, probability: null, noForecast: f.message, growth: null };
  if (f.kind !== "when" && f.kind !== "when_with_growth")
    return { p50: null, p85: null, p95: null, probability: null, noForecast: null, growth: null };
  const plain = f.kind === "when" ? f : f.withoutGrowth;
  const grown = f.kind === "when_with_growth" ? f.withGrowth : plain;
  return {
    p50: plain.p50?.date ?? null,
    p85: grown.p85?.date ?? null,
    p95: grown.p95?.date ?? null,
    probability: plain.target?.probability ?? null,
    noForecast: null,
    growth:
      f.kind === "when_with_growth"
        ? {
            itemsPerWeek: Math.round(f.growth.itemsPerWeek * 10) / 10,
            p85WithoutGrowth: plain.p85?.date ?? null,
          }
        : null,
  };
};

const DAY = 86_400_000;

/** Whole days from one date to another (positive when `to` is later). */
export const daysBetween = (from: CalendarDate, to: CalendarDate): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** Rounds to one decimal, keeping null. */
export const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/** Rounds a share to three decimals, keeping null. */
export const round3 = (n: number | null): number | null => (n === null ? null : Math.round(n * 1000) / 1000);

/** The cycle-time chart as a customer may see it: every dot stays, only customer-visible items keep their key. */
export const customerCycleTime = (history: EngagementHistory, data: CycleTimeData): CycleTimeData => {
  const visible = new Set(history.items.filter((i) => i.customerVisible).map((i) => i.key));
  return { ...data, points: data.points.map((p) => (visible.has(p.key) ? p : { ...p, key: "" })) };
};
