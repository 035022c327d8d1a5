import type { CalendarDate, Instant } from "../domain/types.ts";
import { localDays, minInstant } from "./flow-days.ts";
import { msAtOrBefore } from "./instants.ts";
import type { BurnPoint, SprintEntry, SprintFigure, StartedSprintReport } from "./sprints-types.ts";
import type { SprintTally, SprintWindow } from "./sprints-walk.ts";
import { round2 } from "./stats.ts";

/** One sprint's own figures, from its items' tally (the cross-sprint ones are added in sprints.ts). */

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

/** A started sprint's figures before the cross-sprint ones (rolling velocity, carryover 2+). */
export interface Draft {
  readonly window: SprintWindow;
  readonly report: Omit<StartedSprintReport, "rollingVelocity" | "carryover2Plus">;
}

/** A started sprint's figures from its tally (see `tallyItem`). */
export const buildDraft = (tally: SprintTally, timeZone: string): Draft => {
  const { window, planned, added, removed, changes, completedPlanned, completedAdded, notCompleted } = tally;
  const startedAt = window.startedAt!;
  const at = window.evaluatedAt;
  const plannedFigure = figure(planned);
  const addedFigure = figure(added);
  const removedFigure = figure(removed);
  const completed = figure([...completedPlanned, ...completedAdded]);
  const reDelta = round2(changes.reduce((s, c) => s + c.delta, 0));
  const committedDone = tally.committedDone;
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
      doneOutside: figure(tally.doneOutside),
      velocity: completed.points,
      planningAccuracy: {
        items: ratio(completedPlanned.length, plannedFigure.items),
        points: ratio(committedDone, plannedFigure.points),
      },
      capacityAccuracy: {
        items: ratio(completed.items, plannedFigure.items),
        points: ratio(completed.points, plannedFigure.points),
      },
      burndown: tally.withBurndown ? burndown(plannedFigure, tally.burn, startedAt, at, timeZone) : [],
    },
  };
};

/** Fields of a burndown delta in `SprintTally.burn`. */
const MS = 0;
const ITEMS = 1;
const POINTS = 2;
const DONE_ITEMS = 3;
const DONE_POINTS = 4;
const STRIDE = 5;

/**
 * The deltas' sums per day (`ITEMS`…`DONE_POINTS` at `day × STRIDE`): day k gets those after
 * day k − 1's bound and at or before its own; later ones count for no day. Null when a points
 * value is not an integer, where the order of the additions can change the rounding and they
 * must be made one by one in chronological order.
 */
const dailySums = (deltas: readonly number[], bounds: readonly number[]): Float64Array | null => {
  const sums = new Float64Array(bounds.length * STRIDE);
  for (let d = 0; d < deltas.length; d += STRIDE) {
    if (!Number.isInteger(deltas[d + POINTS]!) || !Number.isInteger(deltas[d + DONE_POINTS]!)) return null;
    const ms = deltas[d + MS]!;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bounds[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    if (lo === bounds.length) continue;
    for (let field = ITEMS; field <= DONE_POINTS; field++)
      sums[lo * STRIDE + field] = sums[lo * STRIDE + field]! + deltas[d + field]!;
  }
  return sums;
};

const burndown = (
  planned: SprintFigure,
  deltas: readonly number[],
  startedAt: Instant,
  evaluatedAt: Instant,
  timeZone: string,
): BurnPoint[] => {
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
  const ats = days.map((day) => minInstant(day.end, evaluatedAt));
  const bounds = ats.map(msAtOrBefore);
  const result = [point(days[0]?.date ?? startedAt.slice(0, 10), startedAt)];
  // With integers throughout, sums are exact in any order: add each day's total.
  const sums = Number.isInteger(points) ? dailySums(deltas, bounds) : null;
  if (sums !== null) {
    days.forEach((day, k) => {
      items += sums[k * STRIDE + ITEMS]!;
      points += sums[k * STRIDE + POINTS]!;
      doneItems += sums[k * STRIDE + DONE_ITEMS]!;
      donePoints += sums[k * STRIDE + DONE_POINTS]!;
      result.push(point(day.date, ats[k]!));
    });
    return result;
  }
  // Otherwise one by one by instant, same-instant ones in the order recorded (the sort is stable).
  const count = deltas.length / STRIDE;
  const order = Array.from({ length: count }, (_, k) => k * STRIDE);
  order.sort((a, b) => deltas[a + MS]! - deltas[b + MS]!);
  let next = 0;
  days.forEach((day, k) => {
    while (next < count && deltas[order[next]! + MS]! <= bounds[k]!) {
      const d = order[next++]!;
      items += deltas[d + ITEMS]!;
      points += deltas[d + POINTS]!;
      doneItems += deltas[d + DONE_ITEMS]!;
      donePoints += deltas[d + DONE_POINTS]!;
    }
    result.push(point(day.date, ats[k]!));
  });
  return result;
};
