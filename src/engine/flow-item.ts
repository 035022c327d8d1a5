import type { Instant, StatusCategory } from "../domain/types.ts";
import { msAtOrBefore } from "./instants.ts";
import { countUpTo, K, type Timeline } from "./timeline.ts";

/**
 * One item's flow history, read in a single pass over its timeline up to `asOf`. The flow metrics
 * walk tens of thousands of items per report, so the walk fills a reusable `ItemWalk` with
 * numbers and the few strings the results show, touches an event object only for the kinds that
 * matter (created, status, blocked) and allocates only for what the results keep.
 */

/** A status name that means the item is blocked ("Blocked", "Blocked by customer", "BLOCKER"…). */
export const BLOCKED_STATUS = /block/i;

const RANK: Readonly<Record<StatusCategory, number>> = { todo: 0, in_progress: 1, done: 2 };

/** A move from a later status category to an earlier one. */
export interface BounceBack {
  readonly itemId: string;
  readonly eventId: string;
  readonly at: Instant;
  readonly from: StatusCategory;
  readonly to: StatusCategory;
  readonly fromLabel: string | null;
  readonly toLabel: string | null;
}

/** Why an item counted as blocked: the `blocked` flag, or a status whose name matches /block/i. */
export type BlockedReason = "flag" | "status";

/** One uninterrupted blocked period (flag and blocked status merged, never double counted). */
export interface BlockedSpell {
  readonly from: Instant;
  /** Null when still blocked at `asOf`. */
  readonly to: Instant | null;
  readonly reasons: readonly BlockedReason[];
  /** The events that started, changed and ended the spell. */
  readonly eventIds: readonly string[];
}

/** A change of the item's status category (`from` null when the item appears). */
export interface CategoryChange {
  readonly at: Instant;
  readonly from: StatusCategory | null;
  readonly to: StatusCategory;
}

/** What the flow metrics need to know about one item as of `asOf`. */
export interface ItemFlow {
  readonly itemId: string;
  readonly createdAt: Instant | null;
  readonly createdEventId: string | null;
  /** Category and status name at `asOf` (null before any status is known). */
  readonly category: StatusCategory | null;
  readonly status: string | null;
  readonly firstStartAt: Instant | null;
  readonly firstStartEventId: string | null;
  /** The last entry into Done, when the item is Done at `asOf`. */
  readonly doneAt: Instant | null;
  readonly doneEventId: string | null;
  /** True when it has left Done at least once (reopened). */
  readonly reopened: boolean;
  /** Milliseconds spent in the In Progress category (up to `asOf`). */
  readonly inProgressMs: number;
  readonly bounceBacks: readonly BounceBack[];
  readonly blockedSpells: readonly BlockedSpell[];
  readonly changes: readonly CategoryChange[];
}

/**
 * The state of one item's walk, reused from item to item. Lists are filled by index up to their
 * counts (their entries past the count are stale); instants come with their epoch milliseconds.
 */
export interface ItemWalk {
  createdAt: Instant | null;
  createdMs: number;
  createdEventId: string | null;
  category: StatusCategory | null;
  status: string | null;
  firstStartAt: Instant | null;
  firstStartMs: number;
  firstStartEventId: string | null;
  doneAt: Instant | null;
  doneMs: number;
  doneEventId: string | null;
  reopened: boolean;
  inProgressMs: number;
  /** True when the last blocked spell is still open at `asOf`. */
  blockedNow: boolean;
  bounceCount: number;
  readonly bounceBacks: BounceBack[];
  spellCount: number;
  readonly spells: BlockedSpell[];
  readonly spellFromMs: number[];
  /** NaN for a spell still open at `asOf`. */
  readonly spellToMs: number[];
  changeCount: number;
  readonly changeMs: number[];
  /** The index in the timeline of the event that made each change. */
  readonly changeEvent: number[];
  readonly changeFrom: (StatusCategory | null)[];
  readonly changeTo: StatusCategory[];
  /** Status names seen (up to a few dozen) and whether each matches BLOCKED_STATUS. */
  readonly names: string[];
  readonly namesBlocked: boolean[];
}

/** A fresh walk state, to reuse for every item of one computation. */
export const newItemWalk = (): ItemWalk => ({
  createdAt: null,
  createdMs: 0,
  createdEventId: null,
  category: null,
  status: null,
  firstStartAt: null,
  firstStartMs: 0,
  firstStartEventId: null,
  doneAt: null,
  doneMs: 0,
  doneEventId: null,
  reopened: false,
  inProgressMs: 0,
  blockedNow: false,
  bounceCount: 0,
  bounceBacks: [],
  spellCount: 0,
  spells: [],
  spellFromMs: [],
  spellToMs: [],
  changeCount: 0,
  changeMs: [],
  changeEvent: [],
  changeFrom: [],
  changeTo: [],
  names: [],
  namesBlocked: [],
});

const KNOWN_NAMES = 32;

/**
 * Whether a status name means blocked. A workflow has a handful of names, usually the very same
 * strings on all its items: scanning a short list with === (a pointer check for those) is cheaper
 * than a regular expression or a map lookup per status change.
 */
const isBlockedName = (w: ItemWalk, name: string): boolean => {
  const names = w.names;
  for (let i = 0; i < names.length; i++) if (names[i] === name) return w.namesBlocked[i]!;
  const blocked = BLOCKED_STATUS.test(name);
  if (names.length < KNOWN_NAMES) {
    names.push(name);
    w.namesBlocked.push(blocked);
  }
  return blocked;
};

const reasonsOf = (flag: boolean, status: boolean): BlockedReason[] =>
  flag && status ? ["flag", "status"] : flag ? ["flag"] : ["status"];

/**
 * Walks the first `count` events of an item's timeline (those at or before `asOf`) into `w`;
 * `asOfMs` (`Date.parse(asOf)`) closes a period still open in progress.
 */
export const walkItem = (
  w: ItemWalk,
  itemId: string,
  timeline: Timeline,
  count: number,
  asOfMs: number,
): void => {
  const { events, times, kinds } = timeline;
  let createdAt: Instant | null = null;
  let createdEventId: string | null = null;
  let createdMs = 0;
  let category: StatusCategory | null = null;
  let status: string | null = null;
  let statusBlocked = false;
  let firstStartAt: Instant | null = null;
  let firstStartEventId: string | null = null;
  let firstStartMs = 0;
  let doneAt: Instant | null = null;
  let doneEventId: string | null = null;
  let doneMs = 0;
  let reopened = false;
  let inProgressMs = 0;
  let inProgressOpen = false;
  let inProgressSince = 0;
  let flagged = false;
  // The open blocked spell: its start, the reasons seen so far and its evidence.
  let spellOpen = false;
  let spellFrom: Instant = "";
  let spellFromMs = 0;
  let spellFlag = false;
  let spellStatus = false;
  let spellEventIds: string[] = [];
  let bounceCount = 0;
  let spellCount = 0;
  let changeCount = 0;

  for (let i = 0; i < count; i++) {
    const kind = kinds[i];
    if (kind !== K.created && kind !== K.status && kind !== K.blocked) continue;
    const event = events[i]!;
    if (kind === K.blocked) flagged = event.to === "true";
    else {
      if (kind === K.created && createdAt === null) {
        createdAt = event.at;
        createdEventId = event.id;
        createdMs = times[i]!;
      }
      const next: StatusCategory | null = (event.to as StatusCategory | null) ?? category;
      const label: string | null = event.toLabel ?? (kind === K.status ? null : status);
      if (next !== null && next !== category) {
        const ms = times[i]!;
        if (category === "in_progress" && inProgressOpen) inProgressMs += ms - inProgressSince;
        inProgressOpen = next === "in_progress";
        if (inProgressOpen) {
          inProgressSince = ms;
          if (firstStartAt === null) {
            firstStartAt = event.at;
            firstStartEventId = event.id;
            firstStartMs = ms;
          }
        }
        if (category !== null && RANK[next] < RANK[category]) {
          w.bounceBacks[bounceCount++] = {
            itemId,
            eventId: event.id,
            at: event.at,
            from: category,
            to: next,
            fromLabel: status,
            toLabel: label,
          };
        }
        if (category === "done") reopened = true;
        if (next === "done") {
          doneAt = event.at;
          doneEventId = event.id;
          doneMs = ms;
        } else {
          doneAt = null;
          doneEventId = null;
        }
        w.changeMs[changeCount] = ms;
        w.changeEvent[changeCount] = i;
        w.changeFrom[changeCount] = category;
        w.changeTo[changeCount] = next;
        changeCount++;
        category = next;
      }
      if (label !== status) {
        statusBlocked = label !== null && isBlockedName(w, label);
        status = label;
      }
    }
    // Flag and blocked status merge into spells: a spell opens when either starts, records each
    // reason's first event, and closes (with the closing event) when neither holds any more.
    if (flagged || statusBlocked) {
      if (!spellOpen) {
        spellOpen = true;
        spellFrom = event.at;
        spellFromMs = times[i]!;
        spellFlag = false;
        spellStatus = false;
        spellEventIds = [event.id];
      } else if ((flagged && !spellFlag) || (statusBlocked && !spellStatus)) spellEventIds.push(event.id);
      if (flagged) spellFlag = true;
      if (statusBlocked) spellStatus = true;
    } else if (spellOpen) {
      spellEventIds.push(event.id);
      w.spells[spellCount] = {
        from: spellFrom,
        to: event.at,
        reasons: reasonsOf(spellFlag, spellStatus),
        eventIds: spellEventIds,
      };
      w.spellFromMs[spellCount] = spellFromMs;
      w.spellToMs[spellCount] = times[i]!;
      spellCount++;
      spellOpen = false;
    }
  }
  if (inProgressOpen) inProgressMs += asOfMs - inProgressSince;
  if (spellOpen) {
    w.spells[spellCount] = {
      from: spellFrom,
      to: null,
      reasons: reasonsOf(spellFlag, spellStatus),
      eventIds: spellEventIds,
    };
    w.spellFromMs[spellCount] = spellFromMs;
    w.spellToMs[spellCount] = Number.NaN;
    spellCount++;
  }
  // Without a created event, the item exists from its first event.
  if (createdAt === null && count > 0) {
    createdAt = events[0]!.at;
    createdMs = times[0]!;
  }
  w.createdAt = createdAt;
  w.createdMs = createdMs;
  w.createdEventId = createdEventId;
  w.category = category;
  w.status = status;
  w.firstStartAt = firstStartAt;
  w.firstStartMs = firstStartMs;
  w.firstStartEventId = firstStartEventId;
  w.doneAt = doneAt;
  w.doneMs = doneMs;
  w.doneEventId = doneEventId;
  w.reopened = reopened;
  w.inProgressMs = inProgressMs;
  w.blockedNow = spellOpen;
  w.bounceCount = bounceCount;
  w.spellCount = spellCount;
  w.changeCount = changeCount;
};

/** Reads one item's flow history as of `asOf` from its timeline (events after `asOf` ignored). */
export const itemFlow = (itemId: string, timeline: Timeline, asOf: Instant): ItemFlow => {
  const w = newItemWalk();
  walkItem(w, itemId, timeline, countUpTo(timeline.times, msAtOrBefore(asOf)), Date.parse(asOf));
  const changes: CategoryChange[] = [];
  for (let c = 0; c < w.changeCount; c++)
    changes.push({
      at: timeline.events[w.changeEvent[c]!]!.at,
      from: w.changeFrom[c]!,
      to: w.changeTo[c]!,
    });
  return {
    itemId,
    createdAt: w.createdAt,
    createdEventId: w.createdEventId,
    category: w.category,
    status: w.status,
    firstStartAt: w.firstStartAt,
    firstStartEventId: w.firstStartEventId,
    doneAt: w.doneAt,
    doneEventId: w.doneEventId,
    reopened: w.reopened,
    inProgressMs: w.inProgressMs,
    bounceBacks: w.bounceBacks.slice(0, w.bounceCount),
    blockedSpells: w.spells.slice(0, w.spellCount),
    changes,
  };
};
