import { slugify } from "../../domain/ids.ts";
import type { SprintState } from "../../domain/types.ts";
import type { CsvSettings } from "./config.ts";
import { type CsvToken, readCsvTokens } from "./parse.ts";
import { type HeaderColumns, readRow, resolveHeader } from "./row.ts";

/** Data rows per raw page: small enough to convert in one transaction, large enough to be few. */
export const PAGE_ROWS = 2000;

/**
 * Facts about a page that only the whole file can tell. Pages are extracted one at a time, so
 * a key repeated 5,000 lines later, or a sprint whose other items sit on another page, must be
 * known before any page is stored.
 */
export type PageFacts = {
  /** Line → the earlier line with the same key, for this page's repeated keys. */
  readonly duplicates: Readonly<Record<string, number>>;
  /** Sprint slug → state, for the sprints this page names. */
  readonly sprints: Readonly<Record<string, SprintState>>;
};

/** One page to store: a byte range of data rows, which lines they are, and its facts. */
export interface PagePlan {
  readonly start: number;
  readonly end: number;
  /** File line on which the page's text begins. */
  readonly firstLine: number;
  readonly rows: number;
  readonly facts: PageFacts;
}

/** How a file splits into pages. */
export interface FilePlan {
  /** Byte offset just past the header line. */
  readonly headerEnd: number;
  readonly rows: number;
  readonly pages: readonly PagePlan[];
}

interface PageDraft {
  start: number;
  end: number;
  firstLine: number;
  rows: number;
  readonly lines: number[];
  readonly slugs: Set<string>;
}

/**
 * Reads the whole file once to cut it into pages at record boundaries and to learn the
 * file-wide facts. Returns null when the file has no header line at all.
 */
export const planFile = (bytes: Uint8Array, settings: CsvSettings): FilePlan | null => {
  let header: { columns: HeaderColumns; width: number } | null = null;
  let headerEnd = -1;
  let nextLine = 1;
  const drafts: PageDraft[] = [];
  const firstLineOfKey = new Map<string, number>();
  const duplicates = new Map<number, number>();
  const activeSprints = new Set<string>();

  const visit = (token: CsvToken) => {
    if (headerEnd < 0) {
      headerEnd = token.end;
      nextLine = token.nextLine;
      if (token.kind === "record") {
        const resolved = resolveHeader(token.fields, settings);
        header = "columns" in resolved ? resolved : null;
      }
      return;
    }
    let page = drafts[drafts.length - 1];
    if (page === undefined || page.rows >= PAGE_ROWS) {
      page = {
        start: page?.end ?? headerEnd,
        end: 0,
        firstLine: nextLine,
        rows: 0,
        lines: [],
        slugs: new Set(),
      };
      drafts.push(page);
    }
    page.rows++;
    page.end = token.end;
    nextLine = token.nextLine;
    if (token.kind !== "record" || header === null) return;
    const result = readRow(token.fields, token.line, header, settings);
    const key = "row" in result ? result.row.key : result.problem.key;
    if (key !== null) {
      const first = firstLineOfKey.get(key);
      if (first === undefined) firstLineOfKey.set(key, token.line);
      else {
        duplicates.set(token.line, first);
        page.lines.push(token.line);
        return;
      }
    }
    if ("row" in result && result.row.sprint !== null) {
      const slug = slugify(result.row.sprint);
      page.slugs.add(slug);
      if (result.row.statusCategory !== "done") activeSprints.add(slug);
    }
  };
  readCsvTokens(bytes, settings.config.delimiter, visit);
  if (headerEnd < 0) return null;

  // A header-only file still gets one (empty) page, so its header is checked and reported.
  if (drafts.length === 0) {
    drafts.push({
      start: headerEnd,
      end: bytes.byteLength,
      firstLine: nextLine,
      rows: 0,
      lines: [],
      slugs: new Set(),
    });
  }
  // Whatever follows the last record (trailing blank lines) belongs to the last page, so the
  // pages together hold the file byte for byte.
  drafts[drafts.length - 1]!.end = bytes.byteLength;

  const pages = drafts.map(
    (draft): PagePlan => ({
      start: draft.start,
      end: draft.end,
      firstLine: draft.firstLine,
      rows: draft.rows,
      facts: {
        duplicates: Object.fromEntries(draft.lines.map((line) => [String(line), duplicates.get(line)!])),
        sprints: Object.fromEntries(
          [...draft.slugs].sort().map((slug) => [slug, activeSprints.has(slug) ? "active" : "closed"]),
        ),
      },
    }),
  );
  return { headerEnd, rows: drafts.reduce((n, d) => n + d.rows, 0), pages };
};
