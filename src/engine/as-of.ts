import type { HistoryEvent, Instant, SprintState, StatusCategory } from "../domain/types.ts";

/** A work item's tracked fields as they stood at one instant. */
export interface ItemState {
  /** False before the item's `created` event. */
  readonly exists: boolean;
  readonly statusCategory: StatusCategory | null;
  /** The source's status name at that instant. */
  readonly status: string | null;
  readonly points: number | null;
  readonly assignee: string | null;
  readonly blocked: boolean;
  readonly parentId: string | null;
  /** Ids of the sprints the item belonged to, sorted. */
  readonly sprints: readonly string[];
}

export const EMPTY_ITEM_STATE: ItemState = {
  exists: false,
  statusCategory: null,
  status: null,
  points: null,
  assignee: null,
  blocked: false,
  parentId: null,
  sprints: [],
};

/** Chronological order of events: instant, then the source's order, then id. */
export const compareEvents = (a: HistoryEvent, b: HistoryEvent): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const parsePoints = (value: string | null): number | null => {
  if (value === null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** Applies one event to an item's state. Events of other entities' kinds leave it unchanged. */
export const applyItemEvent = (state: ItemState, event: HistoryEvent): ItemState => {
  switch (event.kind) {
    case "created":
      return {
        ...state,
        exists: true,
        statusCategory: (event.to as StatusCategory | null) ?? state.statusCategory,
        status: event.toLabel ?? state.status,
      };
    case "status":
      return { ...state, statusCategory: event.to as StatusCategory, status: event.toLabel };
    case "sprint_added":
      return event.to === null || state.sprints.includes(event.to)
        ? state
        : { ...state, sprints: [...state.sprints, event.to].sort() };
    case "sprint_removed":
      return { ...state, sprints: state.sprints.filter((s) => s !== event.from) };
    case "estimate":
      return { ...state, points: parsePoints(event.to) };
    case "assignee":
      return { ...state, assignee: event.to };
    case "blocked":
      return { ...state, blocked: event.to === "true" };
    case "parent":
      return { ...state, parentId: event.to };
    default:
      return state;
  }
};

/**
 * The reference semantics of time travel: replay, in chronological order, only the events at or
 * before `asOf`. Events may be given in any order.
 */
export const replayItem = (events: readonly HistoryEvent[], asOf: Instant): ItemState =>
  events
    .filter((e) => e.at <= asOf)
    .sort(compareEvents)
    .reduce(applyItemEvent, EMPTY_ITEM_STATE);

/**
 * An item's whole history, indexed for repeated as-of queries: each query is a binary search
 * instead of a replay. Built once per item, then queried for every day of a burndown.
 */
export class ItemTimeline {
  private readonly instants: Instant[] = [];
  private readonly states: ItemState[] = [];

  constructor(events: readonly HistoryEvent[]) {
    let state = EMPTY_ITEM_STATE;
    for (const event of [...events].sort(compareEvents)) {
      state = applyItemEvent(state, event);
      const last = this.instants.length - 1;
      // Several events at one instant collapse into the state after the last of them.
      if (last >= 0 && this.instants[last] === event.at) this.states[last] = state;
      else {
        this.instants.push(event.at);
        this.states.push(state);
      }
    }
  }

  /** The item's state at `asOf`, counting events at exactly `asOf`. */
  stateAt(asOf: Instant): ItemState {
    let lo = 0;
    let hi = this.instants.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.instants[mid]! <= asOf) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? EMPTY_ITEM_STATE : this.states[lo - 1]!;
  }
}

/** A sprint's state and membership as they stood at one instant. */
export interface SprintSnapshot {
  readonly exists: boolean;
  readonly state: SprintState | null;
  /** Ids of the items in the sprint at that instant, sorted. */
  readonly itemIds: readonly string[];
}

/**
 * Reconstructs a sprint as of `asOf` from its own events (`created`, `sprint_state`) and its
 * items' membership events. Trackers report only current membership; this answers "what was in
 * the sprint at its start?" and "was it removed or just not finished?".
 */
export const sprintAsOf = (
  sprintId: string,
  sprintEvents: readonly HistoryEvent[],
  itemEvents: readonly HistoryEvent[],
  asOf: Instant,
): SprintSnapshot => {
  let exists = false;
  let state: SprintState | null = null;
  for (const event of sprintEvents.filter((e) => e.at <= asOf).sort(compareEvents)) {
    if (event.kind === "created") {
      exists = true;
      state = (event.to as SprintState | null) ?? state;
    } else if (event.kind === "sprint_state") state = event.to as SprintState;
  }
  const members = new Set<string>();
  for (const event of itemEvents.filter((e) => e.at <= asOf).sort(compareEvents)) {
    if (event.kind === "sprint_added" && event.to === sprintId) members.add(event.entityId);
    else if (event.kind === "sprint_removed" && event.from === sprintId) members.delete(event.entityId);
  }
  return { exists, state, itemIds: [...members].sort() };
};
