import { hostname } from "node:os";
import { type ServerType, serve } from "@hono/node-server";
import {
  type DeliveryConfig,
  deliverReport,
  deliveryConfigFromEnv,
  maskedRecipient,
} from "../app/report-delivery.ts";
import { prepareDueDrafts } from "../app/reports.ts";
import { syncSource } from "../app/sources.ts";
import type { NarratorConfig } from "../reports/narrate.ts";
import type { StoreTarget } from "../store/dialect.ts";
import { getSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import { createApp } from "./app.ts";
import { narratorOf, type ServerConfig } from "./config.ts";
import { localJobRunner } from "./jobs/local.ts";
import { pgBossJobRunner } from "./jobs/pgboss.ts";
import type { JobHandler, JobRunner, JobRunnerOptions } from "./jobs/types.ts";
import { jsonLogger, type Logger } from "./log.ts";
import { defaultWebRoot } from "./web-assets.ts";

export interface RunningServer {
  readonly url: string;
  readonly jobs: JobRunner;
  /** Stops accepting requests, lets running jobs finish (or requeues them), closes nothing else. */
  close(): Promise<void>;
}

/**
 * A scheduled sync: a failed run throws, so the queue retries it with backoff. On the engagement's
 * report day it also prepares the weekly draft, and on the month's first report day the monthly
 * review (narrated when a narrator is configured).
 */
export const syncJob =
  (store: Store, narrator: NarratorConfig | null = null): JobHandler =>
  async (job) => {
    const run = await syncSource(store, job.sourceId, {});
    if (run.status === "failed") throw new Error(run.error ?? `sync of ${job.sourceId} failed`);
    const { id, status, fetched, converted, skipped, failed } = run;
    // On report day the first sync also prepares the weekly draft (and on the month's first
    // report day the monthly review) from the fresh data.
    const source = await getSource(store.db, job.sourceId);
    const drafts = source ? await prepareDueDrafts(store, source.engagementId, new Date(), { narrator }) : [];
    return { run: id, status, fetched, converted, skipped, failed, drafts: drafts.map((d) => d.id) };
  };

/**
 * Sends a published version to its recipients. When any delivery failed the job fails too, so
 * the queue tries again with backoff; sent deliveries are never sent again.
 */
export const deliverJob =
  (store: Store, config: DeliveryConfig = deliveryConfigFromEnv()): JobHandler =>
  async (job) => {
    if (!job.reportId) throw new Error(`job ${job.id} names no report to deliver`);
    const run = await deliverReport(store, job.reportId, config, () => new Date());
    const failed = run.deliveries.filter((d) => d.status === "failed");
    if (failed.length > 0)
      throw new Error(
        `${failed.length} of ${run.deliveries.length} deliveries of ${run.reportId} failed: ${failed
          .map((d) => `${d.channel} ${maskedRecipient(d.channel, d.recipient)}: ${d.lastError}`)
          .join("; ")}`,
      );
    return {
      report: run.reportId,
      sent: run.attempted.filter((d) => d.status === "sent").length,
      recipients: run.deliveries.length,
    };
  };

/** Every kind of background job, each to its handler. */
export const backgroundJobs = (store: Store, narrator: NarratorConfig | null = null): JobHandler => {
  const sync = syncJob(store, narrator);
  const deliver = deliverJob(store);
  return (job) => (job.kind === "deliver-report" ? deliver(job) : sync(job));
};

/** On PostgreSQL, pg-boss (shared by every instance); elsewhere the in-process queue. */
export const jobRunnerFor = (
  store: Store,
  target: StoreTarget,
  options: JobRunnerOptions,
  jobsSchema?: string,
): JobRunner =>
  target.kind === "postgres"
    ? pgBossJobRunner(
        store,
        { url: target.url, schema: jobsSchema ?? `${target.schema ?? "baton"}_jobs` },
        options,
      )
    : localJobRunner(store, options);

/** Starts the HTTP server and the job runner; resolves once it listens. */
export const startServer = async (
  store: Store,
  target: StoreTarget,
  config: ServerConfig,
  overrides: { logger?: Logger; handler?: JobHandler; now?: () => Date; webRoot?: string } = {},
): Promise<RunningServer> => {
  const now = overrides.now ?? (() => new Date());
  const instance = config.instance ?? `${hostname()}:${process.pid}`;
  const logger = overrides.logger ?? jsonLogger(config.logLevel, undefined, now, { instance });
  const narrator = narratorOf(config);
  const jobs = jobRunnerFor(
    store,
    target,
    {
      syncIntervalMs: config.syncIntervalSeconds * 1000,
      retries: config.jobRetries,
      retryDelayMs: config.jobRetryDelaySeconds * 1000,
      pollMs: Math.min(1000, Math.max(100, config.syncIntervalSeconds * 250)),
      instance,
      handler: overrides.handler ?? backgroundJobs(store, narrator),
      log: logger,
      now,
    },
    config.jobsSchema,
  );
  const app = createApp(store, {
    now,
    logger,
    jobs,
    auth: { secureCookies: config.secureCookies, sessionHours: config.sessionHours },
    bodyLimitBytes: config.bodyLimitBytes,
    webhookRatePerMinute: config.webhookRatePerMinute,
    signInRatePerMinute: config.signInRatePerMinute,
    narrator,
    webRoot: overrides.webRoot ?? defaultWebRoot(),
  });
  await jobs.start();
  const server = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    try {
      const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) =>
        resolve({ server: s, port: info.port }),
      );
      s.on("error", reject);
    } catch (error) {
      reject(error);
    }
  });
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shownHost}:${server.port}`;
  logger.info("listening", {
    url,
    database: store.description,
    syncIntervalSeconds: config.syncIntervalSeconds,
  });
  return {
    url,
    jobs,
    close: async () => {
      const closed = new Promise<void>((done) => server.server.close(() => done()));
      await jobs.stop(config.shutdownTimeoutSeconds * 1000);
      // Keep-alive connections would hold close() open; idle ones can go now.
      (server.server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await closed;
      logger.info("stopped", {});
    },
  };
};
