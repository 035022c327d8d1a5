import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sprintsReport } from "../../app/metrics.ts";
import type { StartedSprintReport } from "../../engine/sprints.ts";
import { reconvert } from "../../ingest/pipeline.ts";
import {
  dumpDomainTables,
  listSprints,
  listWorkItems,
  loadEvents,
  loadItemStateAsOf,
} from "../../store/history.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { connectorFor } from "../registry.ts";
import { jiraIds } from "./convert.ts";
import { ENGAGEMENT, type JiraHarness, openJiraHarness, SOURCE } from "./testing/harness.ts";
import { laterModel, scenarioModel } from "./testing/scenario.ts";
import { historiesOf } from "./testing/server.ts";

const item = (n: number) => jiraIds.item(SOURCE, String(10000 + n));
const sprint = (n: number) => jiraIds.sprint(SOURCE, String(n));

describe.each(TEST_BACKENDS)("Jira sync on $name", (backend) => {
  // Opening the first store of a backend (PGlite builds its template) is setup, not the test.
  beforeAll(async () => {
    await (await backend.open()).close();
  });
  const open: JiraHarness[] = [];
  const harness = async (
    ...args: Parameters<typeof openJiraHarness> extends [unknown, ...infer R] ? R : never
  ) => {
    const h = await openJiraHarness(backend, ...args);
    open.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it("reads the board's sprints and every issue with its whole changelog", async () => {
    const h = await harness(scenarioModel());
    const run = await h.sync();
    expect(run).toMatchObject({ status: "succeeded", failed: 0, problems: [] });
    expect(run.converted).toBe(30 + 3);

    const items = await listWorkItems(h.store.db, ENGAGEMENT);
    expect(items).toHaveLength(30);
    const byKey = new Map(items.map((i) => [i.key, i]));
    expect(byKey.get("ACME-1")).toMatchObject({
      status: "已完成",
      statusCategory: "done",
      points: 3,
      assignee: "acc-ana",
      title: "Story 1",
      type: "Story",
      createdAt: "2026-01-03T10:00:00.000Z",
      resolvedAt: "2026-01-09T15:00:00.000Z",
    });
    expect(byKey.get("ACME-7")).toMatchObject({
      parentId: item(8),
      assignee: "acc-ben",
      statusCategory: "in_progress",
    });

    const sprints = await listSprints(h.store.db, ENGAGEMENT);
    expect(sprints.map((s) => [s.name, s.state, s.startAt, s.completedAt, s.goal])).toEqual([
      ["Sprint 1", "closed", "2026-01-05T09:00:00.000Z", "2026-01-19T10:00:00.000Z", "Payments"],
      ["Sprint 2", "active", "2026-01-19T11:00:00.000Z", null, null],
      ["Sprint 3", "future", null, null, null],
    ]);

    // The long changelog came in pages of its own: 45 entries, 20 embedded, the rest fetched.
    expect(h.jira.log.filter((r) => r.request.includes("/issue/10005/changelog"))).toHaveLength(3);
    const long = (await loadEvents(h.store.db, ENGAGEMENT)).filter((e) => e.entityId === item(5));
    const model = h.jira.model;
    const moves = historiesOf(model, model.issues[4]!, "cloud").filter((x) =>
      x.items.some((i) => i.field === "status"),
    );
    expect(moves.length).toBeGreaterThan(20);
    expect(long.filter((e) => e.kind === "status")).toHaveLength(moves.length);
    expect(await loadItemStateAsOf(h.store.db, item(5), "2026-01-04T08:05:00.000Z")).toMatchObject({
      statusCategory: "todo",
      status: "待办",
    });
    expect(await loadItemStateAsOf(h.store.db, item(5), "2026-01-04T08:15:00.000Z")).toMatchObject({
      statusCategory: "in_progress",
      status: "进行中",
    });
    expect(await loadItemStateAsOf(h.store.db, item(5), "2026-01-05T00:00:00.000Z")).toMatchObject({
      statusCategory: "done",
      status: "已完成",
    });
  });

  it("keeps sprint membership as of any moment, removals and re-additions included", async () => {
    const h = await harness(scenarioModel());
    await h.sync();
    const at = (n: number, instant: string) => loadItemStateAsOf(h.store.db, item(n), instant);
    expect((await at(2, "2026-01-06T00:00:00.000Z")).sprints).toEqual([sprint(1)]);
    expect((await at(2, "2026-01-08T00:00:00.000Z")).sprints).toEqual([]);
    expect((await at(2, "2026-01-13T00:00:00.000Z")).sprints).toEqual([sprint(1)]);
    expect((await at(4, "2026-01-20T00:00:00.000Z")).sprints).toEqual([sprint(1), sprint(2)]);
    expect(await at(3, "2026-01-07T00:00:00.000Z")).toMatchObject({ points: 2 });
    expect(await at(3, "2026-01-09T00:00:00.000Z")).toMatchObject({ points: 8 });
    expect(await at(7, "2026-01-21T12:00:00.000Z")).toMatchObject({
      blocked: true,
      parentId: item(8),
      assignee: null,
    });
    expect(await at(7, "2026-01-22T13:00:00.000Z")).toMatchObject({ blocked: false, assignee: "acc-ben" });
  });

  it("gives Jira's sprint report figures for a removed-and-re-added and a re-estimated item", async () => {
    const h = await harness(scenarioModel());
    await h.sync();
    const { sprints } = await sprintsReport(
      h.store,
      ENGAGEMENT,
      { sprint: "Sprint 1" },
      new Date("2026-01-25T00:00:00Z"),
    );
    const report = sprints[0] as StartedSprintReport;
    const keys = (entries: readonly { itemId: string }[]) => entries.map((e) => e.itemId).sort();
    expect(report.state).toBe("closed");
    expect(report.planned).toMatchObject({ items: 3, points: 10 });
    expect(keys(report.planned.entries)).toEqual([item(1), item(2), item(3)]);
    expect(report.added).toMatchObject({ items: 2, points: 6 });
    expect(keys(report.added.entries)).toEqual([item(2), item(4)]);
    expect(report.removed).toMatchObject({ items: 1, points: 5 });
    expect(report.reEstimated).toMatchObject({ count: 1, pointsDelta: 6 });
    expect(report.completed).toMatchObject({ items: 3, points: 16 });
    expect(report.notCompleted).toMatchObject({ items: 1, points: 1 });
    expect(report.velocity).toBe(16);
  });

  it("fetches only what changed since the last sync, re-reads sprints, and keeps deleted issues' history", async () => {
    const h = await harness(scenarioModel());
    await h.sync();
    h.jira.model = laterModel(h.jira.model);
    h.jira.log.length = 0;
    const run = await h.sync();
    expect(run.status).toBe("succeeded");
    const searches = h.jira.log.filter((r) => r.request.includes("/search/jql"));
    expect(searches).toHaveLength(1);
    // Asia/Shanghai is UTC+8: the newest update (Jan 22, 12:00 UTC) minus 5 minutes, in the user's zone.
    expect(decodeURIComponent(searches[0]!.request).replaceAll("+", " ")).toContain(
      'updated >= "2026/01/22 19:55"',
    );
    // Three sprints, and the one issue updated since (the cursor is the board's newest update).
    expect(run.converted).toBe(3 + 1);
    expect(h.jira.log.some((r) => r.request.includes("/board/8/sprint"))).toBe(true);
    expect((await listWorkItems(h.store.db, ENGAGEMENT)).find((i) => i.key === "ACME-7")).toMatchObject({
      statusCategory: "done",
    });
    // The deleted issue is not served any more; what Baton learnt about it stays.
    expect((await listWorkItems(h.store.db, ENGAGEMENT)).some((i) => i.key === "ACME-6")).toBe(true);
  });

  it("re-collects everything with --full and lands in the same tables", async () => {
    const h = await harness(scenarioModel());
    await h.sync();
    const first = await dumpDomainTables(h.store.db);
    h.jira.log.length = 0;
    const run = await h.sync({ full: true });
    expect(run.converted).toBe(33);
    expect(h.jira.log.find((r) => r.request.includes("/search/jql"))!.request).not.toContain(
      "updated+%3E%3D",
    );
    expect(await dumpDomainTables(h.store.db)).toBe(first);
    await reconvert(h.store, connectorFor, SOURCE);
    expect(await dumpDomainTables(h.store.db)).toBe(first);
  });

  it("waits out a 429 with Retry-After and carries on", async () => {
    const h = await harness(scenarioModel());
    h.jira.faults.rateLimit = { path: /\/search\/jql$/, remaining: 1, retryAfter: "1" };
    const run = await h.sync();
    expect(run.status).toBe("succeeded");
    const searches = h.jira.log.filter((r) => r.request.includes("/search/jql"));
    expect(searches.map((r) => r.status)).toEqual([429, 200, 200, 200]);
  });
});
