/**
 * The result types of the code-review metrics (`reviews.ts`, `reviews-pr.ts`): per pull request
 * clocks, per review request SLA clocks, and the engagement-level aggregates. Hours are unrounded;
 * presenters round.
 */
import type { Instant, PullRequestState, WorkingCalendar } from "../domain/types.ts";

/** What the replay needs besides the events: the SLA, calendars and who is who. */
export interface ReviewContext {
  /** The engagement's review SLA: first review within this many working hours. */
  readonly limitHours: number;
  /** The calendar a request's clock runs on: the requested reviewer's, or the engagement's for a team. */
  readonly calendarOf: (reviewer: string) => WorkingCalendar;
  /** A key shared by all accounts of one person (the person id), else the account itself. */
  readonly personOf: (account: string) => string;
}

/** A duration measured on one pull request, with the events that started and stopped it. */
export interface PrClock {
  readonly startAt: Instant;
  readonly endAt: Instant;
  /** Wall-clock hours from start to end, minus the time the pull request was not ready. */
  readonly hours: number;
  /** Wall-clock hours left out because the pull request was back in draft or closed. */
  readonly pausedHours: number;
  readonly eventIds: readonly string[];
}

/**
 * `open`: not yet reviewed and within the limit. `met`: reviewed within the limit. `breached`:
 * the working clock passed the limit before a review (known as soon as it passes, even while
 * still open). `withdrawn`: the request ended without a review and within the limit.
 */
export type ReviewRequestStatus = "open" | "met" | "breached" | "withdrawn";

/** What stopped a request's clock. */
export type RequestEnd = "review" | "request_removed" | "merged" | "closed";

/** The SLA clock of one review request: requested → first review by that reviewer or team. */
export interface ReviewRequestClock {
  /** The id of the `review_requested` event that started the clock. */
  readonly id: string;
  readonly prId: string;
  /** The requested account, or `team:<slug>`. */
  readonly reviewer: string;
  readonly team: boolean;
  readonly requestedAt: Instant;
  readonly status: ReviewRequestStatus;
  readonly endedBy: RequestEnd | null;
  readonly endedAt: Instant | null;
  /** Who satisfied the request (the reviewer, or the team member who reviewed). */
  readonly reviewedBy: string | null;
  /** `approved`, `changes_requested`, `commented`… */
  readonly reviewState: string | null;
  /** When the limit is passed; null while the clock is paused (draft) with time left. */
  readonly dueAt: Instant | null;
  readonly limitHours: number;
  /** Ready wall-clock hours from the request to its end, or to as-of while open. */
  readonly hours: number;
  /** The same span in working hours on the reviewer's calendar. */
  readonly workingHours: number;
  /** The time zone of the calendar the clock ran on. */
  readonly timeZone: string;
  /** The request (and repeated requests while it was open), then the event that ended it. */
  readonly eventIds: readonly string[];
}

/** Phase of a pull request as of an instant. */
export type PullRequestPhase = "draft" | "ready" | PullRequestState;

/** Everything the review metrics know about one pull request as of an instant. */
export interface PullRequestReview {
  readonly prId: string;
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly author: string;
  readonly phase: PullRequestPhase;
  readonly createdAt: Instant;
  /** First time the pull request was ready for review (opened non-draft or moved out of draft). */
  readonly readyAt: Instant | null;
  readonly mergedAt: Instant | null;
  /** Additions + deletions. */
  readonly lines: number;
  readonly changedFiles: number;
  /** First commit → first ready. */
  readonly codingTime: PrClock | null;
  /** First ready → first review or comment by someone other than the author, not a bot. */
  readonly pickupTime: PrClock | null;
  /** First review by someone other than the author, not a bot → merge. */
  readonly reviewTime: PrClock | null;
  /** First ready → merge. */
  readonly timeToMerge: PrClock | null;
  /** Accounts that submitted a review, excluding the author and bots. */
  readonly reviewers: readonly string[];
  /** Merged with no review by anyone but the author (bots never count). */
  readonly unreviewedMerge: boolean;
  /** The merge event, when merged. */
  readonly mergeEventId: string | null;
  /** Reviews and comments left out of every clock: by the author (any of their accounts), a bot, or no known actor. */
  readonly ignoredEventIds: readonly string[];
  readonly requests: readonly ReviewRequestClock[];
}

/** Restricts the aggregates to samples that became known within [from, to]; see the module doc. */
export interface ReviewMetricsOptions {
  readonly from?: Instant;
  /** Defaults to, and is capped at, `asOf`. */
  readonly to?: Instant;
}

/** One value behind an aggregate, with where it came from. */
export interface Sample {
  /** The pull request id, or the review request id for request samples. */
  readonly id: string;
  readonly prId: string;
  readonly value: number;
  readonly eventIds: readonly string[];
}

/** Median and 85th percentile of samples (R7 percentiles); null when there are none. */
export interface Distribution {
  readonly count: number;
  readonly median: number | null;
  readonly p85: number | null;
  readonly samples: readonly Sample[];
}

/** Review-SLA outcome of the requests made in the window. */
export interface ReviewSlaSummary {
  /** The policy: first review within this many working hours of the reviewer's calendar. */
  readonly limitHours: number;
  readonly requests: number;
  readonly met: number;
  /** Breached, whether reviewed late, still open past the deadline, or ended unreviewed past it. */
  readonly breached: number;
  /** Of `breached`: still waiting for a review as of `asOf`. */
  readonly breachedOpen: number;
  /** Open and not yet due: no outcome yet, left out of adherence. */
  readonly open: number;
  readonly withdrawn: number;
  /** met ÷ (met + breached); null when no request has an outcome yet. */
  readonly adherence: number | null;
  /** Ids of the requests behind each count. */
  readonly evidence: {
    readonly met: readonly string[];
    readonly breached: readonly string[];
    readonly open: readonly string[];
    readonly withdrawn: readonly string[];
  };
}

/** One reviewer's queue and pace. A reviewer is a person (all their accounts) or a team. */
export interface ReviewerLoad {
  /** The person id when the account maps to a person; else the account or `team:<slug>`. */
  readonly reviewer: string;
  /** The accounts seen for this reviewer, sorted. */
  readonly accounts: readonly string[];
  /** Requests waiting for this reviewer as of `asOf` (ids in `openRequestIds`). */
  readonly openRequests: number;
  /** Of those, past their deadline. */
  readonly overdueRequests: number;
  /** Reviews submitted in the window (ids in `reviewEventIds`). */
  readonly reviewsGiven: number;
  /** Median working hours from request to first review, over this reviewer's requests made in the window. */
  readonly medianTimeToFirstReview: number | null;
  readonly openRequestIds: readonly string[];
  readonly reviewEventIds: readonly string[];
  readonly reviewedRequestIds: readonly string[];
}

/** A pull request merged with no review by anyone but its author. */
export interface UnreviewedMerge {
  readonly prId: string;
  readonly repo: string;
  readonly number: number;
  readonly author: string;
  readonly mergedAt: Instant;
  /** The merge event, then the reviews and comments not counted (the author's own, bots'). */
  readonly eventIds: readonly string[];
}

/** The code-review metrics of one engagement as of one instant. */
export interface ReviewMetrics {
  readonly asOf: Instant;
  readonly window: { readonly from: Instant | null; readonly to: Instant };
  /** Every pull request that existed as of `asOf`, in the history's order. */
  readonly pullRequests: readonly PullRequestReview[];
  /** Every review request made as of `asOf`, by request time. */
  readonly requests: readonly ReviewRequestClock[];
  readonly sla: ReviewSlaSummary;
  /** Wall-clock hours, first commit → first ready, by ready time. */
  readonly codingTime: Distribution;
  /** Ready hours, ready → first non-author, non-bot review or comment, by pickup time. */
  readonly pickupTime: Distribution;
  /** Working hours on the reviewer's calendar, request → first review, over requests made in the window and reviewed. */
  readonly timeToFirstReview: Distribution;
  /** Ready hours, first review → merge, by merge time. */
  readonly reviewTime: Distribution;
  /** Ready hours, ready → merge, by merge time. */
  readonly timeToMerge: Distribution;
  /** Additions + deletions of pull requests merged in the window. */
  readonly sizeLines: Distribution;
  /** Changed files of pull requests merged in the window. */
  readonly sizeFiles: Distribution;
  readonly unreviewedMerges: readonly UnreviewedMerge[];
  /** Reviewers with open requests or activity in the window, by reviewer key. */
  readonly reviewers: readonly ReviewerLoad[];
}
