import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventId } from "../domain/ids.ts";
import type { EventKind, HistoryEvent } from "../domain/types.ts";
import { EMPTY_ITEM_STATE, ItemTimeline, replayItem, sprintAsOf } from "./as-of.ts";

const ITEM = "csv:item:s1:A-1";
const base = Date.parse("2026-03-02T09:00:00.000Z");
const at = (hours: number) => new Date(base + hours * 3_600_000).toISOString();

const event = (
  hours: number,
  kind: EventKind,
  to: string | null,
  extra: Partial<HistoryEvent> = {},
  seq = 0,
): HistoryEvent => ({
  id: eventId(extra.entityId ?? ITEM, at(hours), kind, seq),
  engagementId: "e1",
  sourceId: "s1",
  entity: "item",
  entityId: ITEM,
  at: at(hours),
  kind,
  from: null,
  to,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq,
  ...extra,
});

describe("an item as of a moment", () => {
  const history = [
    event(0, "created", "todo", { toLabel: "To Do" }),
    event(0, "estimate", "3", {}, 1),
    event(0, "sprint_added", "sprint-1", {}, 2),
    event(5, "status", "in_progress", { fromLabel: "To Do", toLabel: "In Progress" }),
    event(8, "blocked", "true"),
    event(20, "blocked", "false"),
    event(24, "estimate", "5"),
    event(30, "sprint_removed", null, { from: "sprint-1" }),
    event(31, "sprint_added", "sprint-2"),
    event(40, "status", "done", { fromLabel: "In Progress", toLabel: "已完成" }),
  ];

  it("does not exist before it was created", () => {
    expect(replayItem(history, at(-1))).toEqual(EMPTY_ITEM_STATE);
  });

  it("shows the original status name beside the category", () => {
    const state = replayItem(history, at(41));
    expect(state.statusCategory).toBe("done");
    expect(state.status).toBe("已完成");
  });

  it("counts an event at exactly the as-of instant", () => {
    expect(replayItem(history, at(5)).statusCategory).toBe("in_progress");
    expect(replayItem(history, at(4.99)).statusCategory).toBe("todo");
  });

  it("keeps the estimate at sprint start apart from a later re-estimate", () => {
    expect(replayItem(history, at(1)).points).toBe(3);
    expect(replayItem(history, at(25)).points).toBe(5);
  });

  it("tells a removal from the sprint apart from not finishing", () => {
    expect(replayItem(history, at(29)).sprints).toEqual(["sprint-1"]);
    expect(replayItem(history, at(30.5)).sprints).toEqual([]);
    expect(replayItem(history, at(32)).sprints).toEqual(["sprint-2"]);
  });

  it("knows when it was blocked", () => {
    expect(replayItem(history, at(10)).blocked).toBe(true);
    expect(replayItem(history, at(21)).blocked).toBe(false);
  });
});

const kinds: readonly EventKind[] = [
  "status",
  "sprint_added",
  "sprint_removed",
  "estimate",
  "assignee",
  "blocked",
  "parent",
];

const arbitraryEvent = fc
  .record({
    hour: fc.integer({ min: 0, max: 200 }),
    kind: fc.constantFrom(...kinds),
    value: fc.constantFrom("a", "b", "c"),
    category: fc.constantFrom("todo", "in_progress", "done"),
    seq: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ hour, kind, value, category, seq }) => {
    switch (kind) {
      case "status":
        return event(hour, kind, category, { toLabel: `S-${category}` }, seq);
      case "sprint_added":
        return event(hour, kind, `sprint-${value}`, {}, seq);
      case "sprint_removed":
        return event(hour, kind, null, { from: `sprint-${value}` }, seq);
      case "estimate":
        return event(hour, kind, String(value.charCodeAt(0) - 96), {}, seq);
      case "blocked":
        return event(hour, kind, value === "a" ? "true" : "false", {}, seq);
      default:
        return event(hour, kind, value, {}, seq);
    }
  });

const uniqueById = (events: HistoryEvent[]) => [...new Map(events.map((e) => [e.id, e])).values()];

describe("time travel", () => {
  it("the indexed timeline at T equals replaying only the events at or before T", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryEvent, { maxLength: 60 }).map(uniqueById),
        fc.integer({ min: -5, max: 210 }),
        fc.boolean(),
        (events, hour, reverse) => {
          const history = [event(-1, "created", "todo", { toLabel: "New" }), ...events];
          const asOf = at(hour);
          const onlyPast = history.filter((e) => e.at <= asOf);
          if (reverse) onlyPast.reverse();
          const timeline = new ItemTimeline(reverse ? [...history].reverse() : history);
          expect(timeline.stateAt(asOf)).toEqual(replayItem(onlyPast, asOf));
          // Events after T never change the answer.
          expect(replayItem(history, asOf)).toEqual(replayItem(onlyPast, asOf));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("a sprint's membership at T counts only membership changes at or before T", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryEvent, { maxLength: 40 }).map(uniqueById),
        fc.integer({ min: 0, max: 200 }),
        (events, hour) => {
          const asOf = at(hour);
          const snapshot = sprintAsOf("sprint-a", [], events, asOf);
          const expected = replayItem(events, asOf).sprints.includes("sprint-a") ? [ITEM] : [];
          expect(snapshot.itemIds).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
