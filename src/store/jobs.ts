import type { Selectable } from "kysely";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";

type Conn = Db | Tx;

export type JobRow = Selectable<Database["jobs"]>;

/** Adds a job unless one with the same id exists; true when this call added it. */
export const enqueueJob = async (db: Conn, job: JobRow): Promise<boolean> => {
  const result = await db
    .insertInto("jobs")
    .values(job)
    .onConflict((oc) => oc.column("id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
};

/** Claims the oldest due job: only one caller's conditional update succeeds. */
export const claimDueJob = async (db: Conn, at: string, instance: string): Promise<JobRow | undefined> => {
  const due = await db
    .selectFrom("jobs")
    .selectAll()
    .where("state", "=", "queued")
    .where("runAfter", "<=", at)
    .orderBy("runAfter")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (!due) return undefined;
  const claimed = await db
    .updateTable("jobs")
    .set({ state: "running", startedAt: at, instance, attempts: due.attempts + 1 })
    .where("id", "=", due.id)
    .where("state", "=", "queued")
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return undefined;
  return { ...due, state: "running", startedAt: at, instance, attempts: due.attempts + 1 };
};

export const updateJob = async (db: Conn, id: string, changes: Partial<JobRow>) => {
  await db.updateTable("jobs").set(changes).where("id", "=", id).execute();
};

/** Jobs left `running` by a process that stopped go back to the queue. */
export const requeueRunningJobs = async (db: Conn, instance: string | null) => {
  let query = db.updateTable("jobs").set({ state: "queued", instance: null }).where("state", "=", "running");
  if (instance !== null) query = query.where("instance", "=", instance);
  await query.execute();
};

export const listJobs = async (
  db: Conn,
  filter: {
    readonly limit: number;
    readonly sourceId?: string | undefined;
    readonly id?: string | undefined;
  },
): Promise<JobRow[]> => {
  let query = db
    .selectFrom("jobs")
    .selectAll()
    .orderBy("createdAt", "desc")
    .orderBy("id", "desc")
    .limit(filter.limit);
  if (filter.sourceId !== undefined) query = query.where("sourceId", "=", filter.sourceId);
  if (filter.id !== undefined) query = query.where("id", "=", filter.id);
  return query.execute();
};
