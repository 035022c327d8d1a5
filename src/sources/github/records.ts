import { z } from "zod";

/*
 * The parts of GitHub's REST and webhook payloads Baton reads, as zod schemas. Unknown fields are
 * kept (loose objects): the raw layer holds the whole payload, these name what conversion needs.
 */

const user = z.looseObject({ login: z.string(), type: z.string().optional() });
const nullableUser = user.nullable().optional();
const timestamp = z.string();

export const pullSchema = z.looseObject({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable().optional(),
  user: user,
  state: z.enum(["open", "closed"]),
  draft: z.boolean().optional(),
  created_at: timestamp,
  updated_at: timestamp,
  closed_at: timestamp.nullable(),
  merged_at: timestamp.nullable(),
  head: z.looseObject({ ref: z.string() }),
  base: z.looseObject({ ref: z.string() }),
  additions: z.number().int().optional(),
  deletions: z.number().int().optional(),
  changed_files: z.number().int().optional(),
});
export type GithubPull = z.infer<typeof pullSchema>;

/** One entry of `GET /repos/{o}/{r}/issues/{n}/timeline`; only the events Baton converts are read. */
export const timelineEventSchema = z.looseObject({
  event: z.string(),
  id: z.number().optional(),
  created_at: timestamp.optional(),
  submitted_at: timestamp.nullable().optional(),
  state: z.string().optional(),
  actor: nullableUser,
  user: nullableUser,
  requested_reviewer: nullableUser,
  requested_team: z.looseObject({ slug: z.string() }).nullable().optional(),
});
export type GithubTimelineEvent = z.infer<typeof timelineEventSchema>;

export const commitSchema = z.looseObject({
  sha: z.string(),
  commit: z.looseObject({
    author: z.looseObject({ date: timestamp }).nullable().optional(),
    committer: z.looseObject({ date: timestamp }).nullable().optional(),
  }),
});
export type GithubCommit = z.infer<typeof commitSchema>;

/** The payload Baton stores for one polled pull request: its detail, timeline and commits. */
export const pullPageSchema = z.object({
  pull: pullSchema,
  timeline: z.array(timelineEventSchema),
  commits: z.array(commitSchema),
});

export const issueSchema = z.looseObject({
  number: z.number().int(),
  title: z.string(),
  user: nullableUser,
  /** Some deliveries (`issues.pinned`) leave it out; `closed_at` tells then. */
  state: z.enum(["open", "closed"]).optional(),
  state_reason: z.string().nullable().optional(),
  created_at: timestamp,
  updated_at: timestamp,
  closed_at: timestamp.nullable().optional(),
  assignee: nullableUser,
  labels: z.array(z.union([z.string(), z.looseObject({ name: z.string().optional() })])).optional(),
  pull_request: z.unknown().optional(),
});
export type GithubIssue = z.infer<typeof issueSchema>;

export const milestoneSchema = z.looseObject({
  number: z.number().int(),
  title: z.string(),
  state: z.enum(["open", "closed"]),
  due_on: timestamp.nullable().optional(),
  created_at: timestamp,
  closed_at: timestamp.nullable().optional(),
});
export type GithubMilestone = z.infer<typeof milestoneSchema>;

export const deploymentSchema = z.looseObject({
  id: z.number().int(),
  ref: z.string(),
  sha: z.string().optional(),
  environment: z.string(),
  creator: nullableUser,
  created_at: timestamp,
  updated_at: timestamp.optional(),
});
export type GithubDeployment = z.infer<typeof deploymentSchema>;

export const deploymentStatusSchema = z.looseObject({
  id: z.number().int(),
  state: z.string(),
  creator: nullableUser,
  created_at: timestamp,
});
export type GithubDeploymentStatus = z.infer<typeof deploymentStatusSchema>;

/** The payload Baton stores for one polled deployment: the deployment and its statuses. */
export const deploymentPageSchema = z.object({
  deployment: deploymentSchema,
  statuses: z.array(deploymentStatusSchema),
});

export const releaseSchema = z.looseObject({
  id: z.number().int(),
  tag_name: z.string(),
  draft: z.boolean().optional(),
  published_at: timestamp.nullable().optional(),
});

export const reviewSchema = z.looseObject({
  id: z.number().int(),
  user: nullableUser,
  state: z.string(),
  submitted_at: timestamp.nullable().optional(),
});

export const commentSchema = z.looseObject({
  id: z.number().int(),
  user: nullableUser,
  created_at: timestamp,
});

/** What a pull_request delivery changed, besides the pull request itself. */
export type PullChange =
  | { readonly kind: "opened" }
  | { readonly kind: "closed" }
  | { readonly kind: "reopened" | "ready_for_review" | "converted_to_draft" }
  | {
      readonly kind: "review_requested" | "review_request_removed";
      readonly reviewer: z.infer<typeof user> | null;
      readonly team: string | null;
    }
  | { readonly kind: "other" };

/**
 * One record the GitHub connector converts. Polled records carry an entity's whole history
 * (`complete`); pushed ones carry one change and add to what is stored.
 */
export type GithubRecord =
  | {
      readonly type: "pull";
      readonly pull: GithubPull;
      readonly timeline: readonly GithubTimelineEvent[];
      readonly commits: readonly GithubCommit[];
    }
  | {
      readonly type: "pull_change";
      readonly pull: GithubPull;
      readonly change: PullChange;
      readonly actor: string | null;
      readonly actorIsBot: boolean;
    }
  | {
      readonly type: "review";
      readonly number: number;
      readonly review: z.infer<typeof reviewSchema>;
    }
  | {
      readonly type: "comment";
      readonly number: number;
      readonly comment: z.infer<typeof commentSchema>;
    }
  | { readonly type: "issue"; readonly issue: GithubIssue }
  | { readonly type: "milestone"; readonly milestone: GithubMilestone }
  | {
      readonly type: "deployment";
      readonly deployment: GithubDeployment;
      readonly statuses: readonly GithubDeploymentStatus[];
      /** True when `statuses` is the deployment's whole list (polled), false for one pushed change. */
      readonly complete: boolean;
      /** True when the record carries the deployment's creation (polled, or the `deployment` delivery). */
      readonly created: boolean;
    }
  | { readonly type: "release"; readonly release: z.infer<typeof releaseSchema> }
  | { readonly type: "ignored"; readonly reason: string };
