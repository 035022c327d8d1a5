import { eventId } from "./ids.ts";
import type { EntityKind, EventKind, HistoryEvent, Instant } from "./types.ts";

/** One change a connector read, before it becomes a history event of a source's entity. */
export interface Change {
  readonly at: Instant;
  readonly kind: EventKind;
  readonly from?: string | null;
  readonly to: string | null;
  readonly fromLabel?: string | null;
  readonly toLabel?: string | null;
  readonly actor?: string | null;
}

/**
 * History events of one entity from its changes, in the order given: each change is numbered
 * among the entity's changes at the same instant, which keeps their order and makes ids unique.
 */
export const changesToEvents = (
  source: { readonly id: string; readonly engagementId: string },
  entity: EntityKind,
  entityId: string,
  changes: readonly Change[],
): HistoryEvent[] => {
  const seqAt = new Map<Instant, number>();
  return changes.map((change) => {
    const seq = seqAt.get(change.at) ?? 0;
    seqAt.set(change.at, seq + 1);
    return {
      id: eventId(entityId, change.at, change.kind, seq),
      engagementId: source.engagementId,
      sourceId: source.id,
      entity,
      entityId,
      at: change.at,
      kind: change.kind,
      from: change.from ?? null,
      to: change.to,
      fromLabel: change.fromLabel ?? null,
      toLabel: change.toLabel ?? null,
      actor: change.actor ?? null,
      actorIsBot: false,
      seq,
    };
  });
};
