import type { Browser } from "playwright-core";
import { launchChromium } from "../browser.ts";
import type { ChartData } from "./chart-data.ts";

/**
 * Printing a report's HTML to PDF, and its charts to PNG for email clients that do not show SVG,
 * with headless Chromium. The page gets no network: the HTML carries everything it shows, and
 * any request it would make is refused.
 */

const withPage = async <T>(
  browser: Browser | undefined,
  fn: (page: Awaited<ReturnType<Browser["newPage"]>>) => Promise<T>,
): Promise<T> => {
  const own = browser ?? (await launchChromium());
  try {
    const context = await own.newContext({ javaScriptEnabled: false, offline: true, deviceScaleFactor: 2 });
    try {
      const page = await context.newPage();
      await page.route("**/*", (route) => route.abort());
      return await fn(page);
    } finally {
      await context.close();
    }
  } finally {
    if (!browser) await own.close();
  }
};

export interface PdfOptions {
  /** A running Chromium to reuse; without one, Chromium is started and stopped for this PDF. */
  readonly browser?: Browser;
  /** Text in the page footer beside the page numbers. */
  readonly footer: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The report as an A4 PDF with margins and "page n of m" in the footer. */
export const reportPdf = async (html: string, options: PdfOptions): Promise<Buffer> =>
  withPage(options.browser, async (page) => {
    await page.setContent(html, { waitUntil: "load" });
    return page.pdf({
      format: "A4",
      printBackground: true,
      margin: { top: "14mm", bottom: "16mm", left: "10mm", right: "10mm" },
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="width:100%;padding:0 10mm;font-size:8px;color:#52606d;font-family:Helvetica,Arial,sans-serif;display:flex;justify-content:space-between"><span>${escapeHtml(options.footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
  });

/** Each chart's SVG as a PNG picture (twice the size, for sharp screens), in the given order. */
export const chartPngs = async (
  charts: readonly ChartData[],
  svgOf: (data: ChartData) => string,
  browser?: Browser,
): Promise<Buffer[]> =>
  withPage(browser, async (page) => {
    const pictures: Buffer[] = [];
    for (const chart of charts) {
      await page.setContent(
        `<!DOCTYPE html><html><body style="margin:0;background:#fff">${svgOf(chart)}</body></html>`,
      );
      pictures.push(await page.locator("svg").first().screenshot({ type: "png", omitBackground: false }));
    }
    return pictures;
  });
