import { BatonError, notFound } from "../errors.ts";
import { reconvert, runSync, type SyncOptions } from "../ingest/pipeline.ts";
import { connectorFor } from "../sources/registry.ts";
import {
  getSource,
  listRuns,
  listSources,
  type RunSummary,
  type SourceRow,
  saveSource,
} from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import { requireEngagement } from "./engagements.ts";
import { notifyEngagement } from "./notifications.ts";
import { reindexEngagement } from "./search.ts";
import { refreshSignalsAfterIngest } from "./signals.ts";

/**
 * Adds a configured source to an engagement. The id defaults to `<engagement>-<kind>` (numbered
 * when taken); the connector validates the config before anything is stored.
 */
export const addSource = async (
  store: Store,
  input: { engagement: string; kind: string; id?: string; config: Record<string, unknown> },
  now: Date,
): Promise<SourceRow> => {
  await requireEngagement(store, input.engagement);
  connectorFor(input.kind).validateConfig(input.config);
  let id = input.id;
  if (id) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) {
      throw new BatonError(
        "invalid_input",
        `source id "${id}" must be lower-case letters, digits and dashes`,
      );
    }
    if (await getSource(store.db, id)) throw new BatonError("conflict", `source "${id}" already exists`);
  } else {
    const base = `${input.engagement}-${input.kind}`;
    id = base;
    for (let n = 2; await getSource(store.db, id); n++) id = `${base}-${n}`;
  }
  const source: SourceRow = {
    id,
    engagementId: input.engagement,
    kind: input.kind,
    config: input.config,
    createdAt: now.toISOString(),
  };
  await saveSource(store.db, source);
  return source;
};

/** The sources to sync: one by id, or every source of an engagement. */
export const sourcesToSync = async (
  store: Store,
  engagement: string,
  sourceId?: string,
): Promise<SourceRow[]> => {
  await requireEngagement(store, engagement);
  const sources = await listSources(store.db, engagement);
  if (sourceId) {
    const one = sources.find((s) => s.id === sourceId);
    if (!one) throw notFound(`source of ${engagement}`, sourceId);
    return [one];
  }
  if (sources.length === 0) {
    throw new BatonError(
      "invalid_input",
      `${engagement} has no sources yet: add one with \`baton source add csv --engagement ${engagement} --file …\``,
    );
  }
  return sources;
};

/**
 * Syncs a source, then refreshes what depends on its data: the search index, the engagement's
 * signals, and the notifications that are due. None of these ever fails the sync: they run after
 * the data is safely stored, and their failures are recorded (as failed notifications) or dropped.
 */
export const syncSource = async (
  store: Store,
  sourceId: string,
  options: SyncOptions,
): Promise<RunSummary> => {
  const summary = await runSync(store, connectorFor, sourceId, options);
  await afterIngest(store, sourceId, summary, options.now?.() ?? new Date());
  return summary;
};

export const reconvertSource = async (store: Store, sourceId: string): Promise<RunSummary> => {
  const run = await reconvert(store, connectorFor, sourceId);
  await afterIngest(store, sourceId, run, new Date());
  return run;
};

/**
 * What runs once a source's data changed: after a run that stored data, signals refresh and due
 * notifications go out (never failing the caller); then the engagement's search documents are
 * rebuilt, signals included (not for single webhook deliveries: the next sync does it).
 */
export const afterIngest = async (
  store: Store,
  sourceId: string,
  run: RunSummary,
  now: Date,
  options: { readonly reindex?: boolean } = {},
): Promise<void> => {
  const source = await getSource(store.db, sourceId);
  if (!source) return;
  if (run.status === "succeeded" || run.status === "partial") {
    const signals = await refreshSignalsAfterIngest(store, sourceId, now);
    if ("engagementId" in signals)
      await notifyEngagement(store, signals.engagementId, now).catch(() => undefined);
  }
  if (options.reindex ?? true) await reindexEngagement(store, source.engagementId);
};

export const sourceRuns = async (store: Store, sourceId: string, limit: number): Promise<RunSummary[]> => {
  if (!(await getSource(store.db, sourceId))) throw notFound("source", sourceId);
  return listRuns(store.db, sourceId, limit);
};
