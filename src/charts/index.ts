import type { ChartData } from "../reports/chart-data.ts";
import { type ChartOptions, DEFAULT_OPTIONS, layoutChart, shortDate } from "./layout.ts";
import { renderSvg } from "./svg.ts";

/**
 * Charts shared by reports (email, PDF) and the web app: one definition per chart, drawn as
 * static SVG, with a table of the same data for screen readers and a hover lookup for browsers.
 */
export type { ChartOptions } from "./layout.ts";
export { escapeXml } from "./svg.ts";

/** The chart as a complete `<svg>` string, text escaped, no scripts. */
export const chartSvg = (data: ChartData, options: Partial<ChartOptions> = {}): string =>
  renderSvg(layoutChart(data, { ...DEFAULT_OPTIONS, ...options }));

/** A one-sentence summary of the chart, for captions and alt text. */
export const chartSummary = (data: ChartData): string => layoutChart(data).description;

export interface ChartTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const num = (n: number | null) => (n === null ? "—" : Number.isInteger(n) ? String(n) : n.toFixed(1));

/** The chart's data as a table: what a screen reader reads instead of the picture. */
export const chartTable = (data: ChartData): ChartTable => {
  switch (data.kind) {
    case "burnup": {
      const rows = data.points.map((p) => [shortDate(p.date), num(p.done), num(p.scope)]);
      if (data.target) rows.push([`Target ${shortDate(data.target)}`, "", ""]);
      if (data.forecast)
        for (const [name, date] of [
          ["P50", data.forecast.p50],
          ["P85", data.forecast.p85],
          ["P95", data.forecast.p95],
        ] as const)
          if (date) rows.push([`${name} forecast ${shortDate(date)}`, "", ""]);
      return { caption: data.title, columns: ["Date", `Done (${data.unit})`, `Scope (${data.unit})`], rows };
    }
    case "cycle_time":
      return {
        caption: `${data.title} (P50 ${num(data.p50)} d, P85 ${num(data.p85)} d, P95 ${num(data.p95)} d)`,
        columns: ["Item", "Finished", "Cycle time (days)"],
        rows: data.points.map((p) => [p.key, shortDate(p.date), num(p.days)]),
      };
    case "review_sla":
      return {
        caption: `${data.title} (${data.limitHours} working hours)`,
        columns: ["Week ending", "Within SLA", "Late", "Adherence"],
        rows: data.weeks.map((w) => [
          shortDate(w.weekEnding),
          String(w.met),
          String(w.breached),
          w.met + w.breached === 0 ? "—" : `${Math.round((w.met / (w.met + w.breached)) * 100)} %`,
        ]),
      };
    case "cfd":
      return {
        caption: data.title,
        columns: ["Date", ...data.states],
        rows: data.days.map((d) => [shortDate(d.date), ...d.counts.map(String)]),
      };
  }
};

/**
 * What the chart shows at a pointer (SVG coordinates): the column under it for time series and
 * bars, the nearest dot within 12 px for scatters; null when nothing is there.
 */
export const chartHover = (
  data: ChartData,
  options: Partial<ChartOptions>,
  x: number,
  y: number,
): { label: string; x: number; y: number } | null => {
  const layout = layoutChart(data, { ...DEFAULT_OPTIONS, ...options });
  const { plot } = layout;
  if (x < plot.left - 8 || x > plot.right + 8 || y < plot.top - 8 || y > plot.bottom + 8) return null;
  let best: { label: string; x: number; y: number } | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const t of layout.hover) {
    const distance = t.column ? Math.abs(t.x - x) : Math.hypot(t.x - x, t.y - y);
    if (!t.column && distance > 12) continue;
    // A dot close to the pointer wins over the column it stands in.
    const score = t.column ? distance + 6 : distance;
    if (score < bestDistance) {
      bestDistance = score;
      best = { label: t.label, x: t.x, y: t.y };
    }
  }
  return best;
};
