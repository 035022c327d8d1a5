import type { Instant, Milestone } from "../domain/types.ts";
import { burnupData } from "../engine/chart-data.ts";
import { flowMetrics } from "../engine/flow.ts";
import { localDate } from "../engine/flow-days.ts";
import { milestoneAsOf, timelinesOf } from "../engine/milestones.ts";
import { ragMilestone, ragStatus } from "../reports/facts.ts";
import type { ItemRef, MilestoneReportFacts } from "../reports/facts-kinds.ts";
import { listSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { listBlockers, listDependencies } from "../store/workflows.ts";
import { loadHistory } from "./history.ts";
import { reportForecast, round3 } from "./report-common.ts";
import { CUSTOMER_RISK_PATTERNS, reportParties } from "./report-facts.ts";

const DAY = 86_400_000;
/** Weeks of forecast movement a milestone report shows. */
const MOVEMENT_WEEKS = 6;

/**
 * The facts of a milestone report as of `asOf`: scope and progress, the forecast (P50/P85/P95 and
 * the chance of the target, recorded), how the P85 moved week by week (each recomputed as of that
 * week from the history known then, same seed), scope changes since the baseline (the scope a week
 * after the milestone was created), blocked work and open dependencies in its scope, delivery
 * risks, and the burnup.
 */
export const milestoneFacts = async (
  store: Store,
  engagementId: string,
  milestone: Milestone,
  asOf: Instant,
  now: Date,
): Promise<MilestoneReportFacts> => {
  const history = await loadHistory(store, engagementId);
  const engagement = history.engagement;
  const zone = engagement.timeZone;
  const timeline = timelinesOf(history);
  const state = milestoneAsOf(history, milestone, asOf, timeline);
  const closedOn = state.closedAt ? localDate(state.closedAt, zone) : null;
  const forecast =
    state.closedAt === null ? await reportForecast(store, engagementId, milestone.id, asOf, now, true) : null;

  const created = history.eventsOf(milestone.id)[0]?.at ?? `${engagement.startDate}T00:00:00.000Z`;
  const movement: { on: string; p85: string }[] = [];
  if (state.closedAt === null)
    for (let w = MOVEMENT_WEEKS; w >= 1; w--) {
      const at = new Date(Date.parse(asOf) - w * 7 * DAY).toISOString();
      if (at < created) continue;
      const f = await reportForecast(store, engagementId, milestone.id, at, now, false);
      if (f.p85) movement.push({ on: localDate(at, zone), p85: f.p85 });
    }

  const baselineAt = new Date(Math.min(Date.parse(created) + 7 * DAY, Date.parse(asOf))).toISOString();
  const baseline = milestoneAsOf(history, milestone, baselineAt, timeline);
  const before = new Set(baseline.scope);
  const nowScope = new Set(state.scope);
  const itemById = new Map(history.items.map((i) => [i.id, i]));
  const added = state.scope.filter((id) => !before.has(id));
  const ref = (id: string): ItemRef | null => {
    const item = itemById.get(id);
    return item?.customerVisible ? { key: item.key, title: item.title } : null;
  };

  const remaining = new Set(state.remaining);
  const flow = flowMetrics(history, asOf, {
    from: new Date(Date.parse(asOf) - 28 * DAY).toISOString(),
    to: asOf,
  });
  const blockedSince = new Map<string, Instant>();
  for (const b of flow.blocked.items)
    if (b.blockedNow && remaining.has(b.itemId)) {
      const spell = b.spells.at(-1);
      if (spell) blockedSince.set(b.itemId, spell.from);
    }
  for (const b of await listBlockers(store.db, engagementId))
    if (
      b.itemId &&
      remaining.has(b.itemId) &&
      b.since <= asOf &&
      (b.resolvedAt === null || b.resolvedAt > asOf)
    ) {
      const known = blockedSince.get(b.itemId);
      if (!known || b.since < known) blockedSince.set(b.itemId, b.since);
    }
  const blockedVisible: (ItemRef & { since: string })[] = [];
  let blockedOthers = 0;
  for (const [itemId, since] of [...blockedSince].sort((a, b) => (a[1] < b[1] ? -1 : 1))) {
    const r = ref(itemId);
    if (r) blockedVisible.push({ ...r, since: localDate(since, zone) });
    else blockedOthers++;
  }

  const today = localDate(asOf, zone);
  const dependencies = (await listDependencies(store.db, engagementId))
    .filter(
      (d) =>
        d.status === "open" &&
        d.createdAt <= asOf &&
        (d.customerOwed || d.prerequisiteKind === "external") &&
        ((d.dependentKind === "milestone" && d.dependentId === milestone.id) ||
          (d.dependentKind === "item" && nowScope.has(d.dependentId))),
    )
    .map((d) => ({
      title: d.title,
      owner: d.owner,
      dueDate: d.dueDate,
      customerOwed: d.customerOwed,
      overdue: d.dueDate !== null && d.dueDate < today,
    }));

  const risks = (await listSignals(store.db, engagementId, ["open", "acknowledged"]))
    .filter((s) => s.severity === "high" && CUSTOMER_RISK_PATTERNS.has(s.pattern) && s.firstSeenAt <= asOf)
    .map((s) => ({ signalId: s.id, pattern: s.pattern, title: s.title }));

  const targetChanges = state.targetHistory.slice(1).map((t, i) => ({
    on: localDate(t.at, zone),
    from: state.targetHistory[i]!.targetDate,
    to: t.targetDate,
  }));
  const rag = ragStatus({
    today,
    milestones: [ragMilestone(milestone.name, state, forecast ?? null)],
    openCustomerEscalations: [],
    reviewSla: { limitHours: 0, met: 0, breached: 0, adherence: null },
    overdueCustomerDependencies: dependencies.filter((d) => d.customerOwed && d.overdue).length,
  });

  const { header } = await reportParties(store, engagement, today);
  return {
    kind: "milestone",
    ...header,
    asOf,
    milestone: {
      id: milestone.id,
      name: milestone.name,
      targetDate: state.targetDate,
      targetChanges,
      closedOn,
      outcome: closedOn === null ? null : closedOn <= state.targetDate ? "hit" : "missed",
    },
    progress: {
      scopeItems: state.scope.length,
      doneItems: state.done.length,
      remainingItems: state.remaining.length,
      percentItems: round3(state.percentComplete.items),
      points: state.points,
    },
    forecast: forecast ? { ...forecast, probability: round3(forecast.probability) } : null,
    movement,
    scopeChange: {
      baselineOn: localDate(baselineAt, zone),
      baselineItems: baseline.scope.length,
      added: added.length,
      removed: baseline.scope.filter((id) => !nowScope.has(id)).length,
      addedVisible: added.map(ref).filter((r): r is ItemRef => r !== null),
    },
    blocked: { visible: blockedVisible, others: blockedOthers },
    dependencies,
    risks,
    rag,
    charts: [
      burnupData(
        history,
        milestone,
        asOf,
        forecast ? { p50: forecast.p50, p85: forecast.p85, p95: forecast.p95 } : null,
        created < asOf ? created : undefined,
      ),
    ],
  };
};
