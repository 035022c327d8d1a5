import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedData } from "../testing/shared-data.ts";
import { type BacktestOptions, type BacktestResult, backtestForecasts } from "./forecast-backtest.ts";
import { daysBetween } from "./forecast-sample.ts";

/**
 * Calibration of the Monte Carlo forecasts on real delivery data: 4,123 finished tasks of two
 * anonymised Scrum projects (../shared/data/jira-cycle-times, MIT, rueedlinger/agile-project-dataset).
 * Each project is backtested on its own: every week, "when will the next 10/20/30 items finish?"
 * and "how many in the next 2/4/8 weeks?" from the 12 weeks before, checked against what happened.
 *
 * The rows with cycle_time_days −1 (about 1,660): in every one of them finished_date is exactly one
 * day before created_date, and in every other row cycle_time_days is exactly finished − created.
 * So −1 is not a missing value but a clamp of a −1-day difference: the task was created and closed
 * around the same day and the two stamps disagree by a day (the tracker clean-up). Their finish
 * dates spread over the years like everyone else's, on no special days; they are real completions
 * and stay in the throughput (dropping them would remove 40 % of the throughput). The test checks
 * these facts and prints the decision.
 */

const { path: CSV, present } = sharedData("jira-cycle-times/jira.csv", "forecast-backtest");

interface Row {
  readonly line: number;
  readonly project: string;
  readonly created: string;
  readonly finished: string;
  readonly cycleDays: number;
}

/** The file's values are plain (no commas inside fields); quotes around ids are stripped. */
const readRows = (text: string): { rows: Row[]; skipped: number[] } => {
  const lines = text.split(/\r?\n/);
  const header = lines[0]!.split(",").map((h) => h.replaceAll('"', ""));
  const at = (name: string) => header.indexOf(name);
  const [project, created, finished, cycle] = [
    "project",
    "created_date",
    "finished_date",
    "cycle_time_days",
  ].map(at);
  const rows: Row[] = [];
  const skipped: number[] = [];
  const date = /^\d{4}-\d{2}-\d{2}$/;
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === "") return;
    const cells = text.split(",").map((c) => c.replaceAll('"', "").trim());
    const row = {
      line: i + 2,
      project: cells[project!] ?? "",
      created: cells[created!] ?? "",
      finished: cells[finished!] ?? "",
      cycleDays: Number(cells[cycle!]),
    };
    if (
      cells.length !== header.length ||
      !date.test(row.created) ||
      !date.test(row.finished) ||
      Number.isNaN(row.cycleDays)
    ) {
      skipped.push(row.line);
    } else rows.push(row);
  });
  return { rows, skipped };
};

/**
 * The last day the export observed: a few stray completions months after a project's history
 * stops (one in 2018-09 after 2018-02, one in 2019-08) would otherwise count as "nothing finished
 * for months" in every forecast whose horizon spans the gap.
 */
const observationEnd = (dates: readonly string[]): { end: string; stragglers: string[] } => {
  const sorted = [...dates].sort();
  for (let i = sorted.length - 1; i > 0 && sorted.length - i <= 10; i--) {
    if (daysBetween(sorted[i - 1]!, sorted[i]!) > 60) {
      return { end: sorted[i - 1]!, stragglers: sorted.slice(i) };
    }
  }
  return { end: sorted[sorted.length - 1]!, stragglers: [] };
};

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const report = (title: string, r: BacktestResult): string =>
  [
    `${title}: ${r.inputs.finishes} finishes ${r.inputs.from}…${r.inputs.observedUntil}, ${r.forecastPoints} weekly points (${r.refused} refused for thin history), ${r.inputs.trials} trials, ${r.inputs.windowWeeks}-week window, ${r.inputs.unit}/${r.inputs.dayMode}`,
    ...r.when.map(
      (w) =>
        `  when next ${w.items}: n=${w.points}  met by P50 ${pct(w.p50)}  P85 ${pct(w.p85)}  P95 ${pct(w.p95)}  |err P50| median ${w.medianAbsErrorDaysP50} d (signed ${w.medianErrorDaysP50} d)`,
    ),
    `  when pooled:  n=${r.whenOverall.points}  P50 ${pct(r.whenOverall.p50)}  P85 ${pct(r.whenOverall.p85)}  P95 ${pct(r.whenOverall.p95)}`,
    ...r.howMany.map(
      (h) =>
        `  how many in ${h.weeks} wk: n=${h.points}  at least P50 ${pct(h.p50)}  P85 ${pct(h.p85)}  P95 ${pct(h.p95)}  |err P50| median ${h.medianAbsErrorItemsP50} items`,
    ),
  ].join("\n");

/** P85 "when" hit rate per half-year: where the misses are. */
const byHalfYear = (r: BacktestResult): string => {
  const halves = new Map<string, { n: number; met: number }>();
  for (const p of r.whenPoints) {
    const key = `${p.start.slice(0, 4)}${p.start.slice(5, 7) < "07" ? "H1" : "H2"}`;
    const h = halves.get(key) ?? { n: 0, met: 0 };
    h.n++;
    if (p.p85Days !== null && p.actualDays <= p.p85Days) h.met++;
    halves.set(key, h);
  }
  return [...halves].map(([k, h]) => `${k} ${Math.round((100 * h.met) / h.n)}%`).join("  ");
};

/** Completions per half-year, to show the trend behind the misses. */
const throughputByHalfYear = (dates: readonly string[]): string => {
  const halves = new Map<string, number>();
  for (const d of dates) {
    const key = `${d.slice(0, 4)}${d.slice(5, 7) < "07" ? "H1" : "H2"}`;
    halves.set(key, (halves.get(key) ?? 0) + 1);
  }
  return [...halves]
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join("  ");
};

describe.skipIf(!present)("forecast calibration on the public Jira dataset (jira-cycle-times)", () => {
  const { rows, skipped } = present ? readRows(readFileSync(CSV, "utf8")) : { rows: [], skipped: [] };
  const projects = [...new Set(rows.map((r) => r.project))].sort();
  const finishesOf = (project: string, keepClampedRows = true) =>
    rows
      .filter((r) => r.project === project && (keepClampedRows || r.cycleDays !== -1))
      .map((r) => r.finished);
  const base = (project: string): BacktestOptions => ({
    seed: 20_260_302,
    observedUntil: observationEnd(finishesOf(project)).end,
  });
  const results = new Map<string, BacktestResult>();
  const resultOf = (project: string) => {
    let r = results.get(project);
    if (!r) {
      r = backtestForecasts(finishesOf(project), base(project));
      results.set(project, r);
    }
    return r;
  };

  it("reads every row and keeps the −1 cycle-time rows as real completions", () => {
    expect(rows.length + skipped.length).toBe(4_123);
    expect(skipped).toEqual([]);
    const clamped = rows.filter((r) => r.cycleDays === -1);
    expect(clamped.every((r) => daysBetween(r.created, r.finished) === -1)).toBe(true);
    expect(
      rows.filter((r) => r.cycleDays !== -1).every((r) => daysBetween(r.created, r.finished) === r.cycleDays),
    ).toBe(true);
    const lines = projects.map((p) => {
      const n = clamped.filter((r) => r.project === p).length;
      const all = rows.filter((r) => r.project === p).length;
      const { end, stragglers } = observationEnd(finishesOf(p));
      return `  project ${p}: ${all} rows, ${n} with cycle_time_days −1 (${pct(n / all)}); observed until ${end}, stragglers after it: ${stragglers.join(", ") || "none"}`;
    });
    console.log(
      [
        `[forecast-backtest] ${rows.length} rows, ${clamped.length} with cycle_time_days −1: each has finished_date = created_date − 1 day`,
        "  (a clamped −1-day stamp disagreement, not a missing finish). DECISION: their finished_date is a real completion",
        "  date and counts in the throughput; only their cycle time is unusable.",
        ...lines,
      ].join("\n"),
    );
    expect(clamped.length).toBeGreaterThan(1_500);
  });

  it("meets P85 80–90 % of the time for project 1", () => {
    const r = resultOf("1");
    console.log(`[forecast-backtest]\n${report("project 1", r)}\n  P85 met by half-year: ${byHalfYear(r)}`);
    expect(r.whenOverall.p85).toBeGreaterThanOrEqual(0.8);
    expect(r.whenOverall.p85).toBeLessThanOrEqual(0.9);
    expect(r.howMany.find((h) => h.weeks === 2)!.p85).toBeGreaterThanOrEqual(0.8);
  });

  it("KNOWN SHORTFALL: project 0 meets P85 only ~76 % of the time — its throughput fell 85 % in 2014–2016", () => {
    const r = resultOf("0");
    console.log(
      [
        `[forecast-backtest]\n${report("project 0", r)}`,
        `  P85 met by half-year: ${byHalfYear(r)}`,
        `  completions by half-year: ${throughputByHalfYear(finishesOf("0"))}`,
        "  WARNING: below the 80–90 % band. The misses sit in the half-years where throughput was falling (a 12-week",
        "  window then overstates the future); rising half-years are over-met. See the investigation below.",
      ].join("\n"),
    );
    // Pinned to what it is, not to what we wish: the band is missed and reported, not hidden.
    expect(r.whenOverall.p85).toBeGreaterThan(0.7);
    expect(r.whenOverall.p85).toBeLessThan(0.8);
  });

  it("investigation: window length, weekly sampling, working days and the −1 rows", {
    timeout: 120_000,
  }, () => {
    const variants: readonly [string, Partial<BacktestOptions>, boolean][] = [
      ["daily, 12-week window (default)", {}, true],
      ["weekly samples, 12 weeks", { unit: "week" }, true],
      ["daily, 6-week window", { windowWeeks: 6 }, true],
      ["daily, 26-week window", { windowWeeks: 26 }, true],
      ["daily, working days Mon–Fri", { dayMode: "working" }, true],
      ["daily, −1 rows dropped", {}, false],
    ];
    const lines = [
      "[forecast-backtest] investigation (2,000 trials each): pooled 'when' P50 / P85 / P95, 'how many in 4 wk' P85",
    ];
    for (const project of projects) {
      for (const [name, extra, keep] of variants) {
        const r = backtestForecasts(finishesOf(project, keep), { ...base(project), trials: 2_000, ...extra });
        const four = r.howMany.find((h) => h.weeks === 4)!;
        lines.push(
          `  project ${project} ${name.padEnd(32)} ${pct(r.whenOverall.p50)} / ${pct(r.whenOverall.p85)} / ${pct(r.whenOverall.p95)}   4 wk ${pct(four.p85)}   (n=${r.whenOverall.points})`,
        );
        expect(r.whenOverall.points).toBeGreaterThan(100);
      }
    }
    console.log(lines.join("\n"));
  });
});
