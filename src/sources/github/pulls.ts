import type { HistoryEvent, Instant, PullRequest } from "../../domain/types.ts";
import type { Conversion } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { configOf } from "./config.ts";
import { type Account, type EventSpec, eventOf, instant, isBotAccount, nullableInstant } from "./events.ts";
import { githubIds } from "./ids.ts";
import type { GithubCommit, GithubPull, GithubRecord, GithubTimelineEvent, PullChange } from "./records.ts";

/** Pull requests: polled whole (row, timeline, first commit) or changed by one webhook delivery. */

const ISSUE_KEY = /\b[A-Z][A-Z0-9]+-\d+\b/g;

/** Tracker keys (`ACME-123`) a pull request names in its title, head branch or body, first seen first. */
export const itemKeysOf = (...texts: readonly (string | null | undefined)[]): string[] => {
  const keys: string[] = [];
  for (const text of texts)
    for (const match of (text ?? "").matchAll(ISSUE_KEY)) if (!keys.includes(match[0])) keys.push(match[0]);
  return keys;
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
export const convertPull = (
  record: Extract<GithubRecord, { type: "pull" }>,
  source: SourceRow,
): Conversion => {
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

/** A pull_request delivery: the row (sizes included; the first commit comes with the next poll) and its change. */
export const convertPullChange = (
  record: Extract<GithubRecord, { type: "pull_change" }>,
  source: SourceRow,
): Conversion => {
  const row = pullRequestRow(record.pull, source, null);
  const actor = record.actor ? { login: record.actor, type: record.actorIsBot ? "Bot" : "User" } : null;
  const events = changeEvent(record.change, record.pull, actor, eventOf(source, "pr", row.id));
  return { batch: { pullRequests: [row], events } };
};

/** A pull_request_review delivery: the `reviewed` event, with the same id as when polled. */
export const convertReview = (
  record: Extract<GithubRecord, { type: "review" }>,
  source: SourceRow,
): Conversion => {
  const state = reviewState(record.review.state);
  if (state === "pending" || !record.review.submitted_at)
    return { skip: "a pending review is a draft only its author sees" };
  const event = eventOf(source, "pr", githubIds.pullRequest(source.id, configOf(source).repo, record.number));
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
};

/** An issue_comment delivery on a pull request: the `commented` event, with the same id as when polled. */
export const convertComment = (
  record: Extract<GithubRecord, { type: "comment" }>,
  source: SourceRow,
): Conversion => {
  const event = eventOf(source, "pr", githubIds.pullRequest(source.id, configOf(source).repo, record.number));
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
};
