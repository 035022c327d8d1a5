import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Instant, Sprint } from "../domain/types.ts";
import { h, itemEvents, type Step } from "./sprints-fixture.ts";
import {
  type ItemPath,
  idsOf,
  newTally,
  type SprintTally,
  type SprintWindow,
  tallyItem,
  walkItem,
} from "./sprints-walk.ts";
import { buildTimelines, K } from "./timeline.ts";

const SPRINT: Sprint = {
  id: "S1",
  engagementId: "eng",
  sourceId: "src",
  name: "Sprint S1",
  state: "active",
  startAt: null,
  endAt: null,
  completedAt: null,
  goal: null,
};

const windowOf = (startedAt: Instant | null, evaluatedAt: Instant, closed: boolean): SprintWindow => ({
  sprint: SPRINT,
  state: startedAt === null ? "future" : closed ? "closed" : "active",
  startedAt,
  completedAt: closed ? evaluatedAt : null,
  evaluatedAt,
  createdAt: null,
  eventIds: [],
});

type Contribution = Pick<
  SprintTally,
  | "planned"
  | "added"
  | "removed"
  | "changes"
  | "completedPlanned"
  | "completedAdded"
  | "notCompleted"
  | "doneOutside"
  | "scope"
  | "committedDone"
  | "burn"
>;

const contributionOf = (tally: SprintTally): Contribution => ({
  planned: tally.planned,
  added: tally.added,
  removed: tally.removed,
  changes: tally.changes,
  completedPlanned: tally.completedPlanned,
  completedAdded: tally.completedAdded,
  notCompleted: tally.notCompleted,
  doneOutside: tally.doneOutside,
  scope: tally.scope,
  committedDone: tally.committedDone,
  burn: tally.burn,
});

/** What an item's path contributes to the sprint's figures, read off the path as a whole. */
const expectedFrom = (path: ItemPath, window: SprintWindow): Contribution => {
  const out: Contribution = { ...contributionOf(newTally(window, true)) };
  const { start, end, itemId } = path;
  if (window.startedAt === null) {
    if (end.member)
      out.scope.push({
        itemId,
        points: end.points,
        at: window.evaluatedAt,
        eventIds: idsOf(end.addEventId, end.estimateEventId),
      });
    return out;
  }
  const firstAdd = path.crossings.find((c) => c.kind === "add");
  if (!start.member && firstAdd === undefined) return out;
  if (start.member ? start.category === "done" : firstAdd!.category === "done") {
    out.doneOutside.push({
      itemId,
      points: start.member ? start.points : firstAdd!.points,
      at: start.member ? window.startedAt : firstAdd!.at,
      eventIds: idsOf(start.member ? start.addEventId : firstAdd!.eventId, start.statusEventId),
    });
    return out;
  }
  if (start.member)
    out.planned.push({
      itemId,
      points: start.points,
      at: window.startedAt,
      eventIds: idsOf(start.addEventId, start.estimateEventId),
    });
  for (const c of path.crossings)
    (c.kind === "add" ? out.added : out.removed).push({
      itemId,
      points: c.points,
      at: c.at,
      eventIds: [c.eventId],
    });
  out.changes.push(...path.reEstimates);
  if (end.member) {
    const entry = {
      itemId,
      points: end.points,
      at: window.evaluatedAt,
      eventIds: idsOf(end.statusEventId, end.addEventId, end.estimateEventId),
    };
    if (end.category !== "done") out.notCompleted.push(entry);
    else if (start.member) {
      out.completedPlanned.push(entry);
      out.committedDone = start.points ?? 0;
    } else out.completedAdded.push(entry);
  }
  for (const b of path.burn) out.burn.push(Date.parse(b.at), b.items, b.points, b.doneItems, b.donePoints);
  return out;
};

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constant("new" as const)),
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom("todo", "in_progress", "done"))
    .map(([t, c]): Step => [t, "to", c]),
  fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom("S1", "S2")).map(([t, s]): Step => [t, "add", s]),
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom("S1", "S2"))
    .map(([t, s]): Step => [t, "remove", s]),
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.option(fc.constantFrom(0, 0.5, 1, 2.25, 3, 8)))
    .map(([t, p]): Step => [t, "est", p]),
  fc.tuple(fc.integer({ min: 0, max: 60 }), fc.constantFrom("block" as const, "unblock" as const)),
);

describe("tallyItem", () => {
  it("relies on the five kinds that move an item's state having the codes 0–4", () => {
    const moving = [K.created, K.status, K.sprint_added, K.sprint_removed, K.estimate];
    expect([...moving].sort()).toEqual([0, 1, 2, 3, 4]);
    const others = Object.values(K).filter((code) => !(moving as number[]).includes(code));
    expect(others.every((code) => code > K.estimate)).toBe(true);
  });

  it("adds to the sprint's figures exactly what the item's path (walkItem) says", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 16 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { freq: 4 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 10 }),
        (steps, start, length, closed, later) => {
          const sorted = [...steps].sort((a, b) => a[0] - b[0]);
          const evaluation = (start ?? 0) + length;
          const asOf = h(closed ? evaluation + later : evaluation);
          const events = itemEvents("I", sorted).filter((e) => e.at <= asOf);
          const window = windowOf(start === null ? null : h(start), h(evaluation), closed);
          const path = walkItem(
            "I",
            events,
            "S1",
            window.startedAt ?? window.evaluatedAt,
            window.evaluatedAt,
          );
          const tally = newTally(window, true);
          if (events.length > 0) tallyItem(tally, "I", buildTimelines([events]).get("I")!, events.length);
          expect(contributionOf(tally)).toEqual(expectedFrom(path, window));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
