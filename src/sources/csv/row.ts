import { parseInstant } from "../../domain/time.ts";
import type { Instant, StatusCategory } from "../../domain/types.ts";
import {
  CSV_FIELDS,
  type CsvField,
  type CsvSettings,
  columnOf,
  FALLBACK_ITEM_TYPE,
  isExplicit,
  REQUIRED_CSV_FIELDS,
} from "./config.ts";

/** Where each mapped field sits in the header: its index and the header's own spelling. */
export type HeaderColumns = Readonly<
  Partial<Record<CsvField, { readonly index: number; readonly name: string }>>
>;

/** The header resolved against the mapping, or why it cannot be read. */
export type HeaderResult =
  | { readonly columns: HeaderColumns; readonly width: number }
  | { readonly problem: string };

const flagOf = (field: CsvField) => `--${field}-column`;

/**
 * Finds the mapped columns in a header, case- and space-insensitively. Required and explicitly
 * mapped columns must be present; the other defaults are optional, since most exports lack some.
 */
export const resolveHeader = (header: readonly string[], settings: CsvSettings): HeaderResult => {
  const names = header.map((h) => h.trim());
  const columns: Partial<Record<CsvField, { index: number; name: string }>> = {};
  const missing: string[] = [];
  for (const field of CSV_FIELDS) {
    const wanted = columnOf(settings.config, field);
    let index = names.indexOf(wanted);
    if (index < 0) index = names.findIndex((n) => n.toLowerCase() === wanted.toLowerCase());
    if (index >= 0) columns[field] = { index, name: names[index]! };
    else if (REQUIRED_CSV_FIELDS.includes(field) || isExplicit(settings.config, field)) {
      missing.push(`column "${wanted}" for ${field} is missing (map another with ${flagOf(field)})`);
    }
  }
  if (missing.length > 0) {
    const found = names.map((n) => `"${n}"`).join(", ");
    // A whole header read as one column almost always means another delimiter.
    const other = names.length === 1 ? [";", "\t", "|"].find((d) => names[0]!.includes(d)) : undefined;
    const hint =
      other === undefined
        ? ""
        : ` (is the delimiter ${other === "\t" ? "tab" : `"${other}"`}? use --delimiter)`;
    return { problem: `header: ${missing.join("; ")}; the file's columns are ${found}${hint}` };
  }
  return { columns, width: header.length };
};

/** One data row, typed and checked, as extracted from the file. */
export interface CsvItemRow {
  /** File line on which the row starts. */
  readonly line: number;
  readonly key: string;
  readonly title: string;
  readonly type: string;
  /** The status name as the file has it (or as defaulted; see the docs). */
  readonly status: string;
  readonly statusCategory: StatusCategory;
  readonly created: Instant;
  readonly started: Instant | null;
  readonly finished: Instant | null;
  readonly points: number | null;
  readonly sprint: string | null;
  readonly assignee: string | null;
}

/** A row that cannot become a work item: its key if it has one, and every reason, joined. */
export interface RowProblem {
  readonly key: string | null;
  readonly reasons: readonly string[];
}

const NOT_A_DATE = "is not a date (use ISO 8601 or YYYY-MM-DD)";

/**
 * Reads one data row. Every problem with the row is collected, so a user fixes a row once; the
 * reason names the column as the file spells it and quotes the bad value.
 */
export const readRow = (
  fields: readonly string[],
  line: number,
  header: { readonly columns: HeaderColumns; readonly width: number },
  settings: CsvSettings,
): { readonly row: CsvItemRow } | { readonly problem: RowProblem } => {
  const { columns } = header;
  const cell = (field: CsvField): string => {
    const column = columns[field];
    return column === undefined ? "" : (fields[column.index] ?? "").trim();
  };
  const label = (field: CsvField) => columns[field]?.name ?? field;
  const key = cell("key") || null;
  if (fields.length !== header.width) {
    return {
      problem: {
        key,
        reasons: [
          `the row has ${fields.length} fields but the header has ${header.width} (check quoting and the delimiter)`,
        ],
      },
    };
  }
  const reasons: string[] = [];
  if (key === null) reasons.push(`missing key (column "${label("key")}" is empty)`);

  const date = (field: CsvField, required: boolean): Instant | null => {
    const text = cell(field);
    if (text === "") {
      if (required) reasons.push(`missing ${label(field)}`);
      return null;
    }
    const instant = parseInstant(text);
    if (instant === null) reasons.push(`${label(field)} "${text}" ${NOT_A_DATE}`);
    return instant;
  };
  const created = date("created", true);
  const started = date("started", false);
  const finished = date("finished", false);
  const before = (a: CsvField, at: Instant | null, b: CsvField, bt: Instant | null) => {
    if (at !== null && bt !== null && at < bt) {
      reasons.push(`${label(a)} "${cell(a)}" is before ${label(b)} "${cell(b)}"`);
    }
  };
  before("started", started, "created", created);
  before("finished", finished, "created", created);
  before("finished", finished, "started", started);

  let points: number | null = null;
  const pointsText = cell("points");
  if (pointsText !== "") {
    const n = Number(pointsText);
    if (!Number.isFinite(n)) reasons.push(`${label("points")} "${pointsText}" is not a number`);
    else if (n < 0) reasons.push(`${label("points")} "${pointsText}" is negative`);
    else points = n;
  }

  // Without a status the dates still say where the item stands; see docs/sources/csv.md.
  const implied = finished !== null ? "done" : started !== null ? "in_progress" : "todo";
  const status = cell("status") || settings.config.defaultStatus || settings.status.nameFor(implied);
  const statusCategory = settings.status.categoryOf(status);
  if (statusCategory === null) {
    reasons.push(
      `${label("status")} "${status}" is not mapped to todo, in_progress or done (add --status-map "${status}=todo")`,
    );
  }

  if (reasons.length > 0 || key === null || created === null || statusCategory === null) {
    return { problem: { key, reasons } };
  }
  return {
    row: {
      line,
      key,
      title: cell("title") || key,
      type: cell("type") || settings.config.defaultType || FALLBACK_ITEM_TYPE,
      status,
      statusCategory,
      created,
      started,
      finished,
      points,
      sprint: cell("sprint") || null,
      assignee: cell("assignee") || null,
    },
  };
};
