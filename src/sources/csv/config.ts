import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import { z } from "zod";
import { BatonError } from "../../errors.ts";
import { type StatusMapper, statusMapper } from "./status.ts";

/** The work-item fields a CSV column can feed. */
export const CSV_FIELDS = [
  "key",
  "title",
  "type",
  "status",
  "created",
  "started",
  "finished",
  "points",
  "sprint",
  "assignee",
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Fields without which a row cannot become a work item. */
export const REQUIRED_CSV_FIELDS: readonly CsvField[] = ["key", "created"];

/** The type given to items when the file has no type column and no default type is configured. */
export const FALLBACK_ITEM_TYPE = "Task";

const columnName = z.string().trim().min(1, "must name a column");
const category = z.enum(["todo", "in_progress", "done"]);

const configSchema = z.strictObject({
  file: z.string().min(1, "is required").refine(isAbsolute, "must be an absolute path"),
  columns: z
    .strictObject({
      key: columnName.optional(),
      title: columnName.optional(),
      type: columnName.optional(),
      status: columnName.optional(),
      created: columnName.optional(),
      started: columnName.optional(),
      finished: columnName.optional(),
      points: columnName.optional(),
      sprint: columnName.optional(),
      assignee: columnName.optional(),
    })
    .optional(),
  statusMap: z.record(z.string().trim().min(1, "status names must not be empty"), category).optional(),
  defaultStatus: z.string().trim().min(1, "must not be empty").optional(),
  defaultType: z.string().trim().min(1, "must not be empty").optional(),
  delimiter: z.string().length(1, "must be exactly one character").optional(),
});

/**
 * How one CSV file maps onto work items, as stored in the sources table. Only the columns the
 * user mapped explicitly are stored; every other field falls back to its own lower-case name.
 */
export interface CsvSourceConfig {
  /** Absolute path of the file. */
  readonly file: string;
  /** Field → header name, for headers that differ from the field's own name. */
  readonly columns?: Readonly<Partial<Record<CsvField, string>>>;
  /** Source status name → category, merged over the built-in names (case-insensitive). */
  readonly statusMap?: Readonly<Record<string, "todo" | "in_progress" | "done">>;
  /** Status for rows whose status cell is empty or whose file has no status column. */
  readonly defaultStatus?: string;
  /** Type for rows whose type cell is empty or whose file has no type column. */
  readonly defaultType?: string;
  /** Field delimiter; detected as `,` when omitted. */
  readonly delimiter?: string;
}

const describeIssue = (issue: z.core.$ZodIssue): string => {
  if (issue.code === "unrecognized_keys") {
    const prefix = issue.path.length > 0 ? `${issue.path.join(".")}.` : "";
    return `unknown key ${issue.keys.map((k) => `"${prefix}${k}"`).join(", ")}`;
  }
  const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "config";
  if (issue.code === "invalid_value" && issue.path[0] === "statusMap") {
    return `${where} must be todo, in_progress or done`;
  }
  if (issue.code === "invalid_type") {
    return issue.input === undefined ? `${where} is required` : `${where} must be a ${issue.expected}`;
  }
  return `${where} ${issue.message}`;
};

/**
 * Validates a stored CSV source configuration. Throws a `config_invalid` BatonError naming the
 * first bad key, e.g. `statusMap.QA must be todo, in_progress or done`.
 */
export const parseCsvConfig = (config: unknown): CsvSourceConfig => {
  const result = configSchema.safeParse(config, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new BatonError("config_invalid", `csv source: ${describeIssue(issue)}`, {
      key: issue.path.map(String).join("."),
    });
  }
  const parsed: CsvSourceConfig = result.data;
  if (parsed.defaultStatus !== undefined && statusMapper(parsed).categoryOf(parsed.defaultStatus) === null) {
    throw new BatonError(
      "config_invalid",
      `csv source: defaultStatus "${parsed.defaultStatus}" is not a known status; map it with --status-map "${parsed.defaultStatus}=done" (or todo, in_progress)`,
      { key: "defaultStatus" },
    );
  }
  return parsed;
};

/** The header name a field is read from: the mapped one, else the field's own name. */
export const columnOf = (config: CsvSourceConfig, field: CsvField): string =>
  config.columns?.[field] ?? field;

/** True when the user named the column explicitly, so its absence is an error, not a default. */
export const isExplicit = (config: CsvSourceConfig, field: CsvField): boolean =>
  config.columns?.[field] !== undefined;

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
};

/**
 * A short fingerprint of the configuration. File-wide facts stored with each page (duplicate keys,
 * sprint states) were computed under one mapping; the fingerprint tells whether they still apply.
 */
export const configFingerprint = (config: CsvSourceConfig): string =>
  createHash("sha256")
    .update(JSON.stringify(canonical(config)))
    .digest("hex")
    .slice(0, 16);

/** A validated configuration with its status mapping ready to use. */
export interface CsvSettings {
  readonly config: CsvSourceConfig;
  readonly status: StatusMapper;
  readonly fingerprint: string;
}

export const csvSettings = (config: unknown): CsvSettings => {
  const parsed = parseCsvConfig(config);
  return { config: parsed, status: statusMapper(parsed), fingerprint: configFingerprint(parsed) };
};
