import { describe, expect, it } from "vitest";
import { BatonError } from "../../errors.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { checkCsvFile, csvConnector } from "./index.ts";
import { CSV_MAPPING_FLAGS, csvSourceConfig, parseStatusMap } from "./options.ts";
import { fixture } from "./test-support.ts";

const configError = (run: () => unknown): BatonError => {
  try {
    run();
  } catch (error) {
    if (error instanceof BatonError) return error;
    throw error;
  }
  throw new Error("expected a BatonError");
};

describe("adding a CSV source from command-line options", () => {
  it("stores an absolute path and only the columns the user mapped", () => {
    const config = csvSourceConfig(
      { file: "exports/items.csv", keyColumn: "Issue key", statusMap: "QA=in_progress, Blocked=in_progress" },
      "/home/dm",
    );
    expect(config).toEqual({
      file: "/home/dm/exports/items.csv",
      columns: { key: "Issue key" },
      statusMap: { QA: "in_progress", Blocked: "in_progress" },
    });
  });

  it("accepts a repeated --status-map and delimiter names", () => {
    const config = csvSourceConfig({
      file: "/tmp/items.tsv",
      statusMap: ["Offen=todo", "Erledigt=DONE"],
      delimiter: "tab",
    });
    expect(config).toMatchObject({ statusMap: { Offen: "todo", Erledigt: "done" }, delimiter: "\t" });
  });

  it("names the flag entry that is not NAME=category", () => {
    const error = configError(() => parseStatusMap("QA=in_progress,Blocked=stuck"));
    expect(error.code).toBe("config_invalid");
    expect(error.message).toBe(
      '--status-map "Blocked=stuck": expected NAME=todo, NAME=in_progress or NAME=done',
    );
  });

  it("refuses a default status that no mapping knows, suggesting the flag that fixes it", () => {
    const error = configError(() => csvSourceConfig({ file: "/tmp/a.csv", defaultStatus: "Shipped" }));
    expect(error.message).toContain('defaultStatus "Shipped" is not a known status');
    expect(error.message).toContain('--status-map "Shipped=done"');
    expect(
      csvSourceConfig({ file: "/tmp/a.csv", defaultStatus: "Shipped", statusMap: "Shipped=done" }),
    ).toEqual({
      file: "/tmp/a.csv",
      statusMap: { Shipped: "done" },
      defaultStatus: "Shipped",
    });
  });

  it("lists a flag for every option the configuration builder reads", () => {
    expect(CSV_MAPPING_FLAGS.map((f) => f.flag.split(" ")[0])).toEqual([
      "--key-column",
      "--title-column",
      "--type-column",
      "--status-column",
      "--created-column",
      "--started-column",
      "--finished-column",
      "--points-column",
      "--sprint-column",
      "--assignee-column",
      "--status-map",
      "--default-status",
      "--default-type",
      "--delimiter",
    ]);
    // The option names are what commander derives from the flags.
    for (const flag of CSV_MAPPING_FLAGS) {
      const camel = flag.flag
        .split(" ")[0]!
        .slice(2)
        .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      expect(flag.option).toBe(camel);
    }
  });
});

describe("validating a stored CSV source configuration", () => {
  const source = (config: Record<string, unknown>): SourceRow => ({
    id: "s",
    engagementId: "e",
    kind: "csv",
    config,
    createdAt: "2024-01-01T00:00:00.000Z",
  });
  const messageOf = (config: Record<string, unknown>) =>
    configError(() => csvConnector.validateConfig(source(config).config)).message;

  it("names the bad key", () => {
    expect(messageOf({})).toBe("csv source: file is required");
    expect(messageOf({ file: "/a.csv", columns: { key: 7 } })).toBe(
      "csv source: columns.key must be a string",
    );
    expect(messageOf({ file: "items.csv" })).toBe("csv source: file must be an absolute path");
    expect(messageOf({ file: "/a.csv", statusMap: { QA: "testing" } })).toBe(
      "csv source: statusMap.QA must be todo, in_progress or done",
    );
    expect(messageOf({ file: "/a.csv", columns: { estimate: "SP" } })).toBe(
      'csv source: unknown key "columns.estimate"',
    );
    expect(messageOf({ file: "/a.csv", delimiter: ";;" })).toBe(
      "csv source: delimiter must be exactly one character",
    );
  });
});

describe("checking a file when the source is added", () => {
  it("names the missing column and suggests the delimiter when the header reads as one column", async () => {
    const config = csvSourceConfig({ file: fixture("german.csv"), keyColumn: "Schlüssel" });
    const error = await checkCsvFile(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).message).toContain('column "Schlüssel" for key is missing');
    expect((error as BatonError).message).toContain('(is the delimiter ";"? use --delimiter)');
  });

  it("returns the header and row count of a file that fits the mapping", async () => {
    const summary = await checkCsvFile(csvSourceConfig({ file: fixture("quoted-crlf-bom.csv") }));
    expect(summary).toEqual({
      columns: [
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
      ],
      rows: 5,
    });
  });
});
