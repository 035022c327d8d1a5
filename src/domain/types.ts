/**
 * Baton's domain vocabulary. These doc comments are the glossary.
 *
 * All instants are ISO 8601 strings in UTC with milliseconds (`2026-03-04T12:00:00.000Z`), so that
 * they sort as text in every store. Calendar dates are `YYYY-MM-DD`.
 */

/** An ISO 8601 UTC instant with milliseconds, e.g. `2026-03-04T12:00:00.000Z`. */
export type Instant = string;
/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

/** A paying organisation that receives the pod's work. */
export interface Customer {
  readonly id: string;
  readonly name: string;
}

/** Weekday numbers as in ISO 8601: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/**
 * Review-SLA policy of an engagement: a review request must get its first review within
 * `firstReviewHours` working hours of the reviewer's calendar.
 */
export interface ReviewSlaPolicy {
  readonly firstReviewHours: number;
}

/** Whether an engagement is running. */
export type EngagementStatus = "active" | "paused" | "closed";

/**
 * One customer engagement, delivered by one pod under one delivery manager. The slug-like `id`
 * (e.g. `acme-mobile`) is what users type.
 */
export interface Engagement {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly status: EngagementStatus;
  /** Sprint length in days (typically 7, 14 or 21). */
  readonly sprintLengthDays: number;
  /** The weekday on which the weekly status report is due. */
  readonly reportDay: WeekdayName;
  readonly reviewSla: ReviewSlaPolicy;
  /** The engagement's home time zone (IANA), used for cadence dates. */
  readonly timeZone: string;
  readonly startDate: CalendarDate;
}

/**
 * A person's working calendar: review clocks and capacity are measured on it. A request made
 * on Friday 17:00 in Berlin does not age over a Berlin weekend.
 */
export interface WorkingCalendar {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  readonly workingDays: readonly Weekday[];
  /** Local start of the working day, `HH:MM`. */
  readonly workStart: string;
  /** Local end of the working day, `HH:MM`. */
  readonly workEnd: string;
  /** Local calendar dates with no working hours. */
  readonly holidays: readonly CalendarDate[];
}

/** A human being. The same person has many accounts (Jira, GitHub, calendar); see identities. */
export interface Person {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly calendar: WorkingCalendar;
}

/** One account of a person in one source (a Jira account id, a GitHub login, an email). */
export interface PersonIdentity {
  readonly source: string;
  readonly externalId: string;
  readonly personId: string;
}

/** What a pod member does. Specialists count toward pod size; the others are support roles. */
export type PodRole = "specialist" | "tech_lead" | "qa" | "designer";

/**
 * A person's membership of an engagement's pod, with an allocation (100 = full time) over a
 * date range. `to` null means open-ended.
 */
export interface PodMembership {
  readonly id: string;
  readonly engagementId: string;
  readonly personId: string;
  readonly role: PodRole;
  readonly allocationPct: number;
  readonly from: CalendarDate;
  readonly to: CalendarDate | null;
}

/**
 * Delivery leadership of an engagement: the DM (accountable), a sub-DM (support for pods over 8)
 * or an engagement architect (also support for pods over 8).
 */
export type DmRole = "dm" | "sub_dm" | "engagement_architect";

export interface DmAssignment {
  readonly id: string;
  readonly engagementId: string;
  readonly personId: string;
  readonly role: DmRole;
  readonly from: CalendarDate;
  readonly to: CalendarDate | null;
}

/** Normalised status category; the source's own status name is kept beside it. */
export type StatusCategory = "todo" | "in_progress" | "done";

/** A unit of work from a tracker: story, bug, task, epic, sub-task. */
export interface WorkItem {
  readonly id: string;
  readonly engagementId: string;
  readonly sourceId: string;
  /** The tracker's key, e.g. `ACME-123`. */
  readonly key: string;
  readonly title: string;
  readonly type: string;
  /** The source's status name, verbatim (e.g. `已完成`). */
  readonly status: string;
  readonly statusCategory: StatusCategory;
  readonly createdAt: Instant;
  readonly resolvedAt: Instant | null;
  readonly points: number | null;
  readonly assignee: string | null;
  readonly parentId: string | null;
  readonly customerVisible: boolean;
}

export type SprintState = "future" | "active" | "closed";

/** A time-boxed iteration. */
export interface Sprint {
  readonly id: string;
  readonly engagementId: string;
  readonly sourceId: string;
  readonly name: string;
  readonly state: SprintState;
  readonly startAt: Instant | null;
  readonly endAt: Instant | null;
  readonly completedAt: Instant | null;
  readonly goal: string | null;
}

export type PullRequestState = "open" | "closed" | "merged";

/** A pull request (GitHub) or merge request. */
export interface PullRequest {
  readonly id: string;
  readonly engagementId: string;
  readonly sourceId: string;
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly author: string;
  readonly state: PullRequestState;
  readonly draft: boolean;
  readonly createdAt: Instant;
  readonly mergedAt: Instant | null;
  readonly closedAt: Instant | null;
  readonly firstCommitAt: Instant | null;
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
  readonly baseBranch: string;
  /** Work-item keys the PR references, e.g. `["ACME-123"]`. */
  readonly itemKeys: readonly string[];
}

export type DeploymentStatus = "pending" | "success" | "failure";

/** A deployment of a change to an environment. */
export interface Deployment {
  readonly id: string;
  readonly engagementId: string;
  readonly sourceId: string;
  readonly environment: string;
  readonly status: DeploymentStatus;
  readonly ref: string;
  readonly createdAt: Instant;
  readonly finishedAt: Instant | null;
  /** Instant of the first commit of the oldest change this deployment brought to production. */
  readonly firstCommitAt: Instant | null;
}

/** A dated delivery promise to the customer, scoped to a set of items (an epic or a label). */
export interface Milestone {
  readonly id: string;
  readonly engagementId: string;
  readonly sourceId: string | null;
  readonly name: string;
  readonly targetDate: CalendarDate;
  /** The work-item id of the epic whose children are the scope, if scoped by epic. */
  readonly epicId: string | null;
  readonly closedAt: Instant | null;
}

/** What an event is about. */
export type EntityKind = "item" | "sprint" | "pr" | "deployment" | "milestone";

/**
 * Kinds of history events. Trackers lose history; Baton keeps it, so any figure can be computed
 * as of any moment.
 *
 * - `created`: the entity came into being. `to` is its initial state: the status category for
 *   items (with the status name in `toLabel`), `draft` or `open` for pull requests, `pending` for
 *   deployments, the sprint state for sprints, the target date for milestones.
 * - `status`: a status transition; `from`/`to` are categories, `fromLabel`/`toLabel` the source's names.
 * - `sprint_added` / `sprint_removed`: sprint membership changes; `to` (added) or `from` (removed) is the sprint id.
 * - `estimate`: story points changed; `from`/`to` numbers as text, null when unestimated.
 * - `assignee`: `from`/`to` are person ids or external account ids.
 * - `blocked`: flagged/impediment; `to` is `"true"` or `"false"`.
 * - `parent`: parent/epic changes; `from`/`to` are work-item ids.
 * - `sprint_state`: a sprint moved between future/active/closed.
 * - `review_requested` / `review_request_removed`: `to` is the requested user or `team:<slug>`.
 * - `reviewed`: a review was submitted; `to` is its state (`approved`, `changes_requested`, `commented`).
 * - `commented`: a PR comment. `ready_for_review`, `converted_to_draft`, `merged`, `closed`, `reopened`
 *   for pull requests; `closed` also ends a milestone.
 * - `deployment_status`: `to` is the new deployment status.
 * - `target_date`: a milestone's target date changed.
 */
export type EventKind =
  | "created"
  | "status"
  | "sprint_added"
  | "sprint_removed"
  | "estimate"
  | "assignee"
  | "blocked"
  | "parent"
  | "sprint_state"
  | "review_requested"
  | "review_request_removed"
  | "reviewed"
  | "commented"
  | "ready_for_review"
  | "converted_to_draft"
  | "merged"
  | "closed"
  | "reopened"
  | "deployment_status"
  | "target_date";

/** One change in the history of an entity, at one instant. */
export interface HistoryEvent {
  /** Deterministic: re-ingesting the same change yields the same id. */
  readonly id: string;
  readonly engagementId: string;
  readonly sourceId: string;
  readonly entity: EntityKind;
  readonly entityId: string;
  readonly at: Instant;
  readonly kind: EventKind;
  readonly from: string | null;
  readonly to: string | null;
  readonly fromLabel: string | null;
  readonly toLabel: string | null;
  /** Who made the change (person id or external account), if known. */
  readonly actor: string | null;
  /** True when the actor is a bot; bots never count as reviewers. */
  readonly actorIsBot: boolean;
  /** Order among events at the same instant (the source's own order). */
  readonly seq: number;
}

/** Roles of users who log in. */
export type UserRole = "admin" | "director" | "dm" | "specialist" | "customer";

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  /** For customer users: the only customer whose engagements they may see. */
  readonly customerId: string | null;
  /** For DMs and specialists: the person they are. */
  readonly personId: string | null;
}
