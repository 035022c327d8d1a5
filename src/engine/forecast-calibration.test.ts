import { describe, expect, it } from "vitest";
import { createRng } from "../domain/random.ts";
import { plusDays } from "./flow-days.ts";
import { backtestForecasts } from "./forecast-backtest.ts";

/**
 * The backtest machinery on a history whose throughput really is what the model assumes
 * (independent Poisson days): there the P85 must be met close to 85 % of the time.
 */

const stationary = (days: number, perDay: number, seed: number): string[] => {
  const rng = createRng(seed);
  const dates: string[] = [];
  for (let d = 0; d < days; d++) {
    let k = 0;
    for (let p = rng.next(); p > Math.exp(-perDay); p *= rng.next()) k++;
    for (let i = 0; i < k; i++) dates.push(plusDays("2020-01-06", d));
  }
  return dates;
};

describe("backtestForecasts on stationary throughput", () => {
  const dates = stationary(900, 1.2, 42);
  const r = backtestForecasts(dates, { seed: 3, trials: 2_000 });

  it("meets P50, P85 and P95 about as often as promised", () => {
    expect(r.refused).toBe(0);
    expect(r.whenOverall.points).toBeGreaterThan(300);
    expect(r.whenOverall.p50).toBeGreaterThan(0.4);
    expect(r.whenOverall.p50).toBeLessThan(0.65);
    expect(r.whenOverall.p85).toBeGreaterThan(0.78);
    expect(r.whenOverall.p85).toBeLessThan(0.92);
    expect(r.whenOverall.p95).toBeGreaterThan(0.88);
    for (const h of r.howMany) {
      expect(h.p85).toBeGreaterThan(0.75);
      expect(h.p85).toBeLessThan(0.93);
    }
  });

  it("checks only outcomes that were observed", () => {
    const last = r.whenPoints.at(-1)!;
    expect(plusDays(last.start, last.actualDays - 1) <= r.inputs.observedUntil).toBe(true);
    expect(r.when.map((w) => w.items)).toEqual([10, 20, 30]);
    expect(r.when[0]!.points).toBeGreaterThanOrEqual(r.when[2]!.points);
  });

  it("refuses the points without the minimum history and says how many", () => {
    const sparse = backtestForecasts(stationary(300, 0.5, 5), { seed: 1, trials: 500 });
    expect(sparse.refused).toBeGreaterThan(0);
    expect(sparse.forecastPoints).toBeGreaterThan(sparse.refused);
  });

  it("is deterministic for a seed", () => {
    const again = backtestForecasts(dates, { seed: 3, trials: 2_000 });
    expect(again.whenOverall).toEqual(r.whenOverall);
  });
});
