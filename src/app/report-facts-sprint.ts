import type { Instant, Sprint } from "../domain/types.ts";
import { sprintBurnupData } from "../engine/chart-data.ts";
import { flowMetrics } from "../engine/flow.ts";
import { localDate } from "../engine/flow-days.ts";
import { reviewMetrics } from "../engine/reviews.ts";
import { sprintReport } from "../engine/sprints.ts";
import type { SprintFigure } from "../engine/sprints-types.ts";
import { invalidInput } from "../errors.ts";
import type { ItemRef, SprintFigureFact, SprintReviewFacts } from "../reports/facts-kinds.ts";
import type { Store } from "../store/store.ts";
import { loadHistory } from "./history.ts";
import { round1, round3 } from "./report-common.ts";
import { reportParties } from "./report-facts.ts";

const figure = (f: SprintFigure): SprintFigureFact => ({ items: f.items, points: f.points });

/**
 * The facts of a sprint review as of `asOf` (the sprint's completion, or now while it runs):
 * the goal, planned, added, removed and completed work in items and points, carryover, velocity
 * against the rolling average, what was delivered and what was not (customer-visible items by key,
 * blocked ones flagged), review-SLA adherence of requests made during the sprint, and its burnup.
 */
export const sprintFacts = async (
  store: Store,
  engagementId: string,
  sprint: Sprint,
  asOf: Instant,
): Promise<SprintReviewFacts> => {
  const history = await loadHistory(store, engagementId);
  const engagement = history.engagement;
  const zone = engagement.timeZone;
  const report = sprintReport(history, sprint.id, asOf);
  if (!report || report.state === "future")
    throw invalidInput(`sprint "${sprint.name}" has not started yet: there is nothing to review`);
  const itemById = new Map(history.items.map((i) => [i.id, i]));
  const ref = (id: string): ItemRef | null => {
    const item = itemById.get(id);
    return item?.customerVisible ? { key: item.key, title: item.title } : null;
  };
  const visible = (f: SprintFigure) =>
    f.entries.map((e) => ref(e.itemId)).filter((r): r is ItemRef => r !== null);

  const flow = flowMetrics(history, report.evaluatedAt, { from: report.startedAt, to: report.evaluatedAt });
  const blocked = new Set(flow.blocked.items.filter((b) => b.blockedNow).map((b) => b.itemId));
  const notDoneVisible: (ItemRef & { blocked: boolean })[] = [];
  let others = 0;
  for (const e of report.notCompleted.entries) {
    const r = ref(e.itemId);
    if (r) notDoneVisible.push({ ...r, blocked: blocked.has(e.itemId) });
    else others++;
  }
  const reviews = reviewMetrics(history, report.evaluatedAt, {
    from: report.startedAt,
    to: report.evaluatedAt,
  });
  const rolling = report.rollingVelocity;
  const { header } = await reportParties(store, engagement, localDate(report.startedAt, zone));
  return {
    kind: "sprint",
    ...header,
    asOf,
    sprint: {
      id: sprint.id,
      name: report.name,
      goal: sprint.goal,
      state: report.state,
      startOn: localDate(report.startedAt, zone),
      endOn: report.completedAt
        ? localDate(report.completedAt, zone)
        : sprint.endAt
          ? localDate(sprint.endAt, zone)
          : null,
    },
    planned: figure(report.planned),
    added: figure(report.added),
    removed: figure(report.removed),
    completed: figure(report.completed),
    completedPlanned: figure(report.completedPlanned),
    notCompleted: figure(report.notCompleted),
    carryover: { ...figure(report.carryover), twicePlus: report.carryover2Plus.items },
    velocity: report.velocity,
    // The rolling figure of an active sprint is over the closed sprints before it; of a closed one it includes it.
    rollingVelocity: { sprints: rolling.sprintIds.length, mean: round1(rolling.mean) },
    planningAccuracy: round3(report.planningAccuracy.items),
    delivered: { items: report.completed.items, visible: visible(report.completed) },
    notDone: { visible: notDoneVisible, others },
    reviewSla: {
      limitHours: reviews.sla.limitHours,
      met: reviews.sla.met,
      breached: reviews.sla.breached,
      adherence: round3(reviews.sla.adherence),
    },
    charts: [sprintBurnupData(history, sprint.id, asOf)].filter((c) => c !== null),
  };
};
