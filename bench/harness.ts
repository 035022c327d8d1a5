/**
 * The benchmark harness behind `npm run bench`. Every benchmark measures Baton beside a baseline
 * measured in the same run on the same machine, and reports the ratio: absolute times vary
 * between machines, ratios much less.
 */
export interface BenchResult {
  readonly name: string;
  /** Baton's figure. */
  readonly value: number;
  readonly unit: string;
  /** The baseline's figure in the same unit. */
  readonly baseline: number;
  /** What the baseline is. */
  readonly baselineName: string;
  /** value ÷ baseline. For times, below 1 means Baton is faster. */
  readonly ratio: number;
  readonly note?: string;
}

export interface Benchmark {
  readonly name: string;
  run(): Promise<readonly BenchResult[]>;
}

/** Wall-clock milliseconds of `fn`, best of `repeat` runs after one warm-up. */
export const timeBest = async (fn: () => unknown | Promise<unknown>, repeat = 3): Promise<number> => {
  await fn();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    await fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
};

export const result = (
  name: string,
  value: number,
  unit: string,
  baseline: number,
  baselineName: string,
  note?: string,
): BenchResult => ({
  name,
  value: round(value),
  unit,
  baseline: round(baseline),
  baselineName,
  ratio: round(baseline === 0 ? Number.NaN : value / baseline),
  ...(note ? { note } : {}),
});

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000);

export const formatTable = (results: readonly BenchResult[]): string => {
  const rows = results.map((r) => [
    r.name,
    `${r.value} ${r.unit}`,
    `${r.baseline} ${r.unit}`,
    r.baselineName,
    `${r.ratio}×`,
    r.note ?? "",
  ]);
  const header = ["BENCHMARK", "BATON", "BASELINE", "BASELINE IS", "RATIO", "NOTE"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "─".repeat(w))), ...rows.map(line)].join("\n");
};
