import { describe, expect, it } from "vitest";
import { createRng } from "../domain/random.ts";
import { plusDays } from "./flow-days.ts";
import {
  type ForecastRefusal,
  forecastHowMany,
  forecastWhen,
  type HowManyForecast,
  sampleFromDailyCounts,
  type ThroughputSample,
  throughputSample,
  type WhenForecast,
} from "./forecast.ts";

const START = "2026-03-02"; // a Monday
const FROM = plusDays(START, -84);

/** A daily sample of 12 weeks ending the day before START, repeating `pattern`. */
const daily = (pattern: readonly number[], days = 84): ThroughputSample =>
  sampleFromDailyCounts(
    plusDays(START, -days),
    Array.from({ length: days }, (_, i) => pattern[i % pattern.length]!),
  );

const when = (r: WhenForecast | ForecastRefusal): WhenForecast => {
  if (r.kind !== "when") throw new Error(r.message);
  return r;
};
const howMany = (r: HowManyForecast | ForecastRefusal): HowManyForecast => {
  if (r.kind !== "how_many") throw new Error(r.message);
  return r;
};

/** A realistic daily throughput: Poisson(1.1) per day, quieter at weekends. */
const realistic = (): ThroughputSample => {
  const rng = createRng(7);
  const counts = Array.from({ length: 84 }, (_, i) => {
    const mean = i % 7 >= 5 ? 0.2 : 1.5;
    let k = 0;
    for (let p = rng.next(); p > Math.exp(-mean); p *= rng.next()) k++;
    return k;
  });
  return sampleFromDailyCounts(FROM, counts);
};

describe("forecastWhen on hand-checked samples", () => {
  it("a constant 2 a day finishes 10 items in exactly 5 days at every percentile", () => {
    const r = when(forecastWhen({ sample: daily([2]), start: START, seed: 1, remaining: 10 }));
    for (const p of [r.p50, r.p85, r.p95]) expect(p).toEqual({ days: 5, date: "2026-03-06" });
    expect(r.distribution).toEqual([{ days: 5, date: "2026-03-06", trials: 10_000 }]);
    expect(r.unfinishedTrials).toBe(0);
  });

  it("gives the probability of finishing by a target date, the target day included", () => {
    const sure = when(
      forecastWhen({ sample: daily([2]), start: START, seed: 1, remaining: 10, targetDate: "2026-03-06" }),
    );
    expect(sure.target).toEqual({ date: "2026-03-06", probability: 1 });
    const never = when(
      forecastWhen({ sample: daily([2]), start: START, seed: 1, remaining: 10, targetDate: "2026-03-05" }),
    );
    expect(never.target?.probability).toBe(0);
  });

  it("matches the negative binomial on a sample of 0, 4, 4 (two 4s needed for 8 items)", () => {
    const r = when(
      forecastWhen({ sample: daily([0, 4, 4]), start: START, seed: 3, remaining: 8, trials: 100_000 }),
    );
    // P(day = d) = (d − 1)(2/3)²(1/3)^(d−2): CDF 0.444, 0.741, 0.889, 0.955 at 2, 3, 4, 5 days.
    expect([r.p50?.days, r.p85?.days, r.p95?.days]).toEqual([3, 4, 5]);
    const exact = (d: number) => (d - 1) * (4 / 9) * (1 / 3) ** (d - 2);
    for (const bin of r.distribution.slice(0, 5)) {
      expect(bin.trials / 100_000).toBeCloseTo(exact(bin.days), 2);
    }
  });

  it("interpolates within a week when sampling weekly throughput", () => {
    const weekly = sampleFromDailyCounts(FROM, new Array(84).fill(2), { unit: "week" });
    expect(weekly.counts).toEqual(new Array(12).fill(14));
    const two = when(forecastWhen({ sample: weekly, start: START, seed: 1, remaining: 28 }));
    expect(two.p85?.days).toBe(14);
    const oneAndHalf = when(forecastWhen({ sample: weekly, start: START, seed: 1, remaining: 21 }));
    expect(oneAndHalf.p50).toEqual({ days: 11, date: "2026-03-12" });
  });

  it("skips non-working days in working-day mode", () => {
    const weekdays = sampleFromDailyCounts(
      FROM,
      Array.from({ length: 84 }, (_, i) => (i % 7 < 5 ? 2 : 0)),
      {
        dayMode: "working",
      },
    );
    expect(weekdays.counts).toEqual(new Array(60).fill(2));
    const week = when(forecastWhen({ sample: weekdays, start: START, seed: 1, remaining: 10 }));
    expect(week.p95?.date).toBe("2026-03-06");
    const overWeekend = when(forecastWhen({ sample: weekdays, start: START, seed: 1, remaining: 12 }));
    expect(overWeekend.p50?.date).toBe("2026-03-09");
  });

  it("folds weekend completions into the next working day in working-day mode", () => {
    const s = sampleFromDailyCounts("2026-01-03", [1, 2, 0, 1, 0, 0, 0], { dayMode: "working" }); // Sat…Fri
    expect(s.counts).toEqual([3, 1, 0, 0, 0]);
    expect(s.items).toBe(4);
  });

  it("reports no date for percentiles beyond the horizon", () => {
    const r = when(
      forecastWhen({
        sample: daily([1, 0, 0, 0, 0, 0, 0]),
        start: START,
        seed: 1,
        remaining: 10,
        horizonDays: 30,
        minItems: 1,
      }),
    );
    expect(r.p50).toBeNull();
    expect(r.unfinishedTrials).toBeGreaterThan(9_000);
  });
});

describe("forecastHowMany", () => {
  it("a constant 2 a day finishes exactly 20 items in 10 days", () => {
    const r = howMany(forecastHowMany({ sample: daily([2]), start: START, seed: 1, by: "2026-03-11" }));
    expect([r.days, r.p50, r.p85, r.p95]).toEqual([10, 20, 20, 20]);
  });

  it("reads P85 as 'at least this many with 85 % probability' (the 15th percentile)", () => {
    // Two days of 0, 4 or 4: 0 items 1/9, 4 items 4/9, 8 items 4/9. P(≥ 8) = 0.44, P(≥ 4) = 0.89.
    const r = howMany(
      forecastHowMany({ sample: daily([0, 4, 4]), start: START, seed: 5, by: "2026-03-03", trials: 100_000 }),
    );
    expect([r.p50, r.p85, r.p95]).toEqual([4, 4, 0]);
    expect(r.distribution.map((b) => b.items)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("takes a partial week in proportion to its days", () => {
    const weekly = sampleFromDailyCounts(FROM, new Array(84).fill(2), { unit: "week" });
    const r = howMany(forecastHowMany({ sample: weekly, start: START, seed: 1, by: plusDays(START, 9) }));
    expect(r.p50).toBe(20);
  });
});

describe("minimum history", () => {
  it("refuses below 30 finished items, saying what is missing", () => {
    const r = forecastWhen({ sample: daily([1, 0, 0]), start: START, seed: 1, remaining: 5 });
    expect(r.kind).toBe("refused");
    if (r.kind !== "refused") return;
    expect(r.history.items).toBe(28);
    expect(r.missing).toEqual({ items: 2, weeks: 0 });
    expect(r.message).toContain("2 more finished items");
  });

  it("refuses below 5 weeks even with many items, and honours both parameters", () => {
    const short = daily([3], 21);
    const r = forecastHowMany({ sample: short, start: START, seed: 1, by: "2026-03-10" });
    expect(r.kind === "refused" && r.missing).toEqual({ items: 0, weeks: 2 });
    expect(
      forecastHowMany({ sample: short, start: START, seed: 1, by: "2026-03-10", minWeeks: 3 }).kind,
    ).toBe("how_many");
    expect(
      forecastWhen({ sample: daily([1, 0, 0]), start: START, seed: 1, remaining: 5, minItems: 20 }).kind,
    ).toBe("when");
  });

  it("builds the window from finish instants, never before the history starts", () => {
    const finishes = ["2026-02-20T10:00:00.000Z", "2026-02-27T23:30:00.000Z", "2026-03-02T08:00:00.000Z"];
    const s = throughputSample(finishes, { asOf: "2026-03-02T12:00:00.000Z" });
    expect([s.from, s.to, s.items, s.days]).toEqual(["2026-02-20", "2026-03-01", 2, 10]);
    const berlin = throughputSample(finishes, {
      asOf: "2026-03-02T12:00:00.000Z",
      timeZone: "Europe/Berlin",
      historyStart: "2025-01-01",
    });
    expect([berlin.from, berlin.counts.at(-2), berlin.counts.at(-1)]).toEqual(["2025-12-08", 1, 0]);
  });
});

describe("determinism and convergence", () => {
  it("gives identical results for the same seed", () => {
    const a = forecastWhen({ sample: realistic(), start: START, seed: 42, remaining: 60 });
    const b = forecastWhen({ sample: realistic(), start: START, seed: 42, remaining: 60 });
    expect(a).toEqual(b);
    const c = when(forecastWhen({ sample: realistic(), start: START, seed: 43, remaining: 60 }));
    expect(c.distribution).not.toEqual(when(a).distribution);
  });

  it("agrees within a day across seeds at 100,000 trials", () => {
    const [a, b] = [1, 2].map((seed) =>
      when(forecastWhen({ sample: realistic(), start: START, seed, remaining: 100, trials: 100_000 })),
    );
    for (const k of ["p50", "p85", "p95"] as const) {
      expect(Math.abs(a![k]!.days - b![k]!.days)).toBeLessThanOrEqual(1);
    }
    const [x, y] = [1, 2].map((seed) =>
      howMany(
        forecastHowMany({
          sample: realistic(),
          start: START,
          seed,
          by: plusDays(START, 41),
          trials: 100_000,
        }),
      ),
    );
    for (const k of ["p50", "p85", "p95"] as const) expect(Math.abs(x![k] - y![k])).toBeLessThanOrEqual(1);
  });

  it("narrows the gap between seeds as trials grow", () => {
    const spread = (trials: number) => {
      const p85s = [1, 2, 3, 4].map(
        (seed) =>
          when(forecastWhen({ sample: realistic(), start: START, seed, remaining: 100, trials })).p85!.days,
      );
      return Math.max(...p85s) - Math.min(...p85s);
    };
    expect(spread(100_000)).toBeLessThanOrEqual(spread(200));
    expect(spread(100_000)).toBeLessThanOrEqual(1);
  });

  it("states its inputs", () => {
    const r = when(forecastWhen({ sample: realistic(), start: START, seed: 9, remaining: 30 }));
    expect(r.inputs).toMatchObject({
      start: START,
      seed: 9,
      trials: 10_000,
      horizonDays: 3_650,
      scopeGrowth: null,
      capacity: null,
      sample: { unit: "day", dayMode: "calendar", from: FROM, to: "2026-03-01", periods: 84, weeks: 12 },
    });
  });
});
