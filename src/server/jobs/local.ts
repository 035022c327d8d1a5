import { listSources } from "../../store/ingestion.ts";
import {
  claimDueJob,
  enqueueJob,
  type JobRow,
  listJobs,
  requeueRunningJobs,
  updateJob,
} from "../../store/jobs.ts";
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

const statusOf = (row: JobRow): JobStatus => ({
  id: row.id,
  kind: row.kind as JobKind,
  sourceId: row.sourceId,
  reportId: row.reportId,
  state: row.state as JobState,
  attempts: row.attempts,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  error: row.error,
  output: row.output === null ? null : JSON.parse(row.output),
});

/**
 * The in-process queue for one server on SQLite (or PGlite): jobs are rows of the `jobs` table,
 * so they survive restarts; a job left running by a stopped process is queued again on start.
 */
export const localJobRunner = (store: Store, options: JobRunnerOptions): JobRunner => {
  const { log, now } = options;
  let stopTicker = () => {};
  let poller: NodeJS.Timeout | undefined;
  let running: { id: string; done: Promise<void> } | undefined;
  let stopping = false;

  const enqueue = async (sourceId: string, tick: number | null) =>
    add(syncJobKey(sourceId, tick, now().getTime()), "sync", sourceId, null);

  const add = async (id: string, kind: JobKind, sourceId: string, reportId: string | null) => {
    const at = now();
    await enqueueJob(store.db, {
      id,
      kind,
      sourceId,
      reportId,
      state: "queued",
      attempts: 0,
      maxAttempts: options.retries + 1,
      runAfter: at.toISOString(),
      createdAt: at.toISOString(),
      startedAt: null,
      finishedAt: null,
      instance: null,
      error: null,
      output: null,
    });
    return id;
  };

  const runOne = async (): Promise<boolean> => {
    const job = await claimDueJob(store.db, now().toISOString(), options.instance);
    if (!job) return false;
    const execute = async () => {
      try {
        const tick = /:(\d{4}-.*)$/.exec(job.id)?.[1];
        const output = await options.handler({
          id: job.id,
          kind: job.kind as JobKind,
          sourceId: job.sourceId,
          reportId: job.reportId,
          tick: tick && job.kind === "sync" ? Date.parse(tick) : null,
        });
        await updateJob(store.db, job.id, {
          state: "succeeded",
          finishedAt: now().toISOString(),
          error: null,
          output: JSON.stringify(output ?? null),
        });
        log.info("job succeeded", { job: job.id, attempts: job.attempts });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retry = job.attempts < job.maxAttempts;
        const delay = options.retryDelayMs * 2 ** (job.attempts - 1);
        await updateJob(store.db, job.id, {
          state: retry ? "queued" : "failed",
          error: message,
          finishedAt: retry ? null : now().toISOString(),
          runAfter: new Date(now().getTime() + (retry ? delay : 0)).toISOString(),
        });
        log.warn(retry ? "job failed, will retry" : "job failed", {
          job: job.id,
          attempts: job.attempts,
          error: message,
          ...(retry ? { retryInMs: delay } : {}),
        });
      }
    };
    const done = execute();
    running = { id: job.id, done };
    await done;
    running = undefined;
    return true;
  };

  const poll = async () => {
    poller = undefined;
    if (stopping) return;
    try {
      while (!stopping && (await runOne())) {}
    } catch (error) {
      log.error("job queue failed", { error: error instanceof Error ? error.message : String(error) });
    }
    if (!stopping) {
      poller = setTimeout(poll, options.pollMs);
      poller.unref?.();
    }
  };
  const wake = () => {
    if (poller && !running) {
      clearTimeout(poller);
      poller = setTimeout(poll, 0);
    }
  };

  return {
    async start() {
      await requeueRunningJobs(store.db, null);
      stopTicker = startTicker(options.syncIntervalMs, now, (tick) => {
        void (async () => {
          for (const source of await listSources(store.db)) await enqueue(source.id, tick);
          wake();
        })().catch((error) => log.error("scheduling failed", { error: String(error) }));
      });
      poller = setTimeout(poll, 0);
    },
    async requestSync(sourceId) {
      const id = await enqueue(sourceId, null);
      wake();
      const [row] = await listJobs(store.db, { limit: 1, id });
      return statusOf(row!);
    },
    async requestDelivery(reportId, attempt) {
      const id = await add(deliveryJobKey(reportId, attempt), "deliver-report", "", reportId);
      wake();
      const [row] = await listJobs(store.db, { limit: 1, id });
      return statusOf(row!);
    },
    async list(filter) {
      return (await listJobs(store.db, filter)).map(statusOf);
    },
    async stop(timeoutMs) {
      stopping = true;
      stopTicker();
      if (poller) clearTimeout(poller);
      const current = running;
      if (!current) return;
      const finished = await Promise.race([
        current.done.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref?.()),
      ]);
      if (!finished) {
        await requeueRunningJobs(store.db, options.instance);
        log.warn("job requeued at shutdown", { job: current.id });
      }
    },
  };
};
