import { resolve } from "node:path";
import type { StatusCategory } from "../../domain/types.ts";
import { BatonError } from "../../errors.ts";
import { CSV_FIELDS, type CsvField, type CsvSourceConfig, parseCsvConfig } from "./config.ts";

/** `--<field>-column` options, as a CLI parser such as commander names them (`keyColumn`, …). */
export type CsvColumnOptions = {
  readonly [F in CsvField as `${F}Column`]?: string;
};

/** What a user types when adding a CSV source, before it becomes a stored configuration. */
export interface CsvSourceOptions extends CsvColumnOptions {
  /** The CSV file; a relative path is resolved against `cwd`. */
  readonly file: string;
  /**
   * `"QA=in_progress,Blocked=in_progress"`, or several such strings when the flag is repeated,
   * or an already parsed map.
   */
  readonly statusMap?: string | readonly string[] | Readonly<Record<string, string>>;
  readonly defaultStatus?: string;
  readonly defaultType?: string;
  /** One character, or `tab`, `\t`, `semicolon`, `comma`, `pipe`. */
  readonly delimiter?: string;
}

/** One command-line flag of the CSV source, for the CLI to register and for help texts. */
export interface CsvMappingFlag {
  /** The flag with its value placeholder, e.g. `--key-column <name>`. */
  readonly flag: string;
  /** The CsvSourceOptions property the flag fills. */
  readonly option: Exclude<keyof CsvSourceOptions, "file">;
  readonly description: string;
  /** True when the flag may be given more than once (values accumulate). */
  readonly repeatable: boolean;
}

const COLUMN_HELP: Readonly<Record<CsvField, string>> = {
  key: "column with the item key (required; default: key)",
  title: "column with the title (default: title; the key when absent)",
  type: "column with the item type (default: type)",
  status: "column with the status name (default: status)",
  created: "column with the creation date (required; default: created)",
  started: "column with the date work started (default: started)",
  finished: "column with the date the item was finished (default: finished)",
  points: "column with story points (default: points)",
  sprint: "column with the sprint name (default: sprint)",
  assignee: "column with the assignee (default: assignee)",
};

/** Every mapping flag of `baton source add csv`, in the order help should list them. */
export const CSV_MAPPING_FLAGS: readonly CsvMappingFlag[] = [
  ...CSV_FIELDS.map(
    (field): CsvMappingFlag => ({
      flag: `--${field}-column <name>`,
      option: `${field}Column`,
      description: COLUMN_HELP[field],
      repeatable: false,
    }),
  ),
  {
    flag: "--status-map <name=category,...>",
    option: "statusMap",
    description:
      'status names and their category (todo, in_progress or done), e.g. "QA=in_progress,Blocked=in_progress"; added to the built-in names',
    repeatable: true,
  },
  {
    flag: "--default-status <name>",
    option: "defaultStatus",
    description: "status for rows without one (e.g. Done for an export of finished work)",
    repeatable: false,
  },
  {
    flag: "--default-type <name>",
    option: "defaultType",
    description: "item type for rows without one (default: Task)",
    repeatable: false,
  },
  {
    flag: "--delimiter <char>",
    option: "delimiter",
    description: "field delimiter: one character, or tab, semicolon, comma, pipe (default: ,)",
    repeatable: false,
  },
];

const DELIMITER_NAMES: Readonly<Record<string, string>> = {
  tab: "\t",
  "\\t": "\t",
  semicolon: ";",
  comma: ",",
  pipe: "|",
};

const CATEGORIES: readonly string[] = ["todo", "in_progress", "done"] satisfies readonly StatusCategory[];

/** Parses `"QA=in_progress,Blocked=in_progress"` into a map, naming the entry that is wrong. */
export const parseStatusMap = (
  text: string | readonly string[] | Readonly<Record<string, string>>,
): Record<string, string> => {
  if (typeof text !== "string" && !Array.isArray(text)) return { ...(text as Record<string, string>) };
  const map: Record<string, string> = {};
  const entries = (typeof text === "string" ? [text] : text).flatMap((part) => part.split(","));
  for (const entry of entries.map((e) => e.trim()).filter((e) => e !== "")) {
    const at = entry.lastIndexOf("=");
    const name = at < 0 ? "" : entry.slice(0, at).trim();
    const category =
      at < 0
        ? ""
        : entry
            .slice(at + 1)
            .trim()
            .toLowerCase();
    if (name === "" || !CATEGORIES.includes(category)) {
      throw new BatonError(
        "config_invalid",
        `--status-map "${entry}": expected NAME=todo, NAME=in_progress or NAME=done`,
        { key: "statusMap" },
      );
    }
    map[name] = category;
  }
  return map;
};

/**
 * Builds and validates the stored configuration of a CSV source from command-line style options.
 * Throws a `config_invalid` BatonError naming the bad flag or key.
 */
export const csvSourceConfig = (options: CsvSourceOptions, cwd: string = process.cwd()): CsvSourceConfig => {
  if (options.file.trim() === "") {
    throw new BatonError("config_invalid", "--file is required: the CSV file to import", { key: "file" });
  }
  const columns: Partial<Record<CsvField, string>> = {};
  for (const field of CSV_FIELDS) {
    const value = options[`${field}Column`];
    if (value !== undefined) columns[field] = value;
  }
  const delimiter =
    options.delimiter === undefined
      ? undefined
      : (DELIMITER_NAMES[options.delimiter.toLowerCase()] ?? options.delimiter);
  const config = {
    file: resolve(cwd, options.file),
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(options.statusMap === undefined ? {} : { statusMap: parseStatusMap(options.statusMap) }),
    ...(options.defaultStatus === undefined ? {} : { defaultStatus: options.defaultStatus }),
    ...(options.defaultType === undefined ? {} : { defaultType: options.defaultType }),
    ...(delimiter === undefined ? {} : { delimiter }),
  };
  return parseCsvConfig(config);
};
