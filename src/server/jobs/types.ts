import type { Logger } from "../log.ts";

/** What Baton runs in the background: source syncs, and sending a published report to its recipients. */
export type JobKind = "sync" | "deliver-report";

export type JobState = "queued" | "running" | "retrying" | "succeeded" | "failed";

/** One job as the API shows it. */
export interface JobStatus {
  readonly id: string;
  readonly kind: JobKind;
  /** The source a sync job syncs ("" for other kinds). */
  readonly sourceId: string;
  /** The published version a deliver-report job sends (null for other kinds). */
  readonly reportId: string | null;
  readonly state: JobState;
  readonly attempts: number;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly output: unknown;
}

/** A job as its handler receives it. */
export interface Job {
  readonly id: string;
  readonly kind: JobKind;
  /** The source a sync job syncs ("" for other kinds). */
  readonly sourceId: string;
  /** The published version a deliver-report job sends (null for other kinds). */
  readonly reportId: string | null;
  /** The schedule tick (ms since the epoch) the job belongs to, or null when requested by hand. */
  readonly tick: number | null;
}

export type JobHandler = (job: Job) => Promise<unknown>;

export interface JobRunnerOptions {
  /** Milliseconds between scheduled syncs of every source; 0 schedules nothing (jobs still run). */
  readonly syncIntervalMs: number;
  /** Attempts after the first before a job fails for good. */
  readonly retries: number;
  /** First retry delay; each further retry waits twice as long. */
  readonly retryDelayMs: number;
  /** How often idle workers look for due jobs. */
  readonly pollMs: number;
  /** This process's name in job records and logs. */
  readonly instance: string;
  readonly handler: JobHandler;
  readonly log: Logger;
  readonly now: () => Date;
}

/** The scheduler and workers of one server instance. */
export interface JobRunner {
  start(): Promise<void>;
  /** Queues a sync of one source now (or returns the queued one). */
  requestSync(sourceId: string): Promise<JobStatus>;
  /**
   * Queues sending a published version to its recipients. `attempt` null is the job publishing
   * queues (one per version, however often asked); a retry asked for later passes its time.
   */
  requestDelivery(reportId: string, attempt: number | null): Promise<JobStatus>;
  list(filter: { readonly limit: number; readonly sourceId?: string | undefined }): Promise<JobStatus[]>;
  /** Stops scheduling, lets running jobs finish within `timeoutMs`, and requeues any still running. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * The tick a moment belongs to: every instance computes the same value, so the job it enqueues
 * for a source and a tick has the same id everywhere and is stored once.
 */
export const tickOf = (at: number, intervalMs: number) => Math.floor(at / intervalMs) * intervalMs;

export const deliveryJobKey = (reportId: string, attempt: number | null) =>
  attempt === null ? `deliver-report:${reportId}` : `deliver-report:${reportId}:retry:${attempt}`;

export const syncJobKey = (sourceId: string, tick: number | null, at: number) =>
  tick === null ? `sync:${sourceId}:manual:${at}` : `sync:${sourceId}:${new Date(tick).toISOString()}`;

/**
 * Calls `onTick` at every multiple of `intervalMs` until stopped. Timers drift; the tick value
 * comes from the clock, not from counting.
 */
export const startTicker = (intervalMs: number, now: () => Date, onTick: (tick: number) => void) => {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    const at = now().getTime();
    const next = tickOf(at, intervalMs) + intervalMs;
    timer = setTimeout(() => {
      onTick(tickOf(now().getTime() + 1, intervalMs));
      schedule();
    }, next - at);
    timer.unref?.();
  };
  if (intervalMs > 0) schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
};
