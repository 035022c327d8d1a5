import { beforeEach, describe, expect, it } from "vitest";
import { type CliRun, runCli, tempDbPath } from "../testing/cli.ts";

const json = (run: CliRun) => {
  expect(run.stderr).toBe("");
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout);
};

describe("baton engagement, pod and dm commands", () => {
  let db: string;
  beforeEach(async () => {
    db = tempDbPath();
    await runCli(
      db,
      "engagement",
      "create",
      "--name",
      "Acme Mobile",
      "--customer",
      "Acme Corp",
      "--start",
      "2026-01-05",
    );
  });

  it("creates an engagement and its customer, and lists it", async () => {
    const listed = json(await runCli(db, "--json", "engagement", "list", "--date", "2026-03-01"));
    expect(listed.engagements).toMatchObject([
      {
        id: "acme-mobile",
        name: "Acme Mobile",
        customer: { id: "acme-corp", name: "Acme Corp" },
        podSize: 0,
      },
    ]);
    const table = await runCli(db, "engagement", "list");
    expect(table.stdout).toMatch(/acme-mobile\s+Acme Corp/);
  });

  it("refuses a second engagement with the same id", async () => {
    const run = await runCli(db, "engagement", "create", "--name", "Acme Mobile", "--customer", "Other");
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('engagement "acme-mobile" already exists');
  });

  it("names every bad flag value in one message and exits 2", async () => {
    const run = await runCli(
      db,
      "pod",
      "add",
      "--engagement",
      "acme-mobile",
      "--name",
      "Raj",
      "--allocation",
      "150",
      "--time-zone",
      "Mars/Base",
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("allocation: must be between 1 and 100 (got 150)");
    expect(run.stderr).toContain(
      'timeZone: must be an IANA time zone such as Europe/Berlin (got "Mars/Base")',
    );
  });

  it("says which engagement does not exist", async () => {
    const run = await runCli(db, "pod", "list", "--engagement", "nope");
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('engagement "nope" not found');
  });

  it("weights the pod by allocation and keeps a rotated-out member's history", async () => {
    for (const [name, allocation] of [
      ["Ana", "100"],
      ["Raj", "50"],
      ["Mei", "100"],
    ] as const) {
      await runCli(
        db,
        "pod",
        "add",
        "--engagement",
        "acme-mobile",
        "--name",
        name,
        "--allocation",
        allocation,
        "--from",
        "2026-01-05",
      );
    }
    await runCli(
      db,
      "pod",
      "remove",
      "--engagement",
      "acme-mobile",
      "--person",
      "Mei",
      "--date",
      "2026-02-01",
    );
    const before = json(
      await runCli(db, "--json", "pod", "list", "--engagement", "acme-mobile", "--date", "2026-01-20"),
    );
    const after = json(
      await runCli(db, "--json", "pod", "list", "--engagement", "acme-mobile", "--date", "2026-02-01"),
    );
    expect(before.podSize).toBe(2.5);
    expect(after.podSize).toBe(1.5);
    expect(after.members.map((m: { name: string }) => m.name)).toEqual(["Ana", "Raj"]);
  });

  it("flags a DM running too many pods in engagement show and dm list", async () => {
    for (const id of ["beta", "gamma"]) {
      await runCli(
        db,
        "engagement",
        "create",
        "--name",
        id,
        "--id",
        id,
        "--customer",
        "Acme Corp",
        "--start",
        "2026-01-05",
      );
    }
    for (const id of ["acme-mobile", "beta", "gamma"]) {
      await runCli(db, "pod", "add", "--engagement", id, "--name", `${id} dev 1`, "--from", "2026-01-05");
      await runCli(db, "pod", "add", "--engagement", id, "--name", `${id} dev 2`, "--from", "2026-01-05");
      await runCli(db, "dm", "assign", "--engagement", id, "--name", "Dana Lee", "--from", "2026-01-05");
    }
    const dms = json(await runCli(db, "--json", "dm", "list", "--date", "2026-02-01"));
    expect(dms.dms).toMatchObject([{ name: "Dana Lee", load: 1.5 }]);
    expect(dms.violations).toMatchObject([{ kind: "dm_overloaded", personId: "dana-lee" }]);
    const shown = await runCli(db, "engagement", "show", "beta", "--date", "2026-02-01");
    expect(shown.stdout).toContain("DM-load violations:");
    expect(shown.stdout).toContain("DM Dana Lee runs 3 pods");
  });

  it("hands the DM role over: the previous DM's assignment ends the day before", async () => {
    await runCli(
      db,
      "dm",
      "assign",
      "--engagement",
      "acme-mobile",
      "--name",
      "Dana Lee",
      "--from",
      "2026-01-05",
    );
    await runCli(
      db,
      "dm",
      "assign",
      "--engagement",
      "acme-mobile",
      "--name",
      "Omar Haddad",
      "--from",
      "2026-03-01",
    );
    const shown = json(
      await runCli(db, "--json", "engagement", "show", "acme-mobile", "--date", "2026-03-02"),
    );
    expect(shown.dm).toEqual({ id: "omar-haddad", name: "Omar Haddad" });
    expect(shown.leadership).toMatchObject([
      { name: "Dana Lee", from: "2026-01-05", to: "2026-02-28" },
      { name: "Omar Haddad", from: "2026-03-01", to: null },
    ]);
    expect(shown.dmLoadViolations).toEqual([]);
  });
});
