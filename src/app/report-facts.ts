import type { CalendarDate, Engagement, Instant } from "../domain/types.ts";
import { flowMetrics } from "../engine/flow.ts";
import { localDate } from "../engine/flow-days.ts";
import { milestoneAsOf } from "../engine/milestones.ts";
import { reviewMetrics } from "../engine/reviews.ts";
import { sprintMetrics } from "../engine/sprints.ts";
import type { MilestoneFact, SprintFact, WeeklyFacts } from "../reports/facts.ts";
import { ragStatus } from "../reports/facts.ts";
import { getCustomer, getPerson, listMemberships, listPeople } from "../store/engagements.ts";
import { listForecasts } from "../store/forecasts.ts";
import { listSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { listDecisions, listDependencies, listEscalations } from "../store/workflows.ts";
import { currentDm } from "./escalations.ts";
import { forecastEngagement } from "./forecasts.ts";
import { loadHistory } from "./history.ts";

const DAY = 86_400_000;

/** Signal patterns about the delivery itself, which a weekly status may name as risks. */
export const CUSTOMER_RISK_PATTERNS: ReadonlySet<string> = new Set([
  "scope_drift",
  "milestone_slip",
  "carryover_creep",
  "overcommitment",
  "late_scope_dumping",
  "wip_explosion",
  "silent_blocker",
]);
const plusDays = (date: CalendarDate, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: CalendarDate, to: CalendarDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/**
 * Who a report is from and for: the engagement with its customer's name, and the DM on `on` (their
 * id, for what else the report reads about them, and their name, for the reader).
 */
export const reportParties = async (store: Store, engagement: Engagement, on: CalendarDate) => {
  const dmId = await currentDm(store, engagement.id, on);
  const dm = dmId ? ((await getPerson(store.db, dmId))?.name ?? dmId) : null;
  const customer = await getCustomer(store.db, engagement.customerId);
  return {
    dmId,
    header: {
      engagement: {
        id: engagement.id,
        name: engagement.name,
        customer: customer?.name ?? engagement.customerId,
      },
      dm,
    },
  };
};

/**
 * The facts of an engagement's weekly status as of `asOf`: the seven days ending that day in the
 * engagement's time zone. Milestone forecasts are made (and recorded, so next week can show how
 * they moved) with a fixed seed, so the same history gives the same facts.
 */
export const weeklyFacts = async (
  store: Store,
  engagementId: string,
  asOf: Instant,
  now: Date,
): Promise<WeeklyFacts> => {
  const history = await loadHistory(store, engagementId);
  const engagement = history.engagement;
  const zone = engagement.timeZone;
  const today = localDate(asOf, zone);
  const week = { from: plusDays(today, -6), to: today };
  const weekStart = new Date(Date.parse(asOf) - 7 * DAY).toISOString();

  const milestones: MilestoneFact[] = [];
  const candidates = history.milestones
    .map((m) => ({ m, state: milestoneAsOf(history, m, asOf) }))
    .filter(({ state }) => state.closedAt === null || state.closedAt >= weekStart)
    .sort((a, b) => (a.state.targetDate < b.state.targetDate ? -1 : 1))
    .slice(0, 4);
  for (const { m, state } of candidates) {
    let p50: string | null = null;
    let p85: string | null = null;
    let probability: number | null = null;
    let noForecast: string | null = null;
    if (state.closedAt === null) {
      const result = await forecastEngagement(
        store,
        engagementId,
        { milestone: m.id, asOf, seed: 1, record: true },
        now,
      );
      const f = result.forecast;
      if (f.kind === "refused") noForecast = f.message;
      else {
        const when = f.kind === "when" ? f : f.kind === "when_with_growth" ? f.withoutGrowth : null;
        p50 = when?.p50?.date ?? null;
        p85 = (f.kind === "when_with_growth" ? f.withGrowth.p85?.date : when?.p85?.date) ?? null;
        probability = when?.target?.probability ?? null;
      }
    }
    const weekAgo = new Date(Date.parse(asOf) - 7 * DAY).toISOString();
    const earlier = (await listForecasts(store.db, engagementId, m.id)).filter(
      (f) => f.asOf <= weekAgo && f.p85,
    );
    const p85LastWeek = earlier.at(-1)?.p85 ?? null;
    milestones.push({
      name: m.name,
      targetDate: state.targetDate,
      closed: state.closedAt !== null,
      scopeItems: state.scope.length,
      remainingItems: state.remaining.length,
      percentComplete: state.percentComplete.items,
      p50,
      p85,
      probability,
      p85LastWeek,
      movementDays: p85 && p85LastWeek ? daysBetween(p85LastWeek, p85) : null,
      noForecast,
    });
  }

  const active = sprintMetrics(history, asOf).filter((s) => s.state === "active");
  const current = active.at(-1);
  let sprint: SprintFact | null = null;
  if (current && current.state !== "future") {
    const row = history.sprints.find((s) => s.id === current.sprintId);
    sprint = {
      name: current.name,
      endsOn: row?.endAt ? localDate(row.endAt, zone) : null,
      plannedItems: current.planned.items,
      addedItems: current.added.items,
      removedItems: current.removed.items,
      completedItems: current.completed.items,
      remainingItems: current.notCompleted.items,
    };
  }

  const isWork = (type: string) => type.toLowerCase() !== "epic";
  const flow = flowMetrics(history, asOf, {
    from: new Date(Date.parse(asOf) - 28 * DAY).toISOString(),
    to: asOf,
    includeItem: (i) => isWork(i.type),
  });
  const itemById = new Map(history.items.map((i) => [i.id, i]));
  const thisWeek = flow.finished.filter((f) => f.doneAt >= weekStart);
  const visible = thisWeek
    .map((f) => itemById.get(f.itemId))
    .filter((i) => i?.customerVisible)
    .map((i) => ({ key: i!.key, title: i!.title }));

  const reviews = reviewMetrics(history, asOf, { from: weekStart, to: asOf });
  const reviewSla = {
    limitHours: reviews.sla.limitHours,
    met: reviews.sla.met,
    breached: reviews.sla.breached,
    adherence: reviews.sla.adherence,
  };

  const escalations = (await listEscalations(store.db, engagementId))
    .filter((e) => e.customerVisible && e.status !== "resolved" && e.createdAt <= asOf)
    .map((e) => ({
      id: e.id,
      title: e.title,
      level: e.level,
      status: e.status,
      ask: e.ask,
      askedOf: e.askedOf,
      dueDate: e.dueDate,
    }));
  const decisionsAwaitingCustomer = (await listDecisions(store.db, engagementId))
    .filter((d) => d.askCustomer && d.status === "proposed" && d.createdAt <= asOf)
    .map((d) => ({ id: d.id, number: d.number, title: d.title, options: d.options }));
  const overdueCustomerDependencies = (await listDependencies(store.db, engagementId))
    .filter((d) => d.customerOwed && d.status === "open" && d.dueDate !== null && d.dueDate < today)
    .map((d) => ({
      title: d.title,
      owner: d.owner,
      dueDate: d.dueDate as string,
      daysOverdue: daysBetween(d.dueDate as string, today),
    }));

  // Signals about people (who reviews or authors what, DM load) stay internal.
  const risks = (await listSignals(store.db, engagementId, ["open", "acknowledged"]))
    .filter((s) => s.severity === "high" && CUSTOMER_RISK_PATTERNS.has(s.pattern) && s.firstSeenAt <= asOf)
    .map((s) => ({ signalId: s.id, pattern: s.pattern, title: s.title }));

  const names = new Map((await listPeople(store.db)).map((p) => [p.id, p.name]));
  const horizon = plusDays(today, 14);
  const capacityChanges = (await listMemberships(store.db, engagementId)).flatMap((m) => {
    const changes: { name: string; change: "joins" | "leaves"; date: string }[] = [];
    const name = names.get(m.personId) ?? m.personId;
    if (m.from > today && m.from <= horizon) changes.push({ name, change: "joins", date: m.from });
    if (m.to !== null && m.to >= today && m.to <= horizon)
      changes.push({ name, change: "leaves", date: m.to });
    return changes;
  });

  const { header } = await reportParties(store, engagement, today);
  const wip = flow.wip.count;
  const rag = ragStatus({
    today,
    milestones,
    openCustomerEscalations: escalations,
    reviewSla,
    overdueCustomerDependencies: overdueCustomerDependencies.length,
  });
  return {
    kind: "weekly",
    ...header,
    asOf,
    week,
    rag,
    milestones,
    sprint,
    delivered: { items: thisWeek.length, visible },
    flow: {
      // The 28 days before asOf are four weeks.
      throughputPerWeek: Math.round((flow.throughput.total / 4) * 10) / 10,
      cycleTimeP50Days: flow.cycleTime.p50Days,
      wip,
    },
    reviewSla,
    escalations,
    decisionsAwaitingCustomer,
    overdueCustomerDependencies,
    risks,
    capacityChanges,
  };
};
