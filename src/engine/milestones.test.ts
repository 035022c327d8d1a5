import { describe, expect, it } from "vitest";
import { eventId } from "../domain/ids.ts";
import type { EventKind, HistoryEvent, Milestone, WorkItem } from "../domain/types.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { buildHistory } from "./history.ts";
import { finishInstants, milestoneAsOf, milestoneScopeHistory } from "./milestones.ts";

const day = (d: number, hour = 10) => new Date(Date.UTC(2026, 2, d, hour)).toISOString();

let seq = 0;
const ev = (
  entityId: string,
  at: string,
  kind: EventKind,
  to: string | null,
  from: string | null = null,
): HistoryEvent => ({
  id: eventId(entityId, at, kind, seq++),
  engagementId: "acme-mobile",
  sourceId: "s",
  entity: entityId.startsWith("m") ? "milestone" : "item",
  entityId,
  at,
  kind,
  from,
  to,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq: 0,
});

// Deliberately wrong current-state fields: the engine must read events, not these.
const item = (id: string, type = "Story"): WorkItem => ({
  id,
  engagementId: "acme-mobile",
  sourceId: "s",
  key: id.toUpperCase(),
  title: id,
  type,
  status: "Done",
  statusCategory: "done",
  createdAt: day(1),
  resolvedAt: null,
  points: 99,
  assignee: null,
  parentId: "epic",
  customerVisible: true,
});

const milestone: Milestone = {
  id: "m-beta",
  engagementId: "acme-mobile",
  sourceId: "s",
  name: "Beta",
  targetDate: "2026-12-31",
  epicId: "epic",
  closedAt: null,
};

const history = buildHistory({
  engagement: testEngagement(),
  items: [item("epic", "Epic"), item("a"), item("b"), item("c"), item("d")],
  milestones: [milestone],
  events: [
    ev("m-beta", day(1), "created", "2026-03-20"),
    ev("m-beta", day(10), "target_date", "2026-03-27", "2026-03-20"),
    ev("m-beta", day(25), "closed", null),
    ev("epic", day(1), "created", "todo"),
    ev("a", day(1), "created", "todo"),
    ev("a", day(1, 11), "parent", "epic"),
    ev("a", day(1, 12), "estimate", "3"),
    ev("a", day(3), "status", "in_progress"),
    ev("a", day(5), "status", "done"),
    ev("b", day(2), "created", "todo"),
    ev("b", day(8), "parent", "epic"),
    ev("b", day(8, 11), "estimate", "5"),
    ev("b", day(12), "status", "done"),
    ev("b", day(14), "status", "in_progress"),
    ev("b", day(16), "status", "done"),
    ev("c", day(2), "created", "todo"),
    ev("c", day(2, 11), "parent", "epic"),
    ev("c", day(9), "parent", null, "epic"),
    ev("d", day(20), "created", "todo"),
  ],
});

describe("a milestone as of a moment", () => {
  it("has the scope its epic had then: items moved in later or out earlier do not count", () => {
    const early = milestoneAsOf(history, milestone, day(6));
    expect(early.scope).toEqual(["a", "c"]);
    expect(early.done).toEqual(["a"]);
    expect(early.remaining).toEqual(["c"]);
    expect(early.points).toEqual({ total: 3, done: 3 });
    expect(early.percentComplete.items).toBe(0.5);

    const later = milestoneAsOf(history, milestone, day(13));
    expect(later.scope).toEqual(["a", "b"]);
    expect(later.percentComplete).toEqual({ items: 1, points: 1 });
  });

  it("follows the target date's history and knows when it closed", () => {
    const before = milestoneAsOf(history, milestone, day(9));
    expect(before.targetDate).toBe("2026-03-20");
    const after = milestoneAsOf(history, milestone, day(26));
    expect(after.targetDate).toBe("2026-03-27");
    expect(after.targetHistory.map((t) => t.targetDate)).toEqual(["2026-03-20", "2026-03-27"]);
    expect(after.closedAt).toBe(day(25));
  });

  it("traces scope growth week by week", () => {
    expect(milestoneScopeHistory(history, milestone, [day(1, 23), day(8, 23), day(15, 23)])).toEqual([
      { at: day(1, 23), items: 1, done: 0 },
      { at: day(8, 23), items: 3, done: 1 },
      { at: day(15, 23), items: 2, done: 1 },
    ]);
  });

  it("counts each finished item once, at its last move to done, and not while reopened", () => {
    expect(finishInstants(history, day(15))).toEqual([day(5)]);
    expect(finishInstants(history, day(30))).toEqual([day(5), day(16)]);
  });
});
