import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { addDependency } from "./dependencies.ts";
import { raiseEscalation } from "./escalations.ts";
import { editReport, prepareDueDraft, prepareDueDrafts, prepareWeekly, publishReport } from "./reports.ts";

const now = new Date("2026-05-09T12:00:00.000Z");

const WEEKLY = `# Acme Mobile — weekly status

Week of 2 May 2026 to 8 May 2026 · Acme · Omar Farouk, delivery manager

**🟠 At risk.** Open escalation: &lt;img src=x onerror=alert(1)&gt; keys \\*late\\* (and 1 more point below).

- Open escalation: &lt;img src=x onerror=alert(1)&gt; keys \\*late\\*
- 1 item owed by the customer is overdue

## Milestones

| Milestone | Target | Done | Forecast (85 %) | Since last week |
|---|---|---|---|---|
| Beta | 15 May 2026 | 33 % (2 items left) | not enough history yet | — |

## This week

- Delivered 0 items, against an average of 0.3 a week over the last four weeks.

## Risks and asks

- **Escalation (L2): &lt;img src=x onerror=alert(1)&gt; keys \\*late\\*.** We ask Acme CTO to provide sandbox keys by 12 May 2026.
- **Overdue from Acme: sandbox API keys**, due 7 May 2026 (1 day late).

## Coming up

- Beta is due 15 May 2026.
`;

describe.each(TEST_BACKENDS)("weekly status on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await seedBeta(store);
    await raiseEscalation(
      store,
      {
        engagement: "acme-mobile",
        title: "<img src=x onerror=alert(1)> keys *late*",
        ask: "Provide sandbox keys",
        askedOf: "Acme CTO",
        dueDate: "2026-05-12",
        level: "L2",
        customerVisible: true,
      },
      new Date("2026-05-06T09:00:00.000Z"),
    );
    await addDependency(
      store,
      {
        engagement: "acme-mobile",
        title: "sandbox API keys",
        item: "ACME-4",
        onKind: "external",
        owner: "Acme",
        dueDate: "2026-05-07",
        customerOwed: true,
      },
      new Date("2026-05-04T09:00:00.000Z"),
    );
  });
  afterEach(async () => store?.close());

  it("writes the weekly status from facts, word for word, with source text inert", async () => {
    const { report } = await prepareWeekly(store, "acme-mobile", "2026-05-08", now);
    expect(report.markdown).toBe(WEEKLY);
    expect(report.facts).toMatchObject({
      kind: "weekly",
      week: { from: "2026-05-02", to: "2026-05-08" },
      rag: { status: "amber" },
      milestones: [{ name: "Beta", remainingItems: 2, p85: null }],
    });
  });

  it("prepares the weekly draft on the engagement's report day only, once", async () => {
    // Acme Mobile reports on Fridays; 8 May 2026 is a Friday.
    expect(await prepareDueDraft(store, "acme-mobile", new Date("2026-05-07T09:00:00.000Z"))).toBeNull();
    const draft = await prepareDueDraft(store, "acme-mobile", new Date("2026-05-08T06:00:00.000Z"));
    expect(draft).toMatchObject({ id: "acme-mobile-weekly-2026-05-08", status: "draft" });
    expect(await prepareDueDraft(store, "acme-mobile", new Date("2026-05-08T07:00:00.000Z"))).toBeNull();
  });

  it("on the month's first report day also prepares last month's review, once", async () => {
    // 1 May 2026 is Acme Mobile's first Friday of May; the engagement began on 1 April.
    const first = await prepareDueDrafts(store, "acme-mobile", new Date("2026-05-01T06:00:00.000Z"));
    expect(first.map((d) => d.id)).toEqual(["acme-mobile-weekly-2026-05-01", "acme-mobile-monthly-2026-04"]);
    expect(await prepareDueDrafts(store, "acme-mobile", new Date("2026-05-01T08:00:00.000Z"))).toEqual([]);
    const second = await prepareDueDrafts(store, "acme-mobile", new Date("2026-05-08T06:00:00.000Z"));
    expect(second.map((d) => d.id)).toEqual(["acme-mobile-weekly-2026-05-08"]);
    // April's first Friday: March is before the engagement began, so there is no review to write.
    const april = await prepareDueDrafts(store, "acme-mobile", new Date("2026-04-03T06:00:00.000Z"));
    expect(april.map((d) => d.id)).toEqual(["acme-mobile-weekly-2026-04-03"]);
  });

  it("keeps the DM's edits, publishes versions with a diff, and never changes a published one", async () => {
    const { report: draft } = await prepareWeekly(store, "acme-mobile", "2026-05-08", now);
    const first = await publishReport(store, draft.id, "Omar", now);
    expect(first).toMatchObject({ published: true, report: { version: 1, status: "published", diff: null } });
    expect((await publishReport(store, draft.id, "Omar", now)).published).toBe(false);

    await editReport(store, draft.id, `${draft.markdown}\nKeys arrived on Friday.\n`, now);
    const again = await prepareWeekly(store, "acme-mobile", "2026-05-08", now);
    expect(again.regenerated).toBe(false);
    expect(again.report.markdown).toContain("Keys arrived on Friday.");

    const second = await publishReport(store, draft.id, "Omar", now);
    expect(second.report).toMatchObject({ version: 2, id: `${draft.id}-v2` });
    expect(second.report.diff).toContain("+Keys arrived on Friday.");
    await expect(editReport(store, second.report.id, "changed", now)).rejects.toThrow(
      `report ${draft.id}-v2 is published version 2 and is never changed; edit the draft ${draft.id} and publish it again`,
    );
  });
});
