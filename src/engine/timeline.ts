import type { EventKind, HistoryEvent } from "../domain/types.ts";
import { canonicalMs } from "./instants.ts";

/**
 * An entity's events in the shape the engine's hot loops want: besides the events themselves,
 * each event's instant in epoch milliseconds and its kind as a small integer, in two typed arrays
 * built once with the history. A loop that filters by time or kind reads those and touches an
 * event object only when it needs the event's content.
 */
export interface Timeline {
  /** The entity's events in chronological order. */
  readonly events: readonly HistoryEvent[];
  /** `times[i]` is `events[i].at` in epoch milliseconds (non-decreasing). */
  readonly times: Float64Array;
  /** `kinds[i]` is `K[events[i].kind]` (`K.other` for a kind the engine does not know). */
  readonly kinds: Uint8Array;
}

/** Every event kind's code; `K.other` marks kinds added to the domain after this table. */
export const K = {
  created: 0,
  status: 1,
  sprint_added: 2,
  sprint_removed: 3,
  estimate: 4,
  assignee: 5,
  blocked: 6,
  parent: 7,
  sprint_state: 8,
  review_requested: 9,
  review_request_removed: 10,
  reviewed: 11,
  commented: 12,
  ready_for_review: 13,
  converted_to_draft: 14,
  merged: 15,
  closed: 16,
  reopened: 17,
  deployment_status: 18,
  target_date: 19,
  other: 255,
} as const satisfies Record<EventKind | "other", number>;

const codeOf = (kind: string): number => (K as Record<string, number>)[kind] ?? K.other;

export const EMPTY_TIMELINE: Timeline = {
  events: [],
  times: new Float64Array(0),
  kinds: new Uint8Array(0),
};

/**
 * Timelines for entities whose event lists are already in chronological order. The typed arrays
 * of all entities share two buffers, laid out in the order the lists are given.
 */
export const buildTimelines = (lists: Iterable<readonly HistoryEvent[]>): Map<string, Timeline> => {
  const all = [...lists];
  let total = 0;
  for (const list of all) total += list.length;
  const times = new Float64Array(total);
  const kinds = new Uint8Array(total);
  const out = new Map<string, Timeline>();
  let offset = 0;
  for (const events of all) {
    if (events.length === 0) continue;
    const n = events.length;
    for (let i = 0; i < n; i++) {
      const event = events[i]!;
      times[offset + i] = canonicalMs(event.at);
      kinds[offset + i] = codeOf(event.kind);
    }
    out.set(events[0]!.entityId, {
      events,
      times: times.subarray(offset, offset + n),
      kinds: kinds.subarray(offset, offset + n),
    });
    offset += n;
  }
  return out;
};

/** How many of a timeline's events are at or before `asOfMs` (its visible prefix). */
export const countUpTo = (times: Float64Array, asOfMs: number): number => {
  const n = times.length;
  if (n === 0 || times[n - 1]! <= asOfMs) return n;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= asOfMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
