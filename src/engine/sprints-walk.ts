import type { HistoryEvent, Instant, Sprint, SprintState, StatusCategory } from "../domain/types.ts";
import { msAtOrBefore } from "./instants.ts";
import type { SprintEntry } from "./sprints-types.ts";
import { K, type Timeline } from "./timeline.ts";

/**
 * The low-level steps of the sprint metrics: when a sprint started and completed as of a moment
 * (from its own events), and one item's path through one sprint (from the item's events), either
 * as data (`walkItem`) or tallied straight into the sprint's figures (`tallyItem`). All read
 * events only; none looks at the rows' current-state fields.
 */

/** A sprint's life as of `asOf`, reconstructed from its `created` and `sprint_state` events. */
export interface SprintWindow {
  readonly sprint: Sprint;
  readonly state: SprintState;
  /** When it started (its first activation); null for a future sprint. */
  readonly startedAt: Instant | null;
  /** When it was completed; null unless closed as of `asOf`. */
  readonly completedAt: Instant | null;
  /** The instant its end-of-sprint figures describe: completion, or `asOf` while not closed. */
  readonly evaluatedAt: Instant;
  /** When it was created (first event), for ordering future sprints; null when dated only. */
  readonly createdAt: Instant | null;
  /** The sprint events that set its start and completion. */
  readonly eventIds: readonly string[];
}

const usableDate = (date: Instant | null, asOf: Instant): Instant | null =>
  date !== null && date <= asOf ? date : null;

/**
 * A sprint's window as of `asOf`. `events` are the sprint's own events at or before `asOf`, in
 * chronological order. The start is the first activation (`sprint_state` → active); the
 * completion the last `sprint_state` → closed while the sprint is still closed (a reopened sprint
 * is active again). The row's `startAt`/`completedAt` are used only when the events say the sprint
 * started or closed without dating it (created already active or closed, closed without an
 * activation event) and the date is at or before `asOf`; a sprint with no events at all is dated by
 * the row alone when its `startAt` is at or before `asOf`, and unknown (null) otherwise.
 */
export const sprintWindow = (
  sprint: Sprint,
  events: readonly HistoryEvent[],
  asOf: Instant,
): SprintWindow | null => {
  const rowStart = usableDate(sprint.startAt, asOf);
  const rowCompleted = usableDate(sprint.completedAt, asOf);
  const lifecycle = events.filter((e) => e.kind === "created" || e.kind === "sprint_state");
  if (lifecycle.length === 0) {
    if (rowStart === null) return null;
    const completedAt = rowCompleted !== null && rowCompleted >= rowStart ? rowCompleted : null;
    return {
      sprint,
      state: completedAt ? "closed" : "active",
      startedAt: rowStart,
      completedAt,
      evaluatedAt: completedAt ?? asOf,
      createdAt: null,
      eventIds: [],
    };
  }
  let state: SprintState = "future";
  let startedAt: Instant | null = null;
  let completedAt: Instant | null = null;
  let startEvent: string | null = null;
  let completeEvent: string | null = null;
  for (const event of lifecycle) {
    const to: SprintState = (event.to as SprintState | null) ?? state;
    if (to === "future") {
      if (event.kind === "sprint_state") {
        startedAt = null;
        completedAt = null;
        startEvent = null;
        completeEvent = null;
      }
    } else {
      if (startedAt === null) {
        startedAt = to === "active" && event.kind === "sprint_state" ? event.at : (rowStart ?? event.at);
        if (startedAt > event.at) startedAt = event.at;
        startEvent = event.id;
      }
      if (to === "closed") {
        completedAt = event.kind === "created" ? (rowCompleted ?? event.at) : event.at;
        if (completedAt < startedAt) completedAt = startedAt;
        completeEvent = event.id;
      } else {
        completedAt = null;
        completeEvent = null;
      }
    }
    state = to;
  }
  return {
    sprint,
    state,
    startedAt,
    completedAt,
    evaluatedAt: completedAt ?? asOf,
    createdAt: lifecycle[0]!.at,
    eventIds: [startEvent, completeEvent].filter((id): id is string => id !== null),
  };
};

/** An item entering (`add`) or leaving (`remove`) a sprint after its start. */
export interface Crossing {
  readonly kind: "add" | "remove";
  readonly at: Instant;
  readonly eventId: string;
  /** The item's estimate at that moment. */
  readonly points: number | null;
  readonly category: StatusCategory | null;
}

/** An estimate change while the item was in the sprint, after its start. */
export interface ReEstimate {
  readonly itemId: string;
  readonly eventId: string;
  readonly at: Instant;
  readonly from: number | null;
  readonly to: number | null;
  /** `to − from`, unestimated counting as 0. */
  readonly delta: number;
}

/** A change of the item's contribution to the sprint's scope and completed lines. */
export interface BurnDelta {
  readonly at: Instant;
  readonly items: number;
  readonly points: number;
  readonly doneItems: number;
  readonly donePoints: number;
}

/** The item's relation to the sprint at one instant, with the events that explain it. */
export interface ItemMoment {
  readonly member: boolean;
  readonly points: number | null;
  readonly category: StatusCategory | null;
  /** The effective `sprint_added` that put it in the sprint (when a member). */
  readonly addEventId: string | null;
  /** The last event that set its status category. */
  readonly statusEventId: string | null;
  /** The last estimate event. */
  readonly estimateEventId: string | null;
}

/** One item's path through one sprint between its start and its evaluation instant. */
export interface ItemPath {
  readonly itemId: string;
  readonly start: ItemMoment;
  readonly crossings: readonly Crossing[];
  readonly reEstimates: readonly ReEstimate[];
  readonly end: ItemMoment;
  readonly burn: readonly BurnDelta[];
}

const parsePoints = (value: string | null): number | null => {
  if (value === null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/**
 * Walks one item's events (chronological, already cut at `asOf`) through one sprint: its state at
 * `startedAt` (events at exactly the start count as before it), every crossing of the sprint
 * boundary and every estimate change while inside during (startedAt, evaluatedAt], and its state at
 * `evaluatedAt`. Same-instant events apply in their recorded order, so the points always telescope:
 * start + added − removed + re-estimation = end.
 *
 * The path as data, for reading one item's story; the metrics use `tallyItem`, which applies the
 * same rules without building it (sprints-walk.test.ts checks that the two agree).
 */
export const walkItem = (
  itemId: string,
  events: readonly HistoryEvent[],
  sprintId: string,
  startedAt: Instant,
  evaluatedAt: Instant,
): ItemPath => {
  let member = false;
  let points: number | null = null;
  let category: StatusCategory | null = null;
  let addEventId: string | null = null;
  let statusEventId: string | null = null;
  let estimateEventId: string | null = null;
  let start: ItemMoment | null = null;
  const crossings: Crossing[] = [];
  const reEstimates: ReEstimate[] = [];
  const burn: BurnDelta[] = [];
  const moment = (): ItemMoment => ({ member, points, category, addEventId, statusEventId, estimateEventId });
  let items = 0;
  let pts = 0;
  let doneItems = 0;
  let donePoints = 0;

  for (const event of events) {
    if (event.at > evaluatedAt) break;
    if (start === null && event.at > startedAt) {
      start = moment();
      items = member ? 1 : 0;
      pts = member ? (points ?? 0) : 0;
      doneItems = member && category === "done" ? 1 : 0;
      donePoints = doneItems * pts;
    }
    const after = start !== null;
    switch (event.kind) {
      case "created":
        category = (event.to as StatusCategory | null) ?? category;
        statusEventId = event.id;
        break;
      case "status":
        category = event.to as StatusCategory;
        statusEventId = event.id;
        break;
      case "estimate": {
        const next = parsePoints(event.to);
        if (after && member && next !== points) {
          reEstimates.push({
            itemId,
            eventId: event.id,
            at: event.at,
            from: points,
            to: next,
            delta: (next ?? 0) - (points ?? 0),
          });
        }
        points = next;
        estimateEventId = event.id;
        break;
      }
      case "sprint_added":
        if (event.to === sprintId && !member) {
          member = true;
          addEventId = event.id;
          if (after) crossings.push({ kind: "add", at: event.at, eventId: event.id, points, category });
        }
        break;
      case "sprint_removed":
        if (event.from === sprintId && member) {
          member = false;
          addEventId = null;
          if (after) crossings.push({ kind: "remove", at: event.at, eventId: event.id, points, category });
        }
        break;
      default:
        break;
    }
    if (after) {
      const nItems = member ? 1 : 0;
      const nPoints = member ? (points ?? 0) : 0;
      const nDoneItems = member && category === "done" ? 1 : 0;
      const nDonePoints = nDoneItems * nPoints;
      if (nItems !== items || nPoints !== pts || nDoneItems !== doneItems || nDonePoints !== donePoints) {
        burn.push({
          at: event.at,
          items: nItems - items,
          points: nPoints - pts,
          doneItems: nDoneItems - doneItems,
          donePoints: nDonePoints - donePoints,
        });
        items = nItems;
        pts = nPoints;
        doneItems = nDoneItems;
        donePoints = nDonePoints;
      }
    }
  }
  const end = moment();
  return { itemId, start: start ?? end, crossings, reEstimates, end, burn };
};

/**
 * One sprint's own figures being gathered, item by item in the history's order, from the walks of
 * the items that entered it (`tallyItem`). Every list ends up in the order `buildDraft` in
 * sprints-draft.ts reports it: by item, then by event.
 */
export interface SprintTally {
  readonly window: SprintWindow;
  /** A future sprint: only `scope` is gathered. */
  readonly future: boolean;
  readonly withBurndown: boolean;
  /** The start and evaluation instants as bounds (`msAtOrBefore`); the start is the evaluation for a future sprint. */
  readonly startBound: number;
  readonly evaluationBound: number;
  readonly planned: SprintEntry[];
  readonly added: SprintEntry[];
  readonly removed: SprintEntry[];
  readonly changes: ReEstimate[];
  readonly completedPlanned: SprintEntry[];
  readonly completedAdded: SprintEntry[];
  readonly notCompleted: SprintEntry[];
  readonly doneOutside: SprintEntry[];
  /** A future sprint's items as of its evaluation. */
  readonly scope: SprintEntry[];
  /** The completed planned items' estimates at the start. */
  committedDone: number;
  /** Burndown deltas (`BurnDelta`), five numbers each: instant in ms, items, points, done items, done points. */
  readonly burn: number[];
}

/** An empty tally for a sprint's window (burndown deltas are recorded only `withBurndown`). */
export const newTally = (window: SprintWindow, withBurndown: boolean): SprintTally => {
  const evaluationBound = msAtOrBefore(window.evaluatedAt);
  return {
    window,
    future: window.startedAt === null,
    withBurndown,
    startBound: window.startedAt === null ? evaluationBound : msAtOrBefore(window.startedAt),
    evaluationBound,
    planned: [],
    added: [],
    removed: [],
    changes: [],
    completedPlanned: [],
    completedAdded: [],
    notCompleted: [],
    doneOutside: [],
    scope: [],
    committedDone: 0,
    burn: [],
  };
};

/** The non-null ids among `a`, `b` (and `c`), in that order, as an array of exactly that length. */
export const idsOf = (a: string | null, b: string | null, c: string | null = null): string[] => {
  if (a === null) return b === null ? (c === null ? [] : [c]) : c === null ? [b] : [b, c];
  return b === null ? (c === null ? [a] : [a, c]) : c === null ? [a, b] : [a, b, c];
};

/**
 * Walks one item through one sprint as `walkItem` does and adds what the path contributes to the
 * sprint's figures straight to its tally, without building the path: the item's first `count`
 * timeline events (those at or before `asOf`) are read by their times and kinds, and an event
 * object only for the five kinds that move the item's state (the others cannot change a figure,
 * so the state at the start is the same whichever event it is taken before).
 *
 * What the item contributes is settled the first time it counts for the sprint (at the start, or
 * when first added after it): if it is already done then, it is only "done outside" and the walk
 * stops; otherwise every later crossing, re-estimate and burndown change is recorded as it
 * happens, and its state at evaluation decides completed or not.
 */
export const tallyItem = (tally: SprintTally, itemId: string, timeline: Timeline, count: number): void => {
  const { events, times, kinds } = timeline;
  const sprintId = tally.window.sprint.id;
  const { startBound, evaluationBound } = tally;
  let member = false;
  let points: number | null = null;
  let category: StatusCategory | null = null;
  let addEventId: string | null = null;
  let statusEventId: string | null = null;
  let estimateEventId: string | null = null;

  // Up to the start (events at exactly the start happen before it): the state only.
  const beforeStart = Math.min(startBound, evaluationBound);
  let i = 0;
  for (; i < count; i++) {
    if (times[i]! > beforeStart) break;
    const kind = kinds[i]!;
    if (kind > K.estimate) continue; // created, status, sprint_added, sprint_removed, estimate: 0–4
    const event = events[i]!;
    if (kind === K.created) {
      category = (event.to as StatusCategory | null) ?? category;
      statusEventId = event.id;
    } else if (kind === K.status) {
      category = event.to as StatusCategory;
      statusEventId = event.id;
    } else if (kind === K.estimate) {
      points = parsePoints(event.to);
      estimateEventId = event.id;
    } else if (kind === K.sprint_added) {
      if (event.to === sprintId && !member) {
        member = true;
        addEventId = event.id;
      }
    } else if (event.from === sprintId && member) {
      member = false;
      addEventId = null;
    }
  }

  if (tally.future) {
    if (member)
      tally.scope.push({
        itemId,
        points,
        at: tally.window.evaluatedAt,
        eventIds: idsOf(addEventId, estimateEventId),
      });
    return;
  }

  // At the start. `done` mirrors `category === "done"` from here on.
  let done = category === "done";
  const startedAt = tally.window.startedAt!;
  const startMember = member;
  const startPoints = points;
  const startStatusEventId = statusEventId;
  if (member) {
    if (done) {
      tally.doneOutside.push({ itemId, points, at: startedAt, eventIds: idsOf(addEventId, statusEventId) });
      return;
    }
    tally.planned.push({ itemId, points, at: startedAt, eventIds: idsOf(addEventId, estimateEventId) });
  }
  /** Whether the item counts for the sprint yet (in it at the start, or added since). */
  let counted = member;
  const burn = tally.withBurndown ? tally.burn : null;
  let items = member ? 1 : 0;
  let pts = member ? (points ?? 0) : 0;
  let doneItems = 0;
  let donePoints = 0;

  // After the start, up to the evaluation.
  for (; i < count; i++) {
    const ms = times[i]!;
    if (ms > evaluationBound) break;
    const kind = kinds[i]!;
    if (kind > K.estimate) continue;
    const event = events[i]!;
    switch (kind) {
      case K.created:
        category = (event.to as StatusCategory | null) ?? category;
        done = category === "done";
        statusEventId = event.id;
        break;
      case K.status:
        category = event.to as StatusCategory;
        done = category === "done";
        statusEventId = event.id;
        break;
      case K.estimate: {
        const next = parsePoints(event.to);
        // A member after the start is a counted one (a done-outside item ended the walk).
        if (member && next !== points) {
          tally.changes.push({
            itemId,
            eventId: event.id,
            at: event.at,
            from: points,
            to: next,
            delta: (next ?? 0) - (points ?? 0),
          });
        }
        points = next;
        estimateEventId = event.id;
        break;
      }
      case K.sprint_added:
        if (event.to === sprintId && !member) {
          member = true;
          addEventId = event.id;
          if (!counted) {
            if (done) {
              tally.doneOutside.push({
                itemId,
                points,
                at: event.at,
                eventIds: idsOf(event.id, startStatusEventId),
              });
              return;
            }
            counted = true;
          }
          tally.added.push({ itemId, points, at: event.at, eventIds: [event.id] });
        }
        break;
      default: // K.sprint_removed
        if (event.from === sprintId && member) {
          member = false;
          addEventId = null;
          tally.removed.push({ itemId, points, at: event.at, eventIds: [event.id] });
        }
        break;
    }
    if (burn !== null && counted) {
      const nItems = member ? 1 : 0;
      const nPoints = member ? (points ?? 0) : 0;
      const nDoneItems = member && done ? 1 : 0;
      const nDonePoints = nDoneItems * nPoints;
      if (nItems !== items || nPoints !== pts || nDoneItems !== doneItems || nDonePoints !== donePoints) {
        burn.push(ms, nItems - items, nPoints - pts, nDoneItems - doneItems, nDonePoints - donePoints);
        items = nItems;
        pts = nPoints;
        doneItems = nDoneItems;
        donePoints = nDonePoints;
      }
    }
  }

  // At the evaluation (a member now is a counted one).
  if (!member) return;
  const entry: SprintEntry = {
    itemId,
    points,
    at: tally.window.evaluatedAt,
    eventIds: idsOf(statusEventId, addEventId, estimateEventId),
  };
  if (!done) tally.notCompleted.push(entry);
  else if (startMember) {
    tally.completedPlanned.push(entry);
    tally.committedDone += startPoints ?? 0;
  } else tally.completedAdded.push(entry);
};
