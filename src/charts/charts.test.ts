import { describe, expect, it } from "vitest";
import type { BurnupData, ChartData, CycleTimeData, ReviewSlaData } from "../reports/chart-data.ts";
import { chartHover, chartSvg, chartTable } from "./index.ts";

const XSS = "<img src=x onerror=alert(1)>";

const burnup: BurnupData = {
  kind: "burnup",
  title: "Beta: done and scope",
  unit: "items",
  points: [
    { date: "2026-03-02", done: 0, scope: 10 },
    { date: "2026-03-09", done: 4, scope: 12 },
    { date: "2026-03-16", done: 7, scope: 12 },
  ],
  target: "2026-03-27",
  forecast: { p50: "2026-03-24", p85: "2026-03-30", p95: "2026-04-03" },
};
const cycle: CycleTimeData = {
  kind: "cycle_time",
  title: "Cycle time",
  points: [
    { date: "2026-03-03", days: 2, key: XSS },
    { date: "2026-03-10", days: 6.5, key: "ACME-7" },
  ],
  p50: 4.3,
  p85: 5.8,
  p95: 6.3,
};
const sla: ReviewSlaData = {
  kind: "review_sla",
  title: "Code reviews started within the SLA",
  limitHours: 8,
  weeks: [
    { weekEnding: "2026-03-06", met: 3, breached: 1 },
    { weekEnding: "2026-03-13", met: 5, breached: 0 },
  ],
};

describe("charts drawn as static SVG", () => {
  it("carries a title, a summary, axis labels with units and a legend, and no script", () => {
    const svg = chartSvg(burnup);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*role="img"/);
    expect(svg).toContain("<title");
    expect(svg).toContain("7 items done of 12 items on 16 Mar; target 27 Mar; 85 % forecast 30 Mar.");
    expect(svg).toContain(">Items</text>");
    expect(svg).toContain(">Date</text>");
    expect(svg).toContain(">Done (items)</text>");
    expect(svg).toContain(">Target 27 Mar</text>");
    expect(svg).toContain("P85 forecast: 30 Mar");
    expect(svg).not.toMatch(/<script|on\w+=/i);
  });

  it("shows source text such as an item key as text, never as markup", () => {
    const svg = chartSvg(cycle);
    expect(svg).not.toContain("<img");
    expect(svg).toContain("&lt;img src=x onerror=alert(1)&gt; finished 3 Mar: 2 days");
  });

  it("draws the same chart the same way every time, in light and in dark", () => {
    expect(chartSvg(sla)).toBe(chartSvg(sla));
    const dark = chartSvg(sla, { theme: "dark" });
    expect(dark).toContain('fill="#1a1d20"');
    expect(chartSvg(sla)).toContain('fill="#ffffff"');
  });

  it("says what to do when there is nothing to draw", () => {
    const empty: ChartData = { ...cycle, points: [], p50: null, p85: null, p95: null };
    expect(chartSvg(empty)).toContain("No items finished in this window yet.");
    expect(chartSvg({ ...sla, weeks: [] })).toContain("connect a GitHub repository");
  });

  it("offers the same data as a table for screen readers", () => {
    expect(chartTable(sla)).toEqual({
      caption: "Code reviews started within the SLA (8 working hours)",
      columns: ["Week ending", "Within SLA", "Late", "Adherence"],
      rows: [
        ["6 Mar", "3", "1", "75 %"],
        ["13 Mar", "5", "0", "100 %"],
      ],
    });
    expect(chartTable(burnup).rows.at(-1)).toEqual(["P95 forecast 3 Apr", "", ""]);
  });

  it("reports the value under the pointer, and nothing outside the plot", () => {
    const options = { width: 640, height: 280 };
    // The last burnup point sits left of the forecast; the pointer near its column reads it.
    const svg = chartSvg(burnup, options);
    const xs = [...svg.matchAll(/<path d="M([\d.]+) [\d.]+ L([\d.]+) [\d.]+ L([\d.]+)/g)].at(-1)!;
    const lastX = Number(xs[3]);
    expect(chartHover(burnup, options, lastX + 2, 150)?.label).toBe("16 Mar: 7 done of 12 items");
    expect(chartHover(sla, options, 600, 100)?.label).toBe(
      "Week ending 13 Mar: 5 within 8 h, 0 late (100 %)",
    );
    expect(chartHover(sla, options, 5, 5)).toBeNull();
  });
});
