import type { Browser } from "playwright-core";
import { chartSvg } from "../charts/index.ts";
import { invalidInput } from "../errors.ts";
import type { ChartData } from "../reports/chart-data.ts";
import { type RenderableReport, reportHtml } from "../reports/html.ts";
import { reportPdf } from "../reports/pdf.ts";

/**
 * A report in each format Baton gives it out in: the Markdown as written, the facts it was
 * written from, an email-safe HTML document with the charts as SVG, and a PDF printed from that
 * HTML by Chromium. The CLI, the API and delivery all render through here.
 */
export const REPORT_FORMATS = ["md", "html", "pdf", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const reportFormat = (value: string, flag = "--format"): ReportFormat => {
  if (!(REPORT_FORMATS as readonly string[]).includes(value))
    throw invalidInput(`${flag} "${value}" must be one of ${REPORT_FORMATS.join(", ")}`);
  return value as ReportFormat;
};

/** The chart renderer reports use, sized for the 680-pixel column of the HTML and the PDF. */
export const reportChart = (data: ChartData): string =>
  chartSvg(data, { width: 600, height: 260, theme: "light" });

export interface RenderedReport {
  readonly body: string | Buffer;
  readonly contentType: string;
  readonly extension: string;
}

/** The report's HTML document with Baton's charts. */
export const renderHtml = (report: RenderableReport, chart = reportChart): string =>
  reportHtml(report, { chart });

export const renderReport = async (
  report: RenderableReport,
  format: ReportFormat,
  options: { readonly browser?: Browser; readonly chart?: (data: ChartData) => string } = {},
): Promise<RenderedReport> => {
  switch (format) {
    case "md":
      return { body: report.markdown, contentType: "text/markdown; charset=utf-8", extension: "md" };
    case "json":
      return {
        body: `${JSON.stringify(report.facts, null, 2)}\n`,
        contentType: "application/json",
        extension: "json",
      };
    case "html":
      return {
        body: renderHtml(report, options.chart),
        contentType: "text/html; charset=utf-8",
        extension: "html",
      };
    case "pdf":
      return {
        body: await reportPdf(renderHtml(report, options.chart), {
          footer: `${report.id}`,
          ...(options.browser ? { browser: options.browser } : {}),
        }),
        contentType: "application/pdf",
        extension: "pdf",
      };
  }
};
