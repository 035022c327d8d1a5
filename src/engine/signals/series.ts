import type { Instant } from "../../domain/types.ts";
import { flowMetrics } from "../flow.ts";
import { isoWeekday, localDate, plusDays, startOfLocalDay, usableTimeZone } from "../flow-days.ts";
import type { EngagementHistory } from "../history.ts";
import { reviewMetrics } from "../reviews.ts";
import { sprintMetrics } from "../sprints.ts";
import type { StartedSprintReport } from "../sprints-types.ts";
import { median } from "../stats.ts";
import type { DerivedSeries, SignalOptions, WeekPoint } from "./types.ts";

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Epics are containers, not work: they never count in flow figures. */
export const isWorkItem = (type: string): boolean => type.toLowerCase() !== "epic";

/**
 * True when more than 40 % of the pod's working days in the week are holidays on their
 * calendars: such a week is not compared with ordinary weeks.
 */
const holidayHeavy = (history: EngagementHistory, monday: string): boolean => {
  let working = 0;
  let off = 0;
  for (const person of history.people) {
    const holidays = new Set(person.calendar.holidays);
    for (let d = 0; d < 7; d++) {
      const date = plusDays(monday, d);
      if (!person.calendar.workingDays.includes(isoWeekday(date) as 1)) continue;
      working++;
      if (holidays.has(date)) off++;
    }
  }
  return working > 0 && off / working > 0.4;
};

const overlapHours = (from: Instant, to: Instant | null, start: Instant, end: Instant): number => {
  const a = Math.max(Date.parse(from), Date.parse(start));
  const b = Math.min(Date.parse(to ?? end), Date.parse(end));
  return Math.max(0, b - a) / 3_600_000;
};

/** When the engagement's history begins: its start date or its first item, whichever is earlier. */
export const historyStart = (history: EngagementHistory): Instant => {
  let first = `${history.engagement.startDate}T00:00:00.000Z`;
  for (const item of history.items) if (item.createdAt < first) first = item.createdAt;
  return first;
};

/**
 * Computes the series every detector shares, once per evaluation: started sprints, flow and
 * review metrics over the window, and week-by-week throughput, cycle time, WIP, time to first
 * review and blocked time. Uses only events at or before `asOf`.
 */
export const deriveSeries = (
  history: EngagementHistory,
  asOf: Instant,
  options: SignalOptions = {},
): DerivedSeries => {
  const timeZone = usableTimeZone(history.engagement.timeZone);
  const windowWeeks = options.windowWeeks ?? 16;
  const start = historyStart(history);
  const from = new Date(Math.max(Date.parse(asOf) - windowWeeks * WEEK_MS, Date.parse(start))).toISOString();
  const flow = flowMetrics(history, asOf, { from, includeItem: (item) => isWorkItem(item.type) });
  const reviews = reviewMetrics(history, asOf, { from });
  const sprints = sprintMetrics(history, asOf).filter((s): s is StartedSprintReport => s.state !== "future");

  const requestedAt = new Map(reviews.requests.map((r) => [r.id, r.requestedAt]));
  const wipByDate = new Map(flow.cumulativeFlow.map((d) => [d.date, d.inProgress]));
  const currentWeek = plusDays(localDate(asOf, timeZone), 1 - isoWeekday(localDate(asOf, timeZone)));
  const weeks: WeekPoint[] = flow.throughput.perWeek.map((bucket) => {
    const weekStart = new Date(startOfLocalDay(bucket.date, timeZone)).toISOString();
    const weekEnd = new Date(startOfLocalDay(plusDays(bucket.date, 7), timeZone) - 1).toISOString();
    const inWeek = (at: Instant) => at >= weekStart && at <= weekEnd;
    const cycle = flow.finished
      .filter((f) => inWeek(f.doneAt) && f.cycleTimeDays !== null)
      .map((f) => f.cycleTimeDays!);
    const ttfr = reviews.timeToFirstReview.samples
      .filter((s) => inWeek(requestedAt.get(s.id) ?? ""))
      .map((s) => s.value);
    let blockedHours = 0;
    for (const item of flow.blocked.items) {
      for (const spell of item.spells) blockedHours += overlapHours(spell.from, spell.to, weekStart, weekEnd);
    }
    let wip = 0;
    for (let d = 6; d >= 0; d--) {
      const value = wipByDate.get(plusDays(bucket.date, d));
      if (value !== undefined) {
        wip = value;
        break;
      }
    }
    return {
      week: bucket.date,
      start: weekStart,
      end: weekEnd,
      comparable:
        bucket.days === 7 &&
        bucket.date !== currentWeek &&
        weekStart >= start &&
        !holidayHeavy(history, bucket.date),
      throughput: bucket.count,
      cycleTimeDays: median(cycle),
      wip,
      timeToFirstReviewHours: median(ttfr),
      blockedHours: Math.round(blockedHours * 100) / 100,
    };
  });
  return {
    asOf,
    weeks,
    sprints,
    flow,
    reviews,
    historyWeeks: Math.max(0, (Date.parse(asOf) - Date.parse(start)) / WEEK_MS),
  };
};
