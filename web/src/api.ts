/** Typed access to Baton's HTTP API from the browser: the session cookie plus the CSRF header. */

export type Role = "admin" | "director" | "dm" | "specialist" | "customer";

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly personId: string | null;
}

/** An error answer of the API: `{ error: { code, message } }` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token for state-changing requests. */
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, error?.code ?? "internal", error?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
};

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  del: <T>(path: string) => request<T>("DELETE", path),
};

export const enc = encodeURIComponent;

// The shapes the pages read. They mirror the server's presenters; fields a page does not read are left out.

export type Rag = "green" | "amber" | "red";

export interface MilestoneFact {
  readonly name: string;
  readonly targetDate: string;
  readonly closed: boolean;
  readonly scopeItems: number;
  readonly remainingItems: number;
  readonly percentComplete: number | null;
  readonly p50: string | null;
  readonly p85: string | null;
  readonly probability: number | null;
  readonly p85LastWeek: string | null;
  readonly movementDays: number | null;
  readonly noForecast: string | null;
}

export interface EngagementSummary {
  readonly id: string;
  readonly name: string;
  readonly customer: { readonly id: string; readonly name: string };
  readonly status: string;
  readonly dm: { readonly id: string; readonly name: string } | null;
  readonly podSize: number;
  readonly sprintLengthDays: number;
  readonly reportDay: string;
  readonly reviewSla: { readonly firstReviewHours: number };
  readonly timeZone: string;
  readonly startDate: string;
  readonly dmLoadViolations?: readonly string[];
}

export interface ReviewSlaFact {
  readonly limitHours: number;
  readonly met: number;
  readonly breached: number;
  readonly adherence: number | null;
}

export interface PortfolioRow extends EngagementSummary {
  readonly rag: { readonly status: Rag; readonly reasons: readonly string[] };
  readonly nextMilestone: MilestoneFact | null;
  readonly reviews: ReviewSlaFact;
  readonly signals: { readonly high: number; readonly medium: number; readonly low: number };
  readonly openEscalations: number;
}

export interface EngagementDetail extends EngagementSummary {
  readonly pod: readonly {
    readonly personId: string;
    readonly name: string;
    readonly role: string;
    readonly allocationPct: number;
    readonly timeZone: string;
    readonly from: string;
    readonly to: string | null;
  }[];
  readonly leadership: readonly { readonly personId: string; readonly name: string; readonly role: string }[];
  readonly sources?: readonly { readonly id: string; readonly kind: string }[];
  readonly data?: Readonly<Record<string, number>>;
}

export interface WeeklyFacts {
  readonly engagement: { readonly id: string; readonly name: string; readonly customer: string };
  readonly dm: string | null;
  readonly asOf: string;
  readonly week: { readonly from: string; readonly to: string };
  readonly rag: { readonly status: Rag; readonly reasons: readonly string[] };
  readonly milestones: readonly MilestoneFact[];
  readonly sprint: {
    readonly name: string;
    readonly endsOn: string | null;
    readonly plannedItems: number;
    readonly addedItems: number;
    readonly removedItems: number;
    readonly completedItems: number;
    readonly remainingItems: number;
  } | null;
  readonly delivered: { readonly items: number };
  readonly flow: {
    readonly throughputPerWeek: number | null;
    readonly cycleTimeP50Days: number | null;
    readonly wip: number;
  };
  readonly reviewSla: ReviewSlaFact;
}

export interface Cockpit {
  readonly asOf: string;
  readonly facts: WeeklyFacts;
  readonly flow: {
    readonly window: { readonly from: string; readonly to: string };
    readonly cycleTime: {
      readonly count: number;
      readonly p50Days: number | null;
      readonly p85Days: number | null;
      readonly p95Days: number | null;
    };
    readonly throughputPerWeek: readonly {
      readonly date: string;
      readonly days: number;
      readonly count: number;
    }[];
    readonly wip: readonly {
      readonly key: string;
      readonly title: string;
      readonly status: string | null;
      readonly ageDays: number;
      readonly beyond: "p95" | "p85" | "p50" | null;
      readonly blocked: boolean;
    }[];
  };
  readonly reviews: {
    readonly sla: {
      readonly limitHours: number;
      readonly requests: number;
      readonly met: number;
      readonly breached: number;
      readonly open: number;
      readonly breachedOpen: number;
      readonly adherence: number | null;
    };
    readonly pickupHoursMedian: number | null;
    readonly openRequests: readonly {
      readonly id: string;
      readonly pr: string;
      readonly title: string;
      readonly reviewer: string;
      readonly requestedAt: string;
      readonly dueAt: string | null;
      readonly limitHours: number;
      readonly workingHours: number;
      readonly overdue: boolean;
    }[];
    readonly reviewers: readonly {
      readonly reviewer: string;
      readonly openRequests: number;
      readonly overdueRequests: number;
      readonly reviewsGiven: number;
      readonly medianTimeToFirstReview: number | null;
    }[];
  };
  readonly milestones: readonly {
    readonly id: string;
    readonly name: string;
    readonly history: readonly {
      readonly asOf: string;
      readonly p50: string | null;
      readonly p85: string | null;
      readonly targetDate: string | null;
    }[];
  }[];
}

export type Severity = "high" | "medium" | "low";

export interface Signal {
  readonly id: string;
  readonly pattern: string;
  readonly state: "open" | "acknowledged" | "snoozed" | "dismissed" | "resolved";
  readonly severity: Severity;
  readonly escalationLevel: string | null;
  readonly title: string;
  readonly summary: string;
  readonly suggestedAction: string;
  readonly evidence: {
    readonly items: readonly string[];
    readonly pullRequests: readonly string[];
    readonly other: readonly string[];
  };
  readonly firstSeenAt: string;
  readonly snoozedUntil: string | null;
  readonly reason: string | null;
}

export interface Escalation {
  readonly id: string;
  readonly title: string;
  readonly level: string;
  readonly suggestedLevel: string;
  readonly levelReason: string;
  readonly severity: string;
  readonly customerImpact: string;
  readonly impactDate: string | null;
  readonly impact: string | null;
  readonly ask: string;
  readonly askedOf: string;
  readonly dueDate: string | null;
  readonly customerVisible: boolean;
  readonly status: string;
  readonly createdAt: string;
  readonly acknowledgedAt: string | null;
  readonly resolution?: string | null;
  /** After resolution, the DM's verdict on whether escalating was right (null: not rated). */
  readonly warranted?: boolean | null;
  readonly mergedInto?: string | null;
}

export interface Decision {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly context: string;
  readonly options: readonly string[];
  readonly decision: string | null;
  readonly status: string;
  readonly decidedBy: string | null;
  readonly customerVisible: boolean;
  readonly askCustomer: boolean;
  readonly createdAt: string;
}

/** The owned record a missed milestone opens for its DM (cause, recovery plan, new date, customer told). */
export interface Miss {
  readonly id: string;
  readonly milestoneName: string;
  readonly ownerId: string | null;
  readonly targetDate: string;
  readonly openedAt: string;
  readonly cause: string | null;
  readonly recoveryPlan: string | null;
  readonly newDate: string | null;
  readonly customerCommunication: string | null;
  readonly status: "open" | "closed";
  readonly closedAt: string | null;
}

/** A blocker as of now: `flag` and `status` come from the tracker, `manual` was marked in Baton. */
export interface Blocker {
  readonly id: string;
  readonly origin: "flag" | "status" | "manual";
  readonly itemKey: string | null;
  readonly title: string;
  readonly owner: string | null;
  readonly since: string;
  readonly ageDays: number;
}

export type PrerequisiteKind = "item" | "milestone" | "pod" | "external";

export interface Dependency {
  readonly id: string;
  readonly title: string;
  readonly dependentKind: "item" | "milestone";
  readonly dependentId: string;
  readonly dependentLabel: string;
  readonly prerequisiteKind: PrerequisiteKind;
  readonly prerequisiteId: string | null;
  readonly prerequisiteLabel: string;
  readonly owner: string;
  readonly dueDate: string | null;
  readonly status: "open" | "met" | "cancelled";
  readonly customerOwed: boolean;
  readonly overdue: boolean;
}

/** One step of a milestone's critical path (`GET …/milestones/{m}/critical-path`). */
export interface CriticalPathStep {
  readonly id: string;
  readonly label: string;
  readonly kind: PrerequisiteKind;
  readonly finishDate: string;
  readonly overdue: boolean;
}

export interface CriticalPath {
  readonly milestone: string;
  readonly finishDate: string;
  readonly typicalDays: number;
  readonly steps: readonly CriticalPathStep[];
}

export interface Report {
  readonly id: string;
  readonly engagementId: string;
  readonly kind: string;
  readonly period: string;
  readonly status: "draft" | "published" | "superseded";
  readonly version: number;
  readonly markdown: string;
  readonly edited: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
  readonly diff: string | null;
  readonly facts?: { readonly milestones?: readonly MilestoneFact[]; readonly rag?: WeeklyFacts["rag"] };
}

export interface SearchResult {
  readonly id: string;
  readonly kind: string;
  readonly engagementId: string;
  readonly title: string;
  readonly ref: string;
  readonly updatedAt: string;
}
