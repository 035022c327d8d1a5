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
 * Syncs a source, then refreshes its engagement's signals and sends what notifications are due.
 * Neither ever fails the sync: they run after the data is safely stored, and their failures are
 * recorded (as failed notifications) or dropped.
 */
export const syncSource = async (
  store: Store,
  sourceId: string,
  options: SyncOptions,
): Promise<RunSummary> => {
  const summary = await runSync(store, connectorFor, sourceId, options);
  if (summary.status === "succeeded" || summary.status === "partial") {
    const now = options.now?.() ?? new Date();
    const run = await refreshSignalsAfterIngest(store, sourceId, now);
    if ("engagementId" in run) await notifyEngagement(store, run.engagementId, now).catch(() => undefined);
  }
  return summary;
};

export const reconvertSource = (store: Store, sourceId: string): Promise<RunSummary> =>
  reconvert(store, connectorFor, sourceId);

export const sourceRuns = async (store: Store, sourceId: string, limit: number): Promise<RunSummary[]> => {
  if (!(await getSource(store.db, sourceId))) throw notFound("source", sourceId);
  return listRuns(store.db, sourceId, limit);
};
