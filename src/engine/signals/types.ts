import type { DmAssignment, Engagement, Instant, PodMembership } from "../../domain/types.ts";
import type { FlowReport } from "../flow-types.ts";
import type { EngagementHistory } from "../history.ts";
import type { ReviewMetrics } from "../reviews-types.ts";
import type { StartedSprintReport } from "../sprints-types.ts";

/** The named conditions Baton watches for. `anomaly` covers every metric series judged against its own baseline. */
export const PATTERNS = [
  "scope_drift",
  "review_bottleneck",
  "carryover_creep",
  "late_scope_dumping",
  "silent_blocker",
  "overcommitment",
  "milestone_slip",
  "wip_explosion",
  "bounce_backs",
  "hero_dependency",
  "unreviewed_merges",
  "dm_load",
  "anomaly",
] as const;

export type Pattern = (typeof PATTERNS)[number];

/** How urgent: `high` signals are the ones that notify. */
export type Severity = "low" | "medium" | "high";

/** Who should act: L1 the pod itself, L2 customer leadership, L3 the delivery director. */
export type EscalationLevel = "L1" | "L2" | "L3";

/** One point of a series shown as evidence (a week's or sprint's value). */
export interface SeriesPoint {
  /** The week's Monday, the sprint's name, or an instant. */
  readonly label: string;
  readonly value: number;
}

/** What a signal rests on: the records behind it, the series and the thresholds it crossed. */
export interface Evidence {
  /** Work-item ids. */
  readonly items: readonly string[];
  /** Pull-request ids. */
  readonly pullRequests: readonly string[];
  /** Sprint, milestone or review-request ids, and people, when the condition is about them. */
  readonly other: readonly string[];
  /** Named series, e.g. `scope (items)` week by week. */
  readonly series: Readonly<Record<string, readonly SeriesPoint[]>>;
  /** The thresholds and observed values behind the decision, by name. */
  readonly thresholds: Readonly<Record<string, number | string>>;
}

/**
 * One condition a detector found as of an instant. `key` names the condition (pattern plus what
 * it is about, e.g. `scope_drift:<milestone id>`), so repeated runs update one signal instead of
 * adding another. `measure` says how bad it is on the pattern's own scale (bigger is worse):
 * a dismissed signal reopens only when the measure grows materially.
 */
export interface Finding {
  readonly pattern: Pattern;
  readonly key: string;
  readonly severity: Severity;
  readonly title: string;
  readonly summary: string;
  readonly evidence: Evidence;
  readonly suggestedAction: string;
  readonly escalationLevel: EscalationLevel;
  readonly measure: number;
}

/** The pod's staffing around the engagement, for the DM-load rules (absent: not judged). */
export interface StaffingContext {
  readonly engagements: readonly Engagement[];
  readonly memberships: readonly PodMembership[];
  readonly assignments: readonly DmAssignment[];
}

/** Tunable thresholds of the detectors; the defaults are the documented ones. */
export interface SignalOptions {
  /** Weeks of history the flow and review series cover (default 16). */
  readonly windowWeeks?: number;
  /** Weeks of history needed before series-based detectors judge (default 6). */
  readonly minHistoryWeeks?: number;
  readonly staffing?: StaffingContext;
}

/** Metric series derived once per evaluation and shared by every detector. */
export interface DerivedSeries {
  readonly asOf: Instant;
  /** Week starts (local Mondays) of the window, oldest first; the last may be partial. */
  readonly weeks: readonly WeekPoint[];
  /** Started sprints as of `asOf`, oldest first; the last may be active. */
  readonly sprints: readonly StartedSprintReport[];
  readonly flow: FlowReport;
  readonly reviews: ReviewMetrics;
  /** Weeks of history behind `asOf` (from the engagement's start or first event). */
  readonly historyWeeks: number;
}

/** One full week of the window with the flow and review figures of that week. */
export interface WeekPoint {
  readonly week: string;
  readonly start: Instant;
  readonly end: Instant;
  /** False for the current, partial week and for holiday-heavy weeks: anomaly baselines skip them. */
  readonly comparable: boolean;
  readonly throughput: number;
  /** Median cycle time (days) of items finished this week; null with none. */
  readonly cycleTimeDays: number | null;
  /** Items in progress at the end of the week. */
  readonly wip: number;
  /** Median working hours to first review of requests made this week; null with none reviewed. */
  readonly timeToFirstReviewHours: number | null;
  /** Hours items spent blocked during the week. */
  readonly blockedHours: number;
}

/** Everything a detector reads: the history, the instant, the derived series and the options. */
export interface DetectorInput {
  readonly history: EngagementHistory;
  readonly asOf: Instant;
  readonly series: DerivedSeries;
  readonly options: SignalOptions;
}

/** A named detector: a pure function from its input to the conditions it finds. */
export interface Detector {
  readonly pattern: Pattern;
  /** One line a DM recognises. */
  readonly description: string;
  detect(input: DetectorInput): readonly Finding[];
}

/** Helper for building evidence with empty defaults. */
export const evidence = (parts: Partial<Evidence>): Evidence => ({
  items: parts.items ?? [],
  pullRequests: parts.pullRequests ?? [],
  other: parts.other ?? [],
  series: parts.series ?? {},
  thresholds: parts.thresholds ?? {},
});
