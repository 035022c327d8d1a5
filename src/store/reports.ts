import type { Selectable } from "kysely";
import type { Narration } from "../reports/narrate.ts";
import type { ReportsTable } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

export type ReportStatus = "draft" | "published" | "superseded";

/** A report draft (version 0) or one published version of it. */
export interface StoredReport {
  readonly id: string;
  readonly engagementId: string;
  readonly kind: string;
  readonly period: string;
  readonly status: ReportStatus;
  readonly version: number;
  readonly facts: unknown;
  readonly markdown: string;
  readonly edited: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
  readonly diff: string | null;
  /** How the text was written, when narration was asked for: by the model, or by the template and why. */
  readonly narration: Narration | null;
}

const rowToReport = (r: Selectable<ReportsTable>): StoredReport => ({
  ...r,
  status: r.status as ReportStatus,
  version: Number(r.version),
  facts: JSON.parse(r.facts) as unknown,
  edited: Number(r.edited) === 1,
  narration: r.narration === null ? null : (JSON.parse(r.narration) as Narration),
});

export const saveReport = (db: Conn, r: StoredReport) =>
  upsertRows(db, "reports", [
    {
      ...r,
      facts: JSON.stringify(r.facts),
      edited: r.edited ? 1 : 0,
      narration: r.narration === null ? null : JSON.stringify(r.narration),
    },
  ]);

export const getReport = async (db: Conn, id: string): Promise<StoredReport | undefined> => {
  const row = await db.selectFrom("reports").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToReport(row);
};

/** Every version of one report (draft first, then published versions in order). */
export const reportVersions = async (
  db: Conn,
  engagementId: string,
  kind: string,
  period: string,
): Promise<StoredReport[]> =>
  (
    await db
      .selectFrom("reports")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .where("kind", "=", kind)
      .where("period", "=", period)
      .orderBy("version")
      .execute()
  ).map(rowToReport);

/** An engagement's reports, newest period first. */
export const listReports = async (db: Conn, engagementId: string): Promise<StoredReport[]> =>
  (
    await db
      .selectFrom("reports")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("period", "desc")
      .orderBy("kind")
      .orderBy("version")
      .execute()
  ).map(rowToReport);
