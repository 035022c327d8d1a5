import type { CalendarDate } from "../domain/types.ts";
import type { ChartData } from "../reports/chart-data.ts";

/**
 * A chart laid out on a canvas: scales, axes and marks in pixel coordinates. The SVG renderer
 * draws it, the hover lookup reads it, so what a pointer reports is exactly what is drawn.
 */

export interface ChartOptions {
  readonly width: number;
  readonly height: number;
  readonly theme: "light" | "dark";
}

export const DEFAULT_OPTIONS: ChartOptions = { width: 640, height: 280, theme: "light" };

/** Colour roles; the palette per theme lives in the renderer. */
export type Tone = "primary" | "secondary" | "good" | "warn" | "muted" | "accent";

export type Mark =
  | {
      readonly type: "line";
      readonly tone: Tone;
      readonly dashed: boolean;
      readonly points: readonly (readonly [number, number])[];
    }
  | {
      readonly type: "area";
      readonly tone: Tone;
      readonly opacity: number;
      readonly points: readonly (readonly [number, number])[];
    }
  | {
      readonly type: "dot";
      readonly tone: Tone;
      readonly x: number;
      readonly y: number;
      readonly label: string;
    }
  | {
      readonly type: "bar";
      readonly tone: Tone;
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly height: number;
      readonly label: string;
    }
  | {
      readonly type: "rule";
      readonly tone: Tone;
      readonly orientation: "vertical" | "horizontal";
      /** x for a vertical rule, y for a horizontal one. */
      readonly at: number;
      readonly label: string;
    }
  | {
      readonly type: "text";
      readonly tone: Tone;
      readonly x: number;
      readonly y: number;
      readonly text: string;
    };

/** A place the pointer can land on, with what it reports there. */
export interface HoverTarget {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** Time series answer for the whole column under the pointer; dots only when close. */
  readonly column: boolean;
}

export interface Layout {
  readonly options: ChartOptions;
  readonly title: string;
  readonly description: string;
  readonly plot: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
  readonly xTicks: readonly { readonly at: number; readonly label: string }[];
  readonly yTicks: readonly { readonly at: number; readonly label: string }[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly legend: readonly { readonly tone: Tone; readonly label: string; readonly dashed?: boolean }[];
  readonly marks: readonly Mark[];
  readonly hover: readonly HoverTarget[];
  /** Said in the plot when there is nothing to draw. */
  readonly empty: string | null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86_400_000;

/** Days since the epoch of a calendar date. */
const dayNumber = (date: CalendarDate) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number): CalendarDate => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** `2026-12-04` → `4 Dec`. */
export const shortDate = (date: CalendarDate) => {
  const [, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]}`;
};

/** Round tick steps (1, 2, 5 × 10^n) covering 0..max in about `count` steps. */
export const niceTicks = (max: number, count = 4): number[] => {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return ticks;
};

const formatNumber = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

interface Frame {
  readonly plot: Layout["plot"];
  readonly x: (day: number) => number;
  readonly y: (value: number) => number;
  readonly xTicks: Layout["xTicks"];
  readonly yTicks: Layout["yTicks"];
}

/** Scales for a date axis from `firstDay` to `lastDay` and a value axis from 0 to `maxValue`. */
const frame = (options: ChartOptions, firstDay: number, lastDay: number, maxValue: number): Frame => {
  const plot = { left: 52, top: 34, right: options.width - 18, bottom: options.height - 40 };
  const span = Math.max(1, lastDay - firstDay);
  const ticks = niceTicks(maxValue);
  const top = ticks.at(-1) ?? 1;
  const x = (day: number) => plot.left + ((day - firstDay) / span) * (plot.right - plot.left);
  const y = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const xCount = Math.max(2, Math.min(6, Math.floor((plot.right - plot.left) / 90)));
  const xTicks: { at: number; label: string }[] = [];
  for (let i = 0; i <= xCount; i++) {
    const day = Math.round(firstDay + (span * i) / xCount);
    if (xTicks.some((t) => t.label === shortDate(dateOf(day)))) continue;
    xTicks.push({ at: x(day), label: shortDate(dateOf(day)) });
  }
  return { plot, x, y, xTicks, yTicks: ticks.map((t) => ({ at: y(t), label: formatNumber(t) })) };
};

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

const burnup = (data: Extract<ChartData, { kind: "burnup" }>, options: ChartOptions): Layout => {
  const unit = data.unit === "points" ? "points" : "items";
  const base = {
    options,
    title: data.title,
    xLabel: "Date",
    yLabel: unit === "points" ? "Story points" : "Items",
  };
  if (data.points.length === 0)
    return emptyLayout(base, "No scope yet: link items to this milestone or sprint.", options);
  const first = dayNumber(data.points[0]!.date);
  const lastPoint = data.points.at(-1)!;
  const forecastDays = [data.forecast?.p50, data.forecast?.p85, data.forecast?.p95, data.target]
    .filter((d): d is string => !!d)
    .map(dayNumber);
  const last = Math.max(dayNumber(lastPoint.date), ...forecastDays);
  const max = Math.max(1, ...data.points.map((p) => Math.max(p.done, p.scope)));
  const f = frame(options, first, last, max);
  const at = (p: { date: string }) => f.x(dayNumber(p.date));
  const marks: Mark[] = [];
  const legend: Layout["legend"][number][] = [
    { tone: "primary", label: `Done (${unit})` },
    { tone: "secondary", label: `Scope (${unit})`, dashed: true },
  ];
  const cone = data.forecast;
  if (cone?.p50 || cone?.p85 || cone?.p95) {
    const from: [number, number] = [at(lastPoint), f.y(lastPoint.done)];
    const dates = [cone.p50, cone.p85, cone.p95].filter((d): d is string => !!d).map(dayNumber);
    const earliest = Math.min(...dates);
    const latest = Math.max(...dates);
    marks.push({
      type: "area",
      tone: "accent",
      opacity: 0.16,
      points: [from, [f.x(earliest), f.y(lastPoint.scope)], [f.x(latest), f.y(lastPoint.scope)]],
    });
    for (const [name, date] of [
      ["P50", cone.p50],
      ["P85", cone.p85],
      ["P95", cone.p95],
    ] as const)
      if (date)
        marks.push({
          type: "dot",
          tone: "accent",
          x: f.x(dayNumber(date)),
          y: f.y(lastPoint.scope),
          label: `${name} forecast: ${shortDate(date)}`,
        });
    legend.push({ tone: "accent", label: "Forecast P50–P95" });
  }
  marks.push({
    type: "line",
    tone: "secondary",
    dashed: true,
    points: data.points.map((p) => [at(p), f.y(p.scope)] as const),
  });
  marks.push({
    type: "line",
    tone: "primary",
    dashed: false,
    points: data.points.map((p) => [at(p), f.y(p.done)] as const),
  });
  if (data.target)
    marks.push({
      type: "rule",
      tone: "warn",
      orientation: "vertical",
      at: f.x(dayNumber(data.target)),
      label: `Target ${shortDate(data.target)}`,
    });
  const latestText = `${plural(lastPoint.done, "item")} done of ${plural(lastPoint.scope, "item")} on ${shortDate(lastPoint.date)}`;
  return {
    ...base,
    description: `${latestText}${data.target ? `; target ${shortDate(data.target)}` : ""}${cone?.p85 ? `; 85 % forecast ${shortDate(cone.p85)}` : ""}.`,
    plot: f.plot,
    xTicks: f.xTicks,
    yTicks: f.yTicks,
    legend,
    marks,
    hover: [
      ...data.points.map((p) => ({
        x: at(p),
        y: f.y(p.done),
        label: `${shortDate(p.date)}: ${formatNumber(p.done)} done of ${formatNumber(p.scope)} ${unit}`,
        column: true,
      })),
      ...marks
        .filter((m): m is Extract<Mark, { type: "dot" }> => m.type === "dot")
        .map((m) => ({ x: m.x, y: m.y, label: m.label, column: false })),
    ],
    empty: null,
  };
};

const cycleTime = (data: Extract<ChartData, { kind: "cycle_time" }>, options: ChartOptions): Layout => {
  const base = { options, title: data.title, xLabel: "Date finished", yLabel: "Cycle time (days)" };
  if (data.points.length === 0) return emptyLayout(base, "No items finished in this window yet.", options);
  const days = data.points.map((p) => dayNumber(p.date));
  const max = Math.max(1, ...data.points.map((p) => p.days), data.p95 ?? 0);
  const f = frame(options, Math.min(...days), Math.max(...days), max);
  const marks: Mark[] = [];
  for (const [name, value, tone] of [
    ["P50", data.p50, "muted"],
    ["P85", data.p85, "warn"],
    ["P95", data.p95, "secondary"],
  ] as const)
    if (value !== null)
      marks.push({
        type: "rule",
        tone,
        orientation: "horizontal",
        at: f.y(value),
        label: `${name} ${formatNumber(value)} d`,
      });
  const dots = data.points.map(
    (p): Mark => ({
      type: "dot",
      tone: "primary",
      x: f.x(dayNumber(p.date)),
      y: f.y(p.days),
      label: `${p.key} finished ${shortDate(p.date)}: ${plural(p.days, "day")}`,
    }),
  );
  marks.push(...dots);
  return {
    ...base,
    description: `${plural(data.points.length, "item")} finished${data.p85 !== null ? `; 85 % took ${plural(data.p85, "day")} or less` : ""}.`,
    plot: f.plot,
    xTicks: f.xTicks,
    yTicks: f.yTicks,
    legend: [
      { tone: "primary", label: "Finished item" },
      { tone: "muted", label: "P50", dashed: true },
      { tone: "warn", label: "P85", dashed: true },
      { tone: "secondary", label: "P95", dashed: true },
    ],
    marks,
    hover: dots.map((d) => {
      const dot = d as Extract<Mark, { type: "dot" }>;
      return { x: dot.x, y: dot.y, label: dot.label, column: false };
    }),
    empty: null,
  };
};

const reviewSla = (data: Extract<ChartData, { kind: "review_sla" }>, options: ChartOptions): Layout => {
  const base = { options, title: data.title, xLabel: "Week ending", yLabel: "Review requests" };
  const total = data.weeks.reduce((n, w) => n + w.met + w.breached, 0);
  if (data.weeks.length === 0 || total === 0)
    return emptyLayout(base, "No review requests with an outcome yet: connect a GitHub repository.", options);
  const plot = { left: 52, top: 34, right: options.width - 18, bottom: options.height - 40 };
  const max = Math.max(1, ...data.weeks.map((w) => w.met + w.breached));
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? 1;
  const y = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top);
  const slot = (plot.right - plot.left) / data.weeks.length;
  const width = Math.max(4, Math.min(36, slot * 0.6));
  const marks: Mark[] = [];
  const hover: HoverTarget[] = [];
  data.weeks.forEach((w, i) => {
    const cx = plot.left + slot * (i + 0.5);
    const x = cx - width / 2;
    const adherence = w.met + w.breached > 0 ? Math.round((w.met / (w.met + w.breached)) * 100) : null;
    const label = `Week ending ${shortDate(w.weekEnding)}: ${w.met} within ${data.limitHours} h, ${w.breached} late${adherence === null ? "" : ` (${adherence} %)`}`;
    marks.push({ type: "bar", tone: "good", x, y: y(w.met), width, height: y(0) - y(w.met), label });
    marks.push({
      type: "bar",
      tone: "warn",
      x,
      y: y(w.met + w.breached),
      width,
      height: y(w.met) - y(w.met + w.breached),
      label,
    });
    if (adherence !== null)
      marks.push({ type: "text", tone: "muted", x: cx, y: y(w.met + w.breached) - 5, text: `${adherence}%` });
    hover.push({ x: cx, y: y(w.met + w.breached), label, column: true });
  });
  const every = Math.max(1, Math.ceil(data.weeks.length / 6));
  const met = data.weeks.reduce((n, w) => n + w.met, 0);
  return {
    ...base,
    description: `${met} of ${total} review requests got a first review within ${data.limitHours} working hours (${Math.round((met / total) * 100)} %).`,
    plot,
    xTicks: data.weeks
      .map((w, i) => ({ at: plot.left + slot * (i + 0.5), label: shortDate(w.weekEnding), i }))
      .filter((t) => t.i % every === 0)
      .map(({ at, label }) => ({ at, label })),
    yTicks: ticks.map((t) => ({ at: y(t), label: formatNumber(t) })),
    legend: [
      { tone: "good", label: `Within ${data.limitHours} working hours` },
      { tone: "warn", label: "Late" },
    ],
    marks,
    hover,
    empty: null,
  };
};

const CFD_TONES: readonly Tone[] = ["muted", "primary", "good"];

const cfd = (data: Extract<ChartData, { kind: "cfd" }>, options: ChartOptions): Layout => {
  const base = { options, title: data.title, xLabel: "Date", yLabel: "Items" };
  if (data.days.length === 0) return emptyLayout(base, "No items yet: connect a Jira board.", options);
  const first = dayNumber(data.days[0]!.date);
  const last = dayNumber(data.days.at(-1)!.date);
  const totals = data.days.map((d) => d.counts.reduce((a, b) => a + b, 0));
  const f = frame(options, first, Math.max(first + 1, last), Math.max(1, ...totals));
  const marks: Mark[] = [];
  // Stacked with the last state (done) at the bottom, as cumulative flow is read.
  const order = data.states.map((_, i) => i).reverse();
  const below = data.days.map(() => 0);
  for (const s of order) {
    const lower = data.days.map((d, i) => [f.x(dayNumber(d.date)), f.y(below[i] ?? 0)] as const);
    const upper = data.days.map((d, i) => {
      below[i] = (below[i] ?? 0) + (d.counts[s] ?? 0);
      return [f.x(dayNumber(d.date)), f.y(below[i] ?? 0)] as const;
    });
    marks.push({
      type: "area",
      tone: CFD_TONES[s % CFD_TONES.length] ?? "muted",
      opacity: 0.75,
      points: [...upper, ...lower.reverse()],
    });
  }
  const lastDay = data.days.at(-1)!;
  return {
    ...base,
    description: `On ${shortDate(lastDay.date)}: ${data.states.map((s, i) => `${lastDay.counts[i] ?? 0} ${s.toLowerCase()}`).join(", ")}.`,
    plot: f.plot,
    xTicks: f.xTicks,
    yTicks: f.yTicks,
    legend: data.states.map((s, i) => ({ tone: CFD_TONES[i % CFD_TONES.length] ?? "muted", label: s })),
    marks,
    hover: data.days.map((d, i) => ({
      x: f.x(dayNumber(d.date)),
      y: f.y(totals[i] ?? 0),
      label: `${shortDate(d.date)}: ${data.states.map((s, j) => `${d.counts[j] ?? 0} ${s.toLowerCase()}`).join(", ")}`,
      column: true,
    })),
    empty: null,
  };
};

const emptyLayout = (
  base: Pick<Layout, "options" | "title" | "xLabel" | "yLabel">,
  message: string,
  options: ChartOptions,
): Layout => ({
  ...base,
  description: message,
  plot: { left: 52, top: 34, right: options.width - 18, bottom: options.height - 40 },
  xTicks: [],
  yTicks: [],
  legend: [],
  marks: [],
  hover: [],
  empty: message,
});

export const layoutChart = (data: ChartData, options: ChartOptions = DEFAULT_OPTIONS): Layout => {
  switch (data.kind) {
    case "burnup":
      return burnup(data, options);
    case "cycle_time":
      return cycleTime(data, options);
    case "review_sla":
      return reviewSla(data, options);
    case "cfd":
      return cfd(data, options);
  }
};
