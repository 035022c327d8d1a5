import type { Instant, SprintState, StatusCategory } from "../../domain/types.ts";

/**
 * The typed records the Jira extract stage yields and the convert stage reads. Extraction checks
 * shapes and resolves Jira's ids (status categories, sprint ids); conversion builds history.
 */

/** A status as Baton keeps it: Jira's own name beside the category Jira gives it. */
export interface JiraStatus {
  readonly name: string;
  readonly category: StatusCategory;
}

/** One change Baton tracks, typed; changelog items of other fields are left out. */
export type JiraChange =
  | { readonly field: "status"; readonly from: JiraStatus | null; readonly to: JiraStatus | null }
  | { readonly field: "sprint"; readonly from: readonly string[]; readonly to: readonly string[] }
  | { readonly field: "points"; readonly from: number | null; readonly to: number | null }
  | { readonly field: "assignee"; readonly from: string | null; readonly to: string | null }
  | { readonly field: "flagged"; readonly from: boolean; readonly to: boolean }
  | { readonly field: "parent"; readonly from: string | null; readonly to: string | null };

/** One changelog entry: who changed what, when. */
export interface JiraHistory {
  readonly id: string;
  readonly at: Instant;
  readonly actor: string | null;
  readonly changes: readonly JiraChange[];
}

/** An issue's current fields, with Jira's issue ids for sprints and parents. */
export interface JiraIssue {
  readonly id: string;
  readonly key: string;
  readonly title: string;
  readonly type: string;
  readonly created: Instant;
  readonly resolved: Instant | null;
  readonly status: JiraStatus;
  readonly points: number | null;
  readonly assignee: string | null;
  /** Jira sprint ids, as text. */
  readonly sprints: readonly string[];
  readonly flagged: boolean;
  /** Jira issue id of the parent or epic. */
  readonly parentId: string | null;
  /** Every changelog entry, oldest first. */
  readonly histories: readonly JiraHistory[];
  /** True when `histories` is the issue's whole changelog (polled); false for a webhook snapshot. */
  readonly complete: boolean;
}

export interface JiraSprint {
  readonly id: string;
  readonly name: string;
  readonly state: SprintState;
  readonly createdAt: Instant | null;
  readonly startAt: Instant | null;
  readonly activatedAt: Instant | null;
  readonly endAt: Instant | null;
  readonly completedAt: Instant | null;
  readonly goal: string | null;
}

export type JiraRecord =
  | { readonly kind: "sprint"; readonly sprint: JiraSprint }
  | { readonly kind: "issue"; readonly issue: JiraIssue }
  /** One change pushed by a `jira:issue_updated` webhook. */
  | {
      readonly kind: "issue_change";
      readonly issueId: string;
      readonly key: string;
      readonly history: JiraHistory;
    }
  /** A `jira:issue_deleted` webhook: the sprints the issue was in when it was deleted. */
  | {
      readonly kind: "issue_deleted";
      readonly issueId: string;
      readonly key: string;
      readonly at: Instant;
      readonly sprints: readonly string[];
    };

/**
 * What the collect stage learnt about the site before reading issues, stored with every issue page
 * so that each page converts on its own, in any later reconvert.
 */
export interface IssueContext {
  readonly pointsField: string | null;
  readonly sprintField: string | null;
  readonly flaggedField: string | null;
  readonly epicLinkField: string | null;
  /** Every status the site lists, by id. */
  readonly statuses: Readonly<Record<string, JiraStatus>>;
}

/** Parameters stored beside each issue page. */
export interface IssuePageParams {
  readonly jql: string;
  readonly page: number;
  readonly context: IssueContext;
  /**
   * The changelog pages fetched for issues whose embedded changelog was cut short, verbatim, by
   * issue id, in the order fetched.
   */
  readonly changelogs: Readonly<Record<string, readonly string[]>>;
}

/** Jira's status category keys → Baton's categories. `undefined` is Jira's "No category". */
export const categoryOf = (key: string): StatusCategory | null =>
  key === "new" || key === "undefined"
    ? "todo"
    : key === "indeterminate"
      ? "in_progress"
      : key === "done"
        ? "done"
        : null;
