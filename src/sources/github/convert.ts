import { eventId } from "../../domain/ids.ts";
import { parseInstant } from "../../domain/time.ts";
import type {
  DeploymentStatus,
  EntityKind,
  EventKind,
  HistoryEvent,
  Instant,
  PullRequest,
} from "../../domain/types.ts";
import { type Conversion, RecordError } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { type GithubSourceConfig, parseGithubConfig } from "./config.ts";
import { githubIds } from "./ids.ts";
import type {
  GithubCommit,
  GithubDeployment,
  GithubDeploymentStatus,
  GithubIssue,
  GithubMilestone,
  GithubPull,
  GithubRecord,
  GithubTimelineEvent,
  PullChange,
} from "./records.ts";

const configs = new WeakMap<object, GithubSourceConfig>();

/** The source's configuration, validated once per source row. */
export const configOf = (source: SourceRow): GithubSourceConfig => {
  let config = configs.get(source.config);
  if (!config) {
    config = parseGithubConfig(source.config);
    configs.set(source.config, config);
  }
  return config;
};

const instant = (value: string | null | undefined, what: string): Instant => {
  const parsed = value ? parseInstant(value) : null;
  if (!parsed) throw new RecordError(`${what} ${value ? `"${value}" is not a timestamp` : "is missing"}`);
  return parsed;
};

const nullableInstant = (value: string | null | undefined, what: string): Instant | null =>
  value ? instant(value, what) : null;

interface Account {
  readonly login: string;
  readonly type?: string | undefined;
}

/** GitHub marks apps with `type: "Bot"`; their logins end in `[bot]`. */
export const isBotAccount = (account: Account | null | undefined): boolean =>
  account?.type === "Bot" || (account?.login.endsWith("[bot]") ?? false);

const ISSUE_KEY = /\b[A-Z][A-Z0-9]+-\d+\b/g;

/** Tracker keys (`ACME-123`) a pull request names in its title, head branch or body, first seen first. */
export const itemKeysOf = (...texts: readonly (string | null | undefined)[]): string[] => {
  const keys: string[] = [];
  for (const text of texts)
    for (const match of (text ?? "").matchAll(ISSUE_KEY)) if (!keys.includes(match[0])) keys.push(match[0]);
  return keys;
};

/**
 * Order of same-instant events of one entity: a pull request is created before anything happens
 * to it, and merged before GitHub closes it.
 */
const RANK: Partial<Record<EventKind, number>> = {
  created: 0,
  reopened: 1,
  ready_for_review: 2,
  converted_to_draft: 2,
  review_requested: 3,
  review_request_removed: 3,
  commented: 4,
  reviewed: 4,
  merged: 5,
  closed: 6,
  status: 1,
  deployment_status: 1,
};

interface EventSpec {
  readonly at: Instant;
  readonly kind: EventKind;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly fromLabel?: string | null;
  readonly toLabel?: string | null;
  readonly actor?: Account | null | undefined;
  /**
   * GitHub's own identity of the change (a review or comment id, the requested reviewer), so the
   * same change polled or pushed gets the same id and distinct same-instant changes never collide.
   */
  readonly ref?: string;
}

const eventOf =
  (source: SourceRow, entity: EntityKind, entityId: string) =>
  (spec: EventSpec): HistoryEvent => {
    const seq = RANK[spec.kind] ?? 0;
    const base = eventId(entityId, spec.at, spec.kind, seq);
    return {
      id: spec.ref ? `${base}:${spec.ref}` : base,
      engagementId: source.engagementId,
      sourceId: source.id,
      entity,
      entityId,
      at: spec.at,
      kind: spec.kind,
      from: spec.from ?? null,
      to: spec.to ?? null,
      fromLabel: spec.fromLabel ?? null,
      toLabel: spec.toLabel ?? null,
      actor: spec.actor?.login ?? null,
      actorIsBot: isBotAccount(spec.actor),
      seq,
    };
  };

/** The earliest authored commit of a pull request (commits come oldest first; authors' clocks vary). */
const firstCommitOf = (commits: readonly GithubCommit[]): Instant | null => {
  let first: Instant | null = null;
  for (const { commit, sha } of commits) {
    const date = commit.author?.date ?? commit.committer?.date;
    if (!date) continue;
    const at = instant(date, `commit ${sha.slice(0, 7)} date`);
    if (first === null || at < first) first = at;
  }
  return first;
};

const pullRequestRow = (pull: GithubPull, source: SourceRow, firstCommitAt: Instant | null): PullRequest => {
  const { repo } = configOf(source);
  return {
    id: githubIds.pullRequest(source.id, repo, pull.number),
    engagementId: source.engagementId,
    sourceId: source.id,
    repo,
    number: pull.number,
    title: pull.title,
    author: pull.user.login,
    state: pull.merged_at ? "merged" : pull.state === "closed" ? "closed" : "open",
    draft: pull.draft ?? false,
    createdAt: instant(pull.created_at, "created_at"),
    mergedAt: nullableInstant(pull.merged_at, "merged_at"),
    closedAt: nullableInstant(pull.closed_at, "closed_at"),
    firstCommitAt,
    additions: pull.additions ?? 0,
    deletions: pull.deletions ?? 0,
    changedFiles: pull.changed_files ?? 0,
    baseBranch: pull.base.ref,
    itemKeys: itemKeysOf(pull.title, pull.head.ref, pull.body),
  };
};

/** `to` of a review request: the login, or `team:<slug>`; null for a request to a bot or to nobody. */
const requestTarget = (reviewer: Account | null | undefined, team: string | null | undefined) =>
  team ? `team:${team}` : reviewer && !isBotAccount(reviewer) ? reviewer.login : null;

/** A submitted review's state as Baton names it (`approved`, `changes_requested`, `commented`, `dismissed`). */
const reviewState = (state: string) => state.toLowerCase();

/** One timeline entry as a history event; null for entries the review metrics do not read. */
const timelineEvent = (
  entry: GithubTimelineEvent,
  event: (spec: EventSpec) => HistoryEvent,
  index: number,
): HistoryEvent | null => {
  const where = `timeline[${index}] (${entry.event})`;
  const at = () => instant(entry.created_at, `${where} created_at`);
  switch (entry.event) {
    case "review_requested":
    case "review_request_removed": {
      const to = requestTarget(entry.requested_reviewer, entry.requested_team?.slug);
      if (to === null) return null;
      return event({ at: at(), kind: entry.event, to, actor: entry.actor, ref: to });
    }
    case "ready_for_review":
      return event({ at: at(), kind: "ready_for_review", actor: entry.actor });
    case "convert_to_draft":
      return event({ at: at(), kind: "converted_to_draft", actor: entry.actor });
    case "reviewed": {
      const state = reviewState(entry.state ?? "");
      // A pending review is a draft only its author sees.
      if (state === "pending" || !entry.submitted_at) return null;
      return event({
        at: instant(entry.submitted_at, `${where} submitted_at`),
        kind: "reviewed",
        to: state,
        actor: entry.user ?? entry.actor,
        ref: `review:${entry.id ?? index}`,
      });
    }
    case "commented":
      return event({
        at: at(),
        kind: "commented",
        actor: entry.user ?? entry.actor,
        ref: `comment:${entry.id ?? index}`,
      });
    case "merged":
    case "closed":
    case "reopened":
      return event({ at: at(), kind: entry.event, actor: entry.actor });
    default:
      return null;
  }
};

/**
 * A polled pull request with its whole timeline: the row, and every event from creation on. A
 * pull request whose first draft change is "ready for review" was opened as a draft.
 */
const convertPull = (record: Extract<GithubRecord, { type: "pull" }>, source: SourceRow): Conversion => {
  const row = pullRequestRow(record.pull, source, firstCommitOf(record.commits));
  const event = eventOf(source, "pr", row.id);
  const firstDraftChange = record.timeline.find(
    (e) => e.event === "ready_for_review" || e.event === "convert_to_draft",
  );
  const openedAsDraft = firstDraftChange
    ? firstDraftChange.event === "ready_for_review"
    : (record.pull.draft ?? false);
  const events: HistoryEvent[] = [
    event({
      at: row.createdAt,
      kind: "created",
      to: openedAsDraft ? "draft" : "open",
      actor: record.pull.user,
    }),
  ];
  record.timeline.forEach((entry, index) => {
    const converted = timelineEvent(entry, event, index);
    if (converted) events.push(converted);
  });
  // A timeline GitHub cut short still ends as the pull request says.
  if (row.mergedAt && !events.some((e) => e.kind === "merged"))
    events.push(event({ at: row.mergedAt, kind: "merged" }));
  if (row.closedAt && !events.some((e) => e.kind === "closed"))
    events.push(event({ at: row.closedAt, kind: "closed" }));
  return { batch: { pullRequests: [row], events, replaceEventsOf: [row.id] } };
};

const changeEvent = (
  change: PullChange,
  pull: GithubPull,
  actor: Account | null,
  event: (spec: EventSpec) => HistoryEvent,
): HistoryEvent[] => {
  // Deliveries carry no instant of their own; the pull request's updated_at is when it changed.
  const updatedAt = () => instant(pull.updated_at, "pull_request.updated_at");
  switch (change.kind) {
    case "opened":
      return [
        event({
          at: instant(pull.created_at, "pull_request.created_at"),
          kind: "created",
          to: pull.draft ? "draft" : "open",
          actor: pull.user,
        }),
      ];
    case "closed": {
      const closedAt = instant(pull.closed_at, "pull_request.closed_at");
      const closed = event({ at: closedAt, kind: "closed", actor });
      if (!pull.merged_at) return [closed];
      return [
        event({ at: instant(pull.merged_at, "pull_request.merged_at"), kind: "merged", actor }),
        closed,
      ];
    }
    case "reopened":
    case "ready_for_review":
    case "converted_to_draft":
      return [event({ at: updatedAt(), kind: change.kind, actor })];
    case "review_requested":
    case "review_request_removed": {
      const to = requestTarget(change.reviewer, change.team);
      return to === null ? [] : [event({ at: updatedAt(), kind: change.kind, to, actor, ref: to })];
    }
    case "other":
      return [];
  }
};

const convertIssue = (issue: GithubIssue, source: SourceRow): Conversion => {
  const { repo } = configOf(source);
  const id = githubIds.issue(source.id, repo, issue.number);
  const createdAt = instant(issue.created_at, "created_at");
  const closed = issue.state ? issue.state === "closed" : Boolean(issue.closed_at);
  const closedAt = closed ? instant(issue.closed_at, "closed_at") : null;
  const labels = (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? "")).toLowerCase());
  const status = closed ? (issue.state_reason ? `closed (${issue.state_reason})` : "closed") : "open";
  const event = eventOf(source, "item", id);
  const events = [event({ at: createdAt, kind: "created", to: "todo", toLabel: "open", actor: issue.user })];
  if (closedAt)
    events.push(
      event({ at: closedAt, kind: "status", from: "todo", to: "done", fromLabel: "open", toLabel: status }),
    );
  return {
    batch: {
      workItems: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          key: `${repo.split("/")[1]}#${issue.number}`,
          title: issue.title,
          type: labels.includes("bug") ? "Bug" : "Issue",
          status,
          statusCategory: closedAt ? "done" : "todo",
          createdAt,
          resolvedAt: closedAt,
          points: null,
          assignee: issue.assignee?.login ?? null,
          parentId: null,
          customerVisible: true,
        },
      ],
      events,
      replaceEventsOf: [id],
    },
  };
};

const convertMilestone = (milestone: GithubMilestone, source: SourceRow): Conversion => {
  if (!milestone.due_on) return { skip: `milestone "${milestone.title}" has no due date` };
  const { repo } = configOf(source);
  const id = githubIds.milestone(source.id, repo, milestone.number);
  const targetDate = instant(milestone.due_on, "due_on").slice(0, 10);
  const closedAt = milestone.state === "closed" ? instant(milestone.closed_at, "closed_at") : null;
  const event = eventOf(source, "milestone", id);
  const events = [
    event({ at: instant(milestone.created_at, "created_at"), kind: "created", to: targetDate }),
  ];
  if (closedAt) events.push(event({ at: closedAt, kind: "closed" }));
  return {
    batch: {
      milestones: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          name: milestone.title,
          targetDate,
          epicId: null,
          closedAt,
        },
      ],
      events,
      replaceEventsOf: [id],
    },
  };
};

/**
 * GitHub's deployment states as Baton's: `success`; `failure` and `error` fail; `queued`,
 * `pending` and `in_progress` are pending. `inactive` (a later deployment superseded this one)
 * changes nothing: the deployment still succeeded.
 */
const deploymentStatusOf = (state: string): DeploymentStatus | null => {
  switch (state.toLowerCase()) {
    case "success":
      return "success";
    case "failure":
    case "error":
      return "failure";
    case "inactive":
      return null;
    default:
      return "pending";
  }
};

const byCreation = (a: GithubDeploymentStatus, b: GithubDeploymentStatus) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;

const convertDeployment = (
  deployment: GithubDeployment,
  statuses: readonly GithubDeploymentStatus[],
  complete: boolean,
  created: boolean,
  source: SourceRow,
): Conversion => {
  const { repo } = configOf(source);
  const id = githubIds.deployment(source.id, repo, deployment.id);
  const event = eventOf(source, "deployment", id);
  const createdAt = instant(deployment.created_at, "created_at");
  const events: HistoryEvent[] = created
    ? [event({ at: createdAt, kind: "created", to: "pending", actor: deployment.creator })]
    : [];
  let status: DeploymentStatus = "pending";
  let finishedAt: Instant | null = null;
  for (const s of [...statuses].sort(byCreation)) {
    const next = deploymentStatusOf(s.state);
    // A polled list repeats nothing: only changes become events. A pushed status is one change.
    if (next === null || (complete && next === status)) continue;
    const at = instant(s.created_at, `status ${s.id} created_at`);
    events.push(
      event({
        at,
        kind: "deployment_status",
        from: status,
        to: next,
        toLabel: s.state,
        actor: s.creator,
        ref: `status:${s.id}`,
      }),
    );
    status = next;
    finishedAt = next === "pending" ? null : at;
  }
  return {
    batch: {
      deployments: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          environment: deployment.environment,
          status,
          ref: deployment.ref,
          createdAt,
          finishedAt,
          firstCommitAt: null,
        },
      ],
      events,
      ...(complete ? { replaceEventsOf: [id] } : {}),
    },
  };
};

/** Converts one GitHub record to domain rows and events with deterministic ids. */
export const convertGithub = (record: GithubRecord, source: SourceRow): Conversion => {
  const { repo } = configOf(source);
  switch (record.type) {
    case "pull":
      return convertPull(record, source);
    case "pull_change": {
      const row = pullRequestRow(record.pull, source, null);
      const actor = record.actor ? { login: record.actor, type: record.actorIsBot ? "Bot" : "User" } : null;
      const events = changeEvent(record.change, record.pull, actor, eventOf(source, "pr", row.id));
      // Payloads that carry the full pull request (sizes included) refresh its row; the first
      // commit time comes with the next poll.
      return { batch: { pullRequests: [row], events } };
    }
    case "review": {
      const state = reviewState(record.review.state);
      if (state === "pending" || !record.review.submitted_at)
        return { skip: "a pending review is a draft only its author sees" };
      const event = eventOf(source, "pr", githubIds.pullRequest(source.id, repo, record.number));
      return {
        batch: {
          events: [
            event({
              at: instant(record.review.submitted_at, "review.submitted_at"),
              kind: "reviewed",
              to: state,
              actor: record.review.user,
              ref: `review:${record.review.id}`,
            }),
          ],
        },
      };
    }
    case "comment": {
      const event = eventOf(source, "pr", githubIds.pullRequest(source.id, repo, record.number));
      return {
        batch: {
          events: [
            event({
              at: instant(record.comment.created_at, "comment.created_at"),
              kind: "commented",
              actor: record.comment.user,
              ref: `comment:${record.comment.id}`,
            }),
          ],
        },
      };
    }
    case "issue":
      return convertIssue(record.issue, source);
    case "milestone":
      return convertMilestone(record.milestone, source);
    case "deployment":
      return convertDeployment(record.deployment, record.statuses, record.complete, record.created, source);
    case "release":
      return {
        skip: `release ${record.release.tag_name} kept in the raw layer: delivery figures read deployments`,
      };
    case "ignored":
      return { skip: record.reason };
  }
};
