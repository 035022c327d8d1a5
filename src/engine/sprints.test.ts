import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Sprint } from "../domain/types.ts";
import { buildHistory } from "./history.ts";
import {
  type FutureSprintReport,
  type SprintFigure,
  type SprintReport,
  type StartedSprintReport,
  sprintMetrics,
  sprintReport,
} from "./sprints.ts";
import { dh, h, historyOf, itemEvents, type Step } from "./sprints-fixture.ts";

const started = (report: SprintReport | null | undefined): StartedSprintReport => {
  if (!report || report.state === "future") throw new Error("expected a started sprint");
  return report;
};
const idsOf = (figure: SprintFigure) => figure.entries.map((e) => e.itemId).sort();

/** Carried-over work is added to the next sprint a minute after the previous one completes. */
const S1_END = dh(11, 17);
const S2_END = dh(25, 17);
const CARRY_1 = S1_END + 1 / 60;
const CARRY_2 = S2_END + 1 / 60;

const SPRINTS = {
  S1: { created: dh(-3), start: dh(0, 9), complete: S1_END },
  S2: { created: dh(8), start: dh(14, 9), complete: S2_END },
  S3: { created: dh(22), start: dh(28, 9) },
  S4: { created: dh(29) },
};

const ITEMS: Record<string, readonly Step[]> = {
  // Planned at 3, done in S1.
  A: [
    [dh(-5), "new"],
    [dh(-5), "est", 3],
    [dh(0, 8), "add", "S1"],
    [dh(1, 10), "to", "in_progress"],
    [dh(3, 12), "to", "done"],
  ],
  // Planned at 5, re-estimated to 8 mid-sprint, done.
  B: [
    [dh(-5), "new"],
    [dh(-5), "est", 5],
    [dh(0, 8), "add", "S1"],
    [dh(2, 10), "est", 8],
    [dh(6, 10), "to", "done"],
  ],
  // Planned, removed, re-added; never finished: carried over from S1 and from S2 (2+), planned in S3.
  C: [
    [dh(-5), "new"],
    [dh(-5), "est", 2],
    [dh(0, 8), "add", "S1"],
    [dh(2, 12), "remove", "S1"],
    [dh(4, 12), "add", "S1"],
    [CARRY_1, "add", "S2"],
    [CARRY_2, "add", "S3"],
  ],
  // Created and added after the start, done.
  D: [
    [dh(2), "new"],
    [dh(2), "est", 1],
    [dh(2, 13), "add", "S1"],
    [dh(5), "to", "done"],
  ],
  // Planned at 2, removed for good; its later re-estimate does not touch S1.
  E: [
    [dh(-5), "new"],
    [dh(-5), "est", 2],
    [dh(0, 8), "add", "S1"],
    [dh(3), "remove", "S1"],
    [dh(4), "est", 5],
  ],
  // Already done before the sprint started: Jira's "completed outside this sprint".
  F: [
    [dh(-5), "new"],
    [dh(-5), "est", 8],
    [dh(-2), "to", "done"],
    [dh(0, 8), "add", "S1"],
  ],
  // Planned without an estimate; carried over once, done in S2.
  G: [
    [dh(-5), "new"],
    [dh(0, 8), "add", "S1"],
    [dh(1), "to", "in_progress"],
    [CARRY_1, "add", "S2"],
    [dh(20), "to", "done"],
  ],
  // Added at 3, re-estimated to 1, removed.
  H: [
    [dh(5), "new"],
    [dh(5), "est", 3],
    [dh(5), "add", "S1"],
    [dh(6), "est", 1],
    [dh(7), "remove", "S1"],
  ],
  // Added to the future sprint S4 (and to S1 only after S1 completed: never counts there).
  I: [
    [dh(12), "new"],
    [dh(12), "est", 5],
    [dh(12), "add", "S1"],
    [dh(29, 1), "add", "S4"],
  ],
};

const history = historyOf({ items: ITEMS, sprints: SPRINTS });
const AS_OF = h(dh(30));
const reports = sprintMetrics(history, AS_OF);
const byId = new Map(reports.map((r) => [r.sprintId, r]));

describe("a closed sprint (S1), hand-computed", () => {
  const s1 = started(byId.get("S1"));

  it("takes its start and completion from its own events, not the row", () => {
    expect(s1.state).toBe("closed");
    expect(s1.startedAt).toBe(h(dh(0, 9)));
    expect(s1.completedAt).toBe(h(S1_END));
    expect(s1.evaluatedAt).toBe(h(S1_END));
  });

  it("counts planned items with their estimates at the start", () => {
    expect(idsOf(s1.planned)).toEqual(["A", "B", "C", "E", "G"]);
    expect(s1.planned).toMatchObject({ items: 5, points: 12, unestimated: 1 });
  });

  it("counts a removed-and-re-added item once in removed and once in added", () => {
    expect(idsOf(s1.added)).toEqual(["C", "D", "H"]);
    expect(s1.added).toMatchObject({ items: 3, points: 6 });
    expect(idsOf(s1.removed)).toEqual(["C", "E", "H"]);
    // H leaves at its re-estimated 1 point; E at 2 (its later re-estimate is outside the sprint).
    expect(s1.removed).toMatchObject({ items: 3, points: 5 });
    expect(s1.removed.entries.find((e) => e.itemId === "C")!.eventIds).toEqual([
      `C@${h(dh(2, 12))}/sprint_removed/3`,
    ]);
  });

  it("reports re-estimation on its own and Jira's combined scope change", () => {
    expect(s1.reEstimated.count).toBe(2);
    expect(s1.reEstimated.pointsDelta).toBe(1);
    expect(s1.reEstimated.changes.map((c) => [c.itemId, c.from, c.to, c.delta])).toEqual([
      ["B", 5, 8, 3],
      ["H", 3, 1, -2],
    ]);
    expect(s1.scopeChange).toEqual({ items: 0, points: 2 });
  });

  it("splits completed into planned and added, with estimates at completion", () => {
    expect(idsOf(s1.completed)).toEqual(["A", "B", "D"]);
    expect(s1.completed.points).toBe(12);
    expect(idsOf(s1.completedPlanned)).toEqual(["A", "B"]);
    expect(s1.completedPlanned.points).toBe(11);
    expect(idsOf(s1.completedAdded)).toEqual(["D"]);
    expect(idsOf(s1.notCompleted)).toEqual(["C", "G"]);
    expect(s1.notCompleted.points).toBe(2);
    expect(idsOf(s1.carryover)).toEqual(["C", "G"]);
    expect(s1.carryover2Plus.items).toBe(0);
    expect(s1.velocity).toBe(12);
  });

  it("keeps items done before the start out of every figure", () => {
    expect(idsOf(s1.doneOutside)).toEqual(["F"]);
    expect(s1.completed.entries.some((e) => e.itemId === "F")).toBe(false);
    expect(s1.planned.entries.some((e) => e.itemId === "F")).toBe(false);
  });

  it("ignores an item added after completion", () => {
    expect([s1.planned, s1.added, s1.notCompleted].some((f) => idsOf(f).includes("I"))).toBe(false);
  });

  it("computes planning and capacity accuracy in items and points", () => {
    expect(s1.planningAccuracy).toEqual({ items: 0.4, points: 0.6667 });
    expect(s1.capacityAccuracy).toEqual({ items: 0.6, points: 1 });
  });

  it("satisfies the identity in items and points", () => {
    expect(s1.planned.items + s1.added.items - s1.removed.items).toBe(
      s1.completed.items + s1.notCompleted.items,
    );
    expect(s1.planned.points + s1.added.points - s1.removed.points + s1.reEstimated.pointsDelta).toBe(
      s1.completed.points + s1.notCompleted.points,
    );
  });

  it("draws a daily burndown and burnup evaluated at the end of each day", () => {
    const [start, day0, day1, day2, day3] = s1.burndown;
    expect(start).toMatchObject({ at: h(dh(0, 9)), scopeItems: 5, scopePoints: 12, completedPoints: 0 });
    expect(day0).toMatchObject({ date: "2026-03-02", at: "2026-03-02T23:59:59.999Z", scopePoints: 12 });
    expect(day1).toMatchObject({ date: "2026-03-03", scopeItems: 5, remainingPoints: 12 });
    // Day 2: B re-estimated (+3), C removed (−2), D added (+1).
    expect(day2).toMatchObject({ scopeItems: 5, scopePoints: 14, completedItems: 0 });
    // Day 3: E removed (−2), A done (3).
    expect(day3).toMatchObject({
      scopeItems: 4,
      scopePoints: 12,
      completedItems: 1,
      completedPoints: 3,
      remainingItems: 3,
      remainingPoints: 9,
    });
    const last = s1.burndown.at(-1)!;
    expect(s1.burndown).toHaveLength(1 + 12);
    expect(last).toMatchObject({
      date: "2026-03-13",
      at: h(S1_END),
      completedPoints: 12,
      remainingPoints: 2,
    });
  });
});

describe("carryover across sprints and the rolling velocity", () => {
  const s2 = started(byId.get("S2"));
  const s3 = started(byId.get("S3"));

  it("plans carried-over work into the next sprint and flags items carried over twice (2+)", () => {
    expect(idsOf(s2.planned)).toEqual(["C", "G"]);
    expect(idsOf(s2.completed)).toEqual(["G"]);
    expect(idsOf(s2.carryover)).toEqual(["C"]);
    expect(idsOf(s2.carryover2Plus)).toEqual(["C"]);
    expect(s2.velocity).toBe(0);
  });

  it("rolls mean and median over the last N closed sprints", () => {
    expect(s2.rollingVelocity).toMatchObject({ window: 3, sprintIds: ["S1", "S2"], mean: 6, median: 6 });
    const narrow = started(sprintReport(history, "S2", AS_OF, { velocityWindow: 1 }));
    expect(narrow.rollingVelocity).toMatchObject({ sprintIds: ["S2"], mean: 0 });
  });

  it("evaluates an active sprint at asOf, with no carryover yet", () => {
    expect(s3.state).toBe("active");
    expect(s3.evaluatedAt).toBe(AS_OF);
    expect(s3.completedAt).toBeNull();
    expect(idsOf(s3.notCompleted)).toEqual(["C"]);
    expect(s3.carryover.items).toBe(0);
    expect(s3.rollingVelocity.sprintIds).toEqual(["S1", "S2"]);
  });

  it("lists a future sprint with its scope so far", () => {
    const s4 = byId.get("S4") as FutureSprintReport;
    expect(s4.state).toBe("future");
    expect(idsOf(s4.scope)).toEqual(["I"]);
    expect(s4.scope.points).toBe(5);
    expect(reports.map((r) => r.sprintId)).toEqual(["S1", "S2", "S3", "S4"]);
  });

  it("gives the same single-sprint report as the full run", () => {
    expect(sprintReport(history, "S2", AS_OF)).toEqual(s2);
    expect(sprintReport(history, "S1", AS_OF)).toEqual(byId.get("S1"));
    expect(sprintReport(history, "nope", AS_OF)).toBeNull();
  });
});

describe("sprints as of an earlier moment", () => {
  it("sees S1 as active mid-sprint, with completed work so far", () => {
    const s1 = started(sprintReport(history, "S1", h(dh(4))));
    expect(s1.state).toBe("active");
    expect(idsOf(s1.completed)).toEqual(["A"]);
    // C was removed and not yet re-added; E removed.
    expect(idsOf(s1.notCompleted)).toEqual(["B", "D", "G"]);
    expect(s1.burndown.at(-1)!.at).toBe(h(dh(4)));
  });

  it("does not know sprints before their first event", () => {
    expect(sprintMetrics(history, h(dh(-4)))).toEqual([]);
    expect(sprintMetrics(history, h(dh(-1))).map((r) => r.state)).toEqual(["future"]);
  });

  it("dates a sprint without lifecycle events by its row, only once the dates have passed", () => {
    const row: Sprint = {
      id: "R",
      engagementId: "eng",
      sourceId: "src",
      name: "Dated",
      state: "closed",
      startAt: h(dh(0)),
      endAt: h(dh(10)),
      completedAt: h(dh(10)),
      goal: null,
    };
    const dated = buildHistory({
      engagement: historyOf({ items: {} }).engagement,
      sprints: [row],
      items: historyOf({ items: { A: [] } }).items,
      events: itemEvents("A", [
        [dh(-1), "new"],
        [dh(-1), "add", "R"],
        [dh(2), "to", "done"],
      ]),
    });
    expect(sprintMetrics(dated, h(dh(-1)))).toEqual([]);
    expect(started(sprintMetrics(dated, h(dh(5)))[0]).state).toBe("active");
    const closed = started(sprintMetrics(dated, h(dh(11)))[0]);
    expect(closed).toMatchObject({ state: "closed", completedAt: h(dh(10)), velocity: 0 });
    expect(idsOf(closed.completed)).toEqual(["A"]);
  });

  it("uses the engagement's time zone for the burndown days", () => {
    const zoned = historyOf({ items: ITEMS, sprints: SPRINTS, timeZone: "America/New_York" });
    const s1 = started(sprintReport(zoned, "S1", AS_OF));
    // 09:00 UTC on Monday is 04:00 in New York (EST, UTC−5): the first day ends at 05:00 UTC Tuesday.
    expect(s1.burndown[1]).toMatchObject({ date: "2026-03-02", at: "2026-03-03T04:59:59.999Z" });
    // Daylight saving starts on 2026-03-08: that day is 23 hours long.
    const dst = s1.burndown.find((p) => p.date === "2026-03-08")!;
    expect(dst.at).toBe("2026-03-09T03:59:59.999Z");
  });
});

// ---------- Properties on random histories ----------

const SPRINT_IDS = ["S1", "S2", "S3"] as const;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom("todo", "in_progress", "done"))
    .map(([t, c]): Step => [t, "to", c]),
  fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom(...SPRINT_IDS))
    .map(([t, s]): Step => [t, "add", s]),
  fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom(...SPRINT_IDS))
    .map(([t, s]): Step => [t, "remove", s]),
  fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.option(fc.integer({ min: 0, max: 13 })))
    .map(([t, p]): Step => [t, "est", p]),
);

const historyArb = fc.record({
  items: fc.array(fc.array(stepArb, { maxLength: 14 }), { minLength: 1, maxLength: 8 }),
  // Per sprint: created, start and completion offsets (completion may be missing: still active).
  sprints: fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 150 }),
      fc.integer({ min: 0, max: 150 }),
      fc.option(fc.integer({ min: 1, max: 250 }), { freq: 4 }),
    ),
    { minLength: 3, maxLength: 3 },
  ),
});

interface Generated {
  readonly items: readonly (readonly Step[])[];
  readonly sprints: readonly (readonly [number, number, number | null])[];
}

const build = (g: Generated, cutAt?: string) =>
  historyOf({
    items: Object.fromEntries(g.items.map((steps, i) => [`I${i}`, [[0, "new"] as Step, ...steps]])),
    sprints: Object.fromEntries(
      g.sprints.map(([created, start, len], i) => [
        SPRINT_IDS[i]!,
        { created, start: created + start, ...(len === null ? {} : { complete: created + start + len }) },
      ]),
    ),
    timeZone: "Europe/Berlin",
    ...(cutAt === undefined ? {} : { cutAt }),
  });

describe("properties on random histories", () => {
  it("keeps planned + added − removed = completed + not completed, in items and in points", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 600 }), (g, t) => {
        for (const report of sprintMetrics(build(g), h(t))) {
          if (report.state === "future") continue;
          const lhsItems = report.planned.items + report.added.items - report.removed.items;
          expect(lhsItems).toBe(report.completed.items + report.notCompleted.items);
          const lhsPoints =
            report.planned.points +
            report.added.points -
            report.removed.points +
            report.reEstimated.pointsDelta;
          expect(lhsPoints).toBe(report.completed.points + report.notCompleted.points);
          const last = report.burndown.at(-1)!;
          expect(last.scopeItems).toBe(lhsItems);
          expect(last.completedPoints).toBe(report.completed.points);
          expect(report.completedPlanned.items + report.completedAdded.items).toBe(report.completed.items);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives each sprint the same report alone as in the full run", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 600 }), (g, t) => {
        const full = build(g);
        for (const report of sprintMetrics(full, h(t))) {
          expect(sprintReport(full, report.sprintId, h(t))).toEqual(report);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("ignores every event after asOf: a truncated history gives the same reports", () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 600 }), (g, t) => {
        expect(sprintMetrics(build(g, h(t)), h(t))).toEqual(sprintMetrics(build(g), h(t)));
      }),
      { numRuns: 200 },
    );
  });
});
