import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flowMetrics } from "./flow.ts";
import { dh, h, historyOf, type Step } from "./sprints-fixture.ts";

const ITEMS: Record<string, readonly Step[]> = {
  // Started, back to To Do for a day (a bounce-back), restarted, done: 48 h of cycle time.
  X: [
    [dh(0), "new"],
    [dh(1), "to", "in_progress"],
    [dh(2), "to", "todo"],
    [dh(3), "to", "in_progress"],
    [dh(4), "to", "done"],
  ],
  // Done, reopened, done again: counted once, at the last Done; 12 h + 24 h in progress.
  Y: [
    [dh(0), "new"],
    [dh(0, 12), "to", "in_progress"],
    [dh(1), "to", "done"],
    [dh(2), "to", "in_progress"],
    [dh(3), "to", "done"],
  ],
  // Flagged, then moved to a "Blocked" status, unflagged, back to "In Progress": one 36 h spell.
  Z: [
    [dh(0), "new"],
    [dh(1), "to", "in_progress"],
    [dh(1, 12), "block"],
    [dh(2), "to", "in_progress", "Blocked"],
    [dh(2, 6), "unblock"],
    [dh(3), "to", "in_progress", "In Progress"],
  ],
  // Straight from To Do to Done: a lead time but no cycle time.
  W: [
    [dh(0), "new"],
    [dh(1), "to", "done"],
  ],
  // Started a day before asOf and flagged since noon.
  V: [
    [dh(5), "new"],
    [dh(9), "to", "in_progress"],
    [dh(9, 12), "block"],
  ],
  U: [[dh(0), "new"]],
};

const history = historyOf({ items: ITEMS });
const AS_OF = h(dh(10));
const report = flowMetrics(history, AS_OF, { from: h(0) });
const finished = new Map(report.finished.map((f) => [f.itemId, f]));

describe("flow metrics, hand-computed", () => {
  it("measures cycle time as time in progress, excluding the spell back in To Do", () => {
    expect(finished.get("X")).toMatchObject({
      startedAt: h(dh(1)),
      doneAt: h(dh(4)),
      cycleTimeHours: 48,
      cycleTimeDays: 2,
      leadTimeHours: 96,
      leadTimeDays: 4,
      reopened: false,
    });
  });

  it("measures a reopened item to its last Done and counts it once", () => {
    expect(finished.get("Y")).toMatchObject({
      doneAt: h(dh(3)),
      cycleTimeHours: 36,
      leadTimeHours: 72,
      reopened: true,
    });
    expect(report.finished.map((f) => f.itemId)).toEqual(["W", "Y", "X"]);
  });

  it("gives an item never started a lead time but no cycle time", () => {
    expect(finished.get("W")).toMatchObject({ startedAt: null, cycleTimeHours: null, leadTimeHours: 24 });
  });

  it("computes cycle-time and lead-time percentiles of the finished items", () => {
    expect(report.cycleTime).toMatchObject({
      count: 2,
      p50Hours: 42,
      p85Hours: 46.2,
      p95Hours: 47.4,
      p50Days: 1.75,
    });
    expect(report.cycleTime.itemIds).toEqual(["Y", "X"]);
    expect(report.leadTime).toMatchObject({ count: 3, p50Hours: 72, p85Hours: 88.8, p95Hours: 93.6 });
  });

  it("counts throughput per local day and per Monday-based week", () => {
    expect(report.throughput.total).toBe(3);
    const busy = report.throughput.perDay.filter((d) => d.count > 0).map((d) => [d.date, d.itemIds]);
    expect(busy).toEqual([
      ["2026-03-03", ["W"]],
      ["2026-03-05", ["Y"]],
      ["2026-03-06", ["X"]],
    ]);
    expect(report.throughput.perDay).toHaveLength(11);
    expect(report.throughput.perWeek).toEqual([
      { date: "2026-03-02", days: 7, count: 3, itemIds: ["W", "Y", "X"] },
      { date: "2026-03-09", days: 4, count: 0, itemIds: [] },
    ]);
  });

  it("lists WIP at asOf with its age against the cycle-time percentiles", () => {
    expect(report.wip.count).toBe(2);
    expect(report.wip.items.map((w) => [w.itemId, w.ageHours, w.ageDays, w.beyond, w.blocked])).toEqual([
      ["Z", 216, 9, "p95", false],
      ["V", 24, 1, null, true],
    ]);
  });

  it("counts items per category at the end of each day (cumulative flow)", () => {
    const cfd = new Map(report.cumulativeFlow.map((d) => [d.date, d]));
    expect(cfd.get("2026-03-02")).toMatchObject({ todo: 4, inProgress: 1, done: 0 });
    expect(cfd.get("2026-03-03")).toMatchObject({ todo: 1, inProgress: 2, done: 2 });
    expect(cfd.get("2026-03-07")).toMatchObject({ todo: 2, inProgress: 1, done: 3 });
    expect(report.cumulativeFlow.at(-1)).toMatchObject({
      date: "2026-03-12",
      at: AS_OF,
      todo: 1,
      inProgress: 2,
      done: 3,
    });
  });

  it("lists bounce-backs with their item and event", () => {
    expect(report.bounceBacks.map((b) => [b.itemId, b.from, b.to, b.eventId])).toEqual([
      ["X", "in_progress", "todo", `X@${h(dh(2))}/status/2`],
      ["Y", "done", "in_progress", `Y@${h(dh(2))}/status/3`],
    ]);
  });

  it("merges a flag and a blocked status into one spell of blocked time", () => {
    expect(report.blocked.items.map((b) => [b.itemId, b.hours, b.blockedNow])).toEqual([
      ["Z", 36, false],
      ["V", 12, true],
    ]);
    expect(report.blocked.items[0]!.spells).toEqual([
      {
        from: h(dh(1, 12)),
        to: h(dh(3)),
        reasons: ["flag", "status"],
        eventIds: [`Z@${h(dh(1, 12))}/blocked/2`, `Z@${h(dh(2))}/status/3`, `Z@${h(dh(3))}/status/5`],
      },
    ]);
    expect(report.blocked.totalHours).toBe(48);
  });

  it("clips blocked time to the window", () => {
    const late = flowMetrics(history, AS_OF, { from: h(dh(2)) });
    expect(late.blocked.items.find((b) => b.itemId === "Z")!.hours).toBe(24);
  });
});

describe("flow as of an earlier moment", () => {
  it("does not count a reopened item that is not done again yet", () => {
    const mid = flowMetrics(history, h(dh(2, 12)), { from: h(0) });
    expect(mid.finished.map((f) => f.itemId)).toEqual(["W"]);
    expect(mid.wip.items.map((w) => w.itemId).sort()).toEqual(["Y", "Z"]);
  });

  it("counts it at its first Done before the reopening", () => {
    const early = flowMetrics(history, h(dh(1, 12)), { from: h(0) });
    expect(early.finished.map((f) => [f.itemId, f.cycleTimeHours, f.reopened])).toEqual([
      ["W", null, false],
      ["Y", 12, false],
    ]);
  });

  it("defaults the window to the 12 weeks before asOf and never runs past asOf", () => {
    const defaulted = flowMetrics(history, AS_OF, { to: h(dh(50)) });
    expect(defaulted.to).toBe(AS_OF);
    expect(defaulted.from).toBe(h(dh(10 - 84)));
    expect(defaulted.throughput.total).toBe(3);
  });

  it("counts only the items the caller includes", () => {
    const some = flowMetrics(history, AS_OF, { from: h(0), includeItem: (item) => item.id !== "W" });
    expect(some.finished.map((f) => f.itemId)).toEqual(["Y", "X"]);
    expect(some.cumulativeFlow.at(-1)!.done).toBe(2);
  });

  it("buckets days in the engagement's time zone", () => {
    const zoned = historyOf({
      items: {
        L: [
          [dh(0), "new"],
          [dh(1, 3), "to", "done"],
        ],
      },
      timeZone: "America/New_York",
    });
    const r = flowMetrics(zoned, AS_OF, { from: h(0) });
    // 03:00 UTC on Tuesday is 22:00 on Monday in New York.
    expect(r.throughput.perDay.find((d) => d.count > 0)!.date).toBe("2026-03-02");
    expect(r.timeZone).toBe("America/New_York");
  });
});

// ---------- Properties on random histories ----------

const time = fc.integer({ min: 0, max: 400 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc
    .tuple(time, fc.constantFrom("todo", "in_progress", "done"), fc.constantFrom("Work", "Blocked"))
    .map(([t, c, l]): Step => [t, "to", c, l]),
  fc.tuple(time, fc.constantFrom("block", "unblock")).map(([t, k]): Step => [t, k]),
);
const itemsArb = fc.array(fc.array(stepArb, { maxLength: 12 }), { minLength: 1, maxLength: 10 });
const build = (items: readonly (readonly Step[])[], cutAt?: string) =>
  historyOf({
    items: Object.fromEntries(
      items.map((steps, i) => [
        `I${i}`,
        // Item i is created at hour 7i; its changes follow its creation.
        [
          [i * 7, "new", "todo", "New"] as Step,
          ...steps.map((s) => [s[0] + i * 7, ...s.slice(1)] as unknown as Step),
        ],
      ]),
    ),
    timeZone: "Europe/Berlin",
    ...(cutAt === undefined ? {} : { cutAt }),
  });

describe("flow properties on random histories", () => {
  it("ignores every event after asOf: a truncated history gives the same report", () => {
    fc.assert(
      fc.property(
        itemsArb,
        fc.integer({ min: 0, max: 450 }),
        fc.integer({ min: 0, max: 300 }),
        (items, t, back) => {
          const options = { from: h(t - back) };
          expect(flowMetrics(build(items, h(t)), h(t), options)).toEqual(
            flowMetrics(build(items), h(t), options),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps its totals consistent", () => {
    fc.assert(
      fc.property(itemsArb, fc.integer({ min: 0, max: 450 }), (items, t) => {
        const r = flowMetrics(build(items), h(t), { from: h(0) });
        const sum = (xs: readonly { count: number }[]) => xs.reduce((s, x) => s + x.count, 0);
        expect(sum(r.throughput.perDay)).toBe(r.throughput.total);
        expect(sum(r.throughput.perWeek)).toBe(r.throughput.total);
        const last = r.cumulativeFlow.at(-1)!;
        const existing = items.filter((_, i) => i * 7 <= t).length;
        expect(last.todo + last.inProgress + last.done).toBe(existing);
        expect(last.inProgress).toBe(r.wip.count);
        for (const f of r.finished) {
          if (f.cycleTimeHours !== null) expect(f.cycleTimeHours).toBeLessThanOrEqual(f.leadTimeHours!);
        }
      }),
      { numRuns: 200 },
    );
  });
});
