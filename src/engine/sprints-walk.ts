import type { HistoryEvent, Instant, Sprint, SprintState, StatusCategory } from "../domain/types.ts";

/**
 * The two low-level steps of the sprint metrics: when a sprint started and completed as of a
 * moment (from its own events), and one item's path through one sprint (from the item's events).
 * Both read events only; neither looks at the rows' current-state fields.
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
