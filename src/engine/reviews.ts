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
import type { Instant } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";
import type { EngagementHistory } from "./history.ts";
import { calendarResolver, defaultCalendar } from "./history.ts";
import { isBot, reviewPullRequest } from "./reviews-pr.ts";
import type {
  Distribution,
  PrClock,
  PullRequestReview,
  ReviewContext,
  ReviewerLoad,
  ReviewMetrics,
  ReviewMetricsOptions,
  ReviewRequestClock,
  ReviewSlaSummary,
  Sample,
} from "./reviews-types.ts";
import { median, percentiles } from "./stats.ts";

export { isBot, reviewPullRequest } from "./reviews-pr.ts";
export type * from "./reviews-types.ts";

const distribution = (samples: readonly Sample[]): Distribution => {
  const [p50, p85] = percentiles(
    samples.map((s) => s.value),
    [50, 85],
  );
  return { count: samples.length, median: p50 ?? null, p85: p85 ?? null, samples };
};

const canonical = (instant: Instant, what: string): Instant => {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw invalidInput(`${what} "${instant}" is not an ISO instant`);
  return new Date(ms).toISOString();
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
    calendarOf: (reviewer) => (reviewer.startsWith("team:") ? team : resolve(reviewer)),
    personOf: personResolver(history),
  };
};

const clockSample = (pr: PullRequestReview, clock: PrClock | null): Sample[] =>
  clock ? [{ id: pr.prId, prId: pr.prId, value: clock.hours, eventIds: clock.eventIds }] : [];

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
  const inWindow = (instant: Instant | null): instant is Instant =>
    instant !== null && (from === null || instant >= from) && instant <= to;

  const ctx = reviewContext(history);
  const pullRequests: PullRequestReview[] = [];
  for (const pr of history.pullRequests) {
    const review = reviewPullRequest(pr, history.eventsOf(pr.id), at, ctx);
    if (review) pullRequests.push(review);
  }
  const requests = pullRequests
    .flatMap((pr) => pr.requests)
    .sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0));
  const windowed = requests.filter((r) => inWindow(r.requestedAt));
  const merged = pullRequests.filter((pr) => inWindow(pr.mergedAt));

  const ids = (status: ReviewRequestClock["status"]) =>
    windowed.filter((r) => r.status === status).map((r) => r.id);
  const met = ids("met");
  const breached = ids("breached");
  const sla: ReviewSlaSummary = {
    limitHours: ctx.limitHours,
    requests: windowed.length,
    met: met.length,
    breached: breached.length,
    breachedOpen: windowed.filter((r) => r.status === "breached" && r.endedBy === null).length,
    open: ids("open").length,
    withdrawn: ids("withdrawn").length,
    adherence: met.length + breached.length === 0 ? null : met.length / (met.length + breached.length),
    evidence: { met, breached, open: ids("open"), withdrawn: ids("withdrawn") },
  };

  const firstReviews = windowed
    .filter((r) => r.endedBy === "review")
    .map((r) => ({ id: r.id, prId: r.prId, value: r.workingHours, eventIds: r.eventIds }));

  return {
    asOf: at,
    window: { from, to },
    pullRequests,
    requests,
    sla,
    codingTime: distribution(
      pullRequests
        .filter((pr) => inWindow(pr.codingTime?.endAt ?? null))
        .flatMap((pr) => clockSample(pr, pr.codingTime)),
    ),
    pickupTime: distribution(
      pullRequests
        .filter((pr) => inWindow(pr.pickupTime?.endAt ?? null))
        .flatMap((pr) => clockSample(pr, pr.pickupTime)),
    ),
    timeToFirstReview: distribution(firstReviews),
    reviewTime: distribution(merged.flatMap((pr) => clockSample(pr, pr.reviewTime))),
    timeToMerge: distribution(merged.flatMap((pr) => clockSample(pr, pr.timeToMerge))),
    sizeLines: distribution(
      merged.map((pr) => ({ id: pr.prId, prId: pr.prId, value: pr.lines, eventIds: [] })),
    ),
    sizeFiles: distribution(
      merged.map((pr) => ({ id: pr.prId, prId: pr.prId, value: pr.changedFiles, eventIds: [] })),
    ),
    unreviewedMerges: merged
      .filter((pr) => pr.unreviewedMerge)
      .map((pr) => ({
        prId: pr.prId,
        repo: pr.repo,
        number: pr.number,
        author: pr.author,
        mergedAt: pr.mergedAt!,
        eventIds: [pr.mergeEventId!, ...pr.ignoredEventIds],
      })),
    reviewers: reviewerLoads(history, pullRequests, requests, windowed, ctx, at, inWindow),
  };
};

interface LoadDraft {
  readonly accounts: Set<string>;
  readonly openRequestIds: string[];
  overdue: number;
  readonly reviewEventIds: string[];
  readonly reviewed: { readonly id: string; readonly hours: number }[];
}

const reviewerLoads = (
  history: EngagementHistory,
  pullRequests: readonly PullRequestReview[],
  requests: readonly ReviewRequestClock[],
  windowed: readonly ReviewRequestClock[],
  ctx: ReviewContext,
  asOf: Instant,
  inWindow: (instant: Instant | null) => boolean,
): ReviewerLoad[] => {
  const loads = new Map<string, LoadDraft>();
  const loadOf = (account: string): LoadDraft => {
    const key = account.startsWith("team:") ? account : ctx.personOf(account);
    let load = loads.get(key);
    if (!load) {
      load = { accounts: new Set(), openRequestIds: [], overdue: 0, reviewEventIds: [], reviewed: [] };
      loads.set(key, load);
    }
    load.accounts.add(account);
    return load;
  };
  for (const request of requests) {
    if (request.endedBy !== null) continue;
    const load = loadOf(request.reviewer);
    load.openRequestIds.push(request.id);
    if (request.status === "breached") load.overdue += 1;
  }
  for (const request of windowed) {
    if (request.endedBy === "review")
      loadOf(request.reviewer).reviewed.push({ id: request.id, hours: request.workingHours });
  }
  for (const pr of pullRequests) {
    const author = ctx.personOf(pr.author);
    for (const event of history.eventsOf(pr.prId)) {
      if (event.at > asOf) break;
      if (event.kind !== "reviewed" || event.to === "pending" || event.actor === null || isBot(event))
        continue;
      if (ctx.personOf(event.actor) === author || !inWindow(event.at)) continue;
      loadOf(event.actor).reviewEventIds.push(event.id);
    }
  }
  return [...loads.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reviewer, load]) => ({
      reviewer,
      accounts: [...load.accounts].sort(),
      openRequests: load.openRequestIds.length,
      overdueRequests: load.overdue,
      reviewsGiven: load.reviewEventIds.length,
      medianTimeToFirstReview: median(load.reviewed.map((r) => r.hours)),
      openRequestIds: load.openRequestIds,
      reviewEventIds: load.reviewEventIds,
      reviewedRequestIds: load.reviewed.map((r) => r.id),
    }));
};
