import { describe, expect, it } from "vitest";
import { createRng } from "../domain/random.ts";
import { plusDays } from "./flow-days.ts";
import {
  estimateScopeGrowth,
  forecastWhen,
  forecastWhenWithScopeGrowth,
  sampleFromDailyCounts,
  scopeGrowthRate,
} from "./forecast.ts";

const START = "2026-03-02";
const sample = (() => {
  const rng = createRng(11);
  return sampleFromDailyCounts(
    plusDays(START, -84),
    Array.from({ length: 84 }, () => rng.int(0, 3)),
  );
})();

describe("estimateScopeGrowth", () => {
  it("takes the net growth per week between the first and last observation", () => {
    const g = estimateScopeGrowth([
      { at: "2026-01-19", items: 40 },
      { at: "2026-02-02T09:00:00.000Z", items: 47 },
      { at: "2026-03-02", items: 52 },
    ]);
    expect(g.itemsPerWeek).toBe(2);
    expect(g.observed).toEqual({
      from: "2026-01-19",
      to: "2026-03-02",
      weeks: 6,
      fromItems: 40,
      toItems: 52,
    });
    expect(g.note).toBe("scope grew from 40 to 52 items over 6 weeks (2 a week)");
  });

  it("models no growth when scope shrank, when there is one point, or less than a week", () => {
    expect(
      estimateScopeGrowth([
        { at: "2026-01-05", items: 30 },
        { at: "2026-02-02", items: 25 },
      ]).itemsPerWeek,
    ).toBe(0);
    expect(estimateScopeGrowth([{ at: "2026-01-05", items: 30 }]).note).toContain("no scope history");
    expect(
      estimateScopeGrowth([
        { at: "2026-01-05", items: 30 },
        { at: "2026-01-08", items: 35 },
      ]).note,
    ).toContain("less than a week");
  });

  it("limits the estimate to a window, measured from the observation before it", () => {
    const weekly = Array.from({ length: 10 }, (_, i) => ({
      at: plusDays("2026-01-05", 7 * i),
      items: i < 6 ? 20 : 20 + 3 * (i - 5),
    }));
    expect(estimateScopeGrowth(weekly, { windowWeeks: 4 }).itemsPerWeek).toBe(3);
    expect(estimateScopeGrowth(weekly).itemsPerWeek).toBeCloseTo(12 / 9, 10);
  });
});

describe("forecasts with scope growth", () => {
  it("moves every percentile later, never earlier, trial by trial from the same draws", () => {
    const r = forecastWhenWithScopeGrowth({
      sample,
      start: START,
      seed: 5,
      remaining: 60,
      scopeGrowth: scopeGrowthRate(3),
    });
    if (r.kind !== "when_with_growth") throw new Error("refused");
    for (const k of ["p50", "p85", "p95"] as const) {
      expect(r.withGrowth[k]!.days).toBeGreaterThan(r.withoutGrowth[k]!.days);
    }
    expect(r.withGrowth.inputs.scopeGrowth?.itemsPerWeek).toBe(3);
    expect(r.withoutGrowth.inputs.scopeGrowth).toBeNull();
    expect(r.summary).toBe(
      `If scope keeps growing as it has (3 items a week), P85 moves from ${r.withoutGrowth.p85!.date} to ${r.withGrowth.p85!.date}.`,
    );
  });

  it("adds about the expected scope: growth g against throughput t stretches the mean duration by t / (t − g)", () => {
    const base = forecastWhen({ sample, start: START, seed: 8, remaining: 200 });
    const grown = forecastWhen({
      sample,
      start: START,
      seed: 8,
      remaining: 200,
      scopeGrowth: scopeGrowthRate(3.5),
    });
    if (base.kind !== "when" || grown.kind !== "when") throw new Error("refused");
    const perWeek = base.inputs.sample.itemsPerWeek;
    const expected = base.p50!.days * (perWeek / (perWeek - 3.5));
    expect(grown.p50!.days).toBeGreaterThan(expected * 0.95);
    expect(grown.p50!.days).toBeLessThan(expected * 1.05);
  });

  it("keeps the forecast unchanged with a zero rate", () => {
    const r = forecastWhenWithScopeGrowth({
      sample,
      start: START,
      seed: 5,
      remaining: 60,
      scopeGrowth: scopeGrowthRate(0),
    });
    if (r.kind !== "when_with_growth") throw new Error("refused");
    expect(r.withGrowth.distribution).toEqual(r.withoutGrowth.distribution);
    expect(r.summary).toContain("P85 stays");
  });
});
