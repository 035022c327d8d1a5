/**
 * Code-review metrics of an engagement as of an instant (METRICS.md, "Pull requests and code
 * review"): per pull request clocks, per review request SLA clocks, and their aggregates —
 * SLA adherence, reviewer load, median/P85 of pickup, time to first review, review time and
 * time to merge, and the list of unreviewed merges. Every figure names the pull requests,
 * requests and events it came from.
 *
 * The aggregate window (`from`–`to`, both inclusive) selects each sample by the moment it became
 * known: a pull-request clock by the event that stopped it (coding time by the first ready,
 * pickup by the pickup event, review time, time to merge, size and unreviewed merges by the
 * merge); a review request by when it was made (so adherence reads "of the requests made this
 * week, how many were reviewed within the limit"); reviews given by when they were submitted.
 * Open requests (also in reviewer load) are a snapshot as of `asOf`, not windowed.
 */
import { instantMs } from "../domain/time.ts";
import type { Instant } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import type { EngagementHistory } from "./history.ts";
import { calendarResolver, defaultCalendar } from "./history.ts";
import { canonicalMs } from "./instants.ts";
import { PullRequestReplayer } from "./reviews-pr.ts";
import type {
  Distribution,
  PullRequestReview,
  ReviewContext,
  ReviewerLoad,
  ReviewMetrics,
  ReviewMetricsOptions,
  ReviewRequestClock,
  ReviewSlaSummary,
  Sample,
  UnreviewedMerge,
} from "./reviews-types.ts";
import { median, percentiles, percentilesInPlace } from "./stats.ts";

export { isBot, reviewPullRequest } from "./reviews-pr.ts";
export type * from "./reviews-types.ts";

/**
 * Samples and their values, built side by side so percentiles need no extra pass. Both lists are
 * allocated once at their largest possible size (growing them one push at a time copies them
 * over and over) and the samples cut to length when done.
 */
class SampleList {
  private readonly samples: Sample[];
  readonly values: Float64Array;
  count = 0;
  /** False once a value is NaN or -0, which only a full sort orders the way `percentiles` does. */
  plain = true;

  constructor(capacity: number) {
    this.samples = new Array<Sample>(capacity);
    this.values = new Float64Array(capacity);
  }

  add(id: string, prId: string, value: number, eventIds: readonly string[]): void {
    this.values[this.count] = value;
    this.samples[this.count++] = { id, prId, value, eventIds };
    if (Number.isNaN(value) || Object.is(value, -0)) this.plain = false;
  }

  /** The samples added, in order; call once adding is done. */
  done(): Sample[] {
    this.samples.length = this.count;
    return this.samples;
  }
}

const distribution = (list: SampleList): Distribution => {
  const samples = list.done();
  const n = samples.length;
  if (n === 0) return { count: 0, median: null, p85: null, samples };
  let p50: number | null | undefined;
  let p85: number | null | undefined;
  if (list.plain) [p50, p85] = percentilesInPlace(list.values, n, [50, 85]);
  else
    [p50, p85] = percentiles(
      samples.map((s) => s.value),
      [50, 85],
    );
  return { count: n, median: p50 ?? null, p85: p85 ?? null, samples };
};

const canonical = (instant: Instant, what: string): Instant => {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw invalidInput(`${what} "${instant}" is not an ISO instant`);
  return new Date(ms).toISOString();
};

/** `fn` with its results cached per argument (`fn` must be pure and never return undefined). */
const memoised = <T>(fn: (key: string) => T): ((key: string) => T) => {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
};

/** Maps an account to a stable person key: person id, mapped identity, or email; else itself. */
const personResolver = (history: EngagementHistory): ((account: string) => string) => {
  const ids = new Set(history.people.map((p) => p.id));
  const byAccount = new Map(history.identities.map((i) => [i.externalId, i.personId]));
  const byEmail = new Map(history.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p.id]));
  return (account) =>
    ids.has(account) ? account : (byAccount.get(account) ?? byEmail.get(account.toLowerCase()) ?? account);
};

/** The review context of an engagement: its SLA policy, reviewers' calendars and person keys. */
export const reviewContext = (history: EngagementHistory): ReviewContext => {
  const resolve = calendarResolver(history);
  const team = defaultCalendar(history.engagement);
  return {
    limitHours: history.engagement.reviewSla.firstReviewHours,
    calendarOf: memoised((reviewer) => (reviewer.startsWith("team:") ? team : resolve(reviewer))),
    personOf: memoised(personResolver(history)),
  };
};

/**
 * The aggregate window, both ends inclusive, in epoch milliseconds: canonical instants order as
 * their milliseconds do, and the replay knows every instant it keeps in both forms.
 */
class AggregateWindow {
  private readonly fromMs: number;
  private readonly toMs: number;

  constructor(from: Instant | null, to: Instant) {
    this.fromMs = from === null ? Number.NEGATIVE_INFINITY : canonicalMs(from);
    this.toMs = canonicalMs(to);
  }

  has(ms: number): boolean {
    return ms >= this.fromMs && ms <= this.toMs;
  }
}

/** The eventIds of samples that have no events behind them (sizes), shared and frozen. */
const NO_EVENTS: readonly string[] = Object.freeze([]);

const byRequestedAt = (a: ReviewRequestClock, b: ReviewRequestClock): number =>
  a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0;

/**
 * The requests stably sorted by request time as text, and their request times in epoch
 * milliseconds (`ms`, given in the requests' order): sorted by milliseconds (ties by position),
 * then checked to be in text order, else sorted as text.
 */
const sortByRequestedAt = (
  requests: ReviewRequestClock[],
  ms: readonly number[],
): { readonly sorted: ReviewRequestClock[]; readonly times: Float64Array } => {
  const n = requests.length;
  const keys = new Float64Array(n);
  const times = new Float64Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const key = ms[i]!;
    keys[i] = key;
    if (!Number.isInteger(key)) integers = false;
    if (key < min) min = key;
    if (key > max) max = key;
  }
  // Pack (ms − min, position) into one exact integer when it fits in 53 bits: a plain numeric sort.
  let slots = 1;
  while (slots < n) slots *= 2;
  const sorted = new Array<ReviewRequestClock>(n);
  if (n > 1 && integers && (max - min + 1) * slots <= 2 ** 53) {
    for (let i = 0; i < n; i++) keys[i] = (keys[i]! - min) * slots + i;
    keys.sort();
    for (let i = 0; i < n; i++) {
      const at = keys[i]! % slots;
      sorted[i] = requests[at]!;
      times[i] = ms[at]!;
    }
  } else {
    const order: number[] = [];
    for (let i = 0; i < n; i++) order.push(i);
    order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    for (let i = 0; i < n; i++) {
      sorted[i] = requests[order[i]!]!;
      times[i] = ms[order[i]!]!;
    }
  }
  for (let i = 1; i < n; i++)
    if (sorted[i - 1]!.requestedAt > sorted[i]!.requestedAt) {
      requests.sort(byRequestedAt);
      for (let j = 0; j < n; j++) times[j] = canonicalMs(requests[j]!.requestedAt);
      return { sorted: requests, times };
    }
  return { sorted, times };
};

/**
 * Code-review metrics as of `asOf`: only events at or before `asOf` count, so a request whose
 * review lands later is still open (and breached once past its deadline). Aggregates cover the
 * window in `options` (see the module doc for which moment places a sample in it).
 */
export const reviewMetrics = (
  history: EngagementHistory,
  asOf: Instant,
  options: ReviewMetricsOptions = {},
): ReviewMetrics => {
  const at = canonical(asOf, "asOf");
  const from = options.from === undefined ? null : canonical(options.from, "from");
  const requestedTo = options.to === undefined ? at : canonical(options.to, "to");
  // ISO instants in canonical form order as text.
  const to = [requestedTo, at].sort()[0]!;
  const window = new AggregateWindow(from, to);

  const ctx = reviewContext(history);
  const replayer = new PullRequestReplayer(ctx, at, instantMs(at));
  const capacity = history.pullRequests.length;
  // Allocated once at the largest size and cut to length after (pushing copies it over and over).
  const pullRequests = new Array<PullRequestReview>(capacity);
  let prCount = 0;
  const unsorted: ReviewRequestClock[] = [];
  // Pull-request samples are taken as each pull request is replayed, while the replayer still
  // holds the instants that place them in the window.
  const codingTime = new SampleList(capacity);
  const pickupTime = new SampleList(capacity);
  const reviewTime = new SampleList(capacity);
  const timeToMerge = new SampleList(capacity);
  const sizeLines = new SampleList(capacity);
  const sizeFiles = new SampleList(capacity);
  const unreviewedMerges: UnreviewedMerge[] = [];
  const prs = history.pullRequests;
  for (let index = 0; index < prs.length; index++) {
    const pr = prs[index]!;
    const review = replayer.replay(pr, history.timelines.pullRequests[index]!);
    if (review === null) continue;
    pullRequests[prCount++] = review;
    const prRequests = review.requests;
    for (let i = 0; i < prRequests.length; i++) unsorted.push(prRequests[i]!);

    const id = review.prId;
    const coding = review.codingTime;
    if (coding !== null && window.has(replayer.readyMs))
      codingTime.add(id, id, coding.hours, coding.eventIds);
    const pickup = review.pickupTime;
    if (pickup !== null && window.has(replayer.pickupMs))
      pickupTime.add(id, id, pickup.hours, pickup.eventIds);
    if (review.mergedAt === null || !window.has(replayer.mergedMs)) continue;
    if (review.reviewTime) reviewTime.add(id, id, review.reviewTime.hours, review.reviewTime.eventIds);
    if (review.timeToMerge) timeToMerge.add(id, id, review.timeToMerge.hours, review.timeToMerge.eventIds);
    sizeLines.add(id, id, review.lines, NO_EVENTS);
    sizeFiles.add(id, id, review.changedFiles, NO_EVENTS);
    if (review.unreviewedMerge)
      unreviewedMerges.push({
        prId: id,
        repo: review.repo,
        number: review.number,
        author: review.author,
        mergedAt: review.mergedAt,
        eventIds: [review.mergeEventId!, ...review.ignoredEventIds],
      });
  }
  pullRequests.length = prCount;
  const { sorted: requests, times: requestTimes } = sortByRequestedAt(unsorted, replayer.requestMs);

  // Requests are counted and reviewer loads built in one pass, in request order.
  const loads = new ReviewerLoads(ctx);
  let windowed = 0;
  const met: string[] = [];
  const breached: string[] = [];
  const open: string[] = [];
  const withdrawn: string[] = [];
  let breachedOpen = 0;
  const firstReviews = new SampleList(requests.length);
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i]!;
    if (r.endedBy === null) loads.waiting(r);
    if (!window.has(requestTimes[i]!)) continue;
    windowed++;
    switch (r.status) {
      case "met":
        met.push(r.id);
        break;
      case "breached":
        breached.push(r.id);
        if (r.endedBy === null) breachedOpen++;
        break;
      case "open":
        open.push(r.id);
        break;
      case "withdrawn":
        withdrawn.push(r.id);
        break;
    }
    if (r.endedBy === "review") {
      firstReviews.add(r.id, r.prId, r.workingHours, r.eventIds);
      loads.reviewed(r);
    }
  }
  const { reviewIds, reviewAccounts, reviewMs } = replayer;
  for (let i = 0; i < reviewIds.length; i++)
    if (window.has(reviewMs[i]!)) loads.of(reviewAccounts[i]!).reviewEventIds.push(reviewIds[i]!);
  const sla: ReviewSlaSummary = {
    limitHours: ctx.limitHours,
    requests: windowed,
    met: met.length,
    breached: breached.length,
    breachedOpen,
    open: open.length,
    withdrawn: withdrawn.length,
    adherence: met.length + breached.length === 0 ? null : met.length / (met.length + breached.length),
    evidence: { met, breached, open: [...open], withdrawn: [...withdrawn] },
  };

  return {
    asOf: at,
    window: { from, to },
    pullRequests,
    requests,
    sla,
    codingTime: distribution(codingTime),
    pickupTime: distribution(pickupTime),
    timeToFirstReview: distribution(firstReviews),
    reviewTime: distribution(reviewTime),
    timeToMerge: distribution(timeToMerge),
    sizeLines: distribution(sizeLines),
    sizeFiles: distribution(sizeFiles),
    unreviewedMerges,
    reviewers: loads.result(),
  };
};

interface LoadDraft {
  readonly accounts: Set<string>;
  readonly openRequestIds: string[];
  overdue: number;
  readonly reviewEventIds: string[];
  readonly reviewedIds: string[];
  readonly reviewedHours: number[];
}

/** Reviewer loads as they are built, by reviewer key, and by account for the accounts seen. */
class ReviewerLoads {
  private readonly byKey = new Map<string, LoadDraft>();
  private readonly byAccount = new Map<string, LoadDraft>();

  constructor(private readonly ctx: ReviewContext) {}

  /** The load of the reviewer `account` (a login or `team:<slug>`) belongs to. */
  of(account: string): LoadDraft {
    const known = this.byAccount.get(account);
    if (known !== undefined) return known;
    const key = account.startsWith("team:") ? account : this.ctx.personOf(account);
    let load = this.byKey.get(key);
    if (!load) {
      load = {
        accounts: new Set(),
        openRequestIds: [],
        overdue: 0,
        reviewEventIds: [],
        reviewedIds: [],
        reviewedHours: [],
      };
      this.byKey.set(key, load);
    }
    load.accounts.add(account);
    this.byAccount.set(account, load);
    return load;
  }

  /** A request still waiting for its reviewer as of as-of. */
  waiting(request: ReviewRequestClock): void {
    const load = this.of(request.reviewer);
    load.openRequestIds.push(request.id);
    if (request.status === "breached") load.overdue += 1;
  }

  /** A request made in the window and reviewed. */
  reviewed(request: ReviewRequestClock): void {
    const load = this.of(request.reviewer);
    load.reviewedIds.push(request.id);
    load.reviewedHours.push(request.workingHours);
  }

  /** The loads by reviewer key. */
  result(): ReviewerLoad[] {
    return [...this.byKey.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([reviewer, load]) => ({
        reviewer,
        accounts: [...load.accounts].sort(),
        openRequests: load.openRequestIds.length,
        overdueRequests: load.overdue,
        reviewsGiven: load.reviewEventIds.length,
        medianTimeToFirstReview: median(load.reviewedHours),
        openRequestIds: load.openRequestIds,
        reviewEventIds: load.reviewEventIds,
        reviewedRequestIds: load.reviewedIds,
      }));
  }
}
