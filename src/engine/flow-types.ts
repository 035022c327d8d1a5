import type { CalendarDate, Instant, WorkItem } from "../domain/types.ts";
import type { BlockedSpell, BounceBack } from "./flow-item.ts";

/** The result shapes of the flow metrics (see flow.ts for their semantics). */

/** The window of a flow report. */
export interface FlowOptions {
  /** Start of the window (default: 12 weeks before `to`). */
  readonly from?: Instant;
  /** End of the window (default and maximum: `asOf`). */
  readonly to?: Instant;
  /** Which items count (default: all), e.g. leave out epics; may read only static fields such as `type`. */
  readonly includeItem?: (item: WorkItem) => boolean;
}

/** An item that reached Done (its last entry into Done) within the window. */
export interface FinishedItem {
  readonly itemId: string;
  readonly createdAt: Instant | null;
  /** First entry into In Progress; null when it went to Done without being started. */
  readonly startedAt: Instant | null;
  /** The last entry into Done. */
  readonly doneAt: Instant;
  /** Time spent in In Progress from first start to the last Done; null when never started. */
  readonly cycleTimeHours: number | null;
  readonly cycleTimeDays: number | null;
  readonly leadTimeHours: number | null;
  readonly leadTimeDays: number | null;
  /** Done, reopened and done again: counted once, at the last Done. */
  readonly reopened: boolean;
  /** Evidence: the created, first-start and last-done events. */
  readonly eventIds: readonly string[];
}

/** Percentiles of a duration over finished items (R7 interpolation; null when there are none). */
export interface DurationPercentiles {
  readonly count: number;
  readonly p50Hours: number | null;
  readonly p85Hours: number | null;
  readonly p95Hours: number | null;
  readonly p50Days: number | null;
  readonly p85Days: number | null;
  readonly p95Days: number | null;
  readonly itemIds: readonly string[];
}

/** Items reaching Done in one day or week. */
export interface ThroughputBucket {
  /** The local date of the day, or of the week's Monday. */
  readonly date: CalendarDate;
  /** Days of the bucket inside the window (a week at the window's edge can be partial). */
  readonly days: number;
  readonly count: number;
  readonly itemIds: readonly string[];
}

/** An item in progress at `asOf`, with its age against the cycle-time percentiles. */
export interface WipItem {
  readonly itemId: string;
  readonly status: string | null;
  readonly startedAt: Instant;
  readonly ageHours: number;
  readonly ageDays: number;
  /** The highest cycle-time percentile its age already exceeds. */
  readonly beyond: "p95" | "p85" | "p50" | null;
  readonly blocked: boolean;
  readonly eventIds: readonly string[];
}

/** Items per status category at the end of one local day. */
export interface CumulativeFlowDay {
  readonly date: CalendarDate;
  /** The instant counted: the day's last millisecond, or the window's end on its last day. */
  readonly at: Instant;
  readonly todo: number;
  readonly inProgress: number;
  readonly done: number;
}

/** An item's blocked time inside the window. */
export interface BlockedItem {
  readonly itemId: string;
  readonly hours: number;
  readonly days: number;
  /** Blocked at `asOf`. */
  readonly blockedNow: boolean;
  /** The spells overlapping the window, unclipped. */
  readonly spells: readonly BlockedSpell[];
}

/** Flow metrics of an engagement as of a moment, over a window. */
export interface FlowReport {
  readonly asOf: Instant;
  readonly timeZone: string;
  readonly from: Instant;
  /** The window's end (never after `asOf`). */
  readonly to: Instant;
  /** Items whose last Done lies in the window, in the order they finished. */
  readonly finished: readonly FinishedItem[];
  readonly cycleTime: DurationPercentiles;
  readonly leadTime: DurationPercentiles;
  readonly throughput: {
    readonly total: number;
    readonly perDay: readonly ThroughputBucket[];
    readonly perWeek: readonly ThroughputBucket[];
  };
  /** In Progress at `asOf`, oldest first. */
  readonly wip: { readonly count: number; readonly items: readonly WipItem[] };
  readonly cumulativeFlow: readonly CumulativeFlowDay[];
  /** Moves from a later category to an earlier one within the window. */
  readonly bounceBacks: readonly BounceBack[];
  readonly blocked: {
    readonly totalHours: number;
    readonly totalDays: number;
    readonly items: readonly BlockedItem[];
  };
}
