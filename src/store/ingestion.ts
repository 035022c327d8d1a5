import type { Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

/** A configured connection of an engagement to one source (a CSV file, a Jira board, a repo). */
export interface SourceRow {
  readonly id: string;
  readonly engagementId: string;
  readonly kind: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/** A payload as a source delivered it, verbatim. */
export interface RawRecord {
  readonly id: string;
  readonly sourceId: string;
  /** What kind of payload: `items`, `sprints`, `webhook:issue_updated`, … */
  readonly stream: string;
  readonly url: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly fetchedAt: string;
  readonly fetchSeq: number;
  readonly contentHash: string;
  readonly payload: string;
}

export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "interrupted";
export type RunMode = "sync" | "full" | "reconvert" | "webhook";

/** One problem with one source record: which stage, which record, why. */
export interface RunProblem {
  readonly stage: "collect" | "extract" | "convert";
  readonly sourceRecordId: string;
  readonly reason: string;
  /** CSV line, JSON path or similar, when the source has one. */
  readonly location?: string;
}

/** What a sync run did: fetched payloads, converted records, skipped and failed ones with reasons. */
export interface RunSummary {
  readonly id: string;
  readonly sourceId: string;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly fetched: number;
  readonly converted: number;
  readonly skipped: number;
  readonly failed: number;
  readonly problems: readonly RunProblem[];
  readonly error: string | null;
}

const rowToSource = (r: Selectable<Database["sources"]>): SourceRow => ({
  ...r,
  config: JSON.parse(r.config) as Record<string, unknown>,
});

const rowToRaw = (r: Selectable<Database["rawRecords"]>): RawRecord => ({
  ...r,
  fetchSeq: Number(r.fetchSeq),
  params: JSON.parse(r.params) as Record<string, unknown>,
});

const rowToRun = (r: Selectable<Database["syncRuns"]>): RunSummary => ({
  ...r,
  mode: r.mode as RunMode,
  status: r.status as RunStatus,
  fetched: Number(r.fetched),
  converted: Number(r.converted),
  skipped: Number(r.skipped),
  failed: Number(r.failed),
  problems: JSON.parse(r.problems) as RunProblem[],
});

export const saveSource = (db: Conn, source: SourceRow) =>
  upsertRows(db, "sources", [{ ...source, config: JSON.stringify(source.config) }]);

export const getSource = async (db: Conn, id: string): Promise<SourceRow | undefined> => {
  const row = await db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToSource(row);
};

export const listSources = async (db: Conn, engagementId?: string): Promise<SourceRow[]> => {
  let query = db.selectFrom("sources").selectAll();
  if (engagementId) query = query.where("engagementId", "=", engagementId);
  return (await query.orderBy("id").execute()).map(rowToSource);
};

/**
 * Stores a payload. The same content from the same stream is kept once; fetching it again moves
 * it to its latest fetch time, so replaying raw data in fetch order ends in the latest state.
 */
export const saveRawRecord = (db: Conn, raw: RawRecord) =>
  upsertRows(db, "rawRecords", [{ ...raw, params: JSON.stringify(raw.params) }]);

/** Raw records of a source in fetch order, a page at a time (for replays of large sources). */
export async function* iterateRawRecords(
  db: Conn,
  sourceId: string,
  pageSize = 200,
): AsyncGenerator<RawRecord> {
  let after: { fetchedAt: string; fetchSeq: number; id: string } | null = null;
  for (;;) {
    let query = db.selectFrom("rawRecords").selectAll().where("sourceId", "=", sourceId);
    if (after) {
      const { fetchedAt, fetchSeq, id } = after;
      query = query.where((eb) =>
        eb.or([
          eb("fetchedAt", ">", fetchedAt),
          eb.and([eb("fetchedAt", "=", fetchedAt), eb("fetchSeq", ">", fetchSeq)]),
          eb.and([eb("fetchedAt", "=", fetchedAt), eb("fetchSeq", "=", fetchSeq), eb("id", ">", id)]),
        ]),
      );
    }
    const rows = await query.orderBy("fetchedAt").orderBy("fetchSeq").orderBy("id").limit(pageSize).execute();
    for (const row of rows) yield rowToRaw(row);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { fetchedAt: last.fetchedAt, fetchSeq: Number(last.fetchSeq), id: last.id };
  }
}

export const countRawRecords = async (db: Conn, sourceId: string): Promise<number> => {
  const row = await db
    .selectFrom("rawRecords")
    .select((eb) => eb.fn.countAll<string | number>().as("n"))
    .where("sourceId", "=", sourceId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

export const getCursor = async (db: Conn, sourceId: string, stream: string): Promise<string | null> => {
  const row = await db
    .selectFrom("syncCursors")
    .select("cursor")
    .where("sourceId", "=", sourceId)
    .where("stream", "=", stream)
    .executeTakeFirst();
  return row?.cursor ?? null;
};

export const setCursor = (db: Conn, sourceId: string, stream: string, cursor: string, updatedAt: string) =>
  upsertRows(db, "syncCursors", [{ sourceId, stream, cursor, updatedAt }], ["sourceId", "stream"]);

export const clearCursors = async (db: Conn, sourceId: string) => {
  await db.deleteFrom("syncCursors").where("sourceId", "=", sourceId).execute();
};

export const saveRun = (db: Conn, run: RunSummary) =>
  upsertRows(db, "syncRuns", [{ ...run, problems: JSON.stringify(run.problems) }]);

export const listRuns = async (db: Conn, sourceId: string, limit = 20): Promise<RunSummary[]> =>
  (
    await db
      .selectFrom("syncRuns")
      .selectAll()
      .where("sourceId", "=", sourceId)
      .orderBy("startedAt", "desc")
      .limit(limit)
      .execute()
  ).map(rowToRun);

/** Runs left `running` by a process that died are marked interrupted before a new run starts. */
export const markAbandonedRuns = async (db: Conn, sourceId: string, finishedAt: string) => {
  await db
    .updateTable("syncRuns")
    .set({ status: "interrupted", finishedAt, error: "the process stopped before the run finished" })
    .where("sourceId", "=", sourceId)
    .where("status", "=", "running")
    .execute();
};

/** Whether a webhook delivery with this id was already stored for the source. */
export const deliverySeen = async (db: Conn, sourceId: string, deliveryId: string): Promise<boolean> =>
  (await db
    .selectFrom("webhookDeliveries")
    .select("deliveryId")
    .where("sourceId", "=", sourceId)
    .where("deliveryId", "=", deliveryId)
    .executeTakeFirst()) !== undefined;

/** Remembers a stored delivery; a concurrent copy of the same delivery changes nothing. */
export const recordDelivery = async (
  db: Conn,
  delivery: { sourceId: string; deliveryId: string; event: string; receivedAt: string; runId: string },
) => {
  await db
    .insertInto("webhookDeliveries")
    .values(delivery)
    .onConflict((oc) => oc.columns(["sourceId", "deliveryId"]).doNothing())
    .execute();
};
