/**
 * The metrics benchmark's engine half alone, split by family, for working on the engine:
 * `node --import tsx bench/metrics-phases.ts [sprints|flow|reviews|dora] [--runs N]`.
 * Prints each run's milliseconds per family and the best run. `npm run bench metrics` is the
 * benchmark of record (it also checks every figure against DuckDB).
 */
import { doraMetrics } from "../src/engine/dora.ts";
import { flowMetrics } from "../src/engine/flow.ts";
import { reviewMetrics } from "../src/engine/reviews.ts";
import { sprintMetrics } from "../src/engine/sprints.ts";
import { sampleConfig } from "../src/sources/simulator/index.ts";
import { benchPortfolio } from "./portfolio.ts";

const FAMILIES = ["sprints", "flow", "reviews", "dora"] as const;
type Family = (typeof FAMILIES)[number];

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 6;
const only = FAMILIES.filter((f) => args.includes(f));
const families: readonly Family[] = only.length > 0 ? only : FAMILIES;

const portfolio = await benchPortfolio(6, Number(process.env.BATON_BENCH_METRICS_SCALE ?? 42));
const asOf = `${sampleConfig().endDate}T23:59:59.999Z`;
let from = asOf;
for (const batch of portfolio.batches) for (const e of batch.events ?? []) if (e.at < from) from = e.at;

const compute: Record<Family, (h: (typeof portfolio.histories)[number]) => unknown> = {
  sprints: (h) => sprintMetrics(h, asOf),
  flow: (h) => flowMetrics(h, asOf, { from }),
  reviews: (h) => reviewMetrics(h, asOf, { from }),
  dora: (h) => doraMetrics(h, asOf, { from, to: asOf }),
};

let best: Record<string, number> | null = null;
/** Reports per run, held like a caller would hold them until the run ends. */
let reports = 0;
for (let run = 0; run < runs; run++) {
  const times: Record<string, number> = {};
  for (const family of families) {
    const start = performance.now();
    reports += portfolio.histories.map((h) => compute[family](h)).length;
    times[family] = Math.round(performance.now() - start);
  }
  const total = Object.values(times).reduce((a, b) => a + b, 0);
  times.total = total;
  process.stdout.write(`run ${run + 1}: ${JSON.stringify(times)}\n`);
  if (run > 0 && (best === null || total < best.total!)) best = times;
}
process.stdout.write(
  `best: ${JSON.stringify(best)} (${portfolio.events.toLocaleString("en")} events, ${reports} reports)\n`,
);
