import type { CalendarDate, Instant, Milestone } from "../domain/types.ts";
import type { BurnupData, CfdData, CycleTimeData, ReviewSlaData } from "../reports/chart-data.ts";
import { flowMetrics } from "./flow.ts";
import { localDate, localDays, minInstant, plusDays } from "./flow-days.ts";
import type { EngagementHistory } from "./history.ts";
import { milestoneScopeHistory } from "./milestones.ts";
import { reviewMetrics } from "./reviews.ts";
import { sprintReport } from "./sprints.ts";

/**
 * The data behind each chart, computed from an engagement's history as of a moment. Pure: the
 * same history and instants give the same data. Dates are local to the engagement's time zone.
 */

const DAY = 86_400_000;
const isWork = (type: string) => type.toLowerCase() !== "epic";
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Each local day's end from `from` to `asOf` (the last day ends at `asOf`). */
const dayEnds = (from: Instant, asOf: Instant, timeZone: string) =>
  localDays(from, asOf, timeZone).map((d) => ({ date: d.date, at: minInstant(d.end, asOf) }));

/**
 * A milestone's burnup: done and scope (items) at the end of each day from `from` (default: twelve
 * weeks before `asOf`) to `asOf`, its target, and the forecast cone when one is given.
 */
export const burnupData = (
  history: EngagementHistory,
  milestone: Milestone,
  asOf: Instant,
  forecast: { p50: CalendarDate | null; p85: CalendarDate | null; p95: CalendarDate | null } | null,
  from?: Instant,
): BurnupData => {
  const start = from ?? new Date(Date.parse(asOf) - 84 * DAY).toISOString();
  const days = dayEnds(start, asOf, history.engagement.timeZone);
  const scope = milestoneScopeHistory(
    history,
    milestone,
    days.map((d) => d.at),
  );
  return {
    kind: "burnup",
    title: `${milestone.name}: done and scope`,
    unit: "items",
    points: days.map((d, i) => ({ date: d.date, done: scope[i]?.done ?? 0, scope: scope[i]?.items ?? 0 })),
    target: milestone.targetDate,
    forecast,
  };
};

/** A sprint's burnup: completed and scope (items) at its start and each day's end until `asOf`. */
export const sprintBurnupData = (
  history: EngagementHistory,
  sprintId: string,
  asOf: Instant,
): BurnupData | null => {
  const report = sprintReport(history, sprintId, asOf);
  if (!report || report.state === "future") return null;
  const sprint = history.sprints.find((s) => s.id === sprintId);
  const byDate = new Map<CalendarDate, { date: CalendarDate; done: number; scope: number }>();
  for (const p of report.burndown)
    byDate.set(p.date, { date: p.date, done: p.completedItems, scope: p.scopeItems });
  return {
    kind: "burnup",
    title: `${report.name}: completed and scope`,
    unit: "items",
    points: [...byDate.values()],
    target: sprint?.endAt ? localDate(sprint.endAt, history.engagement.timeZone) : null,
    forecast: null,
  };
};

/** Every item finished in the window with its cycle time, and the window's percentiles. */
export const cycleTimeData = (history: EngagementHistory, from: Instant, to: Instant): CycleTimeData => {
  const flow = flowMetrics(history, to, { from, to, includeItem: (i) => isWork(i.type) });
  const keys = new Map(history.items.map((i) => [i.id, i.key]));
  return {
    kind: "cycle_time",
    title: "Cycle time of finished items",
    points: flow.finished
      .filter((f) => f.cycleTimeDays !== null)
      .map((f) => ({
        date: localDate(f.doneAt, flow.timeZone),
        days: round1(f.cycleTimeDays) as number,
        key: keys.get(f.itemId) ?? f.itemId,
      })),
    p50: round1(flow.cycleTime.p50Days),
    p85: round1(flow.cycleTime.p85Days),
    p95: round1(flow.cycleTime.p95Days),
  };
};

/**
 * Review requests made in each week of the window with an outcome: met or breached. Weeks end on
 * the window's last local day and go back seven days at a time; a first, shorter week is kept.
 */
export const reviewSlaData = (history: EngagementHistory, from: Instant, to: Instant): ReviewSlaData => {
  const metrics = reviewMetrics(history, to, { from, to });
  const zone = history.engagement.timeZone;
  const last = localDate(to, zone);
  const first = localDate(from, zone);
  const weeks: { weekEnding: CalendarDate; met: number; breached: number }[] = [];
  for (let end = last; end >= first; end = plusDays(end, -7))
    weeks.unshift({ weekEnding: end, met: 0, breached: 0 });
  for (const r of metrics.requests) {
    if (r.requestedAt < from || r.requestedAt > to) continue;
    if (r.status !== "met" && r.status !== "breached") continue;
    const date = localDate(r.requestedAt, zone);
    const week = weeks.find((w) => date <= w.weekEnding && date > plusDays(w.weekEnding, -7));
    if (!week) continue;
    if (r.status === "met") week.met += 1;
    else week.breached += 1;
  }
  return {
    kind: "review_sla",
    title: "Code reviews started within the SLA",
    limitHours: metrics.sla.limitHours,
    weeks,
  };
};

/** Items to do, in progress and done at the end of each day of the window. */
export const cfdData = (history: EngagementHistory, from: Instant, to: Instant): CfdData => {
  const flow = flowMetrics(history, to, { from, to, includeItem: (i) => isWork(i.type) });
  return {
    kind: "cfd",
    title: "Cumulative flow",
    states: ["To do", "In progress", "Done"],
    days: flow.cumulativeFlow.map((d) => ({ date: d.date, counts: [d.todo, d.inProgress, d.done] })),
  };
};
