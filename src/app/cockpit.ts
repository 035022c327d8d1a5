import { flowMetrics } from "../engine/flow.ts";
import { reviewMetrics } from "../engine/reviews.ts";
import type { WeeklyFacts } from "../reports/facts.ts";
import { listForecasts } from "../store/forecasts.ts";
import { listSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import type { EngagementSummary } from "./engagements.ts";
import { loadHistory } from "./history.ts";
import { weeklyFacts } from "./report-facts.ts";
import { LIVE_STATES } from "./signals.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The instant the web views are computed as of: the start of the current hour. Facts record their
 * milestone forecasts, so pinning the instant keeps that to one forecast per milestone an hour
 * however often the pages are opened.
 */
export const viewInstant = (now: Date) => new Date(Math.floor(now.getTime() / HOUR) * HOUR).toISOString();

/**
 * Weekly facts by engagement for the current view instant. Facts as of a past instant only change
 * when late data arrives for that past, so the portfolio and the cockpit share one computation an
 * hour per engagement; the cache holds the current hour only.
 */
const factsCache = new WeakMap<Store, { asOf: string; facts: Map<string, Promise<WeeklyFacts>> }>();

const factsAsOf = (store: Store, engagementId: string, asOf: string, now: Date): Promise<WeeklyFacts> => {
  let cache = factsCache.get(store);
  if (!cache || cache.asOf !== asOf) {
    cache = { asOf, facts: new Map() };
    factsCache.set(store, cache);
  }
  const entries = cache.facts;
  let facts = entries.get(engagementId);
  if (!facts) {
    facts = weeklyFacts(store, engagementId, asOf, now);
    entries.set(engagementId, facts);
    facts.catch(() => entries.delete(engagementId));
  }
  return facts;
};

export type Severity = "high" | "medium" | "low";

/** One portfolio row: the engagement, its status as the weekly facts give it, and its open signals. */
export interface PortfolioRow extends EngagementSummary {
  readonly rag: WeeklyFacts["rag"];
  readonly nextMilestone: WeeklyFacts["milestones"][number] | null;
  readonly reviewSla: WeeklyFacts["reviewSla"];
  readonly signals: Readonly<Record<Severity, number>>;
  readonly openEscalations: number;
}

const signalCounts = async (store: Store, engagementId: string) => {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const s of await listSignals(store.db, engagementId, LIVE_STATES)) {
    if (s.severity in counts) counts[s.severity as Severity] += 1;
  }
  return counts;
};

/** The portfolio rows of the given engagements, computed from the same facts as the weekly report. */
export const portfolioView = async (
  store: Store,
  summaries: readonly EngagementSummary[],
  now: Date,
): Promise<PortfolioRow[]> => {
  const asOf = viewInstant(now);
  const rows: PortfolioRow[] = [];
  for (const summary of summaries) {
    const facts = await factsAsOf(store, summary.engagement.id, asOf, now);
    rows.push({
      ...summary,
      rag: facts.rag,
      nextMilestone: facts.milestones.find((m) => !m.closed) ?? null,
      reviewSla: facts.reviewSla,
      signals: await signalCounts(store, summary.engagement.id),
      openEscalations: facts.escalations.length,
    });
  }
  return rows;
};

/**
 * What the DM's cockpit shows at a glance: the weekly facts, flow and review figures cut down to
 * what a page needs (the full reports stay under `/flow` and `/reviews`), and how each open
 * milestone's P85 moved.
 */
export const cockpitView = async (store: Store, engagementId: string, now: Date) => {
  const asOf = viewInstant(now);
  const facts = await factsAsOf(store, engagementId, asOf, now);
  const history = await loadHistory(store, engagementId);
  const items = new Map(history.items.map((i) => [i.id, i]));
  const prs = new Map(history.pullRequests.map((p) => [p.id, p]));
  // One history serves every figure below (the weekly facts read their own).
  const flow = flowMetrics(history, asOf, {
    from: new Date(Date.parse(asOf) - 84 * DAY).toISOString(),
    to: asOf,
    includeItem: (item) => item.type.toLowerCase() !== "epic",
  });
  const reviews = reviewMetrics(history, asOf, {
    from: new Date(Date.parse(asOf) - 28 * DAY).toISOString(),
    to: asOf,
  });
  const openRequests = reviews.requests
    .filter((r) => r.endedAt === null && r.status !== "withdrawn")
    .map((r) => {
      const pr = prs.get(r.prId);
      return {
        id: r.id,
        pr: pr ? `${pr.repo}#${pr.number}` : r.prId,
        title: pr?.title ?? "",
        reviewer: r.reviewer,
        requestedAt: r.requestedAt,
        dueAt: r.dueAt,
        limitHours: r.limitHours,
        workingHours: Math.round(r.workingHours * 10) / 10,
        overdue: r.dueAt !== null && r.dueAt < asOf,
      };
    })
    .sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : 1));
  const forecasts = await listForecasts(store.db, engagementId);
  const milestones = history.milestones.map((m) => ({
    id: m.id,
    name: m.name,
    history: forecasts
      .filter((f) => f.milestoneId === m.id && f.p85 !== null)
      .map((f) => ({ asOf: f.asOf, p50: f.p50, p85: f.p85, targetDate: f.targetDate })),
  }));
  return {
    asOf,
    facts,
    flow: {
      window: { from: flow.from, to: flow.to },
      cycleTime: {
        count: flow.cycleTime.count,
        p50Days: flow.cycleTime.p50Days,
        p85Days: flow.cycleTime.p85Days,
        p95Days: flow.cycleTime.p95Days,
      },
      throughputPerWeek: flow.throughput.perWeek.map((w) => ({ date: w.date, days: w.days, count: w.count })),
      wip: flow.wip.items.map((w) => ({
        key: items.get(w.itemId)?.key ?? w.itemId,
        title: items.get(w.itemId)?.title ?? "",
        status: w.status,
        ageDays: w.ageDays,
        beyond: w.beyond,
        blocked: w.blocked,
      })),
    },
    reviews: {
      sla: {
        limitHours: reviews.sla.limitHours,
        requests: reviews.sla.requests,
        met: reviews.sla.met,
        breached: reviews.sla.breached,
        open: reviews.sla.open,
        breachedOpen: reviews.sla.breachedOpen,
        adherence: reviews.sla.adherence,
      },
      pickupHoursMedian: reviews.pickupTime.median,
      openRequests,
      reviewers: reviews.reviewers.map((r) => ({
        reviewer: r.reviewer,
        openRequests: r.openRequests,
        overdueRequests: r.overdueRequests,
        reviewsGiven: r.reviewsGiven,
        medianTimeToFirstReview: r.medianTimeToFirstReview,
      })),
    },
    milestones,
  };
};

export type CockpitView = Awaited<ReturnType<typeof cockpitView>>;
