/**
 * One pull request's review clocks as of an instant, replayed from its events: coding, pickup,
 * review and merge time, and one SLA clock per review request. `reviews.ts` aggregates these.
 *
 * Draft time is excluded from every review-phase clock: the clocks run only while the pull
 * request is *ready* — open, not a draft, not merged. Converting back to draft (or closing)
 * pauses them; moving out of draft (or reopening) resumes them. Coding time is the exception by
 * definition: it ends when the pull request first becomes ready, so a leading draft is coding.
 *
 * The replay reads the history's timeline (instants and kinds in typed arrays) and touches an
 * event object only for its content. An engagement has tens of thousands of pull requests, so a
 * `PullRequestReplayer` keeps its working lists from one pull request to the next and allocates
 * little besides the results.
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
import { buildTimelines, countUpTo, EMPTY_TIMELINE, K, type Timeline } from "./timeline.ts";

const HOUR = 3_600_000;

/** Bots never count as reviewers or pickup. */
export const isBot = (event: HistoryEvent): boolean =>
  event.actorIsBot || (event.actor?.endsWith("[bot]") ?? false);

/**
 * The empty list most pull requests have (no ignored events, no requests…), shared by all of
 * them; frozen, so that no caller can fill it for everyone.
 */
const NONE: readonly never[] = Object.freeze([]);

/**
 * `scratch[0..count)` in an array of exactly that size (the shared empty list when empty). The
 * short lists most pull requests have are array literals: V8 learns that what a literal site
 * allocates outlives the young generation and allocates it in the old one directly, where
 * `slice` would allocate young and have the collector copy it.
 */
const listOf = <T>(scratch: T[], count: number): readonly T[] => {
  switch (count) {
    case 0:
      return NONE;
    case 1:
      return [scratch[0]!];
    case 2:
      return [scratch[0]!, scratch[1]!];
    case 3:
      return [scratch[0]!, scratch[1]!, scratch[2]!];
    default:
      return scratch.slice(0, count);
  }
};

/** `array`, or a copy at least twice as long when it holds fewer than `size` numbers. */
const ensure = (array: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer> => {
  if (array.length >= size) return array;
  const grown = new Float64Array(Math.max(size, 2 * array.length));
  grown.set(array);
  return grown;
};

/*
 * Ready intervals are kept flat: `[start0, end0, start1, end1, …]` in epoch milliseconds, the
 * last end +Infinity while the pull request is still ready at as-of. Ready spans within a range
 * are kept flat the same way. `count` is how many numbers of the array are in use.
 */

/** Writes the ready spans within [from, to] to `spans` and returns how many numbers it wrote. */
const readySpans = (
  intervals: Float64Array,
  count: number,
  from: number,
  to: number,
  spans: Float64Array,
): number => {
  let written = 0;
  for (let i = 0; i < count; i += 2) {
    const intervalStart = intervals[i]!;
    const end = intervals[i + 1]!;
    const covers = intervalStart <= to && end > to;
    const start = Math.max(intervalStart, from);
    const stop = Math.min(end, to);
    if (stop > start || (stop === start && covers)) {
      spans[written++] = start;
      spans[written++] = stop;
    }
  }
  return written;
};

/** Whether the pull request was ready at `at`. */
const readyAt = (intervals: Float64Array, count: number, at: number): boolean => {
  for (let i = 0; i < count; i += 2) if (intervals[i]! <= at && intervals[i + 1]! > at) return true;
  return false;
};

/** Ready milliseconds within [from, to]. */
const readyMs = (intervals: Float64Array, count: number, from: number, to: number): number => {
  let total = 0;
  for (let i = 0; i < count; i += 2) {
    const intervalStart = intervals[i]!;
    const end = intervals[i + 1]!;
    const start = Math.max(intervalStart, from);
    const stop = Math.min(end, to);
    if (stop > start) total += stop - start;
  }
  return total;
};

const clock = (
  intervals: Float64Array,
  count: number,
  start: Instant,
  startMs: number,
  end: Instant,
  endMs: number,
  eventIds: readonly string[],
): PrClock => {
  const wall = Math.max(0, endMs - startMs);
  const ready = readyMs(intervals, count, startMs, endMs);
  return { startAt: start, endAt: end, hours: ready / HOUR, pausedHours: (wall - ready) / HOUR, eventIds };
};

/**
 * When the request's working clock passes `limitMs`: walk the ready spans, and past the last
 * known moment assume the pull request stays as it was then. Null when it was not ready then
 * and time was left (the clock is paused). `working` holds each span's working milliseconds.
 */
const dueOf = (
  calendar: WorkingCalendar,
  spans: Float64Array,
  working: Float64Array,
  count: number,
  covering: boolean,
  limitMs: number,
): number | null => {
  let remaining = limitMs;
  for (let index = 0; index < count; index++) {
    const start = spans[2 * index]!;
    const due = addWorkingMs(calendar, start, remaining);
    if (due < spans[2 * index + 1]! || (covering && index === count - 1)) return due;
    remaining -= working[index]!;
  }
  return null;
};

/** The events of one entity as a timeline, for callers that hold a plain list. */
const timelineOfEvents = (events: readonly HistoryEvent[]): Timeline =>
  events.length === 0 ? EMPTY_TIMELINE : buildTimelines([events]).get(events[0]!.entityId)!;

/**
 * Replays one pull request's events up to `asOf` (events in chronological order, as
 * `EngagementHistory.eventsOf` gives them). Null when the pull request did not exist yet: its
 * `created` event is after `asOf` (or, without one, its `createdAt` is). `asOf` and the events'
 * instants must be in the canonical instant form, as the domain keeps them: they are compared as
 * epoch milliseconds, which orders canonical instants as their text does.
 */
export const reviewPullRequest = (
  pr: PullRequest,
  allEvents: readonly HistoryEvent[],
  asOf: Instant,
  ctx: ReviewContext,
): PullRequestReview | null =>
  new PullRequestReplayer(ctx, asOf, canonicalMs(asOf)).replay(pr, timelineOfEvents(allEvents));

/**
 * Replays pull requests one after another as of one instant (see `reviewPullRequest`), and
 * keeps what the aggregates need besides the results: the instants the results hold as text, in
 * epoch milliseconds, and the reviews that count. Instants are compared as numbers, which orders
 * them as their canonical text does.
 */
export class PullRequestReplayer {
  /** When the last pull request replayed first became ready, was picked up, was merged (NaN: never). */
  readyMs = Number.NaN;
  pickupMs = Number.NaN;
  mergedMs = Number.NaN;
  /** The `requestedAt` of every request clock returned so far, in the order returned. */
  readonly requestMs: number[] = [];
  /**
   * Every submitted review that counts (by someone other than the author, not a bot), in replay
   * order: its event id, its author's account and when it was submitted.
   */
  readonly reviewIds: string[] = [];
  readonly reviewAccounts: string[] = [];
  readonly reviewMs: number[] = [];

  // Working lists, reused from one pull request to the next.
  private intervals = new Float64Array(16);
  private spans = new Float64Array(16);
  private spanWorking = new Float64Array(8);
  private readonly reviewers: string[] = [];
  private readonly ignored: string[] = [];
  private readonly ids: string[] = [];
  private readonly finished: ReviewRequestClock[] = [];
  /*
   * The current pull request's review requests, by ordinal: who the request is open for (a
   * person key or `team:<slug>`), the event indexes that made and ended it, how it ended and
   * who reviewed. `open` lists the ordinals still open, in the order they were made;
   * `repeats` holds [ordinal, event index] pairs of requests repeated while open.
   */
  private readonly requestKey: string[] = [];
  private readonly requestEvent: number[] = [];
  private readonly requestEnd: number[] = [];
  private readonly requestEndedBy: (RequestEnd | null)[] = [];
  private readonly requestReviewedBy: (string | null)[] = [];
  private readonly open: number[] = [];
  private readonly repeats: number[] = [];
  private requestCount = 0;
  private openCount = 0;
  private repeatCount = 0;

  constructor(
    private readonly ctx: ReviewContext,
    private readonly asOf: Instant,
    private readonly asOfMs: number,
  ) {}

  /** The pull request as of the replayer's instant; null when it did not exist yet. */
  replay(pr: PullRequest, timeline: Timeline): PullRequestReview | null {
    const { events, times, kinds } = timeline;
    const count = countUpTo(times, this.asOfMs);
    let created = -1;
    // Without a `created` event, a pull request whose first state change is "ready" began as a draft.
    let firstStateChange = -1;
    for (let i = 0; i < count; i++) {
      const kind = kinds[i];
      if (kind === K.created) {
        created = i;
        break;
      }
      if (firstStateChange < 0 && (kind === K.ready_for_review || kind === K.converted_to_draft))
        firstStateChange = i;
    }
    if (created < 0) {
      if (pr.createdAt > this.asOf) return null;
      for (let i = count; i < kinds.length; i++) if (kinds[i] === K.created) return null;
    }
    const createdEvent = created < 0 ? null : events[created]!;
    const createdAt = createdEvent === null ? pr.createdAt : createdEvent.at;
    const personOf = this.ctx.personOf;
    const author = personOf(pr.author);

    let draft =
      createdEvent !== null
        ? createdEvent.to === "draft"
        : firstStateChange >= 0 && kinds[firstStateChange] === K.ready_for_review;
    let open = true;
    // Event indexes; -1 while there is none.
    let merged = -1;
    let pickup = -1;
    let firstReview = -1;
    let readyFirst = -1;
    let intervals = this.intervals;
    let intervalCount = 0;
    let isReadyNow = false;
    let readySince = 0;
    let readyFirstAt: Instant | null = null;
    let readyFirstMs = Number.NaN;
    const reviewers = this.reviewers;
    let reviewerCount = 0;
    const ignored = this.ignored;
    let ignoredCount = 0;
    this.requestCount = 0;
    this.openCount = 0;
    this.repeatCount = 0;

    if (createdEvent === null && !draft) {
      // Ready from creation (open, not a draft, not merged).
      isReadyNow = true;
      readySince = canonicalMs(createdAt);
      readyFirstAt = createdAt;
      readyFirstMs = readySince;
    }
    for (let i = 0; i < count; i++) {
      switch (kinds[i]) {
        case K.created:
          draft = events[i]!.to === "draft";
          break;
        case K.ready_for_review:
          draft = false;
          break;
        case K.converted_to_draft:
          draft = true;
          break;
        case K.reopened:
          open = true;
          break;
        case K.closed:
          open = false;
          this.endAll("closed", i, null, false);
          break;
        case K.merged:
          if (merged < 0) merged = i;
          this.endAll("merged", i, null, false);
          break;
        case K.review_requested: {
          const target = events[i]!.to;
          if (target === null || target.endsWith("[bot]")) break;
          const team = target.startsWith("team:");
          const key = team ? target : personOf(target);
          if (!team && key === author) break;
          this.request(key, i);
          break;
        }
        case K.review_request_removed: {
          const target = events[i]!.to;
          if (target !== null && this.openCount > 0)
            this.endRequest(
              target.startsWith("team:") ? target : personOf(target),
              "request_removed",
              i,
              null,
            );
          break;
        }
        case K.reviewed:
        case K.commented: {
          const e = events[i]!;
          const actor = e.actor;
          if (actor === null || isBot(e)) {
            ignored[ignoredCount++] = e.id;
            break;
          }
          const person = personOf(actor);
          if (person === author) {
            ignored[ignoredCount++] = e.id;
            break;
          }
          // Review states that mean a review was submitted (a `pending` review was not).
          const submitted = kinds[i] === K.reviewed && e.to !== "pending";
          if (readyFirstAt !== null && pickup < 0 && (submitted || kinds[i] === K.commented)) pickup = i;
          if (submitted) {
            let known = false;
            for (let j = 0; j < reviewerCount; j++)
              if (reviewers[j] === actor) {
                known = true;
                break;
              }
            if (!known) reviewers[reviewerCount++] = actor;
            this.reviewIds.push(e.id);
            this.reviewAccounts.push(actor);
            this.reviewMs.push(times[i]!);
            if (merged < 0 && firstReview < 0) firstReview = i;
            if (this.openCount > 0) {
              this.endRequest(person, "review", i, actor);
              this.endAll("review", i, actor, true);
            }
          }
          break;
        }
        default:
          break;
      }
      if (open && !draft && merged < 0) {
        if (!isReadyNow) {
          isReadyNow = true;
          readySince = times[i]!;
          if (readyFirstAt === null) {
            readyFirstAt = events[i]!.at;
            readyFirstMs = readySince;
            readyFirst = i;
          }
        }
      } else if (isReadyNow) {
        intervals = ensure(intervals, intervalCount + 2);
        intervals[intervalCount++] = readySince;
        intervals[intervalCount++] = times[i]!;
        isReadyNow = false;
      }
    }
    if (isReadyNow) {
      intervals = ensure(intervals, intervalCount + 2);
      intervals[intervalCount++] = readySince;
      intervals[intervalCount++] = Number.POSITIVE_INFINITY;
    }
    this.intervals = intervals;

    const readyAt = readyFirstAt;
    const mergedEvent = merged < 0 ? null : events[merged]!;
    const mergedMs = merged < 0 ? Number.NaN : times[merged]!;
    const readyId = readyFirst < 0 ? null : events[readyFirst]!.id;
    const codingTime: PrClock | null =
      readyAt !== null && pr.firstCommitAt !== null && pr.firstCommitAt <= readyAt
        ? {
            startAt: pr.firstCommitAt,
            endAt: readyAt,
            hours: (readyFirstMs - canonicalMs(pr.firstCommitAt)) / HOUR,
            pausedHours: 0,
            eventIds: readyId === null ? NONE : [readyId],
          }
        : null;
    const pickupEvent = pickup < 0 ? null : events[pickup]!;
    const reviewEvent = firstReview < 0 ? null : events[firstReview]!;
    const finished = this.finished;
    const requestCount = this.requestCount;
    for (let r = 0; r < requestCount; r++)
      finished[r] = this.finishRequest(r, pr, events, times, intervalCount);
    const reviewerList = listOf(reviewers, reviewerCount);
    this.readyMs = readyFirstMs;
    this.pickupMs = pickup < 0 ? Number.NaN : times[pickup]!;
    this.mergedMs = mergedMs;

    return {
      prId: pr.id,
      repo: pr.repo,
      number: pr.number,
      title: pr.title,
      author: pr.author,
      phase: mergedEvent ? "merged" : !open ? "closed" : draft ? "draft" : "ready",
      createdAt,
      readyAt,
      mergedAt: mergedEvent?.at ?? null,
      lines: pr.additions + pr.deletions,
      changedFiles: pr.changedFiles,
      codingTime,
      pickupTime:
        readyAt && pickupEvent
          ? clock(
              intervals,
              intervalCount,
              readyAt,
              readyFirstMs,
              pickupEvent.at,
              times[pickup]!,
              readyId === null ? [pickupEvent.id] : [readyId, pickupEvent.id],
            )
          : null,
      reviewTime:
        reviewEvent && mergedEvent
          ? clock(intervals, intervalCount, reviewEvent.at, times[firstReview]!, mergedEvent.at, mergedMs, [
              reviewEvent.id,
              mergedEvent.id,
            ])
          : null,
      timeToMerge:
        readyAt && mergedEvent
          ? clock(
              intervals,
              intervalCount,
              readyAt,
              readyFirstMs,
              mergedEvent.at,
              mergedMs,
              readyId === null ? [mergedEvent.id] : [readyId, mergedEvent.id],
            )
          : null,
      reviewers: reviewerCount > 1 ? (reviewerList as string[]).sort() : reviewerList,
      unreviewedMerge: mergedEvent !== null && reviewEvent === null,
      mergeEventId: mergedEvent?.id ?? null,
      ignoredEventIds: listOf(ignored, ignoredCount),
      requests: listOf(finished, requestCount),
    };
  }

  /** A review request for `key` at event `index`: a new request, or a repeat of the open one. */
  private request(key: string, index: number): void {
    const open = this.open;
    for (let j = 0; j < this.openCount; j++) {
      const ordinal = open[j]!;
      if (this.requestKey[ordinal] === key) {
        this.repeats[this.repeatCount++] = ordinal;
        this.repeats[this.repeatCount++] = index;
        return;
      }
    }
    const ordinal = this.requestCount++;
    this.requestKey[ordinal] = key;
    this.requestEvent[ordinal] = index;
    this.requestEnd[ordinal] = -1;
    this.requestEndedBy[ordinal] = null;
    this.requestReviewedBy[ordinal] = null;
    open[this.openCount++] = ordinal;
  }

  private end(ordinal: number, how: RequestEnd, index: number, reviewedBy: string | null): void {
    this.requestEndedBy[ordinal] = how;
    this.requestEnd[ordinal] = index;
    this.requestReviewedBy[ordinal] = reviewedBy;
  }

  /** Ends the open request under `key`, if any. */
  private endRequest(key: string, how: RequestEnd, index: number, reviewedBy: string | null): void {
    const open = this.open;
    const openCount = this.openCount;
    for (let j = 0; j < openCount; j++) {
      const ordinal = open[j]!;
      if (this.requestKey[ordinal] !== key) continue;
      this.end(ordinal, how, index, reviewedBy);
      for (let k = j + 1; k < openCount; k++) open[k - 1] = open[k]!;
      this.openCount = openCount - 1;
      return;
    }
  }

  /** Ends every open request (all, or only the teams'). */
  private endAll(how: RequestEnd, index: number, reviewedBy: string | null, teamsOnly: boolean): void {
    const open = this.open;
    let kept = 0;
    for (let j = 0; j < this.openCount; j++) {
      const ordinal = open[j]!;
      if (teamsOnly && !this.requestKey[ordinal]!.startsWith("team:")) {
        open[kept++] = ordinal;
        continue;
      }
      this.end(ordinal, how, index, reviewedBy);
    }
    this.openCount = kept;
  }

  /** The SLA clock of request `ordinal`, once the replay has seen every event up to as-of. */
  private finishRequest(
    ordinal: number,
    pr: PullRequest,
    events: readonly HistoryEvent[],
    times: Float64Array,
    intervalCount: number,
  ): ReviewRequestClock {
    const ctx = this.ctx;
    const requestIndex = this.requestEvent[ordinal]!;
    const event = events[requestIndex]!;
    const reviewer = event.to ?? "";
    const calendar = ctx.calendarOf(reviewer);
    const from = times[requestIndex]!;
    const endIndex = this.requestEnd[ordinal]!;
    const end = endIndex < 0 ? null : events[endIndex]!;
    const to = end === null ? this.asOfMs : times[endIndex]!;
    const intervals = this.intervals;
    // At most one span per ready interval.
    this.spans = ensure(this.spans, intervalCount);
    this.spanWorking = ensure(this.spanWorking, intervalCount / 2);
    const spans = this.spans;
    const spanWorking = this.spanWorking;
    const spanCount = readySpans(intervals, intervalCount, from, to, spans) / 2;
    let wall = 0;
    let working = 0;
    for (let s = 0; s < spanCount; s++) {
      const start = spans[2 * s]!;
      const stop = spans[2 * s + 1]!;
      wall += stop - start;
      const w = workingMsBetween(calendar, start, stop);
      spanWorking[s] = w;
      working += w;
    }
    const limitMs = ctx.limitHours * HOUR;
    const covering = readyAt(intervals, intervalCount, to);
    const due = dueOf(calendar, spans, spanWorking, spanCount, covering, limitMs);
    const over = working > limitMs;
    const endedBy = this.requestEndedBy[ordinal] ?? null;
    const status: ReviewRequestStatus = over
      ? "breached"
      : endedBy === "review"
        ? "met"
        : endedBy === null
          ? "open"
          : "withdrawn";
    // The request, the same request repeated while it was open, then the event that ended it.
    const ids = this.ids;
    let idCount = 0;
    ids[idCount++] = event.id;
    const repeats = this.repeats;
    for (let j = 0; j < this.repeatCount; j += 2)
      if (repeats[j] === ordinal) ids[idCount++] = events[repeats[j + 1]!]!.id;
    if (end !== null) ids[idCount++] = end.id;
    this.requestMs.push(from);
    return {
      id: event.id,
      prId: pr.id,
      reviewer,
      team: reviewer.startsWith("team:"),
      requestedAt: event.at,
      status,
      endedBy,
      endedAt: end === null ? null : end.at,
      reviewedBy: this.requestReviewedBy[ordinal] ?? null,
      reviewState: endedBy === "review" ? (end?.to ?? null) : null,
      dueAt: due === null ? null : isoOf(due),
      limitHours: ctx.limitHours,
      hours: wall / HOUR,
      workingHours: working / HOUR,
      timeZone: calendar.timeZone,
      eventIds: listOf(ids, idCount),
    };
  }
}
