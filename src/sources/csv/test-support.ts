import { fileURLToPath } from "node:url";
import type { ConnectorLookup, SyncOptions } from "../../ingest/pipeline.ts";
import { reconvert, runSync } from "../../ingest/pipeline.ts";
import { iterateRawRecords, type RawRecord, type RunSummary, saveSource } from "../../store/ingestion.ts";
import type { Store } from "../../store/store.ts";
import { seedEngagement } from "../../testing/fixtures.ts";
import type { TestBackend } from "../../testing/stores.ts";
import type { CsvSourceConfig } from "./config.ts";
import { csvConnector } from "./index.ts";

/** Absolute path of a file in `fixtures/`. */
export const fixture = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export const ENGAGEMENT = "acme-mobile";
export const SOURCE = "acme-csv";

const lookup: ConnectorLookup = (kind) => {
  if (kind !== "csv") throw new Error(`no connector for ${kind}`);
  return csvConnector;
};

/** A fresh store with one engagement and one CSV source, and the pipeline calls tests make. */
export interface CsvHarness {
  readonly store: Store;
  sync(options?: SyncOptions): Promise<RunSummary>;
  reconvert(): Promise<RunSummary>;
  /** Points the source at another configuration, as `baton source update` would. */
  configure(config: CsvSourceConfig): Promise<void>;
  close(): Promise<void>;
}

export const openCsvHarness = async (backend: TestBackend, config: CsvSourceConfig): Promise<CsvHarness> => {
  const store = await backend.open();
  await seedEngagement(store.db, { id: ENGAGEMENT, startDate: "2024-01-01" });
  const configure = (next: CsvSourceConfig) =>
    saveSource(store.db, {
      id: SOURCE,
      engagementId: ENGAGEMENT,
      kind: "csv",
      config: { ...next },
      createdAt: "2024-01-01T00:00:00.000Z",
    });
  await configure(config);
  return {
    store,
    sync: (options) => runSync(store, lookup, SOURCE, options),
    reconvert: () => reconvert(store, lookup, SOURCE),
    configure,
    close: () => store.close(),
  };
};

/** Every stored page of the source, in fetch order. */
export const storedPages = async (store: Store): Promise<RawRecord[]> => {
  const pages: RawRecord[] = [];
  for await (const raw of iterateRawRecords(store.db, SOURCE)) pages.push(raw);
  return pages;
};
