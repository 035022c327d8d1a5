import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { type DoraReport, doraMetrics } from "../src/engine/dora.ts";
import { type FlowReport, flowMetrics } from "../src/engine/flow.ts";
import type { EngagementHistory } from "../src/engine/history.ts";
import { type ReviewMetrics, reviewMetrics } from "../src/engine/reviews.ts";
import { type SprintReport, sprintMetrics } from "../src/engine/sprints.ts";
import { sampleConfig } from "../src/sources/simulator/index.ts";
import { baselineSql, loadDuckDb } from "./duckdb-baseline.ts";
import { type Benchmark, result, timeBest } from "./harness.ts";
import { benchPortfolio } from "./portfolio.ts";

const ENGAGEMENTS = 6;
/** 6 engagements at scale 42 give just over a million events. */
const SCALE = Number(process.env.BATON_BENCH_METRICS_SCALE ?? 42);

/** The engine's four metric families for one engagement. */
interface EngineReports {
  readonly sprints: readonly SprintReport[];
  readonly flow: FlowReport;
  readonly reviews: ReviewMetrics;
  readonly dora: DoraReport;
}

/** Figures by key (`<subject> <id> <figure>`); null figures are left out on both sides. */
type Figures = Map<string, number>;

interface ResultSet {
  readonly names: readonly string[];
  readonly rows: readonly (readonly DuckDBValue[])[];
}

/** Runs every statement and reads the results as JS values: the timed part of the baseline. */
const runBaseline = async (connection: DuckDBConnection, sql: readonly string[]): Promise<ResultSet[]> => {
  const results: ResultSet[] = [];
  for (const statement of sql) {
    const reader = await connection.runAndReadAll(statement);
    if (!statement.trimStart().startsWith("create"))
      results.push({ names: reader.columnNames(), rows: reader.getRows() });
  }
  return results;
};

/** The figures of the results: `<prefix> <column name>` → value, nulls left out. */
const figureRows = (results: readonly ResultSet[]): Figures => {
  const out: Figures = new Map();
  for (const { names, rows } of results) {
    for (const row of rows) {
      for (let c = 1; c < names.length; c++) {
        const key = `${String(row[0])} ${names[c]}`;
        // A key produced twice is a bug in the SQL: it shows up as a disagreement.
        if (out.has(key)) out.set(`duplicate ${key}`, 1);
        if (row[c] !== null) out.set(key, Number(row[c]));
      }
    }
  }
  return out;
};

/**
 * Pull requests whose review clocks are plain wall clock from the request: never converted back
 * to draft, closed or reopened, with one `created` event. The DuckDB side restricts itself the same way.
 */
const simplePullRequests = (history: EngagementHistory, asOf: string): Set<string> => {
  const simple = new Set<string>();
  for (const pr of history.pullRequests) {
    const events = history.eventsOf(pr.id).filter((e) => e.at <= asOf);
    const pauses = events.some((e) => ["converted_to_draft", "closed", "reopened"].includes(e.kind));
    if (!pauses && events.filter((e) => e.kind === "created").length === 1) simple.add(pr.id);
  }
  return simple;
};

/** The engine's figures under the keys the SQL produces. */
const engineFigures = (
  histories: readonly EngagementHistory[],
  reports: readonly EngineReports[],
  asOf: string,
): Figures => {
  const out: Figures = new Map();
  const set = (key: string, value: number | null) => {
    if (value !== null) out.set(key, value);
  };
  reports.forEach(({ sprints, flow, reviews, dora }, i) => {
    const history = histories[i]!;
    const eng = history.engagement.id;
    for (const r of sprints) {
      if (r.state === "future") continue;
      set(`sprint ${r.sprintId} planned items`, r.planned.items);
      set(`sprint ${r.sprintId} planned points`, r.planned.points);
      set(`sprint ${r.sprintId} completed items`, r.completed.items);
      set(`sprint ${r.sprintId} velocity`, r.velocity);
    }
    for (const f of flow.finished) {
      set(`item ${f.itemId} cycle h`, f.cycleTimeHours);
      set(`item ${f.itemId} lead h`, f.leadTimeHours);
    }
    if (flow.finished.length > 0) {
      set(`flow ${eng} finished`, flow.finished.length);
      set(`flow ${eng} cycle p50`, flow.cycleTime.p50Hours);
      set(`flow ${eng} cycle p85`, flow.cycleTime.p85Hours);
      set(`flow ${eng} lead p50`, flow.leadTime.p50Hours);
      set(`flow ${eng} lead p85`, flow.leadTime.p85Hours);
    }
    for (const w of flow.throughput.perWeek)
      if (w.count > 0) set(`week ${eng} ${w.date} throughput`, w.count);
    const simple = simplePullRequests(history, asOf);
    for (const r of reviews.requests) {
      if (r.endedBy === "review" && !r.team && simple.has(r.prId)) set(`request ${r.id} hours`, r.hours);
    }
    set(`dora ${eng} successful`, dora.deployments.successful);
    set(`dora ${eng} failed`, dora.deployments.failed);
    set(`dora ${eng} change failure rate`, dora.changeFailureRate);
    set(`dora ${eng} per week`, dora.deploymentFrequencyPerWeek);
    set(`dora ${eng} lead p50`, dora.changeLeadTimeHours.median);
    set(`dora ${eng} lead p85`, dora.changeLeadTimeHours.p85);
    set(`dora ${eng} changes`, dora.changeLeadTimeHours.count);
    set(`dora ${eng} recovery p50`, dora.recoveryHours.median);
    set(`dora ${eng} recoveries`, dora.recoveryHours.count);
  });
  return out;
};

/**
 * Percentiles may differ by one unit of the engine's two-decimal rounding: quantile_cont and the
 * engine's R7 interpolation are the same formula but not the same floating-point operations, and
 * a last-bit difference can cross a rounding boundary. Everything else must agree to 1e-9.
 */
const tolerance = (key: string) => (/(p50|p85)$/.test(key) ? 0.010_001 : 1e-9);

interface Agreement {
  readonly total: number;
  readonly agree: number;
  /** Figures compared per kind (the key's first word: sprint, item, flow, week, request, dora). */
  readonly kinds: ReadonlyMap<string, number>;
  /** Disagreements per kind. */
  readonly wrong: ReadonlyMap<string, number>;
  readonly examples: readonly string[];
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

const compare = (engine: Figures, sql: Figures): Agreement => {
  const keys = new Set([...engine.keys(), ...sql.keys()]);
  const examples: string[] = [];
  let agree = 0;
  const kinds = new Map<string, number>();
  const wrong = new Map<string, number>();
  for (const key of keys) {
    const kind = key.slice(0, key.indexOf(" "));
    bump(kinds, kind);
    const a = engine.get(key);
    const b = sql.get(key);
    const same = a !== undefined && b !== undefined && Math.abs(a - b) <= tolerance(key);
    if (same) agree++;
    else {
      bump(wrong, kind);
      if (examples.length < 12) examples.push(`${key}: Baton ${a} vs DuckDB ${b}`);
    }
  }
  return { total: keys.size, agree, kinds, wrong, examples };
};

const mb = (kb: number) => Math.round(kb / 1024);
const fmt = (n: number) => Math.round(n).toLocaleString("en");

/**
 * Full recompute of every metric (sprints, flow, code review, DORA) for a simulated portfolio of
 * over a million events, against DuckDB computing the same aggregates in SQL over the same data,
 * loaded into memory with proper types. Both sides are cross-checked figure by figure.
 */
export const metricsBenchmark: Benchmark = {
  name: "metrics",
  async run() {
    const portfolio = await benchPortfolio(ENGAGEMENTS, SCALE);
    const afterBuildKb = process.resourceUsage().maxRSS;
    const histories = portfolio.histories;
    const asOf = `${sampleConfig().endDate}T23:59:59.999Z`;
    let from = asOf;
    for (const batch of portfolio.batches) for (const e of batch.events ?? []) if (e.at < from) from = e.at;

    // Each run records its time per metric family; the note shows the split of the fastest run.
    const runs: { total: number; phases: Record<"sprints" | "flow" | "reviews" | "dora", number> }[] = [];
    let reports: EngineReports[] | null = null;
    const batonMs = await timeBest(() => {
      const phases = { sprints: 0, flow: 0, reviews: 0, dora: 0 };
      const timed = <T>(phase: keyof typeof phases, fn: () => T): T => {
        const start = performance.now();
        const value = fn();
        phases[phase] += performance.now() - start;
        return value;
      };
      const computed = histories.map((h) => ({
        sprints: timed("sprints", () => sprintMetrics(h, asOf)),
        flow: timed("flow", () => flowMetrics(h, asOf, { from })),
        reviews: timed("reviews", () => reviewMetrics(h, asOf, { from })),
        dora: timed("dora", () => doraMetrics(h, asOf, { from, to: asOf })),
      }));
      reports ??= computed;
      runs.push({ total: Object.values(phases).reduce((x, y) => x + y, 0), phases });
    });
    const best = runs.slice(1).reduce((x, y) => (y.total < x.total ? y : x));
    const afterEngineKb = process.resourceUsage().maxRSS;

    const duck = await loadDuckDb(portfolio);
    let results: ResultSet[] = [];
    let duckMs: number;
    let threads = "?";
    try {
      const setting = await duck.connection.runAndReadAll("select current_setting('threads')");
      threads = String(setting.getRows()[0]?.[0] ?? "?");
      const sql = baselineSql(asOf, from);
      duckMs = await timeBest(async () => {
        results = await runBaseline(duck.connection, sql);
      });
    } finally {
      duck.close();
    }
    const check = compare(engineFigures(histories, reports ?? [], asOf), figureRows(results));
    if (check.examples.length > 0) {
      const byKind = [...check.wrong].map(([k, n]) => `${k} ${n}`).join(", ");
      process.stderr.write(
        `metrics: ${check.total - check.agree} disagreements (${byKind}), e.g.\n  ${check.examples.join("\n  ")}\n`,
      );
    }
    const compared = [...check.kinds].map(([k, n]) => `${k} ${n.toLocaleString("en")}`).join(", ");
    const p = Object.fromEntries(Object.entries(best.phases).map(([k, v]) => [k, fmt(v)]));
    return [
      result(
        `recompute all metrics, ${portfolio.events.toLocaleString("en")} events, ${ENGAGEMENTS} engagements`,
        batonMs,
        "ms",
        duckMs,
        `DuckDB SQL, same aggregates (${threads} threads)`,
        `aggregates agree: ${check.agree.toLocaleString("en")} of ${check.total.toLocaleString("en")} ` +
          `(${compared}); ` +
          `DuckDB load ${fmt(duck.loadMs)} ms (untimed); Baton (one thread) best run: sprints ${p.sprints}, ` +
          `flow ${p.flow}, reviews ${p.reviews}, DORA ${p.dora} ms`,
      ),
      result(
        "peak RSS after the engine runs",
        mb(afterEngineKb),
        "MB",
        mb(afterBuildKb),
        "peak RSS after building the portfolio",
        `peak after DuckDB load and queries: ${mb(process.resourceUsage().maxRSS)} MB (same process)`,
      ),
    ];
  },
};
