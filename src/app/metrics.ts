import { burnupData, cfdData, cycleTimeData, reviewSlaData, sprintBurnupData } from "../engine/chart-data.ts";
import { type DoraReport, doraMetrics } from "../engine/dora.ts";
import { type FlowReport, flowMetrics } from "../engine/flow.ts";
import { type ReviewMetrics, reviewMetrics } from "../engine/reviews.ts";
import { type SprintReport, sprintMetrics, sprintReport } from "../engine/sprints.ts";
import { notFound } from "../errors.ts";
import type { ChartData } from "../reports/chart-data.ts";
import { listForecasts } from "../store/forecasts.ts";
import type { Store } from "../store/store.ts";
import { loadHistory } from "./history.ts";
import { parseTimeWindow } from "./time-window.ts";

/** Raw time flags as a CLI or HTTP request gives them. */
export interface WindowInput {
  readonly asOf?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** DORA's four keys for an engagement over a window, as of a moment. */
export const doraReport = async (
  store: Store,
  engagementId: string,
  input: WindowInput,
  now: Date,
): Promise<DoraReport> => {
  const window = parseTimeWindow(input, now);
  const history = await loadHistory(store, engagementId);
  return doraMetrics(history, window.asOf, window);
};

/** Code-review clocks and SLA adherence for an engagement: requests made in the window, as of a moment. */
export const reviewReport = async (
  store: Store,
  engagementId: string,
  input: WindowInput,
  now: Date,
): Promise<ReviewMetrics> => {
  const window = parseTimeWindow(input, now);
  const history = await loadHistory(store, engagementId);
  return reviewMetrics(history, window.asOf, { from: window.from, to: window.to });
};

/** Work-item keys by id, so presenters can show `ACME-12` instead of a storage id. */
export type ItemKeys = ReadonlyMap<string, string>;

/** Sprint figures for every sprint of an engagement, or for one sprint by name or id, as of a moment. */
export const sprintsReport = async (
  store: Store,
  engagementId: string,
  input: {
    readonly asOf?: string | undefined;
    readonly sprint?: string | undefined;
    readonly velocityWindow?: number;
  },
  now: Date,
): Promise<{ readonly asOf: string; readonly sprints: readonly SprintReport[]; readonly keys: ItemKeys }> => {
  const { asOf } = parseTimeWindow({ asOf: input.asOf }, now);
  const history = await loadHistory(store, engagementId);
  const keys = new Map(history.items.map((i) => [i.id, i.key]));
  const options = { velocityWindow: input.velocityWindow ?? 3 };
  if (input.sprint === undefined) return { asOf, sprints: sprintMetrics(history, asOf, options), keys };
  const wanted = input.sprint.toLowerCase();
  const sprint = history.sprints.find((s) => s.id === input.sprint || s.name.toLowerCase() === wanted);
  const report = sprint ? sprintReport(history, sprint.id, asOf, options) : null;
  if (!sprint || !report) throw notFound(`sprint of ${engagementId} (as of ${asOf})`, input.sprint);
  return { asOf, sprints: [report], keys };
};

/** Flow metrics over a window (default: the 12 weeks before), as of a moment. Epics are not work items here. */
export const flowReport = async (
  store: Store,
  engagementId: string,
  input: WindowInput,
  now: Date,
): Promise<{ readonly report: FlowReport; readonly keys: ItemKeys }> => {
  const window = parseTimeWindow(input, now, 84);
  const history = await loadHistory(store, engagementId);
  const keys = new Map(history.items.map((i) => [i.id, i.key]));
  const report = flowMetrics(history, window.asOf, {
    from: window.from,
    to: window.to,
    includeItem: (item) => item.type.toLowerCase() !== "epic",
  });
  return { report, keys };
};

/**
 * The charts of an engagement's cockpit as of a moment: a burnup (with its latest recorded
 * forecast) per open milestone, the active sprint's burnup, cycle times, review-SLA adherence per
 * week and cumulative flow, over the window (default: the 12 weeks before).
 */
export const engagementCharts = async (
  store: Store,
  engagementId: string,
  input: WindowInput,
  now: Date,
): Promise<{ readonly asOf: string; readonly charts: readonly ChartData[] }> => {
  const window = parseTimeWindow(input, now, 84);
  const history = await loadHistory(store, engagementId);
  const forecasts = await listForecasts(store.db, engagementId);
  const charts: ChartData[] = [];
  for (const m of history.milestones) {
    if (m.closedAt !== null && m.closedAt <= window.asOf) continue;
    const latest = forecasts
      .filter((f) => f.milestoneId === m.id && f.kind === "when" && f.asOf <= window.asOf)
      .at(-1);
    // The forecast with scope growth, when the scope grows, is the one reports state.
    const grown = latest?.inputs.withGrowth as
      | { p50: string | null; p85: string | null; p95: string | null }
      | undefined;
    const forecast = grown ?? (latest ? { p50: latest.p50, p85: latest.p85, p95: latest.p95 } : null);
    charts.push(burnupData(history, m, window.asOf, forecast, window.from));
  }
  const active = sprintMetrics(history, window.asOf).filter((s) => s.state === "active");
  const sprint = active.at(-1);
  const sprintChart = sprint ? sprintBurnupData(history, sprint.sprintId, window.asOf) : null;
  if (sprintChart) charts.push(sprintChart);
  charts.push(cycleTimeData(history, window.from, window.to));
  charts.push(reviewSlaData(history, window.from, window.to));
  charts.push(cfdData(history, window.from, window.to));
  return { asOf: window.asOf, charts };
};
