import type { DomainBatch } from "../store/history.ts";
import type { RawRecord, RunProblem, SourceRow } from "../store/ingestion.ts";

/** One typed record extracted from a raw payload, with the source's own id for it. */
export interface ExtractedRecord<R> {
  /** The source's id for the record (issue key, CSV key, PR number), for problem reports. */
  readonly sourceRecordId: string;
  /** Where in the payload it came from (`line 14`, `issues[3]`), when useful to a user. */
  readonly location?: string;
  readonly record: R;
}

/** What one raw payload held: the records that parsed and the ones that did not. */
export interface Extraction<R> {
  readonly records: readonly ExtractedRecord<R>[];
  readonly problems: readonly RunProblem[];
}

/** What converting one record gave: domain data, or a deliberate skip with its reason. */
export type Conversion = { readonly batch: DomainBatch } | { readonly skip: string };

/** A record that cannot be converted; the message says why, naming the bad value. */
export class RecordError extends Error {
  override readonly name = "RecordError";
}

/** A payload fetched from a source, on its way into the raw layer. */
export interface Page {
  readonly stream: string;
  readonly url: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** The payload exactly as received. */
  readonly payload: string;
  /** When given, the stream's cursor advances to this value in the same transaction. */
  readonly cursor?: string;
}

export interface PageResult {
  readonly converted: number;
  readonly skipped: number;
  readonly failed: number;
}

export interface Progress {
  readonly stream: string;
  readonly done: number;
  readonly total: number | null;
}

/** What a connector's collect stage may do: read cursors, save pages, report progress. */
export interface CollectContext {
  readonly source: SourceRow;
  /** True for a full re-collection (cursors were cleared). */
  readonly full: boolean;
  readonly now: () => Date;
  readonly signal: AbortSignal;
  getCursor(stream: string): Promise<string | null>;
  /** Stores the page verbatim, converts it and advances the cursor, all in one transaction. */
  save(page: Page): Promise<PageResult>;
  progress(update: Progress): void;
  /** Records a problem that is not tied to a payload (e.g. a record the source refused to serve). */
  problem(problem: RunProblem): void;
}

/**
 * A source of delivery data. Stages: collect raw payloads verbatim → extract typed source records
 * → convert to domain records and events. Extract and convert are pure, so any stage can be re-run
 * from stored raw data. Connectors never import each other.
 */
export interface Connector<R> {
  readonly kind: string;
  /** Checks a source configuration; throws a `config_invalid` BatonError naming the bad key. */
  validateConfig(config: Readonly<Record<string, unknown>>): void;
  collect(ctx: CollectContext): Promise<void>;
  extract(raw: RawRecord, source: SourceRow): Extraction<R>;
  /** Converts one record; throws RecordError for a record that cannot be converted. */
  convert(record: R, source: SourceRow): Conversion;
}
