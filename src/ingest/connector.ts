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
  /** What the stream is waiting for, when it is (e.g. `rate limit, resuming in 14 min`). */
  readonly note?: string;
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

/** A delivery pushed to Baton over HTTP (a webhook call), exactly as received. */
export interface WebhookDelivery {
  /** Request headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body, byte for byte as text: signatures are computed over it. */
  readonly body: string;
}

/** What a connector made of a delivery it verified. */
export interface AcceptedDelivery {
  /** The sender's unique id for the delivery (e.g. `X-GitHub-Delivery`); repeats are ignored. */
  readonly deliveryId: string | null;
  /** The sender's event name (e.g. `pull_request`, `jira:issue_updated`). */
  readonly event: string;
  /** Payloads to store and convert exactly like polled pages; empty for events Baton ignores. */
  readonly pages: readonly Page[];
}

/**
 * A delivery refused before anything is stored: `unauthorized` for a missing or wrong signature or
 * secret, `invalid_input` for a body that is not what the sender documents.
 */
export class WebhookRejected extends Error {
  override readonly name = "WebhookRejected";
  constructor(
    readonly code: "unauthorized" | "invalid_input",
    message: string,
  ) {
    super(message);
  }
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
  /**
   * Verifies a pushed delivery (signature or shared secret) and turns it into pages; throws
   * WebhookRejected when it must not be stored. Absent for sources that cannot push.
   */
  receive?(delivery: WebhookDelivery, source: SourceRow): AcceptedDelivery;
}
