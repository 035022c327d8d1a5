import type { HistoryEvent, Instant, StatusCategory } from "../domain/types.ts";

/** One item's flow history, read in a single pass over its events (already cut at `asOf`). */

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

/** Reads one item's flow history; `asOf` closes the open in-progress period. */
export const itemFlow = (itemId: string, events: readonly HistoryEvent[], asOf: Instant): ItemFlow => {
  let createdAt: Instant | null = null;
  let createdEventId: string | null = null;
  let category: StatusCategory | null = null;
  let status: string | null = null;
  let firstStartAt: Instant | null = null;
  let firstStartEventId: string | null = null;
  let doneAt: Instant | null = null;
  let doneEventId: string | null = null;
  let reopened = false;
  let inProgressMs = 0;
  let inProgressSince: number | null = null;
  const bounceBacks: BounceBack[] = [];
  const blockedSpells: BlockedSpell[] = [];
  const changes: CategoryChange[] = [];
  let flagged = false;
  let spell: { from: Instant; reasons: Set<BlockedReason>; eventIds: string[] } | null = null;

  const updateBlocked = (event: HistoryEvent) => {
    const byStatus = status !== null && BLOCKED_STATUS.test(status);
    if (flagged || byStatus) {
      if (spell === null) spell = { from: event.at, reasons: new Set(), eventIds: [event.id] };
      else if ((flagged && !spell.reasons.has("flag")) || (byStatus && !spell.reasons.has("status")))
        spell.eventIds.push(event.id);
      if (flagged) spell.reasons.add("flag");
      if (byStatus) spell.reasons.add("status");
    } else if (spell !== null) {
      blockedSpells.push({
        from: spell.from,
        to: event.at,
        reasons: [...spell.reasons].sort(),
        eventIds: [...spell.eventIds, event.id],
      });
      spell = null;
    }
  };

  for (const event of events) {
    if (event.kind === "created" || event.kind === "status") {
      if (event.kind === "created") {
        createdAt ??= event.at;
        createdEventId ??= event.id;
      }
      const next: StatusCategory | null = (event.to as StatusCategory | null) ?? category;
      const label: string | null = event.toLabel ?? (event.kind === "status" ? null : status);
      if (next !== null && next !== category) {
        const ms = Date.parse(event.at);
        if (category === "in_progress" && inProgressSince !== null) inProgressMs += ms - inProgressSince;
        if (next === "in_progress") {
          inProgressSince = ms;
          if (firstStartAt === null) {
            firstStartAt = event.at;
            firstStartEventId = event.id;
          }
        } else inProgressSince = null;
        if (category !== null && RANK[next] < RANK[category]) {
          bounceBacks.push({
            itemId,
            eventId: event.id,
            at: event.at,
            from: category,
            to: next,
            fromLabel: status,
            toLabel: label,
          });
        }
        if (category === "done") reopened = true;
        if (next === "done") {
          doneAt = event.at;
          doneEventId = event.id;
        } else {
          doneAt = null;
          doneEventId = null;
        }
        changes.push({ at: event.at, from: category, to: next });
        category = next;
      }
      status = label;
      updateBlocked(event);
    } else if (event.kind === "blocked") {
      flagged = event.to === "true";
      updateBlocked(event);
    }
  }
  if (inProgressSince !== null) inProgressMs += Date.parse(asOf) - inProgressSince;
  const open = spell as { from: Instant; reasons: Set<BlockedReason>; eventIds: string[] } | null;
  if (open !== null)
    blockedSpells.push({
      from: open.from,
      to: null,
      reasons: [...open.reasons].sort(),
      eventIds: open.eventIds,
    });
  return {
    itemId,
    createdAt: createdAt ?? events[0]?.at ?? null,
    createdEventId,
    category,
    status,
    firstStartAt,
    firstStartEventId,
    doneAt,
    doneEventId,
    reopened,
    inProgressMs,
    bounceBacks,
    blockedSpells,
    changes,
  };
};
