import type { CalendarDate, Instant, SprintState } from "../domain/types.ts";
import type { ReEstimate } from "./sprints-walk.ts";

/** The result shapes of the sprint metrics (see sprints.ts for their semantics). */

/** One item's part in a sprint figure, with the events that put it there. */
export interface SprintEntry {
  readonly itemId: string;
  /** The estimate this entry counts (see the module doc for which moment); null = unestimated, counted as 0. */
  readonly points: number | null;
  /** The moment the entry describes: the sprint start, the crossing, or the evaluation instant. */
  readonly at: Instant;
  /** Evidence: the membership, status or estimate events behind the entry. */
  readonly eventIds: readonly string[];
}

/** A count of items and their points, with the entries as evidence. */
export interface SprintFigure {
  readonly items: number;
  readonly points: number;
  /** Entries without an estimate (they count 0 points). */
  readonly unestimated: number;
  readonly entries: readonly SprintEntry[];
}

/** Estimate changes on items in the sprint after its start. */
export interface ReEstimation {
  readonly count: number;
  /** Net points change. */
  readonly pointsDelta: number;
  readonly changes: readonly ReEstimate[];
}

/** A ratio in items and in points; null when the denominator is zero. */
export interface Ratio {
  readonly items: number | null;
  readonly points: number | null;
}

/** The sprint's scope, completed and remaining work at one instant (burndown and burnup). */
export interface BurnPoint {
  /** Local date (engagement time zone) of the instant. */
  readonly date: CalendarDate;
  /** The instant described: the start, then each day's end (the last day ends at evaluation). */
  readonly at: Instant;
  readonly scopeItems: number;
  readonly scopePoints: number;
  readonly completedItems: number;
  readonly completedPoints: number;
  readonly remainingItems: number;
  readonly remainingPoints: number;
}

/** Mean and median velocity over the last N closed sprints. */
export interface RollingVelocity {
  /** N, the requested window. */
  readonly window: number;
  /** The closed sprints used, oldest first (fewer than N when history is short). */
  readonly sprintIds: readonly string[];
  readonly velocities: readonly number[];
  readonly mean: number | null;
  readonly median: number | null;
}

/** A sprint that has started (active) or finished (closed) as of the moment asked about. */
export interface StartedSprintReport {
  readonly sprintId: string;
  readonly name: string;
  readonly state: Exclude<SprintState, "future">;
  readonly startedAt: Instant;
  /** Null while the sprint is active. */
  readonly completedAt: Instant | null;
  /** Completion, or `asOf` for an active sprint: the end-of-sprint figures describe this instant. */
  readonly evaluatedAt: Instant;
  /** The sprint events that set its start and completion. */
  readonly eventIds: readonly string[];
  /** In the sprint at its start (estimate at start). */
  readonly planned: SprintFigure;
  /** Entered after start, one entry per entry into the sprint (estimate when added). */
  readonly added: SprintFigure;
  /** Left after start and before completion, one entry per exit (estimate when removed). */
  readonly removed: SprintFigure;
  readonly reEstimated: ReEstimation;
  /** Jira's scope change: added − removed items; added + re-estimation − removed points. */
  readonly scopeChange: { readonly items: number; readonly points: number };
  /** In the sprint at evaluation with status category done (estimate at evaluation). */
  readonly completed: SprintFigure;
  readonly completedPlanned: SprintFigure;
  readonly completedAdded: SprintFigure;
  /** In the sprint at evaluation and not done. */
  readonly notCompleted: SprintFigure;
  /** Not done at completion (closed sprints only; empty while active). */
  readonly carryover: SprintFigure;
  /** Carryover entries carried over from at least two closed sprints, this one included. */
  readonly carryover2Plus: SprintFigure;
  /** Items already done when they first counted for the sprint: excluded from every other figure. */
  readonly doneOutside: SprintFigure;
  /** Completed points. */
  readonly velocity: number;
  /** Over this sprint and the closed sprints before it (for an active sprint: the last closed ones). */
  readonly rollingVelocity: RollingVelocity;
  /** Completed-planned ÷ planned (points: the completed planned items' estimates at start). */
  readonly planningAccuracy: Ratio;
  /** All completed ÷ planned (points: velocity ÷ planned points). */
  readonly capacityAccuracy: Ratio;
  /** The start, then one point per local day at the end of the day. */
  readonly burndown: readonly BurnPoint[];
}

/** A sprint that exists but has not started: its scope so far. */
export interface FutureSprintReport {
  readonly sprintId: string;
  readonly name: string;
  readonly state: "future";
  /** Items in it as of `asOf` (estimate as of `asOf`). */
  readonly scope: SprintFigure;
  /** Over the last closed sprints as of `asOf`. */
  readonly rollingVelocity: RollingVelocity;
}

export type SprintReport = StartedSprintReport | FutureSprintReport;

/** Options of the sprint metrics. */
export interface SprintOptions {
  /** N of the rolling velocity: how many closed sprints (default 3). */
  readonly velocityWindow?: number;
}
