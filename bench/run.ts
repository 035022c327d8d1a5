import { asOfBenchmark } from "./as-of.bench.ts";
import { calendarBenchmark } from "./calendar.bench.ts";
import { forecastBenchmark } from "./forecast.bench.ts";
import { githubBenchmark } from "./github.bench.ts";
import { type Benchmark, type BenchResult, formatTable } from "./harness.ts";
import { ingestBenchmark } from "./ingest.bench.ts";
import { jiraBenchmark } from "./jira.bench.ts";
import { metricsBenchmark } from "./metrics.bench.ts";
import { searchBenchmark } from "./search.bench.ts";
import { serverBenchmark } from "./server.bench.ts";
import { signalsBenchmark } from "./signals.bench.ts";

const BENCHMARKS: readonly Benchmark[] = [
  asOfBenchmark,
  calendarBenchmark,
  forecastBenchmark,
  githubBenchmark,
  ingestBenchmark,
  jiraBenchmark,
  metricsBenchmark,
  searchBenchmark,
  serverBenchmark,
  signalsBenchmark,
];

const args = process.argv.slice(2);
const json = args.includes("--json");
const only = args.filter((a) => !a.startsWith("--"));

const results: BenchResult[] = [];
for (const bench of BENCHMARKS) {
  if (only.length > 0 && !only.some((o) => bench.name.includes(o))) continue;
  if (!json) process.stderr.write(`running ${bench.name}…\n`);
  results.push(...(await bench.run()));
}
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  json
    ? `${JSON.stringify({ results, peakRssMb }, null, 2)}\n`
    : `${formatTable(results)}\n\npeak RSS: ${peakRssMb} MB\n`,
);
