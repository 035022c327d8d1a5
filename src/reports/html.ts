import MarkdownIt, { type Token } from "markdown-it";
import type { ChartData } from "./chart-data.ts";
import { day, type Rag } from "./facts.ts";

/**
 * A report as a complete HTML document that email clients show as written: every style inline
 * (clients drop `<style>` blocks), a table layout, no scripts and no remote resources. The body is
 * the report's Markdown rendered with raw HTML switched off, so nothing a source or the DM wrote
 * can become markup; charts are static SVG from the chart renderer, each with a caption and a
 * table of its data for readers (and clients) that do not show the picture.
 */

/** What rendering needs of a report: a draft or a published version. */
export interface RenderableReport {
  readonly id: string;
  readonly engagementId: string;
  readonly kind: string;
  readonly period: string;
  readonly status: string;
  readonly version: number;
  readonly facts: unknown;
  readonly markdown: string;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
}

export interface HtmlOptions {
  /** Draws one chart as SVG markup (the chart renderer in `src/charts`). */
  readonly chart: (data: ChartData) => string;
  /**
   * Replaces a chart's SVG in the document, e.g. by `<img src="cid:…">` for email clients that do
   * not show inline SVG; receives the chart's position among the report's charts.
   */
  readonly chartImage?: (data: ChartData, index: number) => string | null;
}

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif";
const INK = "#1f2933";
const MUTED = "#52606d";
const RULE = "#dde2e8";

/** Inline styles per element of the rendered Markdown. */
const STYLES: Readonly<Record<string, string>> = {
  h1: `margin:0 0 8px;font-size:22px;line-height:1.3;font-weight:600;color:#102a43;font-family:${FONT}`,
  h2: `margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid ${RULE};font-size:17px;line-height:1.3;font-weight:600;color:#102a43;font-family:${FONT}`,
  h3: `margin:18px 0 6px;font-size:15px;font-weight:600;color:#102a43;font-family:${FONT}`,
  h4: `margin:16px 0 6px;font-size:14px;font-weight:600;color:#102a43;font-family:${FONT}`,
  p: `margin:0 0 12px;font-size:14px;line-height:1.55;color:${INK};font-family:${FONT}`,
  ul: `margin:0 0 12px;padding-left:22px;font-size:14px;line-height:1.55;color:${INK};font-family:${FONT}`,
  ol: `margin:0 0 12px;padding-left:22px;font-size:14px;line-height:1.55;color:${INK};font-family:${FONT}`,
  li: "margin:0 0 4px",
  table: `border-collapse:collapse;width:100%;margin:4px 0 16px;font-size:13px;color:${INK};font-family:${FONT}`,
  th: `text-align:left;padding:6px 8px;border-bottom:2px solid ${RULE};background:#f5f7fa;font-weight:600`,
  td: `padding:6px 8px;border-bottom:1px solid ${RULE};vertical-align:top`,
  a: "color:#1f5fa8;text-decoration:underline",
  strong: "font-weight:600",
  em: "font-style:italic",
  code: "font-family:Menlo,Consolas,monospace;font-size:12px;background:#f0f2f5;padding:1px 4px;border-radius:3px",
  pre: "font-family:Menlo,Consolas,monospace;font-size:12px;background:#f0f2f5;padding:10px;border-radius:4px;white-space:pre-wrap",
  blockquote: `margin:0 0 12px;padding:4px 12px;border-left:3px solid ${RULE};color:${MUTED}`,
  hr: `border:0;border-top:1px solid ${RULE};margin:20px 0`,
};

/** Links may only go to web pages and email addresses: no `javascript:`, `data:` or `file:`. */
const SAFE_LINK = /^(https?:|mailto:)/i;

const markdown = (() => {
  const it = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
  // Remote images would be tracking pixels in email and a network fetch while printing.
  it.disable(["image"]);
  it.validateLink = (url) => SAFE_LINK.test(url.trim());
  const style = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      const css = STYLES[token.tag];
      if (css && token.nesting !== -1) {
        const own = token.attrGet("style");
        token.attrSet("style", own ? `${css};${own}` : css);
      }
      if (token.tag === "a" && token.nesting === 1) token.attrSet("rel", "noopener noreferrer");
      if (token.children) style(token.children);
    }
  };
  it.core.ruler.push("inline_styles", (state) => {
    style(state.tokens);
    return true;
  });
  return it;
})();

/** A round mark in a colour, sized to the text around it. */
const dot = (colour: string, meaning: string) =>
  `<span role="img" aria-label="${meaning}" style="display:inline-block;width:0.72em;height:0.72em;border-radius:50%;background:${colour};vertical-align:-0.05em"></span>`;

/**
 * The status symbols the report templates write, drawn without an emoji font: the server that
 * prints the PDF often has none (they would print as empty boxes), and neither do some email
 * clients. The RAG circles become coloured marks with their meaning for screen readers; the check
 * and the warning sign become text glyphs every font has.
 */
const SYMBOLS: ReadonlyMap<string, string> = new Map([
  ["🟢", dot("#2e9d5f", "green")],
  ["🟠", dot("#e08a00", "amber")],
  ["🔴", dot("#d64545", "red")],
  ["✅", `<span style="color:#1e6b45;font-weight:700">✓</span>`],
  ["⚠️", `<span style="color:#7a4f00">⚠</span>`],
]);
const SYMBOL = new RegExp([...SYMBOLS.keys()].join("|"), "gu");

/** The report's Markdown as HTML with inline styles; raw HTML in the text stays text. */
export const markdownHtml = (text: string): string =>
  markdown.render(text).replace(SYMBOL, (symbol) => SYMBOLS.get(symbol) ?? symbol);

const RAG: Readonly<Record<Rag, { label: string; ink: string; background: string }>> = {
  green: { label: "On track", ink: "#1e6b45", background: "#e3f4ea" },
  amber: { label: "At risk", ink: "#7a4f00", background: "#fff1d0" },
  red: { label: "Off track", ink: "#9b1c1c", background: "#fde4e4" },
};

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

/** The parts of a report's facts the header and charts use; every kind's facts may carry them. */
export const reportMeta = (report: RenderableReport) => {
  const facts = record(report.facts);
  const engagement = record(facts.engagement);
  const rag = record(facts.rag).status;
  return {
    engagement: text(engagement.name) ?? report.engagementId,
    customer: text(engagement.customer),
    rag: rag === "green" || rag === "amber" || rag === "red" ? (rag as Rag) : null,
    charts: Array.isArray(facts.charts) ? (facts.charts as ChartData[]) : [],
  };
};

const KIND_NAMES: Readonly<Record<string, string>> = {
  weekly: "Weekly status",
  monthly: "Monthly review",
  milestone: "Milestone report",
  sprint: "Sprint report",
};

const periodText = (report: RenderableReport) => {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(report.period) ? day(report.period) : report.period;
  return report.kind === "weekly" ? `Week ending ${date}` : date;
};

const versionText = (report: RenderableReport) =>
  report.version === 0
    ? "Draft"
    : `Version ${report.version}${report.publishedAt ? `, published ${day(report.publishedAt.slice(0, 10))}` : ""}`;

/** Rows of a chart's data, for the table beside the picture. */
const chartRows = (data: ChartData): { head: string[]; rows: string[][] } => {
  switch (data.kind) {
    case "burnup":
      return {
        head: ["Date", `Done (${data.unit})`, `Scope (${data.unit})`],
        rows: data.points.map((p) => [day(p.date), String(p.done), String(p.scope)]),
      };
    case "cycle_time":
      return {
        head: ["Finished", "Item", "Days"],
        rows: data.points.map((p) => [day(p.date), p.key, String(p.days)]),
      };
    case "review_sla":
      return {
        head: ["Week ending", `Within ${data.limitHours} h`, "Late"],
        rows: data.weeks.map((w) => [day(w.weekEnding), String(w.met), String(w.breached)]),
      };
    case "cfd":
      return {
        head: ["Date", ...data.states],
        rows: data.days.map((d) => [day(d.date), ...d.counts.map(String)]),
      };
  }
};

/** A sentence under the chart with what the picture marks. */
const chartNote = (data: ChartData): string | null => {
  switch (data.kind) {
    case "burnup": {
      const parts: string[] = [];
      if (data.target) parts.push(`target ${day(data.target)}`);
      if (data.forecast?.p50) parts.push(`forecast P50 ${day(data.forecast.p50)}`);
      if (data.forecast?.p85) parts.push(`P85 ${day(data.forecast.p85)}`);
      if (data.forecast?.p95) parts.push(`P95 ${day(data.forecast.p95)}`);
      return parts.length > 0 ? parts.join(", ") : null;
    }
    case "cycle_time": {
      const parts = (["p50", "p85", "p95"] as const)
        .filter((p) => data[p] !== null)
        .map((p) => `${p.toUpperCase()} ${data[p]} days`);
      return parts.length > 0 ? parts.join(", ") : null;
    }
    case "review_sla":
      return `first review within ${data.limitHours} working hours`;
    case "cfd":
      return null;
  }
};

/** Rows shown under a chart; a longer series is summarised in a last row. */
const TABLE_ROWS = 24;

const chartTable = (data: ChartData): string => {
  const { head, rows } = chartRows(data);
  const shown = rows.length > TABLE_ROWS ? rows.slice(-TABLE_ROWS) : rows;
  const cell = (tag: "th" | "td", value: string) =>
    `<${tag} style="${tag === "th" ? STYLES.th : STYLES.td};font-size:12px;padding:3px 6px">${escapeHtml(value)}</${tag}>`;
  const more =
    rows.length > shown.length
      ? `<tr><td colspan="${head.length}" style="${STYLES.td};font-size:12px;padding:3px 6px;color:${MUTED}">The last ${shown.length} of ${rows.length} rows.</td></tr>`
      : "";
  return `<table role="table" style="${STYLES.table};font-size:12px;margin:8px 0 0"><thead><tr>${head.map((h) => cell("th", h)).join("")}</tr></thead><tbody>${shown.map((r) => `<tr>${r.map((c) => cell("td", c)).join("")}</tr>`).join("")}${more}</tbody></table>`;
};

/**
 * Chart markup comes from Baton's own renderer; it is still checked to be a plain SVG picture,
 * so a renderer fault can never put script or event handlers into a report.
 */
export const isStaticSvg = (markup: string): boolean => {
  const trimmed = markup.trim();
  if (!/^<svg[\s>]/i.test(trimmed) || !/<\/svg>$/i.test(trimmed)) return false;
  // Text inside the picture is escaped; only tags and their attributes can be active.
  return [...trimmed.matchAll(/<\/?([a-zA-Z][\w:-]*)([^>]*)>/g)].every(
    ([, name = "", attributes = ""]) =>
      !/^(script|foreignObject|iframe|object|embed|image|use|a|style|animate|set)$/i.test(name) &&
      !/\son[a-z]+\s*=/i.test(attributes) &&
      !/\bhref\s*=/i.test(attributes) &&
      !/javascript:|url\(\s*['"]?(?!#)/i.test(attributes),
  );
};

const chartFigure = (data: ChartData, index: number, options: HtmlOptions): string => {
  const title = escapeHtml(data.title);
  let picture = options.chartImage?.(data, index) ?? null;
  if (picture === null) {
    const svg = options.chart(data).trim();
    // Scales down with a narrow column (the SVG has a viewBox); never wider than drawn.
    picture = isStaticSvg(svg) ? svg.replace(/^<svg/i, '<svg style="max-width:100%;height:auto"') : "";
  }
  const note = chartNote(data);
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 20px;border:1px solid ${RULE};border-radius:4px"><tr><td style="padding:12px 14px">
<p style="${STYLES.p};margin:0 0 8px;font-weight:600">Figure ${index + 1}. ${title}</p>
<div role="img" aria-label="${title}" style="max-width:100%">${picture}</div>
${note ? `<p style="${STYLES.p};margin:6px 0 0;font-size:12px;color:${MUTED}">${escapeHtml(note)}</p>` : ""}
${chartTable(data)}
</td></tr></table>`;
};

/** The report's name in a subject line or a page title: engagement, kind and period. */
export const reportTitle = (report: RenderableReport): string =>
  `${reportMeta(report).engagement} — ${KIND_NAMES[report.kind] ?? report.kind}, ${periodText(report).replace(/^Week/, "week")}`;

/** The RAG status as words, when the report's facts have one. */
export const ragLabel = (report: RenderableReport): string | null => {
  const rag = reportMeta(report).rag;
  return rag ? RAG[rag].label : null;
};

/** The complete, email-safe HTML document of a report. */
export const reportHtml = (report: RenderableReport, options: HtmlOptions): string => {
  const meta = reportMeta(report);
  const kind = KIND_NAMES[report.kind] ?? report.kind;
  const title = reportTitle(report);
  const rag = meta.rag ? RAG[meta.rag] : null;
  const pill = rag
    ? `<span style="display:inline-block;padding:3px 10px;border-radius:12px;background:${rag.background};color:${rag.ink};font-size:12px;font-weight:600;font-family:${FONT}">${rag.label}</span>`
    : "";
  const charts =
    meta.charts.length > 0
      ? `<tr><td style="padding:0 28px 8px"><h2 style="${STYLES.h2}">Charts</h2>${meta.charts.map((c, i) => chartFigure(c, i, options)).join("\n")}</td></tr>`
      : "";
  const published =
    report.version > 0 && report.publishedBy
      ? `Published by ${escapeHtml(report.publishedBy)}. `
      : "Draft: not yet sent to the customer. ";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="680" cellpadding="0" cellspacing="0" style="width:100%;max-width:680px;background:#ffffff;border:1px solid ${RULE};border-radius:6px">
<tr><td style="padding:18px 28px 14px;border-bottom:1px solid ${RULE}">
<p style="margin:0;font-size:12px;letter-spacing:0.04em;text-transform:uppercase;color:${MUTED};font-family:${FONT}">${escapeHtml([meta.customer, meta.engagement].filter(Boolean).join(" · "))}</p>
<p style="margin:4px 0 0;font-size:14px;color:${INK};font-family:${FONT}">${escapeHtml(kind)} · ${escapeHtml(periodText(report))} · ${escapeHtml(versionText(report))}${pill ? ` &nbsp;${pill}` : ""}</p>
</td></tr>
<tr><td style="padding:20px 28px 8px">
${markdownHtml(report.markdown)}
</td></tr>
${charts}
<tr><td style="padding:12px 28px 18px;border-top:1px solid ${RULE}">
<p style="margin:0;font-size:11px;line-height:1.5;color:${MUTED};font-family:${FONT}">${published}Report ${escapeHtml(report.id)}. Every figure is computed from the engagement's delivery history; Baton keeps the facts behind it.</p>
</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
};

const unescapeMarkdown = (line: string) =>
  line
    .replace(/\\([\\`*_[\]|~#>+\-.!{}()])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/**
 * The plain-text alternative of the report for email: the Markdown with its escapes undone (a
 * text part is never interpreted as markup), headings underlined, and each chart's data as lines.
 */
export const reportText = (report: RenderableReport): string => {
  const meta = reportMeta(report);
  const out: string[] = [];
  for (const raw of report.markdown.split("\n")) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(raw);
    if (heading) {
      const title = unescapeMarkdown(heading[2] ?? "");
      out.push(title, (heading[1] === "#" ? "=" : "-").repeat(Math.min(72, title.length)));
      continue;
    }
    if (/^\|?\s*:?-{3,}/.test(raw)) continue;
    out.push(unescapeMarkdown(raw.replace(/\*\*/g, "")));
  }
  for (const [i, chart] of meta.charts.entries()) {
    const { head, rows } = chartRows(chart);
    out.push("", `Figure ${i + 1}. ${chart.title}`, head.join(" | "), ...rows.map((r) => r.join(" | ")));
  }
  out.push("", `${versionText(report)} · report ${report.id}`);
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
};
