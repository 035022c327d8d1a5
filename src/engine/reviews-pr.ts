/**
 * One pull request's review clocks as of an instant, replayed from its events: coding, pickup,
 * review and merge time, and one SLA clock per review request. `reviews.ts` aggregates these.
 *
 * Draft time is excluded from every review-phase clock: the clocks run only while the pull
 * request is *ready* — open, not a draft, not merged. Converting back to draft (or closing)
 * pauses them; moving out of draft (or reopening) resumes them. Coding time is the exception by
 * definition: it ends when the pull request first becomes ready, so a leading draft is coding.
 */
import type { HistoryEvent, Instant, PullRequest, WorkingCalendar } from "../domain/types.ts";
import { addWorkingMs, workingMsBetween } from "./calendar.ts";
import { canonicalMs, isoOf } from "./instants.ts";
import type {
  PrClock,
  PullRequestReview,
  RequestEnd,
  ReviewContext,
  ReviewRequestClock,
  ReviewRequestStatus,
} from "./reviews-types.ts";

const HOUR = 3_600_000;
const ms = canonicalMs;

/** Bots never count as reviewers or pickup. */
export const isBot = (event: HistoryEvent): boolean =>
  event.actorIsBot || (event.actor?.endsWith("[bot]") ?? false);

interface RequestDraft {
  /** The person key (or `team:<slug>`) the request is open for. */
  readonly key: string;
  readonly event: HistoryEvent;
  readonly eventIds: string[];
  endedBy: RequestEnd | null;
  end: HistoryEvent | null;
  reviewedBy: string | null;
}

/*
 * Ready intervals are kept flat: `[start0, end0, start1, end1, …]` in epoch milliseconds, the
 * last end +Infinity while the pull request is still ready at as-of. Ready spans within a range
 * are kept flat the same way.
 */

/**
 * Appends the ready spans within [from, to] to `spans` and returns whether the
 * pull request was ready at `to`.
 */
const readySpans = (intervals: readonly number[], from: number, to: number, spans: number[]): boolean => {
  let covering = false;
  for (let i = 0; i < intervals.length; i += 2) {
    const intervalStart = intervals[i]!;
    const end = intervals[i + 1]!;
    const covers = intervalStart <= to && end > to;
    if (covers) covering = true;
    const start = Math.max(intervalStart, from);
    const stop = Math.min(end, to);
    if (stop > start || (stop === start && covers)) spans.push(start, stop);
  }
  return covering;
};

/** Ready milliseconds within [from, to]. */
const readyMs = (intervals: readonly number[], from: number, to: number): number => {
  let total = 0;
  for (let i = 0; i < intervals.length; i += 2) {
    const intervalStart = intervals[i]!;
    const end = intervals[i + 1]!;
    const start = Math.max(intervalStart, from);
    const stop = Math.min(end, to);
    if (stop > start) total += stop - start;
  }
  return total;
};

const clock = (
  intervals: readonly number[],
  start: Instant,
  startMs: number,
  end: Instant,
  endMs: number,
  eventIds: string[],
): PrClock => {
  const wall = Math.max(0, endMs - startMs);
  const ready = readyMs(intervals, startMs, endMs);
  return { startAt: start, endAt: end, hours: ready / HOUR, pausedHours: (wall - ready) / HOUR, eventIds };
};

/**
 * When the request's working clock passes `limitMs`: walk the ready spans, and past the last
 * known moment assume the pull request stays as it was then. Null when it was not ready then
 * and time was left (the clock is paused). `working` holds each span's working milliseconds.
 */
const dueOf = (
  calendar: WorkingCalendar,
  spans: readonly number[],
  working: readonly number[],
  covering: boolean,
  limitMs: number,
): number | null => {
  let remaining = limitMs;
  const count = spans.length / 2;
  for (let index = 0; index < count; index++) {
    const start = spans[2 * index]!;
    const due = addWorkingMs(calendar, start, remaining);
    if (due < spans[2 * index + 1]! || (covering && index === count - 1)) return due;
    remaining -= working[index]!;
  }
  return null;
};

const finishRequest = (
  draft: RequestDraft,
  pr: PullRequest,
  intervals: readonly number[],
  asOfMs: number,
  ctx: ReviewContext,
): ReviewRequestClock => {
  const reviewer = draft.event.to ?? "";
  const calendar = ctx.calendarOf(reviewer);
  const from = ms(draft.event.at);
  const end = draft.end;
  const to = end ? ms(end.at) : asOfMs;
  const spans: number[] = [];
  const spanWorking: number[] = [];
  const covering = readySpans(intervals, from, to, spans);
  let wall = 0;
  let working = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const s = spans[i]!;
    const e = spans[i + 1]!;
    wall += e - s;
    const w = workingMsBetween(calendar, s, e);
    spanWorking.push(w);
    working += w;
  }
  const limitMs = ctx.limitHours * HOUR;
  const due = dueOf(calendar, spans, spanWorking, covering, limitMs);
  const over = working > limitMs;
  const endedBy = draft.endedBy;
  const status: ReviewRequestStatus = over
    ? "breached"
    : endedBy === "review"
      ? "met"
      : endedBy === null
        ? "open"
        : "withdrawn";
  const eventIds = draft.eventIds;
  if (end) {
    eventIds.push(end.id);
  }
  return {
    id: draft.event.id,
    prId: pr.id,
    reviewer,
    team: reviewer.startsWith("team:"),
    requestedAt: draft.event.at,
    status,
    endedBy,
    endedAt: end?.at ?? null,
    reviewedBy: draft.reviewedBy,
    reviewState: endedBy === "review" ? (end?.to ?? null) : null,
    dueAt: due === null ? null : isoOf(due),
    limitHours: ctx.limitHours,
    hours: wall / HOUR,
    workingHours: working / HOUR,
    timeZone: calendar.timeZone,
    eventIds,
  };
};

/** Ends the open request under `key`, if any. */
const endRequest = (
  open: RequestDraft[],
  key: string,
  how: RequestEnd,
  event: HistoryEvent,
  reviewedBy: string | null,
): void => {
  for (let i = 0; i < open.length; i++) {
    const request = open[i]!;
    if (request.key !== key) continue;
    request.endedBy = how;
    request.end = event;
    request.reviewedBy = reviewedBy;
    open.splice(i, 1);
    return;
  }
};

/** Ends every open request (all, or only the teams'). */
const endAll = (
  open: RequestDraft[],
  how: RequestEnd,
  event: HistoryEvent,
  reviewedBy: string | null,
  teamsOnly: boolean,
): void => {
  let kept = 0;
  for (let i = 0; i < open.length; i++) {
    const request = open[i]!;
    if (teamsOnly && !request.key.startsWith("team:")) {
      open[kept++] = request;
      continue;
    }
    request.endedBy = how;
    request.end = event;
    request.reviewedBy = reviewedBy;
  }
  open.length = kept;
};

/**
 * Replays one pull request's events up to `asOf` (events in chronological order, as
 * `EngagementHistory.eventsOf` gives them). Null when the pull request did not exist yet: its
 * `created` event is after `asOf` (or, without one, its `createdAt` is). `asOf` must be in the
 * canonical instant form (events are compared to it as text); `reviewMetrics` ensures that.
 */
export const reviewPullRequest = (
  pr: PullRequest,
  allEvents: readonly HistoryEvent[],
  asOf: Instant,
  ctx: ReviewContext,
): PullRequestReview | null => replayPullRequest(pr, allEvents, asOf, ms(asOf), ctx, null);

/**
 * `reviewPullRequest` with `asOf` also in epoch milliseconds, appending to `reviews` (when given)
 * every submitted review that counts: by someone other than the author, not a bot.
 */
export const replayPullRequest = (
  pr: PullRequest,
  allEvents: readonly HistoryEvent[],
  asOf: Instant,
  asOfMs: number,
  ctx: ReviewContext,
  reviews: HistoryEvent[] | null,
): PullRequestReview | null => {
  const count = allEvents.length;
  let created: HistoryEvent | null = null;
  let hasCreatedEvent = false;
  // Without a `created` event, a pull request whose first state change is "ready" began as a draft.
  let firstStateChange: HistoryEvent | null = null;
  for (let i = 0; i < count; i++) {
    const e = allEvents[i]!;
    const kind = e.kind;
    if (kind === "created") {
      hasCreatedEvent = true;
      if (created === null && e.at <= asOf) created = e;
    } else if (
      firstStateChange === null &&
      (kind === "ready_for_review" || kind === "converted_to_draft") &&
      e.at <= asOf
    ) {
      firstStateChange = e;
    }
  }
  if (created === null && (hasCreatedEvent || pr.createdAt > asOf)) return null;
  const createdAt = created?.at ?? pr.createdAt;
  const personOf = ctx.personOf;
  const author = personOf(pr.author);

  let draft = created ? created.to === "draft" : firstStateChange?.kind === "ready_for_review";
  let open = true;
  let merged: HistoryEvent | null = null;
  let pickup: HistoryEvent | null = null;
  let firstReview: HistoryEvent | null = null;
  const intervals: number[] = [];
  let isReadyNow = false;
  let readySince = 0;
  let readyFirstAt: Instant | null = null;
  let readyFirstMs = 0;
  let readyFirst: HistoryEvent | null = null;
  const reviewers: string[] = [];
  const ignored: string[] = [];
  const openRequests: RequestDraft[] = [];
  const requests: RequestDraft[] = [];

  if (!created && !draft) {
    // Ready from creation (open, not a draft, not merged).
    isReadyNow = true;
    readySince = ms(createdAt);
    readyFirstAt = createdAt;
    readyFirstMs = readySince;
  }
  for (let i = 0; i < count; i++) {
    const e = allEvents[i]!;
    if (e.at > asOf) continue;
    switch (e.kind) {
      case "created":
        draft = e.to === "draft";
        break;
      case "ready_for_review":
        draft = false;
        break;
      case "converted_to_draft":
        draft = true;
        break;
      case "reopened":
        open = true;
        break;
      case "closed":
        open = false;
        endAll(openRequests, "closed", e, null, false);
        break;
      case "merged":
        merged ??= e;
        endAll(openRequests, "merged", e, null, false);
        break;
      case "review_requested": {
        const target = e.to;
        if (target === null || target.endsWith("[bot]")) break;
        const team = target.startsWith("team:");
        const key = team ? target : personOf(target);
        if (!team && key === author) break;
        let existing: RequestDraft | null = null;
        for (let j = 0; j < openRequests.length; j++) {
          if (openRequests[j]!.key === key) {
            existing = openRequests[j]!;
            break;
          }
        }
        if (existing) existing.eventIds.push(e.id);
        else {
          const request: RequestDraft = {
            key,
            event: e,
            eventIds: [e.id],
            endedBy: null,
            end: null,
            reviewedBy: null,
          };
          openRequests.push(request);
          requests.push(request);
        }
        break;
      }
      case "review_request_removed":
        if (e.to !== null && openRequests.length > 0)
          endRequest(
            openRequests,
            e.to.startsWith("team:") ? e.to : personOf(e.to),
            "request_removed",
            e,
            null,
          );
        break;
      case "reviewed":
      case "commented": {
        const actor = e.actor;
        if (actor === null || isBot(e) || personOf(actor) === author) {
          ignored.push(e.id);
          break;
        }
        // Review states that mean a review was submitted (a `pending` review was not).
        const submitted = e.kind === "reviewed" && e.to !== "pending";
        if (readyFirstAt !== null && pickup === null && (e.kind === "commented" || submitted)) pickup = e;
        if (submitted) {
          if (!reviewers.includes(actor)) reviewers.push(actor);
          if (reviews !== null) reviews.push(e);
          if (merged === null) firstReview ??= e;
          if (openRequests.length > 0) {
            endRequest(openRequests, personOf(actor), "review", e, actor);
            endAll(openRequests, "review", e, actor, true);
          }
        }
        break;
      }
      default:
        break;
    }
    const isReady = open && !draft && merged === null;
    if (isReady) {
      if (!isReadyNow) {
        isReadyNow = true;
        readySince = ms(e.at);
        if (readyFirstAt === null) {
          readyFirstAt = e.at;
          readyFirstMs = readySince;
          readyFirst = e;
        }
      }
    } else if (isReadyNow) {
      intervals.push(readySince, ms(e.at));
      isReadyNow = false;
    }
  }
  if (isReadyNow) intervals.push(readySince, Number.POSITIVE_INFINITY);

  const readyAt = readyFirstAt;
  const mergedMs = merged === null ? 0 : ms(merged.at);
  const readyId = readyFirst ? readyFirst.id : null;
  const codingTime =
    readyAt !== null && pr.firstCommitAt !== null && pr.firstCommitAt <= readyAt
      ? {
          startAt: pr.firstCommitAt,
          endAt: readyAt,
          hours: (readyFirstMs - ms(pr.firstCommitAt)) / HOUR,
          pausedHours: 0,
          eventIds: readyId === null ? [] : [readyId],
        }
      : null;
  const finished: ReviewRequestClock[] = [];
  for (let i = 0; i < requests.length; i++)
    finished.push(finishRequest(requests[i]!, pr, intervals, asOfMs, ctx));

  return {
    prId: pr.id,
    repo: pr.repo,
    number: pr.number,
    title: pr.title,
    author: pr.author,
    phase: merged ? "merged" : !open ? "closed" : draft ? "draft" : "ready",
    createdAt,
    readyAt,
    mergedAt: merged?.at ?? null,
    lines: pr.additions + pr.deletions,
    changedFiles: pr.changedFiles,
    codingTime,
    pickupTime:
      readyAt && pickup
        ? clock(
            intervals,
            readyAt,
            readyFirstMs,
            pickup.at,
            ms(pickup.at),
            readyId === null ? [pickup.id] : [readyId, pickup.id],
          )
        : null,
    reviewTime:
      firstReview && merged
        ? clock(intervals, firstReview.at, ms(firstReview.at), merged.at, mergedMs, [
            firstReview.id,
            merged.id,
          ])
        : null,
    timeToMerge:
      readyAt && merged
        ? clock(
            intervals,
            readyAt,
            readyFirstMs,
            merged.at,
            mergedMs,
            readyId === null ? [merged.id] : [readyId, merged.id],
          )
        : null,
    reviewers: reviewers.length > 1 ? reviewers.sort() : reviewers,
    unreviewedMerge: merged !== null && firstReview === null,
    mergeEventId: merged?.id ?? null,
    ignoredEventIds: ignored,
    requests: finished,
  };
};
