import { eventId } from "../../domain/ids.ts";
import { parseInstant } from "../../domain/time.ts";
import type { EntityKind, EventKind, HistoryEvent, Instant } from "../../domain/types.ts";
import { RecordError } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";

/** What every GitHub conversion shares: instants, bot accounts, and history events with stable ids. */

export const instant = (value: string | null | undefined, what: string): Instant => {
  const parsed = value ? parseInstant(value) : null;
  if (!parsed) throw new RecordError(`${what} ${value ? `"${value}" is not a timestamp` : "is missing"}`);
  return parsed;
};

export const nullableInstant = (value: string | null | undefined, what: string): Instant | null =>
  value ? instant(value, what) : null;

export interface Account {
  readonly login: string;
  readonly type?: string | undefined;
}

/** GitHub marks apps with `type: "Bot"`; their logins end in `[bot]`. */
export const isBotAccount = (account: Account | null | undefined): boolean =>
  account?.type === "Bot" || (account?.login.endsWith("[bot]") ?? false);

/**
 * Order of same-instant events of one entity: a pull request is created before anything happens
 * to it, and merged before GitHub closes it.
 */
const RANK: Partial<Record<EventKind, number>> = {
  created: 0,
  reopened: 1,
  ready_for_review: 2,
  converted_to_draft: 2,
  review_requested: 3,
  review_request_removed: 3,
  commented: 4,
  reviewed: 4,
  merged: 5,
  closed: 6,
  status: 1,
  deployment_status: 1,
};

export interface EventSpec {
  readonly at: Instant;
  readonly kind: EventKind;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly fromLabel?: string | null;
  readonly toLabel?: string | null;
  readonly actor?: Account | null | undefined;
  /**
   * GitHub's own identity of the change (a review or comment id, the requested reviewer), so the
   * same change polled or pushed gets the same id and distinct same-instant changes never collide.
   */
  readonly ref?: string;
}

export const eventOf =
  (source: SourceRow, entity: EntityKind, entityId: string) =>
  (spec: EventSpec): HistoryEvent => {
    const seq = RANK[spec.kind] ?? 0;
    const base = eventId(entityId, spec.at, spec.kind, seq);
    return {
      id: spec.ref ? `${base}:${spec.ref}` : base,
      engagementId: source.engagementId,
      sourceId: source.id,
      entity,
      entityId,
      at: spec.at,
      kind: spec.kind,
      from: spec.from ?? null,
      to: spec.to ?? null,
      fromLabel: spec.fromLabel ?? null,
      toLabel: spec.toLabel ?? null,
      actor: spec.actor?.login ?? null,
      actorIsBot: isBotAccount(spec.actor),
      seq,
    };
  };
