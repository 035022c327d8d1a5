import type { CalendarDate, Instant } from "../domain/types.ts";
import type { MilestoneAsOf } from "../engine/milestones.ts";

/**
 * The typed facts a weekly status is written from. Everything a report states is here, so every
 * number can be traced, and the facts are stored with the report. Only customer-visible records
 * appear by name: the customer reads this.
 */
export type Rag = "green" | "amber" | "red";

export interface MilestoneFact {
  readonly name: string;
  readonly targetDate: CalendarDate;
  readonly closed: boolean;
  readonly scopeItems: number;
  readonly remainingItems: number;
  /** Share of scope items done (0–1); null with an empty scope. */
  readonly percentComplete: number | null;
  readonly p50: CalendarDate | null;
  readonly p85: CalendarDate | null;
  /** Chance of finishing by the target (0–1). */
  readonly probability: number | null;
  /** The P85 recorded a week or more before, to show movement. */
  readonly p85LastWeek: CalendarDate | null;
  /** Days the P85 moved since then (positive = later). */
  readonly movementDays: number | null;
  /** Why there is no forecast, when there is none. */
  readonly noForecast: string | null;
}

export interface SprintFact {
  readonly name: string;
  readonly endsOn: CalendarDate | null;
  readonly plannedItems: number;
  readonly addedItems: number;
  readonly removedItems: number;
  readonly completedItems: number;
  readonly remainingItems: number;
}

export interface WeeklyFacts {
  readonly kind: "weekly";
  readonly engagement: { readonly id: string; readonly name: string; readonly customer: string };
  readonly dm: string | null;
  readonly asOf: Instant;
  readonly week: { readonly from: CalendarDate; readonly to: CalendarDate };
  readonly rag: { readonly status: Rag; readonly reasons: readonly string[] };
  readonly milestones: readonly MilestoneFact[];
  readonly sprint: SprintFact | null;
  readonly delivered: {
    readonly items: number;
    /** Customer-visible items delivered this week, by key. */
    readonly visible: readonly { readonly key: string; readonly title: string }[];
  };
  readonly flow: {
    readonly throughputPerWeek: number | null;
    readonly cycleTimeP50Days: number | null;
    readonly wip: number;
  };
  readonly reviewSla: {
    readonly limitHours: number;
    readonly met: number;
    readonly breached: number;
    readonly adherence: number | null;
  };
  readonly escalations: readonly {
    readonly id: string;
    readonly title: string;
    readonly level: string;
    readonly status: string;
    readonly ask: string;
    readonly askedOf: string;
    readonly dueDate: CalendarDate | null;
  }[];
  readonly decisionsAwaitingCustomer: readonly {
    readonly id: string;
    readonly number: number;
    readonly title: string;
    readonly options: readonly string[];
  }[];
  readonly overdueCustomerDependencies: readonly {
    readonly title: string;
    readonly owner: string;
    readonly dueDate: CalendarDate;
    readonly daysOverdue: number;
  }[];
  /** Open high-severity signals about delivery (never ones about individual people). */
  readonly risks: readonly { readonly signalId: string; readonly pattern: string; readonly title: string }[];
  readonly capacityChanges: readonly {
    readonly name: string;
    readonly change: "joins" | "leaves";
    readonly date: CalendarDate;
  }[];
}

/**
 * A milestone as the RAG rule reads it, from its state as of a moment and its forecast (no
 * movement: only the weekly status compares with last week).
 */
export const ragMilestone = (
  name: string,
  state: MilestoneAsOf,
  forecast: {
    readonly p50: CalendarDate | null;
    readonly p85: CalendarDate | null;
    readonly probability: number | null;
    readonly noForecast: string | null;
  } | null,
): MilestoneFact => ({
  name,
  targetDate: state.targetDate,
  closed: state.closedAt !== null,
  scopeItems: state.scope.length,
  remainingItems: state.remaining.length,
  percentComplete: state.percentComplete.items,
  p50: forecast?.p50 ?? null,
  p85: forecast?.p85 ?? null,
  probability: forecast?.probability ?? null,
  p85LastWeek: null,
  movementDays: null,
  noForecast: forecast?.noForecast ?? null,
});

/** Inputs of the RAG rule, from the facts. */
export interface RagInput {
  readonly today: CalendarDate;
  readonly milestones: readonly MilestoneFact[];
  readonly openCustomerEscalations: readonly { readonly level: string; readonly title: string }[];
  readonly reviewSla: WeeklyFacts["reviewSla"];
  readonly overdueCustomerDependencies: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-12-04` → `4 Dec 2026`: how reports write dates. */
export const day = (date: CalendarDate): string => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

const daysBetween = (from: CalendarDate, to: CalendarDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The status and the reasons that set it. Red: an open milestone is past its target, its P85 is
 * more than a week after the target, or an L3 escalation is open. Amber: a P85 after the target,
 * under a 70 % chance of making the target, an open L2 escalation, review-SLA adherence under
 * 80 % (with at least five requests), or something the customer owes is overdue. Green otherwise.
 */
export const ragStatus = (input: RagInput): { status: Rag; reasons: string[] } => {
  const red: string[] = [];
  const amber: string[] = [];
  for (const m of input.milestones) {
    if (m.closed) continue;
    if (m.targetDate < input.today)
      red.push(`${m.name} is past its ${day(m.targetDate)} target and not done`);
    else if (m.p85 && daysBetween(m.targetDate, m.p85) > 7)
      red.push(
        `${m.name}'s 85 % forecast, ${day(m.p85)}, is more than a week after its ${day(m.targetDate)} target`,
      );
    else if (m.p85 && m.p85 > m.targetDate)
      amber.push(`${m.name}'s 85 % forecast, ${day(m.p85)}, is after its ${day(m.targetDate)} target`);
    else if (m.probability !== null && m.probability < 0.7)
      amber.push(`${m.name} has a ${Math.round(m.probability * 100)} % chance of making its target`);
  }
  for (const e of input.openCustomerEscalations) {
    if (e.level === "L3") red.push(`escalated to leadership (L3): ${e.title}`);
    else if (e.level === "L2") amber.push(`open escalation: ${e.title}`);
  }
  const sla = input.reviewSla;
  if (sla.adherence !== null && sla.met + sla.breached >= 5 && sla.adherence < 0.8)
    amber.push(
      `${Math.round(sla.adherence * 100)} % of code reviews started within the ${sla.limitHours}-hour SLA`,
    );
  if (input.overdueCustomerDependencies > 0)
    amber.push(
      `${input.overdueCustomerDependencies} item${input.overdueCustomerDependencies === 1 ? "" : "s"} owed by the customer ${input.overdueCustomerDependencies === 1 ? "is" : "are"} overdue`,
    );
  if (red.length > 0) return { status: "red", reasons: [...red, ...amber] };
  if (amber.length > 0) return { status: "amber", reasons: amber };
  return { status: "green", reasons: [] };
};
