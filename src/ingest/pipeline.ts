import { createHash, randomUUID } from "node:crypto";
import { BatonError, notFound } from "../errors.ts";
import { type DomainBatch, deleteSourceDomainRows, writeDomainBatch } from "../store/history.ts";
import {
  clearCursors,
  getCursor,
  getSource,
  iterateRawRecords,
  markAbandonedRuns,
  type RawRecord,
  type RunMode,
  type RunProblem,
  type RunStatus,
  type RunSummary,
  type SourceRow,
  saveRawRecord,
  saveRun,
  setCursor,
} from "../store/ingestion.ts";
import type { Store, Tx } from "../store/store.ts";
import { type CollectContext, type Connector, type Page, type Progress, RecordError } from "./connector.ts";

/** Finds the connector for a source kind; the app wires the registry in. */
export type ConnectorLookup = (kind: string) => Connector<unknown>;

export interface SyncOptions {
  /** Clear cursors and re-collect everything. */
  readonly full?: boolean;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly onProgress?: (progress: Progress) => void;
}

/** Running counts of one run; becomes the stored RunSummary. */
class RunTally {
  fetched = 0;
  converted = 0;
  skipped = 0;
  failed = 0;
  readonly problems: RunProblem[] = [];

  count(page: { converted: number; skipped: number; failed: number }) {
    this.fetched += page.converted + page.skipped + page.failed;
    this.converted += page.converted;
    this.skipped += page.skipped;
    this.failed += page.failed;
  }

  add(problem: RunProblem) {
    // A run over a badly broken file keeps the first thousand reasons, and still counts the rest.
    if (this.problems.length < 1000) this.problems.push(problem);
  }
}

interface ConvertedPage {
  readonly batch: DomainBatch;
  readonly converted: number;
  readonly skipped: number;
  readonly failed: number;
}

/**
 * Joins the batches of one payload in record order. When a later record carries an entity's full
 * history again, the earlier record's events of that entity are dropped, as if the two had been
 * written one after the other.
 */
const mergeBatches = (batches: readonly DomainBatch[]): DomainBatch => {
  const lastReplacedIn = new Map<string, number>();
  batches.forEach((batch, index) => {
    for (const id of batch.replaceEventsOf ?? []) lastReplacedIn.set(id, index);
  });
  const collect = <T>(pick: (batch: DomainBatch, index: number) => readonly T[] | undefined) => {
    const all: T[] = [];
    batches.forEach((batch, index) => {
      for (const row of pick(batch, index) ?? []) all.push(row);
    });
    return all;
  };
  return {
    workItems: collect((b) => b.workItems),
    sprints: collect((b) => b.sprints),
    pullRequests: collect((b) => b.pullRequests),
    deployments: collect((b) => b.deployments),
    milestones: collect((b) => b.milestones),
    events: collect((b, index) =>
      (b.events ?? []).filter((e) => (lastReplacedIn.get(e.entityId) ?? index) <= index),
    ),
    replaceEventsOf: collect((b) => b.replaceEventsOf),
  };
};

/**
 * Extract and convert one raw payload. Pure: a bad record is reported and contributes nothing;
 * the good ones form one batch.
 */
const convertRaw = (
  connector: Connector<unknown>,
  source: SourceRow,
  raw: RawRecord,
  tally: RunTally,
): ConvertedPage => {
  const extraction = connector.extract(raw, source);
  for (const problem of extraction.problems) tally.add(problem);
  const batches: DomainBatch[] = [];
  let skipped = 0;
  let failed = extraction.problems.length;
  for (const { sourceRecordId, location, record } of extraction.records) {
    try {
      const result = connector.convert(record, source);
      if ("skip" in result) {
        skipped++;
        tally.add({ stage: "convert", sourceRecordId, reason: `skipped: ${result.skip}`, location });
      } else batches.push(result.batch);
    } catch (error) {
      if (!(error instanceof RecordError || error instanceof BatonError)) throw error;
      failed++;
      tally.add({ stage: "convert", sourceRecordId, reason: error.message, location });
    }
  }
  return { batch: mergeBatches(batches), converted: batches.length, skipped, failed };
};

export const contentHash = (payload: string) => createHash("sha256").update(payload).digest("hex");

/** Builds the raw-layer record for a page fetched now. */
const rawRecordOf = (sourceId: string, page: Page, fetchedAt: string, fetchSeq: number): RawRecord => {
  const hash = contentHash(page.payload);
  return {
    id: `${sourceId}:${page.stream}:${hash}`,
    sourceId,
    stream: page.stream,
    url: page.url,
    params: page.params,
    fetchedAt,
    fetchSeq,
    contentHash: hash,
    payload: page.payload,
  };
};

/**
 * Stores one payload and what it converts to, atomically: the raw record, the domain rows of
 * every good record, and the stream cursor commit together or not at all.
 */
const ingestPage = async (
  store: Store,
  connector: Connector<unknown>,
  source: SourceRow,
  page: Page,
  fetchedAt: string,
  fetchSeq: number,
  tally: RunTally,
) => {
  const raw = rawRecordOf(source.id, page, fetchedAt, fetchSeq);
  const result = convertRaw(connector, source, raw, tally);
  await store.db.transaction().execute(async (tx) => {
    await saveRawRecord(tx, raw);
    await writeDomainBatch(tx, source.id, result.batch);
    if (page.cursor !== undefined) await setCursor(tx, source.id, page.stream, page.cursor, fetchedAt);
  });
  tally.count(result);
  return { converted: result.converted, skipped: result.skipped, failed: result.failed };
};

const statusOf = (tally: RunTally): RunStatus => (tally.failed > 0 ? "partial" : "succeeded");

const startRun = async (store: Store, sourceId: string, mode: RunMode, now: () => Date) => {
  const startedAt = now().toISOString();
  // Deliveries arrive while a sync may be running: they neither end it nor share its run id.
  if (mode === "webhook") return { id: `${sourceId}:${mode}:${startedAt}:${randomUUID()}`, startedAt };
  await markAbandonedRuns(store.db, sourceId, startedAt);
  return { id: `${sourceId}:${mode}:${startedAt}`, startedAt };
};

const finishRun = async (
  store: Store,
  run: { id: string; startedAt: string },
  sourceId: string,
  mode: RunMode,
  tally: RunTally,
  status: RunStatus,
  error: string | null,
  now: () => Date,
): Promise<RunSummary> => {
  const summary: RunSummary = {
    id: run.id,
    sourceId,
    mode,
    status,
    startedAt: run.startedAt,
    finishedAt: now().toISOString(),
    fetched: tally.fetched,
    converted: tally.converted,
    skipped: tally.skipped,
    failed: tally.failed,
    problems: tally.problems,
    error,
  };
  await saveRun(store.db, summary);
  return summary;
};

const requireSource = async (store: Store, sourceId: string) => {
  const source = await getSource(store.db, sourceId);
  if (!source) throw notFound("source", sourceId);
  return source;
};

/**
 * Collects from a source and converts as it goes, one atomic page at a time, so an interrupted
 * sync resumes from the last committed cursor without losing or duplicating anything.
 */
export const runSync = async (
  store: Store,
  lookup: ConnectorLookup,
  sourceId: string,
  options: SyncOptions = {},
): Promise<RunSummary> => {
  const now = options.now ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  const source = await requireSource(store, sourceId);
  const connector = lookup(source.kind);
  connector.validateConfig(source.config);
  const mode: RunMode = options.full ? "full" : "sync";
  const run = await startRun(store, sourceId, mode, now);
  const tally = new RunTally();
  await saveRun(store.db, {
    id: run.id,
    sourceId,
    mode,
    status: "running",
    startedAt: run.startedAt,
    finishedAt: null,
    fetched: 0,
    converted: 0,
    skipped: 0,
    failed: 0,
    problems: [],
    error: null,
  });
  if (options.full) await clearCursors(store.db, sourceId);

  let fetchSeq = 0;
  const ctx: CollectContext = {
    source,
    full: options.full ?? false,
    now,
    signal,
    getCursor: (stream) => getCursor(store.db, sourceId, stream),
    save: async (page) => {
      if (signal.aborted) throw new SyncInterrupted();
      return ingestPage(store, connector, source, page, now().toISOString(), fetchSeq++, tally);
    },
    progress: (update) => options.onProgress?.(update),
    problem: (problem) => {
      tally.failed++;
      tally.add(problem);
    },
  };

  try {
    await connector.collect(ctx);
  } catch (error) {
    if (error instanceof SyncInterrupted || signal.aborted) {
      return finishRun(store, run, sourceId, mode, tally, "interrupted", "interrupted by the user", now);
    }
    const message = error instanceof Error ? error.message : String(error);
    await finishRun(store, run, sourceId, mode, tally, "failed", message, now);
    throw error;
  }
  return finishRun(store, run, sourceId, mode, tally, statusOf(tally), null, now);
};

/** Thrown inside collect when the user interrupts; the committed pages stay. */
export class SyncInterrupted extends Error {
  override readonly name = "SyncInterrupted";
}

/**
 * Feeds the pages of one pushed delivery (a webhook call) into the raw layer and converts them
 * through the same path as polling. Each page commits atomically, in order.
 */
export const ingestPushed = async (
  store: Store,
  lookup: ConnectorLookup,
  sourceId: string,
  pages: readonly Page[],
  now: () => Date = () => new Date(),
): Promise<RunSummary> => {
  const source = await requireSource(store, sourceId);
  const connector = lookup(source.kind);
  const run = await startRun(store, sourceId, "webhook", now);
  const tally = new RunTally();
  let seq = 0;
  for (const page of pages) await ingestPage(store, connector, source, page, run.startedAt, seq++, tally);
  return finishRun(store, run, sourceId, "webhook", tally, statusOf(tally), null, now);
};

/**
 * Rebuilds a source's domain rows from its stored raw payloads alone, without fetching: in one
 * transaction, delete what the source converted and replay every payload in fetch order.
 */
export const reconvert = async (
  store: Store,
  lookup: ConnectorLookup,
  sourceId: string,
  now: () => Date = () => new Date(),
): Promise<RunSummary> => {
  const source = await requireSource(store, sourceId);
  const connector = lookup(source.kind);
  const run = await startRun(store, sourceId, "reconvert", now);
  const tally = new RunTally();
  await store.db.transaction().execute(async (tx: Tx) => {
    await deleteSourceDomainRows(tx, sourceId);
    for await (const raw of iterateRawRecords(tx, sourceId)) {
      const result = convertRaw(connector, source, raw, tally);
      await writeDomainBatch(tx, source.id, result.batch);
      tally.count(result);
    }
  });
  return finishRun(store, run, sourceId, "reconvert", tally, statusOf(tally), null, now);
};

/**
 * Runs a source's collect, extract and convert without a database: every page is converted in
 * memory and the domain data returned whole. For dry runs and for benchmarks that need a
 * portfolio's history in memory; events of entities a later page replaces are dropped as on write.
 */
export const convertInMemory = async (
  connector: Connector<unknown>,
  source: SourceRow,
  now: () => Date = () => new Date(),
): Promise<{ batch: DomainBatch; problems: readonly RunProblem[] }> => {
  const tally = new RunTally();
  const batches: DomainBatch[] = [];
  let fetchSeq = 0;
  const ctx: CollectContext = {
    source,
    full: true,
    now,
    signal: new AbortController().signal,
    getCursor: async () => null,
    save: async (page) => {
      const raw = rawRecordOf(source.id, page, now().toISOString(), fetchSeq++);
      const result = convertRaw(connector, source, raw, tally);
      batches.push(result.batch);
      tally.count(result);
      return { converted: result.converted, skipped: result.skipped, failed: result.failed };
    },
    progress: () => {},
    problem: (problem) => tally.add(problem),
  };
  await connector.collect(ctx);
  return { batch: mergeBatches(batches), problems: tally.problems };
};
