import { createHash } from "node:crypto";
import { sql } from "kysely";
import PgBoss from "pg-boss";
import { listSources } from "../../store/ingestion.ts";
import type { Store } from "../../store/store.ts";
import {
  deliveryJobKey,
  type JobKind,
  type JobRunner,
  type JobRunnerOptions,
  type JobState,
  type JobStatus,
  startTicker,
  syncJobKey,
} from "./types.ts";

const QUEUE = "baton-sync";

/** pg-boss ids are UUIDs: derive one from the job key, so every instance names a tick's job alike. */
const uuidOf = (key: string) => {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const STATES: Record<string, JobState> = {
  created: "queued",
  retry: "retrying",
  active: "running",
  completed: "succeeded",
  cancelled: "failed",
  failed: "failed",
};

/** What Baton puts in a pg-boss job (older sync jobs have no kind or reportId). */
interface BossData {
  readonly key: string;
  readonly kind?: JobKind;
  readonly sourceId: string;
  readonly reportId?: string | null;
  readonly tick: number | null;
}

/** A row of pg-boss's job table, as Baton's query layer returns it (camelCase). */
interface BossRow {
  id: string;
  data: BossData;
  state: string;
  retryCount: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  output: unknown;
}

/** Instances starting together race to create the queue; the loser finds it made. */
const ensureQueue = async (boss: PgBoss) => {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(QUEUE)) return;
    try {
      await boss.createQueue(QUEUE);
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
};

/**
 * The queue for PostgreSQL: pg-boss, in its own schema of Baton's database. Any number of
 * instances schedule the same ticks; a tick's job has one id, so it is stored once, and pg-boss
 * hands each stored job to exactly one worker (`SKIP LOCKED`). Failed jobs retry with backoff.
 */
export const pgBossJobRunner = (
  store: Store,
  connection: { readonly url: string; readonly schema: string },
  options: JobRunnerOptions,
): JobRunner => {
  const { log, now } = options;
  const boss = new PgBoss({ connectionString: connection.url, schema: connection.schema, max: 4 });
  boss.on("error", (error) => log.error("job queue error", { error: error.message }));
  let stopTicker = () => {};
  const retryDelaySeconds = Math.max(1, Math.round(options.retryDelayMs / 1000));

  const send = async (sourceId: string, tick: number | null) =>
    sendData({ key: syncJobKey(sourceId, tick, now().getTime()), kind: "sync", sourceId, tick });

  const sendData = async (data: BossData) => {
    const id = uuidOf(data.key);
    await boss.send(
      QUEUE,
      { ...data },
      {
        id,
        retryLimit: options.retries,
        retryDelay: retryDelaySeconds,
        retryBackoff: true,
      },
    );
    return id;
  };

  // Finished jobs move to pg-boss's archive after a while; the API shows both.
  const rows = async (where: { id?: string; sourceId?: string }, limit: number): Promise<BossRow[]> => {
    const filters = [sql`name = ${QUEUE}`];
    if (where.id) filters.push(sql`id = ${where.id}::uuid`);
    if (where.sourceId) filters.push(sql`data->>'sourceId' = ${where.sourceId}`);
    const from = (table: string) =>
      sql`select id, data, state, retry_count, created_on, started_on, completed_on, output
        from ${sql.id(connection.schema, table)} where ${sql.join(filters, sql` and `)}`;
    const result = await sql<BossRow>`${from("job")} union all ${from("archive")}
      order by created_on desc limit ${limit}`.execute(store.db);
    return result.rows;
  };
  const statusOf = (row: BossRow): JobStatus => {
    const failedOutput = row.state === "failed" || row.state === "retry" ? row.output : null;
    const message =
      failedOutput && typeof failedOutput === "object" && "message" in failedOutput
        ? String((failedOutput as { message: unknown }).message)
        : null;
    return {
      id: row.data.key,
      kind: row.data.kind ?? "sync",
      sourceId: row.data.sourceId,
      reportId: row.data.reportId ?? null,
      state: STATES[row.state] ?? "queued",
      attempts: row.retryCount + (row.startedOn ? 1 : 0),
      createdAt: new Date(row.createdOn).toISOString(),
      startedAt: row.startedOn ? new Date(row.startedOn).toISOString() : null,
      finishedAt: row.completedOn ? new Date(row.completedOn).toISOString() : null,
      error: message,
      output: row.state === "completed" ? (row.output ?? null) : null,
    };
  };

  return {
    async start() {
      await boss.start();
      await ensureQueue(boss);
      await boss.work<BossData>(
        QUEUE,
        { pollingIntervalSeconds: Math.max(0.5, options.pollMs / 1000), batchSize: 1 },
        async ([job]) => {
          if (!job) return null;
          const output = await options.handler({
            id: job.data.key,
            kind: job.data.kind ?? "sync",
            sourceId: job.data.sourceId,
            reportId: job.data.reportId ?? null,
            tick: job.data.tick,
          });
          log.info("job succeeded", { job: job.data.key, instance: options.instance });
          return output ?? null;
        },
      );
      stopTicker = startTicker(options.syncIntervalMs, now, (tick) => {
        void (async () => {
          for (const source of await listSources(store.db)) await send(source.id, tick);
        })().catch((error) => log.error("scheduling failed", { error: String(error) }));
      });
    },
    async requestSync(sourceId) {
      const id = await send(sourceId, null);
      const [row] = await rows({ id }, 1);
      return statusOf(row!);
    },
    async requestDelivery(reportId, attempt) {
      const id = await sendData({
        key: deliveryJobKey(reportId, attempt),
        kind: "deliver-report",
        sourceId: "",
        reportId,
        tick: null,
      });
      const [row] = await rows({ id }, 1);
      return statusOf(row!);
    },
    async list(filter) {
      return (await rows({ ...(filter.sourceId ? { sourceId: filter.sourceId } : {}) }, filter.limit)).map(
        statusOf,
      );
    },
    async stop(timeoutMs) {
      stopTicker();
      // Graceful: running jobs get `timeoutMs` to finish; the rest are failed and so retried elsewhere.
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
    },
  };
};
