import type { Rng } from "../../domain/random.ts";
import { addWorkingHours } from "./calendar.ts";
import { effectsAt, type SimContext } from "./context.ts";
import { type ChangeDraft, change, type ItemDraft } from "./model.ts";
import {
  HEALTHY_FIRST_REVIEW_HOURS,
  PR_ABANDONED_SHARE,
  PR_DRAFT_SHARE,
  PR_TEAM_REQUEST_SHARE,
  PR_UNREVIEWED_SHARE,
} from "./params.ts";

const CI_BOT = "ci-bot[bot]";
const LINT_BOT = "lint-bot[bot]";
const MINUTE = 60_000;

/** When the item moved during review: back to In Progress for changes, then In Review again. */
export interface ReviewBounce {
  readonly at: number;
  readonly fixedAt: number;
}

/** What the item's own timeline needs from its pull request. */
export interface PullRequestOutcome {
  readonly readyAt: number;
  readonly mergedAt: number;
  readonly bounces: readonly ReviewBounce[];
}

const chooseReviewer = (ctx: SimContext, rng: Rng, author: string, at: number): string => {
  const effects = effectsAt(ctx, at);
  if (effects.reviewFocus && effects.reviewFocus !== author && rng.chance(effects.reviewFocusShare)) {
    return effects.reviewFocus;
  }
  const others = ctx.authors.filter((p) => p.login !== author);
  return rng.pick(others).login;
};

/** First-review latency in working hours: the focus reviewer is slower under a bottleneck. */
const reviewLatency = (ctx: SimContext, rng: Rng, reviewer: string, at: number): number => {
  const effects = effectsAt(ctx, at);
  const factor = reviewer === effects.reviewFocus ? effects.reviewLatencyFactor : 1;
  return Math.min(60, rng.logNormal(HEALTHY_FIRST_REVIEW_HOURS * factor, 0.8));
};

const sizeOf = (rng: Rng, points: number) => {
  const additions = Math.max(1, Math.round(rng.logNormal(35 * Math.max(1, points), 0.7)));
  const deletions = Math.round(additions * (0.1 + rng.next() * 0.5));
  const changedFiles = Math.max(1, Math.round((additions + deletions) / (25 + rng.next() * 40)));
  return { additions, deletions, changedFiles };
};

/** A pull request that was opened early and closed unmerged when the approach changed. */
const abandonedAttempt = (ctx: SimContext, rng: Rng, item: ItemDraft, author: string, start: number) => {
  const firstCommitAt = addWorkingHours(ctx.cal, start, 0.2 + rng.next());
  const createdAt = addWorkingHours(ctx.cal, firstCommitAt, 0.5 + rng.next() * 2);
  const closedAt = addWorkingHours(ctx.cal, createdAt, 1 + rng.next() * 6);
  ctx.pullRequests.push({
    number: ctx.nextPrNumber++,
    title: `${item.key}: ${item.title} (first attempt)`,
    author,
    itemKeys: [item.key],
    firstCommitAt,
    ...sizeOf(rng, 1),
    history: [
      change(createdAt, "created", { to: "open", actor: author }),
      change(closedAt, "closed", { actor: author }),
    ],
    mergedAt: null,
  });
};

/**
 * Generates the pull request that delivers `item`: first commit soon after work starts, draft
 * for a while (sometimes), ready for review when coding is done, a review request to a person
 * or the team, reviews after a latency counted in working hours, bot comments, changes requested
 * and a re-review now and then, and the merge. A few merge without any review.
 */
export const openPullRequest = (
  ctx: SimContext,
  rng: Rng,
  item: ItemDraft,
  author: string,
  start: number,
  codingDone: number,
): PullRequestOutcome => {
  if (rng.chance(PR_ABANDONED_SHARE)) abandonedAttempt(ctx, rng, item, author, start);
  const cal = ctx.cal;
  const firstCommitAt = addWorkingHours(cal, start, 0.2 + rng.next() * 1.3);
  const readyAt = Math.max(codingDone, firstCommitAt + MINUTE);
  const draftOpenedAt = addWorkingHours(cal, firstCommitAt, 0.5 + rng.next() * 2.5);
  const draft = rng.chance(PR_DRAFT_SHARE) && draftOpenedAt < readyAt;
  const history: ChangeDraft[] = [];
  if (draft) {
    history.push(change(draftOpenedAt, "created", { to: "draft", actor: author }));
    history.push(change(readyAt, "ready_for_review", { actor: author }));
  } else history.push(change(readyAt, "created", { to: "open", actor: author }));
  if (rng.chance(0.6)) {
    history.push(change(readyAt + (3 + rng.int(0, 9)) * MINUTE, "commented", { actor: CI_BOT, bot: true }));
  }
  const bounces: ReviewBounce[] = [];
  let mergeReadyAt: number;
  if (rng.chance(PR_UNREVIEWED_SHARE)) {
    mergeReadyAt = readyAt;
  } else {
    const reviewer = chooseReviewer(ctx, rng, author, readyAt);
    const team = rng.chance(PR_TEAM_REQUEST_SHARE);
    history.push(
      change(readyAt + MINUTE, "review_requested", {
        to: team ? `team:${ctx.teamSlug}` : reviewer,
        actor: author,
      }),
    );
    if (rng.chance(0.2)) {
      history.push(
        change(readyAt + (2 + rng.int(0, 6)) * MINUTE, "reviewed", {
          to: "commented",
          actor: LINT_BOT,
          bot: true,
        }),
      );
    }
    const firstReviewAt = addWorkingHours(cal, readyAt + MINUTE, reviewLatency(ctx, rng, reviewer, readyAt));
    const outcome = rng.weighted(["approved", "changes_requested", "commented"] as const, [60, 25, 15]);
    history.push(change(firstReviewAt, "reviewed", { to: outcome, actor: reviewer }));
    let approvedAt = firstReviewAt;
    if (outcome === "changes_requested") {
      const fixedAt = addWorkingHours(cal, firstReviewAt, 1 + rng.next() * 3);
      bounces.push({ at: firstReviewAt, fixedAt });
      history.push(change(fixedAt, "commented", { actor: author }));
      approvedAt = addWorkingHours(cal, fixedAt, reviewLatency(ctx, rng, reviewer, fixedAt) * 0.5);
      history.push(change(approvedAt, "reviewed", { to: "approved", actor: reviewer }));
    } else if (outcome === "commented") {
      history.push(
        change(addWorkingHours(cal, firstReviewAt, 0.1 + rng.next() * 0.5), "commented", { actor: author }),
      );
      approvedAt = addWorkingHours(cal, firstReviewAt, 0.5 + rng.next() * 2);
      history.push(change(approvedAt, "reviewed", { to: "approved", actor: reviewer }));
    }
    mergeReadyAt = approvedAt;
  }
  const mergedAt = addWorkingHours(cal, mergeReadyAt, 0.1 + rng.next() * 1.4) + rng.int(0, 59) * 1000;
  history.push(change(mergedAt, "merged", { actor: author }));
  ctx.pullRequests.push({
    number: ctx.nextPrNumber++,
    title: `${item.key}: ${item.title}`,
    author,
    itemKeys: [item.key],
    firstCommitAt,
    ...sizeOf(rng, item.points ?? 1),
    history,
    mergedAt,
  });
  return { readyAt, mergedAt, bounces };
};
