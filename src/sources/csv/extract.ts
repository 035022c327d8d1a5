import { slugify } from "../../domain/ids.ts";
import type { SprintState, StatusCategory } from "../../domain/types.ts";
import type { ExtractedRecord, Extraction } from "../../ingest/connector.ts";
import type { RawRecord, RunProblem, SourceRow } from "../../store/ingestion.ts";
import { type CsvSettings, csvSettings } from "./config.ts";
import { type CsvToken, readCsvTokens } from "./parse.ts";
import { type CsvItemRow, readRow, resolveHeader } from "./row.ts";

/** The sprint a row names, with what the whole file says about it. */
export interface CsvSprintRef {
  readonly name: string;
  readonly slug: string;
  readonly state: SprintState;
  /**
   * True for the first row of a page that names this sprint: only that row writes the sprint
   * itself, so one page never writes the same sprint twice in one statement.
   */
  readonly declares: boolean;
}

/** A CSV row ready to convert: the checked row, its sprint, and the names of implied steps. */
export interface CsvRow {
  readonly item: CsvItemRow;
  readonly sprint: CsvSprintRef | null;
  /** Status names for steps the row implies but does not name (the `To Do` it started in). */
  readonly labels: Readonly<Record<StatusCategory, string>>;
}

interface PageParams {
  readonly page: number;
  readonly firstLine: number;
  readonly config: string | undefined;
  readonly duplicates: Readonly<Record<string, number>>;
  readonly sprints: Readonly<Record<string, string>>;
}

/** Entries of a stored JSON object whose values have the expected type; anything else is ignored. */
const entriesOf = <T>(value: unknown, accept: (v: unknown) => v is T): Record<string, T> =>
  value !== null && typeof value === "object"
    ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, T] => accept(entry[1])))
    : {};

const isNumber = (v: unknown): v is number => typeof v === "number";
const isString = (v: unknown): v is string => typeof v === "string";

const readParams = (params: Readonly<Record<string, unknown>>): PageParams => ({
  page: isNumber(params.page) ? params.page : 0,
  firstLine: isNumber(params.firstLine) ? params.firstLine : 2,
  config: isString(params.config) ? params.config : undefined,
  duplicates: entriesOf(params.duplicates, isNumber),
  sprints: entriesOf(params.sprints, isString),
});

const labelsFor = (row: CsvItemRow, settings: CsvSettings): Readonly<Record<StatusCategory, string>> => {
  const name = (category: StatusCategory) =>
    row.statusCategory === category ? row.status : settings.status.nameFor(category);
  return { todo: name("todo"), in_progress: name("in_progress"), done: name("done") };
};

/** A problem that stops a whole page; it is reported once, not once per row. */
const pageProblem = (sourceRecordId: string, location: string, reason: string): Extraction<CsvRow> => ({
  records: [],
  problems: [{ stage: "extract", sourceRecordId, reason, location }],
});

/**
 * Parses one stored page into checked rows. Every bad row becomes a problem naming its file line
 * and what is wrong; a header that lacks a mapped column is one problem for the whole page.
 */
export const extractCsv = (raw: RawRecord, source: SourceRow): Extraction<CsvRow> => {
  const settings = csvSettings(source.config);
  const params = readParams(raw.params);
  if (params.config !== undefined && params.config !== settings.fingerprint) {
    return pageProblem(
      `page ${params.page + 1}`,
      `from line ${params.firstLine}`,
      "the source's mapping changed after this page was stored; sync the source again to re-read the file",
    );
  }
  const tokens: CsvToken[] = [];
  readCsvTokens(Buffer.from(raw.payload, "utf8"), settings.config.delimiter, (t) => tokens.push(t));
  const [headerToken, ...body] = tokens;
  if (headerToken === undefined) return { records: [], problems: [] };
  if (headerToken.kind === "error") return pageProblem("header", "line 1", `header: ${headerToken.reason}`);
  const header = resolveHeader(headerToken.fields, settings);
  if ("problem" in header) {
    const last = body.at(-1);
    const lines = last
      ? ` (lines ${params.firstLine}–${params.firstLine + last.line - headerToken.nextLine})`
      : "";
    return pageProblem(
      "header",
      "line 1",
      `${header.problem}; none of the page's ${body.length} rows${lines} can be read`,
    );
  }

  const records: ExtractedRecord<CsvRow>[] = [];
  const problems: RunProblem[] = [];
  const seen = new Map<string, number>();
  const declared = new Set<string>();
  for (const token of body) {
    const line = params.firstLine + (token.line - headerToken.nextLine);
    const location = `line ${line}`;
    if (token.kind === "error") {
      problems.push({ stage: "extract", sourceRecordId: location, reason: token.reason, location });
      continue;
    }
    const result = readRow(token.fields, line, header, settings);
    const key = "row" in result ? result.row.key : result.problem.key;
    const reasons = "row" in result ? [] : [...result.problem.reasons];
    if (key !== null) {
      const first = params.duplicates[String(line)] ?? seen.get(key);
      if (first !== undefined) reasons.unshift(`duplicate key "${key}" (first on line ${first})`);
      else seen.set(key, line);
    }
    if (!("row" in result) || reasons.length > 0) {
      problems.push({
        stage: "extract",
        sourceRecordId: key ?? location,
        reason: reasons.join("; "),
        location,
      });
      continue;
    }
    const { row } = result;
    let sprint: CsvSprintRef | null = null;
    if (row.sprint !== null) {
      const slug = slugify(row.sprint);
      const state = params.sprints[slug] === "closed" ? "closed" : "active";
      sprint = { name: row.sprint, slug, state, declares: !declared.has(slug) };
      declared.add(slug);
    }
    records.push({
      sourceRecordId: row.key,
      location,
      record: { item: row, sprint, labels: labelsFor(row, settings) },
    });
  }
  return { records, problems };
};
