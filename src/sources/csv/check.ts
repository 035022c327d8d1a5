import { invalidInput } from "../../errors.ts";
import { readCsvFile } from "./collect.ts";
import { type CsvSourceConfig, csvSettings } from "./config.ts";
import { readCsvTokens } from "./parse.ts";
import { resolveHeader } from "./row.ts";

/** What a quick look at a CSV file found: its header and how many rows follow it. */
export interface CsvFileSummary {
  readonly columns: readonly string[];
  readonly rows: number;
}

/**
 * Reads a CSV file once and checks that its header has every mapped column, so that adding a
 * source fails at once with the file's real column names instead of at the first sync.
 * Throws a BatonError naming the path or the missing columns.
 */
export const checkCsvFile = async (config: CsvSourceConfig): Promise<CsvFileSummary> => {
  const settings = csvSettings(config);
  const bytes = await readCsvFile(config.file);
  let columns: readonly string[] | null = null;
  let rows = 0;
  readCsvTokens(bytes, config.delimiter, (token) => {
    if (columns === null) columns = token.kind === "record" ? token.fields.map((f) => f.trim()) : [];
    else rows++;
  });
  if (columns === null) throw invalidInput(`CSV file "${config.file}" is empty: it needs a header line`);
  const header = resolveHeader(columns, settings);
  if ("problem" in header) throw invalidInput(`CSV file "${config.file}": ${header.problem}`);
  return { columns, rows };
};
