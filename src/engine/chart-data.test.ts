import { describe, expect, it } from "vitest";
import { eventId } from "../domain/ids.ts";
import type { EventKind, HistoryEvent, Milestone, WorkItem } from "../domain/types.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { burnupData, cfdData, cycleTimeData } from "./chart-data.ts";
import { buildHistory } from "./history.ts";

const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 2, d, hour)).toISOString();

let seq = 0;
const ev = (entityId: string, at: string, kind: EventKind, to: string | null): HistoryEvent => ({
  id: eventId(entityId, at, kind, seq++),
  engagementId: "acme-mobile",
  sourceId: "s",
  entity: entityId.startsWith("m") ? "milestone" : "item",
  entityId,
  at,
  kind,
  from: null,
  to,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq: 0,
});

const item = (id: string, type = "Story"): WorkItem => ({
  id,
  engagementId: "acme-mobile",
  sourceId: "s",
  key: `ACME-${id}`,
  title: id,
  type,
  status: "To Do",
  statusCategory: "todo",
  createdAt: day(1),
  resolvedAt: null,
  points: null,
  assignee: null,
  parentId: "epic",
  customerVisible: true,
});

const beta: Milestone = {
  id: "m-beta",
  engagementId: "acme-mobile",
  sourceId: "s",
  name: "Beta",
  targetDate: "2026-03-20",
  epicId: "epic",
  closedAt: null,
};

// a: started 3 Mar, done 5 Mar. b: created 2 Mar, started 4 Mar, done 8 Mar. c: never started.
const history = buildHistory({
  engagement: testEngagement(),
  items: [item("epic", "Epic"), item("a"), item("b"), item("c")],
  milestones: [beta],
  events: [
    ev("m-beta", day(1), "created", "2026-03-20"),
    ev("epic", day(1), "created", "todo"),
    ev("a", day(1), "created", "todo"),
    ev("a", day(1, 11), "parent", "epic"),
    ev("a", day(3), "status", "in_progress"),
    ev("a", day(5), "status", "done"),
    ev("b", day(2), "created", "todo"),
    ev("b", day(2, 11), "parent", "epic"),
    ev("b", day(4), "status", "in_progress"),
    ev("b", day(8), "status", "done"),
    ev("c", day(6), "created", "todo"),
  ],
});

describe("chart data from an engagement's history", () => {
  it("draws a milestone's burnup day by day: scope as it grew, done as items finished", () => {
    const data = burnupData(
      history,
      beta,
      day(9, 12),
      { p50: "2026-03-12", p85: "2026-03-16", p95: null },
      day(1, 0),
    );
    expect(data.points).toEqual([
      { date: "2026-03-01", done: 0, scope: 1 },
      { date: "2026-03-02", done: 0, scope: 2 },
      { date: "2026-03-03", done: 0, scope: 2 },
      { date: "2026-03-04", done: 0, scope: 2 },
      { date: "2026-03-05", done: 1, scope: 2 },
      { date: "2026-03-06", done: 1, scope: 2 },
      { date: "2026-03-07", done: 1, scope: 2 },
      { date: "2026-03-08", done: 2, scope: 2 },
      { date: "2026-03-09", done: 2, scope: 2 },
    ]);
    expect(data.target).toBe("2026-03-20");
    expect(data.forecast?.p85).toBe("2026-03-16");
  });

  it("plots each finished item's cycle time by its key, never an epic or an unfinished item", () => {
    const data = cycleTimeData(history, day(1, 0), day(9, 12));
    expect(data.points).toEqual([
      { date: "2026-03-05", days: 2, key: "ACME-a" },
      { date: "2026-03-08", days: 4, key: "ACME-b" },
    ]);
    expect(data.p50).toBe(3);
  });

  it("stacks to do, in progress and done per day, so the columns add up to the items that exist", () => {
    const data = cfdData(history, day(1, 0), day(9, 12));
    const byDate = new Map(data.days.map((d) => [d.date, d.counts]));
    expect(data.states).toEqual(["To do", "In progress", "Done"]);
    expect(byDate.get("2026-03-04")).toEqual([0, 2, 0]);
    expect(byDate.get("2026-03-06")).toEqual([1, 1, 1]);
    expect(byDate.get("2026-03-09")).toEqual([1, 0, 2]);
  });

  it("ignores everything after the moment it is drawn as of", () => {
    const early = burnupData(history, beta, day(4, 12), null, day(1, 0));
    expect(early.points.at(-1)).toEqual({ date: "2026-03-04", done: 0, scope: 2 });
    expect(cycleTimeData(history, day(1, 0), day(4, 12)).points).toEqual([]);
  });
});
