import { describe, expect, it } from "vitest";
import type { EventKind, HistoryEvent } from "../domain/types.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { buildHistory } from "./history.ts";
import { countUpTo, K } from "./timeline.ts";

const event = (entityId: string, at: string, kind: EventKind, seq = 0): HistoryEvent => ({
  id: `${entityId}@${at}/${kind}/${seq}`,
  engagementId: "e",
  sourceId: "s",
  entity: "item",
  entityId,
  at,
  kind,
  from: null,
  to: null,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq,
});

describe("an entity's timeline", () => {
  const history = buildHistory({
    engagement: testEngagement(),
    events: [
      event("A-1", "2026-03-02T10:00:00.000Z", "status", 1),
      event("A-2", "2026-03-01T08:00:00.000Z", "created"),
      event("A-1", "2026-03-01T09:00:00.000Z", "created"),
      event("A-1", "2026-03-02T10:00:00.000Z", "estimate", 2),
    ],
  });

  it("holds the entity's events in order with their instants and kinds", () => {
    const timeline = history.timelineOf("A-1");
    expect(timeline.events).toBe(history.eventsOf("A-1"));
    expect([...timeline.times]).toEqual([
      Date.parse("2026-03-01T09:00:00.000Z"),
      Date.parse("2026-03-02T10:00:00.000Z"),
      Date.parse("2026-03-02T10:00:00.000Z"),
    ]);
    expect([...timeline.kinds]).toEqual([K.created, K.status, K.estimate]);
    expect(history.timelineOf("A-2").events.map((e) => e.kind)).toEqual(["created"]);
  });

  it("is aligned with the history's entity lists, for loops that skip the lookup by id", () => {
    const items = buildHistory({
      engagement: testEngagement(),
      items: [{ id: "A-2" }, { id: "none" }, { id: "A-1" }] as never,
      events: history.eventsOf("A-1").concat(history.eventsOf("A-2")),
    });
    expect(items.timelines.items.map((t) => t.events.length)).toEqual([1, 0, 3]);
    expect(items.timelines.items[2]!.times).toEqual(items.timelineOf("A-1").times);
  });

  it("is empty for an entity without events", () => {
    expect(history.timelineOf("nobody").events).toEqual([]);
  });

  it("counts the events visible as of an instant, ties included", () => {
    const { times } = history.timelineOf("A-1");
    expect(countUpTo(times, Date.parse("2026-03-01T08:59:59.999Z"))).toBe(0);
    expect(countUpTo(times, Date.parse("2026-03-02T10:00:00.000Z"))).toBe(3);
    expect(countUpTo(times, Date.parse("2026-03-02T09:00:00.000Z"))).toBe(1);
  });
});
