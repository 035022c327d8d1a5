import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BatonError } from "../../errors.ts";
import {
  dumpDomainTables,
  listSprints,
  listWorkItems,
  loadEvents,
  loadItemStateAsOf,
} from "../../store/history.ts";
import { countRawRecords, listRuns } from "../../store/ingestion.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { csvItemId } from "./convert.ts";
import { csvSourceConfig } from "./options.ts";
import { type CsvHarness, ENGAGEMENT, fixture, openCsvHarness, SOURCE, storedPages } from "./test-support.ts";

const item = (key: string) => csvItemId(SOURCE, key);

describe.each(TEST_BACKENDS)("CSV import on $name", (backend) => {
  const open: CsvHarness[] = [];
  const harness = async (options: Parameters<typeof csvSourceConfig>[0]) => {
    const h = await openCsvHarness(backend, csvSourceConfig(options));
    open.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it("lands every row of a clean export with its status category and dated history", async () => {
    const h = await harness({ file: fixture("clean.csv") });
    const summary = await h.sync();
    expect(summary).toMatchObject({ status: "succeeded", fetched: 7, converted: 7, failed: 0, problems: [] });

    const items = await listWorkItems(h.store.db, ENGAGEMENT);
    expect(Object.fromEntries(items.map((i) => [i.key, [i.status, i.statusCategory]]))).toEqual({
      "ACME-1": ["Done", "done"],
      "ACME-2": ["Closed", "done"],
      "ACME-3": ["In Review", "in_progress"],
      "ACME-4": ["To Do", "todo"],
      "ACME-5": ["Backlog", "todo"],
      "ACME-6": ["resolved", "done"],
      "ACME-7": ["QA", "in_progress"],
    });
    const acme2 = items.find((i) => i.key === "ACME-2")!;
    expect(acme2).toMatchObject({
      title: "Password reset, by email",
      type: "Story",
      createdAt: "2024-03-01T09:30:00.000Z",
      resolvedAt: "2024-03-12T16:45:00.000Z",
      points: 5,
      assignee: "ben",
      engagementId: ENGAGEMENT,
    });
    // An offset in the file is kept as the instant it denotes.
    expect(items.find((i) => i.key === "ACME-7")!.createdAt).toBe("2024-03-04T07:00:00.000Z");

    const at = (instant: string) => loadItemStateAsOf(h.store.db, item("ACME-1"), instant);
    expect((await at("2024-02-29T23:59:59.999Z")).exists).toBe(false);
    expect(await at("2024-03-01T00:00:00.000Z")).toMatchObject({
      exists: true,
      statusCategory: "todo",
      status: "To Do",
      points: 3,
      assignee: "ana",
      sprints: ["csv:sprint:acme-csv:sprint-1"],
    });
    expect(await at("2024-03-05T12:00:00.000Z")).toMatchObject({ statusCategory: "in_progress" });
    expect(await at("2024-03-08T00:00:00.000Z")).toMatchObject({ statusCategory: "done", status: "Done" });

    // No started date, yet the file says QA: the history still ends where the file stands.
    expect(await loadItemStateAsOf(h.store.db, item("ACME-7"), "2024-03-04T07:00:00.000Z")).toMatchObject({
      statusCategory: "in_progress",
      status: "QA",
    });
    expect(await loadItemStateAsOf(h.store.db, item("ACME-3"), "2024-03-10T00:00:00.000Z")).toMatchObject({
      statusCategory: "todo",
    });

    const sprints = await listSprints(h.store.db, ENGAGEMENT);
    expect(sprints.map((s) => [s.name, s.state, s.startAt])).toEqual([
      ["Sprint 1", "closed", null],
      ["Sprint 2", "active", null],
    ]);
  });

  it("reports each bad row with its line and reason while every good row lands and bad rows leave no trace", async () => {
    const h = await harness({ file: fixture("bad-rows.csv") });
    const summary = await h.sync();
    expect(summary).toMatchObject({ status: "partial", fetched: 8, converted: 2, failed: 6 });
    expect(summary.problems.map((p) => [p.location, p.sourceRecordId, p.reason])).toEqual([
      [
        "line 3",
        "ACME-11",
        'status "Parked" is not mapped to todo, in_progress or done (add --status-map "Parked=todo")',
      ],
      ["line 4", "ACME-12", 'created "2024-13-01" is not a date (use ISO 8601 or YYYY-MM-DD)'],
      ["line 5", "line 5", 'missing key (column "key" is empty)'],
      ["line 6", "ACME-10", 'duplicate key "ACME-10" (first on line 2)'],
      ["line 7", "ACME-13", 'points "abc" is not a number'],
      ["line 8", "ACME-14", 'finished "2024-04-08" is before created "2024-04-10"'],
    ]);

    const items = await listWorkItems(h.store.db, ENGAGEMENT);
    expect(items.map((i) => i.key)).toEqual(["ACME-10", "ACME-15"]);
    // The first ACME-10 wins; the repeated row changed nothing.
    expect(items[0]).toMatchObject({ title: "Good one", statusCategory: "done" });
    const events = await loadEvents(h.store.db, ENGAGEMENT);
    expect(new Set(events.map((e) => e.entityId))).toEqual(new Set([item("ACME-10"), item("ACME-15")]));
    // Sprint 9 is named only by a bad row, so it does not exist.
    expect((await listSprints(h.store.db, ENGAGEMENT)).map((s) => s.name)).toEqual(["Sprint 5"]);
  });

  it("keeps real file line numbers past quoted commas, multi-line fields, blank lines, CRLF and a BOM", async () => {
    const h = await harness({ file: fixture("quoted-crlf-bom.csv") });
    const summary = await h.sync();
    expect(summary.problems.map((p) => [p.location, p.sourceRecordId])).toEqual([
      ["line 7", "Q-3"],
      ["line 8", "Q-4"],
    ]);
    expect(summary.problems[1]!.reason).toBe(
      'finished "2024-05-xx" is not a date (use ISO 8601 or YYYY-MM-DD)',
    );
    const items = await listWorkItems(h.store.db, ENGAGEMENT);
    expect(items.map((i) => [i.key, i.title])).toEqual([
      ["Q-1", "Title with, a comma"],
      ["Q-2", "A title\nspread over\nthree lines"],
      ["Q-5", "Last, but fine"],
    ]);
    const [raw] = await storedPages(h.store);
    const text = await readFile(fixture("quoted-crlf-bom.csv"), "utf8");
    expect(text.startsWith("\ufeff")).toBe(true);
    expect(raw!.payload).toBe(text.slice(1));
    expect(raw!.params).toMatchObject({ firstLine: 2, page: 0, pages: 1, rows: 5, bom: true });
  });

  it("leaves the domain tables byte-identical after a re-sync, a full re-sync and a reconvert", async () => {
    const h = await harness({ file: fixture("clean.csv") });
    await h.sync();
    const first = await dumpDomainTables(h.store.db);

    const again = await h.sync();
    expect(again).toMatchObject({ status: "succeeded", fetched: 0 });
    expect(await dumpDomainTables(h.store.db)).toBe(first);

    const full = await h.sync({ full: true });
    expect(full).toMatchObject({ status: "succeeded", fetched: 7, converted: 7 });
    expect(await dumpDomainTables(h.store.db)).toBe(first);
    expect(await countRawRecords(h.store.db, SOURCE)).toBe(1);

    const rebuilt = await h.reconvert();
    expect(rebuilt).toMatchObject({ status: "succeeded", converted: 7 });
    expect(await dumpDomainTables(h.store.db)).toBe(first);
  });

  it("reads a non-English export through column flags, a delimiter and --status-map", async () => {
    const options = {
      file: fixture("german.csv"),
      delimiter: "semicolon",
      keyColumn: "Schlüssel",
      titleColumn: "Titel",
      statusColumn: "Zustand",
      createdColumn: "Angelegt",
      startedColumn: "Begonnen",
      finishedColumn: "Erledigt am",
      pointsColumn: "Punkte",
      statusMap: "Offen=todo,In Arbeit=in_progress,Erledigt=done",
    };
    const h = await harness(options);
    const first = await h.sync();
    expect(first.problems).toEqual([
      {
        stage: "extract",
        sourceRecordId: "DE-4",
        location: "line 5",
        reason:
          'Zustand "Geparkt" is not mapped to todo, in_progress or done (add --status-map "Geparkt=todo")',
      },
    ]);

    // Reconverting stored pages under a new mapping would mix two mappings; it says so instead.
    await h.configure(csvSourceConfig({ ...options, statusMap: [options.statusMap, "Geparkt=todo"] }));
    const stale = await h.reconvert();
    expect(stale.problems).toEqual([
      {
        stage: "extract",
        sourceRecordId: "page 1",
        location: "from line 2",
        reason:
          "the source's mapping changed after this page was stored; sync the source again to re-read the file",
      },
    ]);

    const fixed = await h.sync();
    expect(fixed).toMatchObject({ status: "succeeded", fetched: 4, converted: 4 });
    const items = await listWorkItems(h.store.db, ENGAGEMENT);
    expect(items.map((i) => [i.key, i.status, i.statusCategory, i.type])).toEqual([
      ["DE-1", "Erledigt", "done", "Task"],
      ["DE-2", "In Arbeit", "in_progress", "Task"],
      ["DE-3", "Offen", "todo", "Task"],
      ["DE-4", "Geparkt", "todo", "Task"],
    ]);
    // Steps the file implies but does not name take the source's own first name for them.
    expect(await loadItemStateAsOf(h.store.db, item("DE-1"), "2024-06-03T00:00:00.000Z")).toMatchObject({
      statusCategory: "todo",
      status: "Offen",
    });
  });

  it("reports a header that lacks a mapped column once, naming the file's real columns", async () => {
    const h = await harness({ file: fixture("clean.csv"), createdColumn: "Opened" });
    const summary = await h.sync();
    expect(summary).toMatchObject({ status: "partial", converted: 0, failed: 1 });
    expect(summary.problems).toHaveLength(1);
    expect(summary.problems[0]).toMatchObject({ sourceRecordId: "header", location: "line 1" });
    expect(summary.problems[0]!.reason).toContain(
      'column "Opened" for created is missing (map another with --created-column); the file\'s columns are "key", "title"',
    );
    expect(summary.problems[0]!.reason).toContain("none of the page's 7 rows (lines 2–8) can be read");
    expect(await listWorkItems(h.store.db, ENGAGEMENT)).toEqual([]);
  });

  it("fails with the path named when the file is missing, and records the failed run", async () => {
    const missing = join(tmpdir(), "baton-no-such-export.csv");
    const h = await harness({ file: missing });
    const error = await h.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatonError);
    expect(error).toMatchObject({ code: "not_found", message: `CSV file "${missing}" not found` });
    const [run] = await listRuns(h.store.db, SOURCE);
    expect(run).toMatchObject({ status: "failed", error: `CSV file "${missing}" not found` });
  });

  describe("a file larger than one page", () => {
    let dir = "";
    afterEach(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** 4,500 rows; line 4,321 repeats the key of line 2 and line 4,400 has a bad date. */
    const writeBigFile = async () => {
      dir = await mkdtemp(join(tmpdir(), "baton-csv-"));
      const lines = ["key,title,status,created,finished,sprint"];
      for (let n = 1; n <= 4500; n++) {
        const line = n + 1;
        const key = line === 4321 ? "BIG-1" : `BIG-${n}`;
        const created = line === 4400 ? "2024-02-30" : "2024-01-02";
        const done = n % 3 === 0;
        lines.push(
          `${key},"Item ${n}, generated",${done ? "Done" : "To Do"},${created},${done ? "2024-02-01" : ""},Sprint ${n % 4}`,
        );
      }
      const file = join(dir, "big.csv");
      await writeFile(file, `${lines.join("\n")}\n`);
      return file;
    };

    it("stores the file verbatim in pages and reports problems on later pages by their real line", async () => {
      const file = await writeBigFile();
      const h = await harness({ file });
      const progress: number[] = [];
      const summary = await h.sync({ onProgress: (p) => progress.push(p.done) });
      expect(progress).toEqual([0, 2000, 4000, 4500]);
      expect(summary).toMatchObject({ fetched: 4500, converted: 4498, failed: 2 });
      expect(summary.problems.map((p) => [p.location, p.reason])).toEqual([
        ["line 4321", 'duplicate key "BIG-1" (first on line 2)'],
        ["line 4400", 'created "2024-02-30" is not a date (use ISO 8601 or YYYY-MM-DD)'],
      ]);
      const pages = await storedPages(h.store);
      expect(pages.map((p) => p.params.firstLine)).toEqual([2, 2002, 4002]);
      const header = "key,title,status,created,finished,sprint\n";
      expect(pages.every((p) => p.payload.startsWith(header))).toBe(true);
      expect(header + pages.map((p) => p.payload.slice(header.length)).join("")).toBe(
        await readFile(file, "utf8"),
      );
      // Every sprint has unfinished items somewhere in the file, whichever page they sit on.
      const sprints = await listSprints(h.store.db, ENGAGEMENT);
      expect(sprints.map((s) => s.state)).toEqual(["active", "active", "active", "active"]);
    });

    it("resumes an interrupted sync at the first page not stored and ends as an uninterrupted one", async () => {
      const file = await writeBigFile();
      const h = await harness({ file });
      const controller = new AbortController();
      const interrupted = await h.sync({
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 2000) controller.abort();
        },
      });
      expect(interrupted).toMatchObject({ status: "interrupted", converted: 2000 });

      const resumed = await h.sync();
      expect(resumed).toMatchObject({ fetched: 2500, converted: 2498, failed: 2 });
      expect(await countRawRecords(h.store.db, SOURCE)).toBe(3);

      const reference = await harness({ file });
      await reference.sync();
      expect(await dumpDomainTables(h.store.db)).toBe(await dumpDomainTables(reference.store.db));
    });
  });
});
