import { randomBytes } from "node:crypto";
import { type AuditEntry, insertAudit, listAudit } from "../store/audit.ts";
import type { Store } from "../store/store.ts";
import type { Principal } from "./access.ts";

/** What changed: the action, its target, and the state before and after (JSON-serialisable). */
export interface Change {
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly engagementId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Records one change made by a person. Every state-changing use case calls this. */
export const recordChange = async (store: Store, actor: Principal, now: Date, change: Change) => {
  const at = now.toISOString();
  await insertAudit(store.db, {
    id: `${at}#${randomBytes(5).toString("hex")}`,
    at,
    actorId: actor.user.id,
    actorEmail: actor.user.email,
    via: actor.via,
    action: change.action,
    targetType: change.target.type,
    targetId: change.target.id,
    engagementId: change.engagementId ?? null,
    before: change.before === undefined ? null : JSON.stringify(change.before),
    after: change.after === undefined ? null : JSON.stringify(change.after),
  });
};

/** The audit log, newest first, one page at a time. */
export const auditPage = async (
  store: Store,
  filter: {
    limit: number;
    cursor?: string | undefined;
    engagement?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> => {
  const entries = await listAudit(store.db, {
    limit: filter.limit,
    before: filter.cursor,
    engagementId: filter.engagement,
    from: filter.from,
    to: filter.to,
  });
  return { entries, nextCursor: entries.length === filter.limit ? (entries.at(-1)?.id ?? null) : null };
};
