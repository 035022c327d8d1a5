import type { Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";

type Conn = Db | Tx;

/** One recorded change by a person. */
export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: { readonly id: string; readonly email: string; readonly via: string };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly engagementId: string | null;
  readonly before: unknown;
  readonly after: unknown;
}

const entryOf = (r: Selectable<Database["auditLog"]>): AuditEntry => ({
  id: r.id,
  at: r.at,
  actor: { id: r.actorId, email: r.actorEmail, via: r.via },
  action: r.action,
  target: { type: r.targetType, id: r.targetId },
  engagementId: r.engagementId,
  before: r.before === null ? null : JSON.parse(r.before),
  after: r.after === null ? null : JSON.parse(r.after),
});

export const insertAudit = (db: Conn, row: Selectable<Database["auditLog"]>) =>
  db.insertInto("auditLog").values(row).execute();

/** Newest first; `before` is the id of the last entry of the previous page. */
export const listAudit = async (
  db: Conn,
  filter: {
    readonly limit: number;
    readonly before?: string | undefined;
    readonly engagementId?: string | undefined;
    readonly from?: string | undefined;
    readonly to?: string | undefined;
  },
): Promise<AuditEntry[]> => {
  let query = db.selectFrom("auditLog").selectAll().orderBy("id", "desc").limit(filter.limit);
  if (filter.before !== undefined) query = query.where("id", "<", filter.before);
  if (filter.engagementId !== undefined) query = query.where("engagementId", "=", filter.engagementId);
  if (filter.from !== undefined) query = query.where("at", ">=", filter.from);
  if (filter.to !== undefined) query = query.where("at", "<", filter.to);
  return (await query.execute()).map(entryOf);
};
