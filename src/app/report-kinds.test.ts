import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/store.ts";
import { GOLDEN_NOW, seedGolden } from "../testing/golden.ts";
import { prepareReport } from "./reports.ts";

describe("naming a report's period", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(":memory:");
    await seedGolden(store);
  }, 60_000);
  afterAll(async () => store?.close());

  const prepare = (kind: string, period: string | undefined) =>
    prepareReport(store, "acme-mobile", kind, period, GOLDEN_NOW);

  it("refuses a month that is malformed, not yet begun or before the engagement, saying which", async () => {
    await expect(prepare("monthly", "2026-2")).rejects.toThrow(
      'month "2026-2" must be YYYY-MM, e.g. 2026-02',
    );
    await expect(prepare("monthly", "2026-13")).rejects.toThrow('month "2026-13" must be YYYY-MM');
    await expect(prepare("monthly", "2026-04")).rejects.toThrow(
      "month 2026-04 has not started yet (today is 2026-03-06)",
    );
    await expect(prepare("monthly", "2025-09")).rejects.toThrow(
      "month 2025-09 is before Acme Mobile started on 2025-11-03",
    );
  });

  it("takes the last complete month by default, and the month running so far", async () => {
    expect((await prepare("monthly", undefined)).report.id).toBe("acme-mobile-monthly-2026-02");
    const running = await prepare("monthly", "2026-03");
    expect(running.report.facts).toMatchObject({ month: "2026-03", asOf: GOLDEN_NOW.toISOString() });
  });

  it("names the milestone asked for and the engagement's milestones when it is not one of them", async () => {
    await expect(prepare("milestone", "Launch")).rejects.toThrow(
      'milestone "Launch" not found in acme-mobile; its milestones are "Integrations release", "Payments release", "Onboarding release", "Reporting release"',
    );
    await expect(prepare("milestone", undefined)).rejects.toThrow("name the milestone to report on");
    const byAnyCase = await prepare("milestone", "payments RELEASE");
    expect(byAnyCase.report.id).toBe("acme-mobile-milestone-payments-release");
  });

  it("names the sprint asked for and the recent sprints when it is not one of them", async () => {
    await expect(prepare("sprint", "Sprint 14")).rejects.toThrow(
      'sprint "Sprint 14" not found in acme-mobile; recent sprints are "ACME Sprint 9", "ACME Sprint 8", "ACME Sprint 7", "ACME Sprint 6", "ACME Sprint 5", "ACME Sprint 4"',
    );
    await expect(prepare("sprint", "ACME Sprint 10")).rejects.toThrow(
      'sprint "ACME Sprint 10" has not started yet',
    );
    // By default, the last finished sprint; a running one can be reviewed so far.
    expect((await prepare("sprint", undefined)).report.period).toBe("ACME Sprint 8");
    const running = await prepare("sprint", "acme sprint 9");
    expect(running.report.markdown).toContain("(in progress, as of 6 Mar 2026)");
    expect(running.report.markdown).toContain("## Still open");
  });

  it("refuses a kind it does not know, listing the kinds", async () => {
    await expect(prepare("quarterly", undefined)).rejects.toThrow(
      'report kind "quarterly" is not one of weekly, monthly, milestone, sprint',
    );
  });
});
