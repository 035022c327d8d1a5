import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chromiumAvailable, chromiumPath, launchChromium } from "../browser.ts";
import type { ChartData } from "../reports/chart-data.ts";
import { chartSvg } from "./index.ts";

const charts: ChartData[] = [
  {
    kind: "burnup",
    title: "Beta: done and scope",
    unit: "items",
    points: Array.from({ length: 15 }, (_, i) => ({
      date: `2026-03-${String(i + 1).padStart(2, "0")}`,
      done: Math.floor(i * 1.5),
      scope: 30 + Math.floor(i / 5),
    })),
    target: "2026-03-27",
    forecast: { p50: "2026-03-24", p85: "2026-03-30", p95: "2026-04-03" },
  },
  {
    kind: "cycle_time",
    title: "Cycle time of finished items",
    points: Array.from({ length: 20 }, (_, i) => ({
      date: `2026-03-${String(i + 1).padStart(2, "0")}`,
      days: ((i * 7) % 11) + 0.5,
      key: `ACME-${i}`,
    })),
    p50: 5,
    p85: 9,
    p95: 10.4,
  },
  {
    kind: "review_sla",
    title: "Code reviews started within the SLA",
    limitHours: 8,
    weeks: [
      { weekEnding: "2026-03-06", met: 9, breached: 2 },
      { weekEnding: "2026-03-13", met: 12, breached: 0 },
      { weekEnding: "2026-03-20", met: 7, breached: 4 },
    ],
  },
  {
    kind: "cfd",
    title: "Cumulative flow",
    states: ["To do", "In progress", "Done"],
    days: Array.from({ length: 15 }, (_, i) => ({
      date: `2026-03-${String(i + 1).padStart(2, "0")}`,
      counts: [20 - i, 4 + (i % 3), i * 2],
    })),
  },
];

describe.skipIf(!chromiumAvailable())(
  `charts in a browser (Chromium; skipped when there is none at ${chromiumPath()}, set BATON_CHROMIUM)`,
  () => {
    it("shows every chart with its axes and legend, in light and dark, without errors", async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        const column = (theme: "light" | "dark") =>
          `<div style="display:inline-block;vertical-align:top">${charts.map((c) => `<figure>${chartSvg(c, { theme })}</figure>`).join("")}</div>`;
        await page.setContent(
          `<!doctype html><html><body style="margin:0">${column("light")}${column("dark")}</body></html>`,
        );
        const boxes = await page.$$eval("svg", (svgs) =>
          svgs.map((s) => {
            const r = s.getBoundingClientRect();
            return { width: r.width, height: r.height, texts: s.querySelectorAll("text").length };
          }),
        );
        expect(boxes).toHaveLength(8);
        for (const box of boxes) {
          expect(box.width).toBe(640);
          expect(box.height).toBe(280);
          expect(box.texts).toBeGreaterThan(8);
        }
        // The drawn marks have real extent: the cone, lines, dots and bars are on screen.
        const marks = await page.$$eval(
          "svg path, svg circle, svg rect",
          (els) =>
            els.filter((e) => {
              const r = e.getBoundingClientRect();
              return r.width > 0 && r.height > 0;
            }).length,
        );
        expect(marks).toBeGreaterThan(60);
        mkdirSync("test-artifacts", { recursive: true });
        await page.screenshot({ path: "test-artifacts/charts.png", fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  },
);
