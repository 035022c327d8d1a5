import { createRng } from "../src/domain/random.ts";
import { forecastWhen, sampleFromDailyCounts, type ThroughputSample } from "../src/engine/forecast.ts";
import { percentile } from "../src/engine/stats.ts";
import { type Benchmark, result, timeBest } from "./harness.ts";

const TRIALS = 10_000;
const REMAINING = 500;
const START = "2026-03-02";

/** A realistic 12-week daily sample: about 1.5 items a weekday, 0.2 on weekend days, 1.1 a day overall. */
const realisticSample = (): ThroughputSample => {
  const rng = createRng(2026);
  const counts = Array.from({ length: 84 }, (_, i) => {
    const mean = i % 7 >= 5 ? 0.2 : 1.5;
    let k = 0;
    for (let p = rng.next(); p > Math.exp(-mean); p *= rng.next()) k++;
    return k;
  });
  return sampleFromDailyCounts("2025-12-08", counts);
};

/**
 * The textbook version: each trial keeps its sampled days in a fresh JS array until the items are
 * done (a running sum, no quadratic re-summing), durations collected in a JS array, sorted with a
 * comparator, percentiles interpolated. Same generator, same number of draws.
 */
const naiveWhen = (counts: readonly number[], remaining: number, trials: number, seed: number) => {
  const rng = createRng(seed);
  const durations: number[] = [];
  for (let t = 0; t < trials; t++) {
    const days: number[] = [];
    let done = 0;
    while (done < remaining) {
      const c = rng.pick(counts);
      days.push(c);
      done += c;
    }
    durations.push(days.length);
  }
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p85: percentile(durations, 85), p95: percentile(durations, 95) };
};

/**
 * A "when" forecast of 500 remaining items, 10,000 trials, from a realistic daily sample.
 * Baseline: the naive implementation above, measured in the same run.
 */
export const forecastBenchmark: Benchmark = {
  name: "forecast",
  async run() {
    const sample = realisticSample();
    const repeat = 5;
    let seed = 1;
    const baton = await timeBest(() => {
      for (let i = 0; i < repeat; i++)
        forecastWhen({ sample, start: START, seed: seed++, remaining: REMAINING, trials: TRIALS });
    });
    const naive = await timeBest(() => {
      for (let i = 0; i < repeat; i++) naiveWhen(sample.counts, REMAINING, TRIALS, seed++);
    });
    const perBaton = baton / repeat;
    const perNaive = naive / repeat;
    return [
      result(
        `"when" forecast, ${REMAINING} items, ${TRIALS.toLocaleString("en")} trials`,
        perBaton,
        "ms",
        perNaive,
        "a JS array per trial",
        `~${Math.round((REMAINING / sample.items) * sample.days)} simulated days per trial`,
      ),
      result(
        `"when" forecasts per second, ${REMAINING} items`,
        1000 / perBaton,
        "forecasts/s",
        1000 / perNaive,
        "a JS array per trial",
        "higher is better",
      ),
    ];
  },
};
