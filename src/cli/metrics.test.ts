import { describe, expect, it } from "vitest";
import { demoPortfolio, runCli } from "../testing/cli.ts";

const END = "2026-06-30";

interface SprintJson {
  name: string;
  state: string;
  planned: { items: number };
  added: { items: number };
  removed: { items: number };
  completed: { items: number };
  notCompleted: { items: number };
}

describe("metrics commands on the demo portfolio", () => {
  const { context, json } = demoPortfolio(END);

  it("baton sprints lists every sprint, and the sprint identity holds for each", async () => {
    const { sprints } = (await json("sprints", "--engagement", "acme-mobile", "--as-of", END)) as {
      sprints: SprintJson[];
    };
    const started = sprints.filter((s) => s.state !== "future");
    expect(started.length).toBeGreaterThan(5);
    for (const s of started) {
      expect(s.planned.items + s.added.items - s.removed.items).toBe(
        s.completed.items + s.notCompleted.items,
      );
    }
  });

  it("baton sprints --as-of sees a sprint as it stood then: active, not yet closed", async () => {
    const { sprints } = (await json("sprints", "--engagement", "acme-mobile", "--as-of", END)) as {
      sprints: SprintJson[];
    };
    const closed = sprints.filter((s) => s.state === "closed");
    const last = closed[closed.length - 1]!;
    const detail = await runCli(
      context.db,
      "sprints",
      "--engagement",
      "acme-mobile",
      "--sprint",
      last.name,
      "--as-of",
      END,
      "--explain",
    );
    expect(detail.stdout).toContain(`${last.name} — closed`);
    expect(detail.stdout).toMatch(/Planned: ACME-\d+/);
    expect(detail.stdout).toContain("holds");
    const earlier = await json("sprints", "--engagement", "acme-mobile", "--as-of", "2026-02-01");
    expect((earlier.sprints as SprintJson[]).filter((s) => s.state === "closed").length).toBeLessThan(
      closed.length,
    );
  });

  it("baton flow reports cycle-time percentiles and throughput from finished items", async () => {
    const flow = await json("flow", "--engagement", "acme-mobile", "--as-of", END);
    expect(flow.cycleTime.count).toBeGreaterThan(20);
    expect(flow.cycleTime.p50Hours).toBeLessThanOrEqual(flow.cycleTime.p85Hours);
    expect(flow.throughput.total).toBe(flow.finished.length);
  });

  it("baton reviews shows the review bottleneck the Globex pod was given, and not in the healthy pod", async () => {
    const globex = await json("reviews", "--engagement", "globex-data", "--as-of", END);
    const hooli = await json("reviews", "--engagement", "hooli-search", "--as-of", END);
    expect(globex.sla.requests).toBeGreaterThan(5);
    expect(globex.timeToFirstReview.median).toBeGreaterThan(hooli.timeToFirstReview.median);
    const text = await runCli(context.db, "reviews", "--engagement", "globex-data", "--as-of", END);
    expect(text.stdout).toContain("Adherence:");
    expect(text.stdout).toContain("REVIEWER");
  });

  it("baton dora counts production deployments and failures", async () => {
    const dora = await json("dora", "--engagement", "acme-mobile", "--as-of", END);
    expect(dora.deploymentFrequencyPerWeek).toBeGreaterThan(0);
    expect(dora.deployments.total).toBe(dora.deployments.successful + dora.deployments.failed);
  });

  it("names a bad --as-of and an unknown sprint", async () => {
    const bad = await runCli(context.db, "flow", "--engagement", "acme-mobile", "--as-of", "soon");
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--as-of "soon" is not a date');
    const missing = await runCli(
      context.db,
      "sprints",
      "--engagement",
      "acme-mobile",
      "--sprint",
      "Sprint 99",
    );
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toContain('"Sprint 99" not found');
  });

  it("baton forecast forecasts a milestone, records it, and shows how the forecast moved", async () => {
    const first = await json(
      "forecast",
      "--engagement",
      "hooli-search",
      "--items",
      "20",
      "--as-of",
      "2026-05-01",
    );
    expect(first.forecast.kind).toBe("when");
    expect(first.forecast.p50.date <= first.forecast.p85.date).toBe(true);
    expect(first.forecast.inputs.trials).toBe(10_000);
    // Public holidays on the pod's calendars come off the capacity.
    expect(first.forecast.inputs.capacity.changes).toContainEqual(
      expect.objectContaining({ kind: "time_off", from: "2026-10-03", to: "2026-10-03" }),
    );

    const milestones = ["--engagement", "acme-mobile", "--milestone"];
    const open = await json("forecast", ...milestones, "Billing release", "--as-of", "2026-06-01");
    expect(open.milestone.name).toBe("Billing release");
    await json("forecast", ...milestones, "Billing release", "--as-of", "2026-06-15");
    const moved = await json("forecast", ...milestones, "Billing release", "--history");
    expect(moved.map((f: { asOf: string }) => f.asOf.slice(0, 10))).toEqual(["2026-06-01", "2026-06-15"]);
    const text = await runCli(
      context.db,
      "forecast",
      ...milestones,
      "Billing release",
      "--as-of",
      "2026-06-15",
      "--no-record",
    );
    expect(text.stdout).toContain("85 %");
    expect(text.stdout).toContain("Throughput sample:");
  });

  it("baton forecast refuses to invent a forecast from too little history", async () => {
    const early = await runCli(
      context.db,
      "forecast",
      "--engagement",
      "hooli-search",
      "--items",
      "10",
      "--as-of",
      "2026-01-20",
    );
    expect(early.exitCode).toBe(0);
    expect(early.stdout).toContain("No forecast:");
    const quick = await runCli(context.db, "forecast", "--samples", "3,5", "--per", "week", "--items", "10");
    expect(quick.stdout).toContain("No forecast:");
  });

  it("baton forecast --samples gives the same answer for the same seed", async () => {
    const a = await json(
      "forecast",
      "--samples",
      "3,5,0,2,4,6",
      "--per",
      "week",
      "--items",
      "38",
      "--seed",
      "7",
    );
    const b = await json(
      "forecast",
      "--samples",
      "3,5,0,2,4,6",
      "--per",
      "week",
      "--items",
      "38",
      "--seed",
      "7",
    );
    expect(a.p85).toEqual(b.p85);
    expect(a.remaining).toBe(38);
  });

  it("baton forecast names conflicting or bad flags", async () => {
    const both = await runCli(
      context.db,
      "forecast",
      "--engagement",
      "acme-mobile",
      "--items",
      "5",
      "--by",
      "2026-12-31",
    );
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain("give exactly one of --milestone, --items or --by");
    const bad = await runCli(context.db, "forecast", "--samples", "3,x,2", "--items", "5");
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('samples[1] "x" is not a whole number');
  });

  it("baton backtest reports calibration of the engagement's past forecasts", async () => {
    const r = await json("backtest", "--engagement", "hooli-search", "--as-of", END, "--trials", "1000");
    expect(r.forecastPoints).toBeGreaterThan(5);
    expect(r.whenOverall.p85).toBeGreaterThan(0.5);
  });

  it("baton whatif compares a staffing change side by side, recommends, and warns about pod rules", async () => {
    const r = await json(
      "whatif",
      "--engagement",
      "acme-mobile",
      "--milestone",
      "Billing release",
      "--as-of",
      END,
      "--add",
      "backend specialist, 100%, from 2026-07-01",
      "--add",
      "frontend specialist, 100%, from 2026-07-01",
      "--add",
      "qa, 100%, from 2026-07-01",
      "--trials",
      "2000",
    );
    expect(r.baseline.kind).toBe("outcome");
    expect(r.scenario.changes).toHaveLength(3);
    expect(r.scenario.p85 <= r.baseline.p85).toBe(true);
    expect(r.recommendation).toMatch(
      /^To hold \d{4}-\d{2}-\d{2} at 85 % confidence|holds at 85 % confidence/,
    );
    expect(r.podWarnings.join(" ")).toContain("over 8");
    const bad = await runCli(
      context.db,
      "whatif",
      "--engagement",
      "acme-mobile",
      "--milestone",
      "Billing release",
      "--rotate-out",
      "Nobody Here, 2026-07-01",
    );
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toContain('person "Nobody Here" not found');
  });
});
