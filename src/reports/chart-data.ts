import type { CalendarDate } from "../domain/types.ts";

/**
 * The data behind each chart a report or the web app draws. Reports store it inside their facts,
 * so a chart can be traced like any number; `src/charts` turns it into the same picture for an
 * email, a PDF and the browser.
 */

/** Done and total scope per day, with the forecast of when the remaining scope is done. */
export interface BurnupData {
  readonly kind: "burnup";
  readonly title: string;
  readonly unit: "items" | "points";
  readonly points: readonly { readonly date: CalendarDate; readonly done: number; readonly scope: number }[];
  /** The date the scope is due, drawn as a marker. */
  readonly target: CalendarDate | null;
  /** Forecast finish dates, drawn as a cone from the last point to the scope line. */
  readonly forecast: {
    readonly p50: CalendarDate | null;
    readonly p85: CalendarDate | null;
    readonly p95: CalendarDate | null;
  } | null;
}

/** One dot per finished item: when it finished and how many days it took, with percentile lines. */
export interface CycleTimeData {
  readonly kind: "cycle_time";
  readonly title: string;
  readonly points: readonly { readonly date: CalendarDate; readonly days: number; readonly key: string }[];
  readonly p50: number | null;
  readonly p85: number | null;
  readonly p95: number | null;
}

/** Review requests answered within the SLA and late, per week, against the policy. */
export interface ReviewSlaData {
  readonly kind: "review_sla";
  readonly title: string;
  readonly limitHours: number;
  readonly weeks: readonly {
    readonly weekEnding: CalendarDate;
    readonly met: number;
    readonly breached: number;
  }[];
}

/** Items in each workflow state per day, states in workflow order (first = earliest). */
export interface CfdData {
  readonly kind: "cfd";
  readonly title: string;
  readonly states: readonly string[];
  readonly days: readonly { readonly date: CalendarDate; readonly counts: readonly number[] }[];
}

export type ChartData = BurnupData | CycleTimeData | ReviewSlaData | CfdData;
