import { detectSignals } from "../src/engine/signals/index.ts";
import { deriveSeries } from "../src/engine/signals/series.ts";
import { type Benchmark, result, timeBest } from "./harness.ts";
import { evaluateSignals, evaluationEngagement, scoreSignals, scoreTable } from "./signals-eval.ts";

/**
 * Signals: the evaluation against the simulator's injected scenarios (printed as a table: detection
 * rate, lead time, false alarms, precision per pattern), then the cost of one run of every detector
 * beside computing the metric series they share. `BATON_SIGNALS_SEEDS` sets the engagements per
 * scenario (default 10: 80 engagements).
 */
export const signalsBenchmark: Benchmark = {
  name: "signals",
  run: async () => {
    const seeds = Number(process.env.BATON_SIGNALS_SEEDS ?? 10);
    const started = performance.now();
    const runs = await evaluateSignals(seeds);
    const scores = scoreSignals(runs);
    const seconds = Math.round((performance.now() - started) / 1000);
    const json = process.argv.includes("--json");
    const table = `Signals evaluation: ${runs.length} simulated engagements (${seeds} per scenario, healthy included), detectors replayed every 3.5 days (${seconds} s)\n${scoreTable(scores)}\n\n`;
    (json ? process.stderr : process.stdout).write(table);

    const e = await evaluationEngagement(1, "scope_drift", "2026-04-27");
    const asOf = "2026-06-15T12:00:00.000Z";
    const series = await timeBest(() => deriveSeries(e.history, asOf));
    const all = await timeBest(() => detectSignals(e.history, asOf));
    const detection = scores.filter((s) => s.engagements > 0);
    const detected = detection.reduce((n, s) => n + s.detected, 0);
    const falseAlarms = detection.reduce((n, s) => n + s.falseAlarms, 0);
    return [
      result(
        "signals: every detector, one engagement",
        all,
        "ms",
        series,
        "the metric series alone",
        `scenario patterns: ${detected} of ${detection.reduce((n, s) => n + s.engagements, 0)} detected, precision ${(detected / Math.max(1, detected + falseAlarms)).toFixed(2)}`,
      ),
    ];
  },
};
