import { mkdir, writeFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportChart } from "../app/report-formats.ts";
import { chromiumAvailable, chromiumPath, launchChromium } from "../browser.ts";
import type { StoredReport } from "../store/reports.ts";
import { openStore, type Store } from "../store/store.ts";
import { pdfText } from "../testing/pdf-text.ts";
import { HOSTILE_TITLE, SAMPLE_CHARTS, seedHostileWeekly } from "../testing/reports.ts";
import { reportHtml } from "./html.ts";
import { chartPngs, reportPdf } from "./pdf.ts";

const ARTIFACTS = new URL("../../test-artifacts/", import.meta.url);

describe.skipIf(!chromiumAvailable())(
  `a report in Chromium (skipped: no Chromium at ${chromiumPath()}; set BATON_CHROMIUM)`,
  () => {
    let store: Store;
    let report: StoredReport;
    let browser: Browser;
    beforeAll(async () => {
      store = await openStore(":memory:");
      report = await seedHostileWeekly(store);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await store?.close();
    });

    it("shows the charts and the hostile text as text, and no script runs (screenshot in test-artifacts/)", async () => {
      const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
      const dialogs: string[] = [];
      page.on("dialog", async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      const requests: string[] = [];
      page.on("request", (request) => {
        requests.push(request.url());
      });
      // Scripts are on here, unlike when printing: the page itself must not run any.
      await page.setContent(reportHtml(report, { chart: reportChart }), { waitUntil: "load" });
      await page.waitForTimeout(200);
      const body = await page.locator("body").textContent();
      expect(body).toContain(`Escalation (L2): ${HOSTILE_TITLE}.`);
      expect(await page.getByText('<script>alert("comment")</script>').isVisible()).toBe(true);
      expect(await page.getByText(`Figure 1. Beta burn-up ${HOSTILE_TITLE}`).isVisible()).toBe(true);
      expect(await page.locator("img").count()).toBe(0);
      expect(await page.locator("script").count()).toBe(0);
      const charts = page.locator("div[role=img] > svg");
      expect(await charts.count()).toBe(2);
      const box = await charts.first().boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(100);
      await mkdir(ARTIFACTS, { recursive: true });
      await writeFile(new URL("report-html.png", ARTIFACTS), await page.screenshot({ fullPage: true }));
      expect(dialogs).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("about:"))).toEqual([]);
      await page.close();
    });

    it("prints an A4 PDF with pages, the hostile title and comment in it as plain text", async () => {
      const pdf = await reportPdf(reportHtml(report, { chart: reportChart }), {
        browser,
        footer: report.id,
      });
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      const text = pdf.toString("latin1");
      const pages = text.match(/\/Type\s*\/Page(?!s)/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(1);
      // A4 is 595 × 842 points.
      expect(text).toMatch(
        /\/MediaBox\s*\[\s*0 0 595(\.\d+)? 841(\.\d+)?|\/MediaBox\s*\[\s*0 0 595(\.\d+)? 842/,
      );
      await writeFile(new URL("report.pdf", ARTIFACTS), pdf);
      const printed = pdfText(pdf).replace(/\n/g, "");
      expect(printed).toContain(`Escalation (L2): ${HOSTILE_TITLE}.`);
      expect(printed).toContain('<script>alert("comment")</script> [click](javascript:alert(2))');
      expect(printed).toContain(`Figure 1. Beta burn-up ${HOSTILE_TITLE}`);
    });

    it("draws each chart as a PNG for email clients that do not show SVG", async () => {
      const pngs = await chartPngs(SAMPLE_CHARTS, reportChart, browser);
      expect(pngs).toHaveLength(2);
      for (const png of pngs) {
        expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
        // Twice the SVG's 600 × 260 for sharp screens.
        expect(png.readUInt32BE(16)).toBe(1200);
        expect(png.readUInt32BE(20)).toBe(520);
      }
    });
  },
);
