import type { CalendarDate, Instant, Milestone } from "../domain/types.ts";
import { ItemTimeline } from "./as-of.ts";
import { itemFlow } from "./flow-item.ts";
import type { EngagementHistory } from "./history.ts";

/** A milestone as it stood at one instant: its target, whether it was closed, and its scope. */
export interface MilestoneAsOf {
  readonly milestoneId: string;
  readonly name: string;
  /** The target date as of `asOf` (from `target_date` events; the row's date when there are none). */
  readonly targetDate: CalendarDate;
  /** Every target date it has had up to `asOf`, oldest first, with when it changed. */
  readonly targetHistory: readonly { readonly at: Instant; readonly targetDate: CalendarDate }[];
  readonly closedAt: Instant | null;
  /** Items in scope (children of the milestone's epic at `asOf`, epics themselves excluded). */
  readonly scope: readonly string[];
  readonly done: readonly string[];
  readonly remaining: readonly string[];
  readonly points: { readonly total: number; readonly done: number };
  /** Share of scope items done (0–1); null with an empty scope. */
  readonly percentComplete: { readonly items: number | null; readonly points: number | null };
}

/** One week's scope of a milestone, for modelling how it grows. */
export interface ScopePoint {
  readonly at: Instant;
  readonly items: number;
  readonly done: number;
}

/** Item timelines built on first use and kept, for many as-of queries over one history. */
export const timelinesOf = (history: EngagementHistory) => {
  const cache = new Map<string, ItemTimeline>();
  return (itemId: string) => {
    let timeline = cache.get(itemId);
    if (!timeline) {
      timeline = new ItemTimeline(history.eventsOf(itemId));
      cache.set(itemId, timeline);
    }
    return timeline;
  };
};

const isEpic = (type: string) => type.toLowerCase() === "epic";

/**
 * A milestone's target, scope and progress as of `asOf`. Scope is read from parent events at that
 * instant, so an item moved into the epic later is not in scope earlier. Pure.
 */
export const milestoneAsOf = (
  history: EngagementHistory,
  milestone: Milestone,
  asOf: Instant,
  timeline: (itemId: string) => ItemTimeline = timelinesOf(history),
): MilestoneAsOf => {
  const targetHistory: { at: Instant; targetDate: CalendarDate }[] = [];
  let closedAt: Instant | null = null;
  for (const event of history.eventsOf(milestone.id)) {
    if (event.at > asOf) break;
    if ((event.kind === "created" || event.kind === "target_date") && event.to) {
      targetHistory.push({ at: event.at, targetDate: event.to.slice(0, 10) });
    } else if (event.kind === "closed") closedAt = event.at;
    else if (event.kind === "reopened") closedAt = null;
  }
  const targetDate = targetHistory[targetHistory.length - 1]?.targetDate ?? milestone.targetDate;
  const scope: string[] = [];
  const done: string[] = [];
  let points = 0;
  let donePoints = 0;
  for (const item of history.items) {
    if (isEpic(item.type)) continue;
    const state = timeline(item.id).stateAt(asOf);
    if (!state.exists || milestone.epicId === null || state.parentId !== milestone.epicId) continue;
    scope.push(item.id);
    points += state.points ?? 0;
    if (state.statusCategory === "done") {
      done.push(item.id);
      donePoints += state.points ?? 0;
    }
  }
  const doneSet = new Set(done);
  return {
    milestoneId: milestone.id,
    name: milestone.name,
    targetDate,
    targetHistory: targetHistory.length > 0 ? targetHistory : [{ at: asOf, targetDate }],
    closedAt,
    scope,
    done,
    remaining: scope.filter((id) => !doneSet.has(id)),
    points: { total: points, done: donePoints },
    percentComplete: {
      items: scope.length === 0 ? null : done.length / scope.length,
      points: points === 0 ? null : donePoints / points,
    },
  };
};

/** A milestone's scope and progress at each instant given (e.g. weekly), for scope-growth models. */
export const milestoneScopeHistory = (
  history: EngagementHistory,
  milestone: Milestone,
  instants: readonly Instant[],
): ScopePoint[] => {
  const timeline = timelinesOf(history);
  return instants.map((at) => {
    const m = milestoneAsOf(history, milestone, at, timeline);
    return { at, items: m.scope.length, done: m.done.length };
  });
};

/**
 * Finish instants of every non-epic item done as of `asOf` (its last move to done, as flow
 * metrics count it: a reopened item counts once, and not while reopened), sorted.
 */
export const finishInstants = (history: EngagementHistory, asOf: Instant): Instant[] => {
  const finishes: Instant[] = [];
  history.items.forEach((item, index) => {
    if (isEpic(item.type)) return;
    const doneAt = itemFlow(item.id, history.timelines.items[index]!, asOf).doneAt;
    if (doneAt !== null) finishes.push(doneAt);
  });
  return finishes.sort();
};
