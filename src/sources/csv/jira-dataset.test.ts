import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { countDomainRows } from "../../store/history.ts";
import { sharedData } from "../../testing/shared-data.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { csvSourceConfig } from "./options.ts";
import { type CsvHarness, ENGAGEMENT, openCsvHarness } from "./test-support.ts";

// Real public data lives beside the repository, not in it; a user's clone does not have it.
const { path: JIRA_CSV, present } = sharedData("jira-cycle-times/jira.csv", "CSV import of real Jira data");

/** Rows the tracker clean-up left finished before they were created, counted independently. */
const backwardsRows = () =>
  readFileSync(JIRA_CSV, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split(","))
    .filter(([, , , created, finished]) => finished! < created!).length;

describe.skipIf(!present).each(TEST_BACKENDS)("real Jira cycle-time export on $name", (backend) => {
  let h: CsvHarness | undefined;
  afterEach(async () => h?.close());

  it("lands the clean rows and reports every backwards row with its reason instead of dropping it", async () => {
    h = await openCsvHarness(
      backend,
      csvSourceConfig({
        file: JIRA_CSV,
        keyColumn: "id",
        createdColumn: "created_date",
        finishedColumn: "finished_date",
        defaultStatus: "Done",
      }),
    );
    const summary = await h.sync();
    const backwards = backwardsRows();
    expect(backwards).toBeGreaterThan(1500);

    expect(summary).toMatchObject({
      status: "partial",
      fetched: 4123,
      failed: backwards,
      converted: 4123 - backwards,
    });
    // The run keeps the first thousand reasons and counts the rest.
    expect(summary.problems).toHaveLength(Math.min(1000, backwards));
    for (const problem of summary.problems) {
      expect(problem.reason).toMatch(
        /^finished_date "\d{4}-\d{2}-\d{2}" is before created_date "\d{4}-\d{2}-\d{2}"$/,
      );
      expect(problem.location).toMatch(/^line \d+$/);
      expect(problem.sourceRecordId).toMatch(/^P\d-T\d+$/);
    }
    // Line 2 of the file is P0-T5052, created 2015-02-05 and finished a day earlier.
    expect(summary.problems[0]).toEqual({
      stage: "extract",
      sourceRecordId: "P0-T5052",
      location: "line 2",
      reason: 'finished_date "2015-02-04" is before created_date "2015-02-05"',
    });

    const counts = await countDomainRows(h.store.db, ENGAGEMENT);
    expect(counts.workItems).toBe(4123 - backwards);
    // Each landed item: created, then done at its finished date (same-day items keep both).
    expect(counts.events).toBe(2 * (4123 - backwards));
  });
});
