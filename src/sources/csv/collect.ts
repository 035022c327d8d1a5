import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { BatonError, invalidInput, notFound } from "../../errors.ts";
import type { CollectContext } from "../../ingest/connector.ts";
import { csvSettings } from "./config.ts";
import { type FilePlan, type PageFacts, planFile } from "./plan.ts";

/** The one stream of a CSV source. */
export const CSV_STREAM = "items";

/** What each stored page carries beside its text (a type alias, so it is a plain JSON record). */
export type CsvPageParams = PageFacts & {
  readonly file: string;
  /** 0-based page index and the page count of the file. */
  readonly page: number;
  readonly pages: number;
  /** File line on which the page's rows begin (the header is line 1 of every page's text). */
  readonly firstLine: number;
  readonly rows: number;
  /** SHA-256 of the whole file. */
  readonly fileHash: string;
  /** Fingerprint of the mapping under which the facts were computed. */
  readonly config: string;
  /** True when the file starts with a UTF-8 byte-order mark, which the payloads leave out. */
  readonly bom: boolean;
};

const ioCode = (error: unknown) =>
  error !== null && typeof error === "object" && "code" in error ? String(error.code) : "";

/** Reads the file, naming the path in any failure a user can fix. */
export const readCsvFile = async (file: string): Promise<Uint8Array> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = ioCode(error);
    if (code === "ENOENT") throw notFound("CSV file", file);
    const why = code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : code;
    throw new BatonError("source_failed", `cannot read CSV file "${file}": ${why || String(error)}`);
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw invalidInput(`CSV file "${file}" is not UTF-8 text; export or save it as UTF-8`);
  }
  return bytes;
};

/**
 * The stream cursor: which file (by content), under which mapping, and how many pages are stored.
 * An unchanged file under an unchanged mapping is skipped after hashing; a changed one starts over.
 */
const cursorOf = (fileHash: string, config: string, next: number, pages: number) =>
  `sha256:${fileHash};config:${config};page:${next}/${pages}`;

const parseCursor = (cursor: string | null, fileHash: string, config: string) => {
  const match = cursor?.match(/^sha256:([0-9a-f]+);config:([0-9a-f]+);page:(\d+)\/(\d+)$/);
  if (!match || match[1] !== fileHash || match[2] !== config) return null;
  return { next: Number(match[3]), pages: Number(match[4]) };
};

const hasBom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

const decode = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("utf8");

/**
 * Stores the file verbatim in pages of about 2,000 rows, each page the header line followed by
 * its rows exactly as the file has them. Each page commits with its cursor, so an interrupted
 * sync resumes at the first page not stored.
 */
export const collectCsv = async (ctx: CollectContext): Promise<void> => {
  const settings = csvSettings(ctx.source.config);
  const { file } = settings.config;
  const bytes = await readCsvFile(file);
  const fileHash = createHash("sha256").update(bytes).digest("hex");
  const resume = parseCursor(await ctx.getCursor(CSV_STREAM), fileHash, settings.fingerprint);
  if (resume !== null && resume.next >= resume.pages) return;

  const plan: FilePlan | null = planFile(bytes, settings);
  if (plan === null) throw invalidInput(`CSV file "${file}" is empty: it needs a header line`);
  // The byte-order mark is encoding, not text, and not every store keeps it at the start of a
  // text value (PGlite drops it); leaving it out makes every store hold the same payload.
  const bom = hasBom(bytes);
  const header = decode(bytes, bom ? 3 : 0, plan.headerEnd);
  const url = pathToFileURL(file).href;
  const from = resume?.next ?? 0;
  let done = plan.pages.slice(0, from).reduce((n, p) => n + p.rows, 0);
  ctx.progress({ stream: CSV_STREAM, done, total: plan.rows });
  for (let index = from; index < plan.pages.length; index++) {
    const page = plan.pages[index]!;
    const params: CsvPageParams = {
      file,
      page: index,
      pages: plan.pages.length,
      firstLine: page.firstLine,
      rows: page.rows,
      fileHash,
      config: settings.fingerprint,
      bom,
      ...page.facts,
    };
    await ctx.save({
      stream: CSV_STREAM,
      url,
      params,
      payload: header + decode(bytes, page.start, page.end),
      cursor: cursorOf(fileHash, settings.fingerprint, index + 1, plan.pages.length),
    });
    done += page.rows;
    ctx.progress({ stream: CSV_STREAM, done, total: plan.rows });
  }
};
