import { beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/store.ts";
import { runCli, tempDbPath } from "../testing/cli.ts";
import { seedGolden } from "../testing/golden.ts";

describe("baton report monthly | milestone | sprint and baton csat", () => {
  const db = tempDbPath();
  beforeAll(async () => {
    const store = await openStore(db);
    await seedGolden(store);
    await store.close();
  }, 60_000);

  it("prepares each kind, says which draft it wrote, and prints the facts with --format json", async () => {
    const monthly = await runCli(
      db,
      "report",
      "monthly",
      "--engagement",
      "acme-mobile",
      "--month",
      "2026-02",
    );
    expect(monthly.exitCode).toBe(0);
    expect(monthly.stderr).toContain("Draft acme-mobile-monthly-2026-02; publish it with");
    expect(monthly.stdout).toContain("# Acme Mobile — monthly review, February 2026");

    const sprint = await runCli(
      db,
      "report",
      "sprint",
      "--engagement",
      "acme-mobile",
      "--sprint",
      "ACME Sprint 8",
      "--format",
      "json",
    );
    expect(sprint.exitCode).toBe(0);
    expect(JSON.parse(sprint.stdout)).toMatchObject({
      kind: "sprint",
      sprint: { name: "ACME Sprint 8", state: "closed" },
    });

    const milestone = await runCli(
      db,
      "report",
      "milestone",
      "--engagement",
      "acme-mobile",
      "--milestone",
      "Nope",
    );
    expect(milestone.exitCode).not.toBe(0);
    expect(milestone.stderr).toContain('milestone "Nope" not found in acme-mobile; its milestones are');
  });

  it("prints the satisfaction answers, or says there are none yet", async () => {
    const none = await runCli(db, "csat", "--engagement", "acme-mobile");
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain("No answers yet. The question: How likely are you to recommend");
    const bad = await runCli(db, "csat", "--engagement", "acme-mobile", "--month", "2026-2");
    expect(bad.stderr).toContain('month "2026-2" must be YYYY-MM');
  });
});
