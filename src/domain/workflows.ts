import { BatonError } from "../errors.ts";
import type { CalendarDate, Instant } from "./types.ts";

/**
 * The DM's own work products: escalations, blockers, dependencies, decisions and the record a
 * missed milestone opens. Each has a small lifecycle; `transition` refuses a move the lifecycle
 * does not allow, naming the record, its state and the moves it has.
 */

/**
 * Who handles an escalation: L1 the DM within the pod; L2 customer leadership or the engagement
 * architect; L3 the director of delivery or the executive sponsor.
 */
export type EscalationLevel = "L1" | "L2" | "L3";
export const ESCALATION_LEVELS: readonly EscalationLevel[] = ["L1", "L2", "L3"];

export type Severity = "low" | "medium" | "high" | "critical";
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/** How much the customer feels it if nothing is done. */
export type CustomerImpact = "none" | "low" | "high";
export const CUSTOMER_IMPACTS: readonly CustomerImpact[] = ["none", "low", "high"];

export type EscalationStatus = "open" | "acknowledged" | "resolved";

export interface Escalation {
  readonly id: string;
  readonly engagementId: string;
  readonly title: string;
  readonly level: EscalationLevel;
  /** What Baton suggested, and why; the DM's `level` may differ. */
  readonly suggestedLevel: EscalationLevel;
  readonly levelReason: string;
  /** The DM chose or confirmed the level; nothing reaches a customer before that. */
  readonly levelConfirmed: boolean;
  readonly severity: Severity;
  readonly customerImpact: CustomerImpact;
  /** When the impact lands if nothing is done. */
  readonly impactDate: CalendarDate | null;
  readonly impact: string;
  /** What is asked, of whom. */
  readonly ask: string;
  readonly askedOf: string;
  readonly dueDate: CalendarDate | null;
  readonly customerVisible: boolean;
  readonly status: EscalationStatus;
  readonly resolution: string | null;
  /** The DM's verdict after resolution: was escalating right? Null until recorded. */
  readonly warranted: boolean | null;
  /** The signal it was raised from, if any. */
  readonly signalId: string | null;
  /** Set when merged into another escalation as a duplicate. */
  readonly mergedInto: string | null;
  /** Person id of whoever raised it (normally the engagement's DM). */
  readonly raisedBy: string | null;
  readonly createdAt: Instant;
  readonly acknowledgedAt: Instant | null;
  readonly resolvedAt: Instant | null;
}

/** Something blocking pod work, marked by hand (source-flagged items are read from history). */
export interface Blocker {
  readonly id: string;
  readonly engagementId: string;
  readonly itemId: string | null;
  readonly title: string;
  /** Who must act to unblock it. */
  readonly owner: string;
  readonly since: Instant;
  readonly resolvedAt: Instant | null;
  readonly note: string | null;
}

/** What a dependency waits on. */
export type PrerequisiteKind = "item" | "milestone" | "pod" | "external";
export const PREREQUISITE_KINDS: readonly PrerequisiteKind[] = ["item", "milestone", "pod", "external"];
export type DependencyStatus = "open" | "met" | "cancelled";

/**
 * `dependent` (an item or a milestone) cannot finish before its prerequisite: another item, a
 * milestone, another pod's delivery, or an external party's promise ("customer to provide API
 * keys by 12 May").
 */
export interface Dependency {
  readonly id: string;
  readonly engagementId: string;
  readonly title: string;
  readonly dependentKind: "item" | "milestone";
  readonly dependentId: string;
  readonly prerequisiteKind: PrerequisiteKind;
  /** Item or milestone id for those kinds; the other engagement's id for `pod`; null for external. */
  readonly prerequisiteId: string | null;
  /** Who owes it: an external party, another pod, a person. */
  readonly owner: string;
  readonly dueDate: CalendarDate | null;
  /** Owed by the customer: shown to them and in the weekly status when overdue. */
  readonly customerOwed: boolean;
  readonly status: DependencyStatus;
  readonly createdAt: Instant;
  readonly closedAt: Instant | null;
}

export type DecisionStatus = "proposed" | "accepted" | "rejected" | "superseded";

/** An architecture- or delivery-decision record (ADR-style), numbered per engagement. */
export interface Decision {
  readonly id: string;
  readonly engagementId: string;
  readonly number: number;
  readonly title: string;
  readonly context: string;
  readonly options: readonly string[];
  readonly decision: string | null;
  readonly consequences: string | null;
  readonly status: DecisionStatus;
  /** Who decided (a person, or the customer's name when they were asked). */
  readonly decidedBy: string | null;
  readonly decidedAt: Instant | null;
  readonly supersededBy: string | null;
  readonly customerVisible: boolean;
  /** The customer is asked to decide: it waits in their portal and the weekly status. */
  readonly askCustomer: boolean;
  /** Item keys, escalation ids, URLs. */
  readonly links: readonly string[];
  readonly createdAt: Instant;
}

export type MissStatus = "open" | "closed";

/** The owned record a missed milestone opens for its DM; it stays on the DM's scorecard. */
export interface MilestoneMiss {
  readonly id: string;
  readonly engagementId: string;
  readonly milestoneId: string;
  readonly milestoneName: string;
  /** The DM accountable when it was missed (person id). */
  readonly ownerId: string | null;
  readonly targetDate: CalendarDate;
  readonly openedAt: Instant;
  readonly cause: string | null;
  readonly recoveryPlan: string | null;
  readonly newDate: CalendarDate | null;
  readonly customerCommunication: string | null;
  readonly status: MissStatus;
  readonly closedAt: Instant | null;
}

const MOVES = {
  escalation: { open: ["acknowledged", "resolved"], acknowledged: ["resolved"], resolved: [] },
  dependency: { open: ["met", "cancelled"], met: [], cancelled: [] },
  decision: { proposed: ["accepted", "rejected"], accepted: ["superseded"], rejected: [], superseded: [] },
  miss: { open: ["closed"], closed: [] },
} as const satisfies Record<string, Record<string, readonly string[]>>;

type Lifecycle = keyof typeof MOVES;

/** Checks a lifecycle move; throws `conflict` naming the record, its state and the allowed moves. */
export const transition = <L extends Lifecycle>(
  lifecycle: L,
  id: string,
  from: keyof (typeof MOVES)[L] & string,
  to: string,
): void => {
  const allowed = (MOVES[lifecycle] as Record<string, readonly string[]>)[from] ?? [];
  if (!allowed.includes(to)) {
    const options = allowed.length > 0 ? `it can become ${allowed.join(" or ")}` : "that is final";
    throw new BatonError("conflict", `${lifecycle} ${id} is ${from}, it cannot become ${to}; ${options}`, {
      id,
      from,
      to,
      allowed,
    });
  }
};
