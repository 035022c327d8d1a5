/**
 * One pull request's review clocks as of an instant, replayed from its events: coding, pickup,
 * review and merge time, and one SLA clock per review request. `reviews.ts` aggregates these.
 *
 * Draft time is excluded from every review-phase clock: the clocks run only while the pull
 * request is *ready* — open, not a draft, not merged. Converting back to draft (or closing)
 * pauses them; moving out of draft (or reopening) resumes them. Coding time is the exception by
 * definition: it ends when the pull request first becomes ready, so a leading draft is coding.
 */
import { instantMs } from "../domain/time.ts";
import type { HistoryEvent, Instant, PullRequest, WorkingCalendar } from "../domain/types.ts";
import { addWorkingMs, workingMsBetween } from "./calendar.ts";
import type {
  PrClock,
  PullRequestReview,
  RequestEnd,
  ReviewContext,
  ReviewRequestClock,
  ReviewRequestStatus,
} from "./reviews-types.ts";

const HOUR = 3_600_000;

/** Bots never count as reviewers or pickup. */
export const isBot = (event: HistoryEvent): boolean =>
  event.actorIsBot || (event.actor?.endsWith("[bot]") ?? false);

/** Review states that mean a review was submitted (a `pending` review was not). */
const isSubmitted = (event: HistoryEvent): boolean => event.kind === "reviewed" && event.to !== "pending";

/** A span in which the pull request was ready; `end` null while still ready at as-of. */
interface Interval {
  readonly start: number;
  readonly end: number | null;
}

interface RequestDraft {
  readonly event: HistoryEvent;
  readonly eventIds: string[];
  endedBy: RequestEnd | null;
  end: HistoryEvent | null;
  reviewedBy: string | null;
}

const ms = instantMs;
const iso = (value: number): Instant => new Date(value).toISOString();

/** The ready spans within [from, to]; `covering` says whether the pull request was ready at `to`. */
const readySpans = (intervals: readonly Interval[], from: number, to: number) => {
  const spans: [number, number][] = [];
  let covering = false;
  for (const interval of intervals) {
    const end = interval.end ?? Number.POSITIVE_INFINITY;
    if (interval.start <= to && end > to) covering = true;
    const start = Math.max(interval.start, from);
    const stop = Math.min(end, to);
    if (stop > start || (stop === start && interval.start <= to && end > to)) spans.push([start, stop]);
  }
  return { spans, covering };
};

const readyMs = (intervals: readonly Interval[], from: number, to: number): number =>
  readySpans(intervals, from, to).spans.reduce((total, [s, e]) => total + (e - s), 0);

const clock = (intervals: readonly Interval[], start: Instant, end: Instant, eventIds: string[]): PrClock => {
  const wall = Math.max(0, ms(end) - ms(start));
  const ready = readyMs(intervals, ms(start), ms(end));
  return { startAt: start, endAt: end, hours: ready / HOUR, pausedHours: (wall - ready) / HOUR, eventIds };
};

/**
 * When the request's working clock passes `limitMs`: walk the ready spans, and past the last
 * known moment assume the pull request stays as it was then. Null when it was not ready then
 * and time was left (the clock is paused).
 */
const dueOf = (
  calendar: WorkingCalendar,
  spans: readonly (readonly [number, number])[],
  covering: boolean,
  limitMs: number,
): number | null => {
  let remaining = limitMs;
  for (const [index, [start, end]] of spans.entries()) {
    const due = addWorkingMs(calendar, start, remaining);
    if (due < end || (covering && index === spans.length - 1)) return due;
    remaining -= workingMsBetween(calendar, start, end);
  }
  return null;
};

const finishRequest = (
  draft: RequestDraft,
  pr: PullRequest,
  intervals: readonly Interval[],
  asOfMs: number,
  ctx: ReviewContext,
): ReviewRequestClock => {
  const reviewer = draft.event.to ?? "";
  const calendar = ctx.calendarOf(reviewer);
  const from = ms(draft.event.at);
  const to = draft.end ? ms(draft.end.at) : asOfMs;
  const { spans, covering } = readySpans(intervals, from, to);
  let wall = 0;
  let working = 0;
  for (const [s, e] of spans) {
    wall += e - s;
    working += workingMsBetween(calendar, s, e);
  }
  const limitMs = ctx.limitHours * HOUR;
  const due = dueOf(calendar, spans, covering, limitMs);
  const over = working > limitMs;
  const status: ReviewRequestStatus = over
    ? "breached"
    : draft.endedBy === "review"
      ? "met"
      : draft.endedBy === null
        ? "open"
        : "withdrawn";
  return {
    id: draft.event.id,
    prId: pr.id,
    reviewer,
    team: reviewer.startsWith("team:"),
    requestedAt: draft.event.at,
    status,
    endedBy: draft.endedBy,
    endedAt: draft.end?.at ?? null,
    reviewedBy: draft.reviewedBy,
    reviewState: draft.endedBy === "review" ? (draft.end?.to ?? null) : null,
    dueAt: due === null ? null : iso(due),
    limitHours: ctx.limitHours,
    hours: wall / HOUR,
    workingHours: working / HOUR,
    timeZone: calendar.timeZone,
    eventIds: draft.end ? [...draft.eventIds, draft.end.id] : draft.eventIds,
  };
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
): PullRequestReview | null => {
  const events = allEvents.filter((e) => e.at <= asOf);
  const created = events.find((e) => e.kind === "created");
  const hasCreatedEvent = created !== undefined || allEvents.some((e) => e.kind === "created");
  if (!created && (hasCreatedEvent || pr.createdAt > asOf)) return null;
  const createdAt = created?.at ?? pr.createdAt;
  const author = ctx.personOf(pr.author);
  const counts = (e: HistoryEvent) => e.actor !== null && !isBot(e) && ctx.personOf(e.actor) !== author;

  // Without a `created` event, a pull request whose first state change is "ready" began as a draft.
  let draft = created
    ? created.to === "draft"
    : events.find((e) => e.kind === "ready_for_review" || e.kind === "converted_to_draft")?.kind ===
      "ready_for_review";
  let open = true;
  let merged: HistoryEvent | null = null;
  let pickup: HistoryEvent | null = null;
  let firstReview: HistoryEvent | null = null;
  const intervals: Interval[] = [];
  // Written from the closure below, so kept in an object rather than narrowed locals.
  const ready = {
    since: null as number | null,
    firstAt: null as Instant | null,
    first: null as HistoryEvent | null,
  };
  const reviewers = new Set<string>();
  const ignored: string[] = [];
  const openRequests = new Map<string, RequestDraft>();
  const requests: RequestDraft[] = [];

  const updateReady = (at: Instant, event: HistoryEvent | null) => {
    const isReady = open && !draft && merged === null;
    if (isReady && ready.since === null) {
      ready.since = ms(at);
      if (ready.firstAt === null) {
        ready.firstAt = at;
        ready.first = event;
      }
    } else if (!isReady && ready.since !== null) {
      intervals.push({ start: ready.since, end: ms(at) });
      ready.since = null;
    }
  };
  const end = (key: string, how: RequestEnd, event: HistoryEvent, reviewedBy: string | null = null) => {
    const request = openRequests.get(key);
    if (!request) return;
    request.endedBy = how;
    request.end = event;
    request.reviewedBy = reviewedBy;
    openRequests.delete(key);
  };

  if (!created) updateReady(createdAt, null);
  for (const e of events) {
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
        for (const key of [...openRequests.keys()]) end(key, "closed", e);
        break;
      case "merged":
        merged ??= e;
        for (const key of [...openRequests.keys()]) end(key, "merged", e);
        break;
      case "review_requested": {
        const target = e.to;
        if (target === null || target.endsWith("[bot]")) break;
        const team = target.startsWith("team:");
        const key = team ? target : ctx.personOf(target);
        if (!team && key === author) break;
        const existing = openRequests.get(key);
        if (existing) existing.eventIds.push(e.id);
        else {
          const request: RequestDraft = {
            event: e,
            eventIds: [e.id],
            endedBy: null,
            end: null,
            reviewedBy: null,
          };
          openRequests.set(key, request);
          requests.push(request);
        }
        break;
      }
      case "review_request_removed":
        if (e.to !== null) end(e.to.startsWith("team:") ? e.to : ctx.personOf(e.to), "request_removed", e);
        break;
      case "reviewed":
      case "commented":
        if (!counts(e)) {
          ignored.push(e.id);
          break;
        }
        if (ready.firstAt !== null && pickup === null && (e.kind === "commented" || isSubmitted(e)))
          pickup = e;
        if (isSubmitted(e)) {
          const actor = e.actor ?? "";
          reviewers.add(actor);
          if (merged === null) firstReview ??= e;
          end(ctx.personOf(actor), "review", e, actor);
          for (const key of [...openRequests.keys()])
            if (key.startsWith("team:")) end(key, "review", e, actor);
        }
        break;
      default:
        break;
    }
    updateReady(e.at, e);
  }
  if (ready.since !== null) intervals.push({ start: ready.since, end: null });

  const readyAt = ready.firstAt;
  const readyIds = ready.first ? [ready.first.id] : [];
  const codingTime =
    readyAt !== null && pr.firstCommitAt !== null && pr.firstCommitAt <= readyAt
      ? {
          startAt: pr.firstCommitAt,
          endAt: readyAt,
          hours: (ms(readyAt) - ms(pr.firstCommitAt)) / HOUR,
          pausedHours: 0,
          eventIds: readyIds,
        }
      : null;
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
    pickupTime: readyAt && pickup ? clock(intervals, readyAt, pickup.at, [...readyIds, pickup.id]) : null,
    reviewTime:
      firstReview && merged ? clock(intervals, firstReview.at, merged.at, [firstReview.id, merged.id]) : null,
    timeToMerge: readyAt && merged ? clock(intervals, readyAt, merged.at, [...readyIds, merged.id]) : null,
    reviewers: [...reviewers].sort(),
    unreviewedMerge: merged !== null && firstReview === null,
    mergeEventId: merged?.id ?? null,
    ignoredEventIds: ignored,
    requests: requests.map((r) => finishRequest(r, pr, intervals, ms(asOf), ctx)),
  };
};
