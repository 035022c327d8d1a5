import type { Connector } from "../../ingest/connector.ts";
import { collectCsv } from "./collect.ts";
import { parseCsvConfig } from "./config.ts";
import { convertCsv } from "./convert.ts";
import { type CsvRow, extractCsv } from "./extract.ts";

export { type CsvFileSummary, checkCsvFile } from "./check.ts";
export { CSV_STREAM, type CsvPageParams } from "./collect.ts";
export { CSV_FIELDS, type CsvField, type CsvSourceConfig, parseCsvConfig } from "./config.ts";
export { csvItemId, csvSprintId } from "./convert.ts";
export type { CsvRow, CsvSprintRef } from "./extract.ts";
export {
  CSV_MAPPING_FLAGS,
  type CsvMappingFlag,
  type CsvSourceOptions,
  csvSourceConfig,
  parseStatusMap,
} from "./options.ts";
export { PAGE_ROWS } from "./plan.ts";
export { BUILT_IN_STATUS_MAP } from "./status.ts";

/**
 * The generic CSV source: any tracker's export, one row per work item, mapped by column names.
 * The file is stored verbatim in pages; each row becomes a work item with the history its dates
 * imply. See docs/sources/csv.md.
 */
export const csvConnector: Connector<CsvRow> = {
  kind: "csv",
  validateConfig: (config) => {
    parseCsvConfig(config);
  },
  collect: collectCsv,
  extract: extractCsv,
  convert: convertCsv,
};
