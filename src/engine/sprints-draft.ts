import type { CalendarDate, Instant } from "../domain/types.ts";
import { localDays, minInstant } from "./flow-days.ts";
import type { BurnPoint, SprintEntry, SprintFigure, StartedSprintReport } from "./sprints-types.ts";
import type { BurnDelta, ItemPath, ReEstimate, SprintWindow } from "./sprints-walk.ts";
import { round2 } from "./stats.ts";

/** One sprint's own figures, from its items' paths (the cross-sprint ones are added in sprints.ts). */

/** Totals a list of entries. */
export const figure = (entries: readonly SprintEntry[]): SprintFigure => {
  let points = 0;
  let unestimated = 0;
  for (const entry of entries) {
    if (entry.points === null) unestimated++;
    else points += entry.points;
  }
  return { items: entries.length, points: round2(points), unestimated, entries };
};

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;

/** The non-null ids among `values`. */
export const ids = (...values: readonly (string | null)[]): string[] =>
  values.filter((v): v is string => v !== null);

/** A started sprint's figures before the cross-sprint ones (rolling velocity, carryover 2+). */
export interface Draft {
  readonly window: SprintWindow;
  readonly report: Omit<StartedSprintReport, "rollingVelocity" | "carryover2Plus">;
}

/** A started sprint's figures from the paths of the items that ever entered it. */
export const buildDraft = (
  window: SprintWindow,
  paths: readonly ItemPath[],
  timeZone: string,
  withBurndown: boolean,
): Draft => {
  const startedAt = window.startedAt!;
  const at = window.evaluatedAt;
  const planned: SprintEntry[] = [];
  const added: SprintEntry[] = [];
  const removed: SprintEntry[] = [];
  const completedPlanned: SprintEntry[] = [];
  const completedAdded: SprintEntry[] = [];
  const notCompleted: SprintEntry[] = [];
  const doneOutside: SprintEntry[] = [];
  const changes: ReEstimate[] = [];
  const burn: BurnDelta[] = [];
  let committedDone = 0;
  for (const path of paths) {
    const { start, end } = path;
    const firstAdd = path.crossings.find((c) => c.kind === "add");
    if (!start.member && firstAdd === undefined) continue;
    // Already done when it first counted for the sprint: Jira's "completed outside this sprint".
    if (start.member ? start.category === "done" : firstAdd!.category === "done") {
      doneOutside.push({
        itemId: path.itemId,
        points: start.member ? start.points : firstAdd!.points,
        at: start.member ? startedAt : firstAdd!.at,
        eventIds: ids(start.member ? start.addEventId : firstAdd!.eventId, start.statusEventId),
      });
      continue;
    }
    if (start.member) {
      planned.push({
        itemId: path.itemId,
        points: start.points,
        at: startedAt,
        eventIds: ids(start.addEventId, start.estimateEventId),
      });
    }
    for (const crossing of path.crossings) {
      (crossing.kind === "add" ? added : removed).push({
        itemId: path.itemId,
        points: crossing.points,
        at: crossing.at,
        eventIds: [crossing.eventId],
      });
    }
    changes.push(...path.reEstimates);
    if (end.member) {
      const entry: SprintEntry = {
        itemId: path.itemId,
        points: end.points,
        at,
        eventIds: ids(end.statusEventId, end.addEventId, end.estimateEventId),
      };
      if (end.category !== "done") notCompleted.push(entry);
      else if (start.member) {
        completedPlanned.push(entry);
        committedDone += start.points ?? 0;
      } else completedAdded.push(entry);
    }
    if (withBurndown) burn.push(...path.burn);
  }
  const plannedFigure = figure(planned);
  const addedFigure = figure(added);
  const removedFigure = figure(removed);
  const completed = figure([...completedPlanned, ...completedAdded]);
  const reDelta = round2(changes.reduce((s, c) => s + c.delta, 0));
  const notCompletedFigure = figure(notCompleted);
  return {
    window,
    report: {
      sprintId: window.sprint.id,
      name: window.sprint.name,
      state: window.state === "closed" ? "closed" : "active",
      startedAt,
      completedAt: window.completedAt,
      evaluatedAt: at,
      eventIds: window.eventIds,
      planned: plannedFigure,
      added: addedFigure,
      removed: removedFigure,
      reEstimated: { count: changes.length, pointsDelta: reDelta, changes },
      scopeChange: {
        items: addedFigure.items - removedFigure.items,
        points: round2(addedFigure.points + reDelta - removedFigure.points),
      },
      completed,
      completedPlanned: figure(completedPlanned),
      completedAdded: figure(completedAdded),
      notCompleted: notCompletedFigure,
      carryover: window.state === "closed" ? notCompletedFigure : figure([]),
      doneOutside: figure(doneOutside),
      velocity: completed.points,
      planningAccuracy: {
        items: ratio(completedPlanned.length, plannedFigure.items),
        points: ratio(committedDone, plannedFigure.points),
      },
      capacityAccuracy: {
        items: ratio(completed.items, plannedFigure.items),
        points: ratio(completed.points, plannedFigure.points),
      },
      burndown: withBurndown ? burndown(plannedFigure, burn, startedAt, at, timeZone) : [],
    },
  };
};

const burndown = (
  planned: SprintFigure,
  deltas: BurnDelta[],
  startedAt: Instant,
  evaluatedAt: Instant,
  timeZone: string,
): BurnPoint[] => {
  deltas.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let items = planned.items;
  let points = planned.points;
  let doneItems = 0;
  let donePoints = 0;
  const point = (date: CalendarDate, at: Instant): BurnPoint => ({
    date,
    at,
    scopeItems: items,
    scopePoints: round2(points),
    completedItems: doneItems,
    completedPoints: round2(donePoints),
    remainingItems: items - doneItems,
    remainingPoints: round2(points - donePoints),
  });
  const days = localDays(startedAt, evaluatedAt, timeZone);
  const result = [point(days[0]?.date ?? startedAt.slice(0, 10), startedAt)];
  let next = 0;
  for (const day of days) {
    const at = minInstant(day.end, evaluatedAt);
    while (next < deltas.length && deltas[next]!.at <= at) {
      const d = deltas[next++]!;
      items += d.items;
      points += d.points;
      doneItems += d.doneItems;
      donePoints += d.donePoints;
    }
    result.push(point(day.date, at));
  }
  return result;
};
