import { parse } from "csv-parse/sync";

/**
 * One record of a CSV text, with where it sits: byte offsets (to cut pages at record boundaries)
 * and line numbers (a quoted field may span lines, so records and lines differ).
 */
export type CsvToken =
  | {
      readonly kind: "record";
      readonly fields: readonly string[];
      /** 1-based line of the record's first character, counted from the start of the text. */
      readonly line: number;
      /** Line on which whatever follows this record begins. */
      readonly nextLine: number;
      /** Byte offset just past the record and its line break. */
      readonly end: number;
    }
  | {
      readonly kind: "error";
      readonly reason: string;
      readonly line: number;
      readonly nextLine: number;
      readonly end: number;
    };

const CR = 0x0d;
const LF = 0x0a;

/** Counts line breaks (`\r\n`, `\n` or a lone `\r`) in `bytes[from, to)`; `leading` only those before any text. */
const countBreaks = (bytes: Uint8Array, from: number, to: number) => {
  let total = 0;
  let leading = 0;
  let inText = false;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === LF || b === CR) {
      if (b === CR && bytes[i + 1] === LF && i + 1 < to) i++;
      total++;
      if (!inText) leading++;
    } else inText = true;
  }
  return { total, leading };
};

const syntaxReason = (code: string | undefined, message: string): string =>
  code === "CSV_QUOTE_NOT_CLOSED"
    ? "a quoted field starts here and is never closed (a missing closing quote swallows the rest of the file)"
    : `not valid CSV: ${message}`;

/**
 * Reads every record of `bytes` in file order and hands it to `visit`, without keeping them all.
 * Records that are not valid CSV arrive as `error` tokens instead of stopping the read, so one
 * bad quote costs one row, not the file. Lines of only delimiters are skipped like blank lines.
 */
export const readCsvTokens = (
  bytes: Uint8Array,
  delimiter: string | undefined,
  visit: (token: CsvToken) => void,
): void => {
  let offset = 0;
  let line = 1;
  const advance = (end: number) => {
    const breaks = countBreaks(bytes, offset, end);
    const start = line + breaks.leading;
    line += breaks.total;
    offset = end;
    return { line: start, nextLine: line };
  };
  parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    bom: true,
    ...(delimiter === undefined ? {} : { delimiter }),
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (record: string[], context) => {
      const at = advance(context.bytes);
      if (record.some((field) => field.trim() !== "")) {
        visit({ kind: "record", fields: record, ...at, end: offset });
      }
      return null;
    },
    on_skip: (error) => {
      // The only error the relaxed parser still raises is an unclosed quote, which runs to the end.
      const end = error?.code === "CSV_QUOTE_NOT_CLOSED" ? bytes.byteLength : offset;
      const at = advance(end);
      visit({ kind: "error", reason: syntaxReason(error?.code, error?.message ?? "unreadable"), ...at, end });
    },
  });
};
