import { describe, expect, it } from "vitest";
import { listAudit } from "../store/audit.ts";
import { openStore } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { runCli, tempDbPath } from "../testing/cli.ts";

const seeded = async () => {
  const db = tempDbPath();
  const store = await openStore(db);
  await seedBeta(store);
  await store.close();
  return db;
};

describe("DM workflows from the command line", () => {
  it("raises an escalation with a suggested level, lists it and resolves it", async () => {
    const db = await seeded();
    const raised = await runCli(
      db,
      "escalate",
      "--engagement",
      "acme-mobile",
      "--title",
      "QA environment unavailable",
      "--ask",
      "restore staging",
      "--of",
      "Acme IT",
    );
    expect(raised.exitCode).toBe(0);
    expect(raised.stdout).toMatch(/Raised esc-[0-9a-f]{8} at L1\./);
    expect(raised.stdout).toContain("confirm it with `baton escalations update");
    const id = /Raised (esc-[0-9a-f]{8})/.exec(raised.stdout)?.[1] as string;

    const list = await runCli(db, "escalations", "--engagement", "acme-mobile");
    expect(list.stdout).toContain(`${id}  acme-mobile  L1?`);

    const refused = await runCli(db, "escalations", "update", id, "--customer-visible", "yes");
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("confirm the level");

    expect((await runCli(db, "escalations", "resolve", id, "--resolution", "staging back")).stdout).toContain(
      `baton escalations rate ${id}`,
    );
    const twice = await runCli(db, "escalations", "resolve", id, "--resolution", "again");
    expect(twice.exitCode).toBe(1);
    expect(twice.stderr).toContain(`escalation ${id} is resolved, it cannot become resolved; that is final`);
    const rated = await runCli(db, "--json", "escalations", "rate", id, "--warranted", "no");
    expect(JSON.parse(rated.stdout)).toMatchObject({ id, warranted: false });
  });

  it("records a customer dependency and shows the critical path through it", async () => {
    const db = await seeded();
    const added = await runCli(
      db,
      "depend",
      "add",
      "--engagement",
      "acme-mobile",
      "--title",
      "sandbox API keys",
      "--item",
      "ACME-4",
      "--on-external",
      "--owner",
      "Acme",
      "--due",
      "2026-05-12",
      "--customer",
    );
    expect(added.exitCode).toBe(0);
    const path = await runCli(
      db,
      "depend",
      "path",
      "--engagement",
      "acme-mobile",
      "--milestone",
      "Beta",
      "--as-of",
      "2026-05-04T10:00:00Z",
    );
    expect(path.stdout).toContain("Critical path to Beta: earliest finish 2026-05-15");
    expect(path.stdout).toMatch(/Acme: sandbox API keys\s+external/);
    const both = await runCli(
      db,
      "depend",
      "add",
      "--engagement",
      "acme-mobile",
      "--title",
      "x",
      "--item",
      "ACME-4",
      "--on-item",
      "ACME-3",
      "--on-external",
      "--owner",
      "pod",
    );
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("name exactly one of --on-item, --on-milestone, --on-pod, --on-external");
  });

  it("proposes a decision for the customer and lists it as pending", async () => {
    const db = await seeded();
    const proposed = await runCli(
      db,
      "decide",
      "propose",
      "--engagement",
      "acme-mobile",
      "--title",
      "Payments provider",
      "--context",
      "Checkout needs one before Beta",
      "--option",
      "Stripe",
      "--option",
      "Adyen",
      "--ask-customer",
    );
    expect(proposed.stdout).toContain("Proposed ADR-1 (acme-mobile-adr-1).");
    const pending = await runCli(db, "decisions", "--engagement", "acme-mobile", "--pending");
    expect(pending.stdout).toContain("ADR-1 Payments provider — proposed (waiting for the customer)");
    expect(pending.stdout).toContain("option 2: Adyen");
  });

  it("opens a record when a milestone is missed and lists what it still needs", async () => {
    const db = await seeded();
    const run = await runCli(db, "misses", "--engagement", "acme-mobile", "--as-of", "2026-05-18");
    expect(run.stdout).toContain("New: Beta missed its 2026-05-15 target");
    expect(run.stdout).toContain("cause, plan, new date, customer told");
  });

  it("records each change made from the command line in the audit log, and nothing for reads", async () => {
    const db = await seeded();
    await runCli(db, "blockers", "--engagement", "acme-mobile");
    await runCli(
      db,
      "blockers",
      "add",
      "--engagement",
      "acme-mobile",
      "--title",
      "Staging down",
      "--owner",
      "Acme IT",
    );
    const store = await openStore(db);
    const entries = await listAudit(store.db, { limit: 10 });
    await store.close();
    expect(entries.map((e) => [e.action, e.actor.via, e.engagementId])).toEqual([
      ["cli blockers add", "cli", "acme-mobile"],
    ]);
    expect(entries[0]?.after).toMatchObject({ options: { title: "Staging down", owner: "Acme IT" } });
  });

  it("lists flagged work with owner and age", async () => {
    const db = await seeded();
    const run = await runCli(
      db,
      "blockers",
      "--engagement",
      "acme-mobile",
      "--as-of",
      "2026-05-06T10:00:00Z",
    );
    expect(run.stdout).toMatch(/flag\s+ACME-3\s+lena\s+2\.0 d/);
  });
});
