import type { CalendarDate, Instant } from "../domain/types.ts";
import type { ChartData } from "./chart-data.ts";
import type { Rag } from "./facts.ts";

/**
 * The typed facts of the monthly review, the milestone report and the sprint review. Like the
 * weekly status's, they hold everything the report states and are stored with it; only
 * customer-visible records appear by name, and nothing describes an individual.
 */

export interface EngagementRef {
  readonly id: string;
  readonly name: string;
  readonly customer: string;
}

/** A customer-visible work item, by key. */
export interface ItemRef {
  readonly key: string;
  readonly title: string;
}

/** One figure this month beside the month before (null when there was nothing to measure). */
export interface Trend {
  readonly current: number | null;
  readonly previous: number | null;
}

export interface MonthlyMilestoneFact {
  readonly name: string;
  readonly targetDate: CalendarDate;
  /** The target as of the month's start, when it changed during the month. */
  readonly targetAtStart: CalendarDate | null;
  /** The local date it closed, if it did by the month's end. */
  readonly closedOn: CalendarDate | null;
  /** Hit when closed on or before its target. */
  readonly outcome: "hit" | "missed" | null;
  readonly scopeItems: number;
  readonly scopeItemsAtStart: number;
  /** Created during the month: it had no start-of-month state to compare with. */
  readonly plannedAfterStart: boolean;
  readonly remainingItems: number;
  readonly percentComplete: number | null;
  /** P85 as of the first day of the month and as of its end (fixed seed). */
  readonly p85AtStart: CalendarDate | null;
  readonly p85AtEnd: CalendarDate | null;
  readonly probabilityAtEnd: number | null;
  readonly noForecast: string | null;
}

export interface CsatSummary {
  readonly month: string;
  readonly responses: number;
  /** Share of promoters (9–10) minus share of detractors (0–6), in points from −100 to 100. */
  readonly nps: number | null;
  readonly average: number | null;
}

export interface MonthlyFacts {
  readonly kind: "monthly";
  readonly engagement: EngagementRef;
  readonly dm: string | null;
  readonly asOf: Instant;
  /** `YYYY-MM` and its first and last day. */
  readonly month: string;
  readonly range: { readonly from: CalendarDate; readonly to: CalendarDate };
  readonly previousMonth: string;
  readonly rag: { readonly status: Rag; readonly reasons: readonly string[] };
  readonly trends: {
    /** Items finished in the month. */
    readonly throughput: Trend;
    readonly cycleTimeP50Days: Trend;
    readonly cycleTimeP85Days: Trend;
    /** Share of review requests made in the month that got a first review within the SLA. */
    readonly reviewSlaAdherence: Trend;
    /** Items not done when a sprint ending in the month closed. */
    readonly carryoverItems: Trend;
    /** Items added to sprints after they started, in sprints ending in the month. */
    readonly scopeAddedItems: Trend;
  };
  readonly reviewSlaHours: number;
  readonly sprints: readonly string[];
  readonly milestones: readonly MonthlyMilestoneFact[];
  readonly delivered: { readonly items: number; readonly visible: readonly ItemRef[] };
  readonly escalations: {
    readonly opened: readonly {
      readonly title: string;
      readonly level: string;
      readonly openedOn: CalendarDate;
    }[];
    readonly resolved: readonly {
      readonly title: string;
      readonly resolvedOn: CalendarDate;
      readonly resolution: string | null;
    }[];
    /** Still open at the month's end. */
    readonly open: readonly { readonly title: string; readonly ask: string; readonly askedOf: string }[];
  };
  readonly decisions: {
    readonly decided: readonly {
      readonly number: number;
      readonly title: string;
      readonly decision: string | null;
      readonly decidedOn: CalendarDate;
    }[];
    readonly awaitingCustomer: readonly { readonly number: number; readonly title: string }[];
  };
  /** The customer-appropriate part of the DM's scorecard: this engagement's milestones due in the month. */
  readonly scorecard: {
    readonly due: readonly {
      readonly milestone: string;
      readonly targetDate: CalendarDate;
      readonly outcome: "hit" | "missed";
    }[];
    readonly hit: number;
    readonly missed: number;
  };
  /** The answers to last month's question, when there were any. */
  readonly csat: CsatSummary | null;
  readonly question: { readonly text: string; readonly scale: readonly [0, 10] };
  readonly charts: readonly ChartData[];
}

export interface MilestoneReportFacts {
  readonly kind: "milestone";
  readonly engagement: EngagementRef;
  readonly dm: string | null;
  readonly asOf: Instant;
  readonly milestone: {
    readonly id: string;
    readonly name: string;
    readonly targetDate: CalendarDate;
    /** Every earlier target, oldest first, with the day it changed. */
    readonly targetChanges: readonly {
      readonly on: CalendarDate;
      readonly from: CalendarDate;
      readonly to: CalendarDate;
    }[];
    readonly closedOn: CalendarDate | null;
    readonly outcome: "hit" | "missed" | null;
  };
  readonly progress: {
    readonly scopeItems: number;
    readonly doneItems: number;
    readonly remainingItems: number;
    readonly percentItems: number | null;
    readonly points: { readonly total: number; readonly done: number };
  };
  readonly forecast: {
    readonly p50: CalendarDate | null;
    readonly p85: CalendarDate | null;
    readonly p95: CalendarDate | null;
    readonly probability: number | null;
    readonly noForecast: string | null;
    /** The P85 allows for scope growing at this rate; without growth it would be `p85WithoutGrowth`. */
    readonly growth: { readonly itemsPerWeek: number; readonly p85WithoutGrowth: CalendarDate | null } | null;
  } | null;
  /** The P85 recorded at each earlier forecast, one per week at most, oldest first. */
  readonly movement: readonly { readonly on: CalendarDate; readonly p85: CalendarDate }[];
  /** Scope a week after it was first filled (the baseline) against now. */
  readonly scopeChange: {
    readonly baselineOn: CalendarDate | null;
    readonly baselineItems: number;
    readonly added: number;
    readonly removed: number;
    /** Customer-visible items added since the baseline. */
    readonly addedVisible: readonly ItemRef[];
  };
  readonly blocked: {
    readonly visible: readonly (ItemRef & { readonly since: CalendarDate })[];
    readonly others: number;
  };
  readonly dependencies: readonly {
    readonly title: string;
    readonly owner: string;
    readonly dueDate: CalendarDate | null;
    readonly customerOwed: boolean;
    readonly overdue: boolean;
  }[];
  readonly risks: readonly { readonly signalId: string; readonly pattern: string; readonly title: string }[];
  readonly rag: { readonly status: Rag; readonly reasons: readonly string[] };
  readonly charts: readonly ChartData[];
}

export interface SprintFigureFact {
  readonly items: number;
  readonly points: number;
}

export interface SprintReviewFacts {
  readonly kind: "sprint";
  readonly engagement: EngagementRef;
  readonly dm: string | null;
  readonly asOf: Instant;
  readonly sprint: {
    readonly id: string;
    readonly name: string;
    readonly goal: string | null;
    readonly state: "active" | "closed";
    readonly startOn: CalendarDate;
    readonly endOn: CalendarDate | null;
  };
  readonly planned: SprintFigureFact;
  readonly added: SprintFigureFact;
  readonly removed: SprintFigureFact;
  readonly completed: SprintFigureFact;
  readonly completedPlanned: SprintFigureFact;
  readonly notCompleted: SprintFigureFact;
  /** Not done when the sprint closed (empty while it is active); `twicePlus` carried over two or more times. */
  readonly carryover: SprintFigureFact & { readonly twicePlus: number };
  readonly velocity: number;
  readonly rollingVelocity: { readonly sprints: number; readonly mean: number | null };
  readonly planningAccuracy: number | null;
  readonly delivered: { readonly items: number; readonly visible: readonly ItemRef[] };
  /** Customer-visible items in the sprint and not done, flagged when blocked. */
  readonly notDone: {
    readonly visible: readonly (ItemRef & { readonly blocked: boolean })[];
    readonly others: number;
  };
  readonly reviewSla: {
    readonly limitHours: number;
    readonly met: number;
    readonly breached: number;
    readonly adherence: number | null;
  };
  readonly charts: readonly ChartData[];
}
