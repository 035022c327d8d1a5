import { z } from "zod";
import type { EventKind, Instant } from "../../domain/types.ts";

/**
 * The simulator's source records: what it "serves" as payloads, shaped like a tracker's issue with
 * its changelog. Each record carries the entity's full history, in Baton's event vocabulary, with
 * the simulator's own references (sprint numbers, item keys) that convert turns into domain ids.
 */

/** One change in a simulated entity's history. */
export interface SimChange {
  readonly at: Instant;
  readonly kind: EventKind;
  readonly from: string | null;
  readonly to: string | null;
  readonly fromLabel: string | null;
  readonly toLabel: string | null;
  readonly actor: string | null;
  readonly bot: boolean;
}

export type SimItemType = "epic" | "story" | "bug" | "task";

/** A work item; sprint changes name sprint numbers, parent changes name item keys. */
export interface SimItem {
  readonly key: string;
  readonly type: SimItemType;
  readonly title: string;
  readonly status: string;
  readonly statusCategory: "todo" | "in_progress" | "done";
  readonly createdAt: Instant;
  readonly resolvedAt: Instant | null;
  readonly points: number | null;
  readonly assignee: string | null;
  readonly parentKey: string | null;
  readonly history: readonly SimChange[];
}

export interface SimSprint {
  readonly number: number;
  readonly name: string;
  readonly state: "future" | "active" | "closed";
  readonly startAt: Instant;
  readonly endAt: Instant;
  readonly completedAt: Instant | null;
  readonly goal: string;
  readonly history: readonly SimChange[];
}

export interface SimPullRequest {
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly author: string;
  readonly state: "open" | "closed" | "merged";
  readonly draft: boolean;
  readonly createdAt: Instant;
  readonly mergedAt: Instant | null;
  readonly closedAt: Instant | null;
  readonly firstCommitAt: Instant;
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
  readonly baseBranch: string;
  readonly itemKeys: readonly string[];
  readonly history: readonly SimChange[];
}

export interface SimDeployment {
  readonly id: string;
  readonly environment: string;
  readonly status: "pending" | "success" | "failure";
  readonly ref: string;
  readonly createdAt: Instant;
  readonly finishedAt: Instant | null;
  readonly firstCommitAt: Instant | null;
  readonly history: readonly SimChange[];
}

export interface SimMilestone {
  readonly id: string;
  readonly name: string;
  readonly targetDate: string;
  readonly epicKey: string;
  readonly closedAt: Instant | null;
  readonly history: readonly SimChange[];
}

/** The payload streams, in the order collect serves them. */
export const SIM_STREAMS = ["sprints", "milestones", "items", "pull_requests", "deployments"] as const;
export type SimStream = (typeof SIM_STREAMS)[number];

/** A record of any stream, tagged with its stream, as extract hands it to convert. */
export type SimRecord =
  | { readonly stream: "sprints"; readonly sprint: SimSprint }
  | { readonly stream: "milestones"; readonly milestone: SimMilestone }
  | { readonly stream: "items"; readonly item: SimItem }
  | { readonly stream: "pull_requests"; readonly pullRequest: SimPullRequest }
  | { readonly stream: "deployments"; readonly deployment: SimDeployment };

const instant = z.iso.datetime();
const nullableInstant = instant.nullable();

const EVENT_KINDS = [
  "created",
  "status",
  "sprint_added",
  "sprint_removed",
  "estimate",
  "assignee",
  "blocked",
  "parent",
  "sprint_state",
  "review_requested",
  "review_request_removed",
  "reviewed",
  "commented",
  "ready_for_review",
  "converted_to_draft",
  "merged",
  "closed",
  "reopened",
  "deployment_status",
  "target_date",
] as const satisfies readonly EventKind[];

const changeSchema = z.strictObject({
  at: instant,
  kind: z.enum(EVENT_KINDS),
  from: z.string().nullable(),
  to: z.string().nullable(),
  fromLabel: z.string().nullable(),
  toLabel: z.string().nullable(),
  actor: z.string().nullable(),
  bot: z.boolean(),
});

const history = z.array(changeSchema);

export const simItemSchema: z.ZodType<SimItem> = z.strictObject({
  key: z.string().min(1),
  type: z.enum(["epic", "story", "bug", "task"]),
  title: z.string(),
  status: z.string().min(1),
  statusCategory: z.enum(["todo", "in_progress", "done"]),
  createdAt: instant,
  resolvedAt: nullableInstant,
  points: z.number().nonnegative().nullable(),
  assignee: z.string().nullable(),
  parentKey: z.string().nullable(),
  history,
});

export const simSprintSchema: z.ZodType<SimSprint> = z.strictObject({
  number: z.number().int().positive(),
  name: z.string().min(1),
  state: z.enum(["future", "active", "closed"]),
  startAt: instant,
  endAt: instant,
  completedAt: nullableInstant,
  goal: z.string(),
  history,
});

export const simPullRequestSchema: z.ZodType<SimPullRequest> = z.strictObject({
  repo: z.string().min(1),
  number: z.number().int().positive(),
  title: z.string(),
  author: z.string().min(1),
  state: z.enum(["open", "closed", "merged"]),
  draft: z.boolean(),
  createdAt: instant,
  mergedAt: nullableInstant,
  closedAt: nullableInstant,
  firstCommitAt: instant,
  additions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  changedFiles: z.number().int().nonnegative(),
  baseBranch: z.string().min(1),
  itemKeys: z.array(z.string()),
  history,
});

export const simDeploymentSchema: z.ZodType<SimDeployment> = z.strictObject({
  id: z.string().min(1),
  environment: z.string().min(1),
  status: z.enum(["pending", "success", "failure"]),
  ref: z.string(),
  createdAt: instant,
  finishedAt: nullableInstant,
  firstCommitAt: nullableInstant,
  history,
});

export const simMilestoneSchema: z.ZodType<SimMilestone> = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  targetDate: z.iso.date(),
  epicKey: z.string().min(1),
  closedAt: nullableInstant,
  history,
});
