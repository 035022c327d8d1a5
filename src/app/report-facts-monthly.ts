import type { CalendarDate, Instant } from "../domain/types.ts";
import { burnupData, cfdData, cycleTimeData, reviewSlaData } from "../engine/chart-data.ts";
import { flowMetrics } from "../engine/flow.ts";
import { localDate, startOfLocalDay } from "../engine/flow-days.ts";
import type { EngagementHistory } from "../engine/history.ts";
import { milestoneAsOf } from "../engine/milestones.ts";
import { reviewMetrics } from "../engine/reviews.ts";
import { sprintMetrics } from "../engine/sprints.ts";
import type { ChartData } from "../reports/chart-data.ts";
import type { MilestoneFact } from "../reports/facts.ts";
import { ragMilestone, ragStatus } from "../reports/facts.ts";
import type { MonthlyFacts, MonthlyMilestoneFact, Trend } from "../reports/facts-kinds.ts";
import type { Store } from "../store/store.ts";
import { listDecisions, listDependencies, listEscalations } from "../store/workflows.ts";
import { CSAT_QUESTION, csatSummary } from "./csat.ts";
import { loadHistory } from "./history.ts";
import { customerCycleTime, reportForecast, round1, round3 } from "./report-common.ts";
import { reportParties } from "./report-facts.ts";
import { dmScorecard } from "./scorecard.ts";

/** `2026-02` → its first and last day. */
export const monthRange = (month: string): { from: CalendarDate; to: CalendarDate } => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
};

/** The month before `YYYY-MM`. */
export const previousMonth = (month: string): string => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

const isWork = (type: string) => type.toLowerCase() !== "epic";

/** The month's flow, review and sprint figures, from `from` (inclusive) to `to`. */
const monthFigures = (history: EngagementHistory, from: Instant, to: Instant) => {
  const flow = flowMetrics(history, to, { from, to, includeItem: (i) => isWork(i.type) });
  const reviews = reviewMetrics(history, to, { from, to });
  const closed = sprintMetrics(history, to).filter(
    (s) => s.state === "closed" && s.completedAt !== null && s.completedAt >= from && s.completedAt <= to,
  );
  return {
    flow,
    reviews,
    sprints: closed,
    throughput: flow.throughput.total,
    p50: round1(flow.cycleTime.p50Days),
    p85: round1(flow.cycleTime.p85Days),
    adherence: round3(reviews.sla.adherence),
    carryover:
      closed.length === 0
        ? null
        : closed.reduce((n, s) => n + (s.state === "closed" ? s.carryover.items : 0), 0),
    added:
      closed.length === 0 ? null : closed.reduce((n, s) => n + (s.state === "closed" ? s.added.items : 0), 0),
  };
};

const trend = (current: number | null, previous: number | null): Trend => ({ current, previous });

/**
 * The facts of the monthly review of `month` (YYYY-MM) as of `asOf` (the month's end in the
 * engagement's zone, or now): this month against the one before, milestones with how their P85
 * moved over the month, what was delivered, escalations and decisions of the month, the
 * customer-appropriate part of the DM's scorecard, last month's satisfaction answers and this
 * month's question. Forecasts use a fixed seed and are not recorded.
 */
export const monthlyFacts = async (
  store: Store,
  engagementId: string,
  month: string,
  asOf: Instant,
): Promise<MonthlyFacts> => {
  const history = await loadHistory(store, engagementId);
  const engagement = history.engagement;
  const zone = engagement.timeZone;
  const range = monthRange(month);
  const before = previousMonth(month);
  const beforeRange = monthRange(before);
  const start = new Date(startOfLocalDay(range.from, zone)).toISOString();
  const beforeStart = new Date(startOfLocalDay(beforeRange.from, zone)).toISOString();
  const beforeEnd = new Date(Date.parse(start) - 1).toISOString();
  const now = new Date(asOf);

  const current = monthFigures(history, start, asOf);
  const previous = monthFigures(history, beforeStart, beforeEnd);

  const milestones: MonthlyMilestoneFact[] = [];
  const burnups: ChartData[] = [];
  const ragMilestones: MilestoneFact[] = [];
  for (const m of history.milestones) {
    const created = history.eventsOf(m.id)[0]?.at ?? null;
    if (created !== null && created > asOf) continue;
    const end = milestoneAsOf(history, m, asOf);
    if (end.closedAt !== null && end.closedAt < start) continue;
    const atStart = milestoneAsOf(history, m, start);
    const startOpen = atStart.closedAt === null && (created === null || created <= start);
    const fStart = startOpen ? await reportForecast(store, engagementId, m.id, start, now, false) : null;
    const fEnd =
      end.closedAt === null ? await reportForecast(store, engagementId, m.id, asOf, now, false) : null;
    const closedOn = end.closedAt ? localDate(end.closedAt, zone) : null;
    milestones.push({
      name: m.name,
      targetDate: end.targetDate,
      targetAtStart: startOpen && atStart.targetDate !== end.targetDate ? atStart.targetDate : null,
      closedOn,
      outcome: closedOn === null ? null : closedOn <= end.targetDate ? "hit" : "missed",
      scopeItems: end.scope.length,
      scopeItemsAtStart: startOpen ? atStart.scope.length : end.scope.length,
      plannedAfterStart: created !== null && created > start,
      remainingItems: end.remaining.length,
      percentComplete: round3(end.percentComplete.items),
      p85AtStart: fStart?.p85 ?? null,
      p85AtEnd: fEnd?.p85 ?? null,
      probabilityAtEnd: round3(fEnd?.probability ?? null),
      noForecast: fEnd?.noForecast ?? null,
    });
    if (end.closedAt === null)
      burnups.push(
        burnupData(
          history,
          m,
          asOf,
          fEnd ? { p50: fEnd.p50, p85: fEnd.p85, p95: fEnd.p95 } : null,
          created !== null && created > start ? created : start,
        ),
      );
    ragMilestones.push(ragMilestone(m.name, end, fEnd ?? null));
  }
  milestones.sort((a, b) => (a.targetDate < b.targetDate ? -1 : a.targetDate > b.targetDate ? 1 : 0));

  const itemById = new Map(history.items.map((i) => [i.id, i]));
  const visible = current.flow.finished
    .map((f) => itemById.get(f.itemId))
    .filter((i) => i?.customerVisible)
    .map((i) => ({ key: i!.key, title: i!.title }));

  const within = (at: Instant | null) => at !== null && at >= start && at <= asOf;
  const escalations = (await listEscalations(store.db, engagementId)).filter(
    (e) => e.customerVisible && e.mergedInto === null,
  );
  const decisions = (await listDecisions(store.db, engagementId)).filter((d) => d.customerVisible);
  const openAtEnd = escalations.filter(
    (e) => e.createdAt <= asOf && (e.resolvedAt === null || e.resolvedAt > asOf),
  );
  const today = localDate(asOf, zone);
  const overdue = (await listDependencies(store.db, engagementId)).filter(
    (d) =>
      d.customerOwed &&
      d.createdAt <= asOf &&
      (d.closedAt === null || d.closedAt > asOf) &&
      d.dueDate !== null &&
      d.dueDate < today,
  ).length;

  const sla = current.reviews.sla;
  const rag = ragStatus({
    today,
    milestones: ragMilestones,
    openCustomerEscalations: openAtEnd,
    reviewSla: { limitHours: sla.limitHours, met: sla.met, breached: sla.breached, adherence: sla.adherence },
    overdueCustomerDependencies: overdue,
  });

  const { dmId, header } = await reportParties(store, engagement, range.to);
  const due = dmId
    ? (await dmScorecard(store, dmId, range)).milestones.details
        .filter((d) => d.engagementId === engagementId)
        .map((d) => ({ milestone: d.milestone, targetDate: d.targetDate, outcome: d.outcome }))
    : [];
  const monthDay = (at: Instant) => localDate(at, zone);

  return {
    kind: "monthly",
    ...header,
    asOf,
    month,
    range,
    previousMonth: before,
    rag,
    trends: {
      throughput: trend(current.throughput, previous.throughput),
      cycleTimeP50Days: trend(current.p50, previous.p50),
      cycleTimeP85Days: trend(current.p85, previous.p85),
      reviewSlaAdherence: trend(current.adherence, previous.adherence),
      carryoverItems: trend(current.carryover, previous.carryover),
      scopeAddedItems: trend(current.added, previous.added),
    },
    reviewSlaHours: sla.limitHours,
    sprints: current.sprints.map((s) => s.name),
    milestones,
    delivered: { items: current.throughput, visible },
    escalations: {
      opened: escalations
        .filter((e) => within(e.createdAt))
        .map((e) => ({ title: e.title, level: e.level, openedOn: monthDay(e.createdAt) })),
      resolved: escalations
        .filter((e) => within(e.resolvedAt))
        .map((e) => ({ title: e.title, resolvedOn: monthDay(e.resolvedAt!), resolution: e.resolution })),
      open: openAtEnd.map((e) => ({ title: e.title, ask: e.ask, askedOf: e.askedOf })),
    },
    decisions: {
      decided: decisions
        .filter((d) => within(d.decidedAt) && (d.status === "accepted" || d.status === "superseded"))
        .map((d) => ({
          number: d.number,
          title: d.title,
          decision: d.decision,
          decidedOn: monthDay(d.decidedAt!),
        })),
      awaitingCustomer: decisions
        .filter((d) => d.askCustomer && d.createdAt <= asOf && (d.decidedAt === null || d.decidedAt > asOf))
        .map((d) => ({ number: d.number, title: d.title })),
    },
    scorecard: {
      due,
      hit: due.filter((d) => d.outcome === "hit").length,
      missed: due.filter((d) => d.outcome === "missed").length,
    },
    csat: await csatSummary(store, engagementId, before),
    question: { text: CSAT_QUESTION, scale: [0, 10] },
    charts: [
      ...burnups,
      customerCycleTime(history, cycleTimeData(history, start, asOf)),
      reviewSlaData(history, start, asOf),
      cfdData(history, start, asOf),
    ],
  };
};
