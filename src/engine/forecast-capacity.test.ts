import { describe, expect, it } from "vitest";
import { createRng } from "../domain/random.ts";
import type { PodMembership } from "../domain/types.ts";
import { plusDays } from "./flow-days.ts";
import {
  averageFte,
  capacitySeries,
  forecastHowMany,
  forecastWhen,
  rotationChanges,
  sampleFromDailyCounts,
} from "./forecast.ts";

const START = "2026-03-02";
const sample = (() => {
  const rng = createRng(21);
  return sampleFromDailyCounts(
    plusDays(START, -84),
    Array.from({ length: 84 }, () => rng.int(0, 3)),
  );
})();

describe("capacitySeries", () => {
  it("ramps a newcomer up linearly to full over the given weeks", () => {
    const s = capacitySeries({
      start: START,
      baselineFte: 4,
      changes: [{ kind: "add", from: "2026-03-09", fte: 1, rampUpWeeks: 2, label: "Ana joins" }],
    });
    expect(s.factors.slice(0, 7)).toEqual(new Array(7).fill(1));
    expect(s.factors[7]).toBeCloseTo(1 + 1 / 14 / 4, 10);
    expect(s.factors[20]).toBe(1.25);
    expect(s.factors.at(-1)).toBe(1.25);
    expect(s.assumptions).toEqual([
      "Throughput scales with capacity relative to 4 FTE in the history window",
      "Ana joins: +1 FTE from 2026-03-09, ramping up linearly to full over 2 weeks",
    ]);
  });

  it("takes time off for its days only and a removal for good (or until its end)", () => {
    const s = capacitySeries({
      start: START,
      baselineFte: 2,
      changes: [
        { kind: "time_off", from: "2026-03-03", to: "2026-03-04", fte: 1 },
        { kind: "remove", from: "2026-03-10", fte: 0.5 },
      ],
    });
    expect(s.factors).toEqual([1, 0.5, 0.5, 1, 1, 1, 1, 1, 0.75]);
  });

  it("models a rotation as ramp-up, hand-over time and a departure", () => {
    const changes = rotationChanges({
      at: "2026-03-09",
      fte: 1,
      rampUpWeeks: 4,
      handoverWeeks: 1,
      label: "Ben → Cy",
    });
    expect(changes.map((c) => [c.kind, c.from, c.to ?? null, c.fte])).toEqual([
      ["add", "2026-03-09", null, 1],
      ["remove", "2026-03-16", null, 1],
      ["time_off", "2026-03-09", "2026-03-15", 0.5],
    ]);
    const s = capacitySeries({ start: START, baselineFte: 5, changes });
    expect(s.factors[7]).toBeCloseTo((5 - 0.5 + 1 / 28) / 5, 10);
    expect(s.factors[14]).toBeCloseTo((5 - 1 + 8 / 28) / 5, 10);
    expect(s.factors.at(-1)).toBe(1);
  });

  it("computes the baseline FTE of a pod from its memberships", () => {
    const m = (id: string, pct: number, from: string, to: string | null): PodMembership => ({
      id,
      engagementId: "e",
      personId: id,
      role: "specialist",
      allocationPct: pct,
      from,
      to,
    });
    const fte = averageFte(
      [m("a", 100, "2025-01-01", null), m("b", 50, "2026-01-01", "2026-01-10")],
      "2026-01-01",
      "2026-01-20",
    );
    expect(fte).toBeCloseTo(1 + 0.5 * (10 / 20), 10);
  });
});

describe("forecasts with capacity", () => {
  it("roughly doubles the duration when capacity halves", () => {
    const half = capacitySeries({
      start: START,
      baselineFte: 4,
      changes: [{ kind: "remove", from: START, fte: 2 }],
    });
    const full = forecastWhen({ sample, start: START, seed: 3, remaining: 300 });
    const halved = forecastWhen({ sample, start: START, seed: 3, remaining: 300, capacity: half });
    if (full.kind !== "when" || halved.kind !== "when") throw new Error("refused");
    const ratio = halved.p50!.days / full.p50!.days;
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
    expect(halved.inputs.capacity?.assumptions).toContain("−2 FTE from 2026-03-02");
    expect(halved.inputs.capacity?.scaling).toBe("stochastic_rounding");
  });

  it("keeps the expected count proportional to capacity in 'how many'", () => {
    const boost = capacitySeries({
      start: START,
      baselineFte: 2,
      changes: [{ kind: "add", from: START, fte: 1 }],
    });
    const by = plusDays(START, 55);
    const base = forecastHowMany({ sample, start: START, seed: 4, by });
    const more = forecastHowMany({ sample, start: START, seed: 4, by, capacity: boost });
    if (base.kind !== "how_many" || more.kind !== "how_many") throw new Error("refused");
    expect(more.p50 / base.p50).toBeGreaterThan(1.42);
    expect(more.p50 / base.p50).toBeLessThan(1.58);
  });

  it("changes nothing with a series of ones", () => {
    const same = capacitySeries({ start: START, baselineFte: 3, changes: [] });
    const a = forecastWhen({ sample, start: START, seed: 6, remaining: 50 });
    const b = forecastWhen({ sample, start: START, seed: 6, remaining: 50, capacity: same });
    if (a.kind !== "when" || b.kind !== "when") throw new Error("refused");
    expect(b.distribution).toEqual(a.distribution);
  });
});
