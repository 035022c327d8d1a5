import type { CalendarDate, Instant, StatusCategory } from "../domain/types.ts";
import {
  eventsUpTo,
  hoursFrom,
  hoursToDays,
  isoWeekday,
  localDays,
  lowerBound,
  minInstant,
  plusDays,
  upperBound,
  usableTimeZone,
} from "./flow-days.ts";
import { type BlockedSpell, type BounceBack, type ItemFlow, itemFlow } from "./flow-item.ts";
import type {
  BlockedItem,
  CumulativeFlowDay,
  DurationPercentiles,
  FinishedItem,
  FlowOptions,
  FlowReport,
  ThroughputBucket,
  WipItem,
} from "./flow-types.ts";
import type { EngagementHistory } from "./history.ts";
import { percentiles, round2 } from "./stats.ts";

export type { BlockedReason, BlockedSpell, BounceBack } from "./flow-item.ts";
export { BLOCKED_STATUS } from "./flow-item.ts";
export type * from "./flow-types.ts";

/**
 * Flow metrics with ActionableAgile/Swarmia semantics (docs: METRICS.md "Flow"), reconstructed
 * from item events as of a moment. Durations are wall-clock hours (and the same in days); days and
 * weeks are local to the engagement's time zone (UTC if the zone is unknown).
 *
 * Choices where the definitions are silent:
 * - Cycle time sums the time in In Progress from the first start to the last entry into Done:
 *   spells back in To Do and the time a reopened item spent Done are excluded. An item that went to
 *   Done without ever being In Progress has no cycle time (it still has a lead time and counts in
 *   throughput).
 * - Lead time runs from the `created` event to the last entry into Done.
 * - An item done, reopened and done again is finished once, at its last Done; while reopened it is
 *   not finished at all (as of that moment).
 * - Throughput weeks are Monday–Sunday local weeks; the window's first and last weeks may be partial
 *   (`days` says how many of their days are inside the window).
 * - Cycle-time percentiles (R7) are over the items finished in the window (default: the 12 weeks
 *   before `asOf`); WIP age is `asOf` − first start, flagged against them.
 * - Cumulative flow counts items that exist, per category, at each local day's last millisecond.
 * - Bounce-backs compare categories (To Do < In Progress < Done), not status names: In Review →
 *   In Progress is not a bounce-back.
 * - Blocked time is the union of the time flagged `blocked` and the time in a status whose name
 *   matches /block/i (never counted twice), whatever the item's category, clipped to the window; a
 *   spell still open at `asOf` runs to `asOf`.
 */

const TWELVE_WEEKS_MS = 84 * 86_400_000;
const ids = (...values: readonly (string | null)[]): string[] =>
  values.filter((v): v is string => v !== null);

const durationPercentiles = (entries: readonly { itemId: string; hours: number }[]): DurationPercentiles => {
  const values = entries.map((e) => e.hours);
  const [p50 = null, p85 = null, p95 = null] = percentiles(values, [50, 85, 95]).map((v) =>
    v === null ? null : round2(v),
  );
  const days = (h: number | null) => (h === null ? null : hoursToDays(h));
  return {
    count: values.length,
    p50Hours: p50,
    p85Hours: p85,
    p95Hours: p95,
    p50Days: days(p50),
    p85Days: days(p85),
    p95Days: days(p95),
    itemIds: entries.map((e) => e.itemId),
  };
};

const finishedItem = (flow: ItemFlow): FinishedItem => {
  const doneAt = flow.doneAt!;
  const cycle = flow.firstStartAt === null ? null : round2(flow.inProgressMs / 3_600_000);
  const lead = flow.createdAt === null ? null : hoursFrom(flow.createdAt, doneAt);
  return {
    itemId: flow.itemId,
    createdAt: flow.createdAt,
    startedAt: flow.firstStartAt,
    doneAt,
    cycleTimeHours: cycle,
    cycleTimeDays: cycle === null ? null : hoursToDays(cycle),
    leadTimeHours: lead,
    leadTimeDays: lead === null ? null : hoursToDays(lead),
    reopened: flow.reopened,
    eventIds: ids(flow.createdEventId, flow.firstStartEventId, flow.doneEventId),
  };
};

const overlapMs = (spell: BlockedSpell, from: Instant, to: Instant, asOf: Instant): number => {
  const start = Math.max(Date.parse(spell.from), Date.parse(from));
  const end = Math.min(Date.parse(spell.to ?? asOf), Date.parse(to));
  return Math.max(0, end - start);
};

/**
 * Flow metrics as of `asOf` over the window [`from`, `to`] (default: the 12 weeks up to `asOf`):
 * finished items with cycle and lead times and their P50/P85/P95, throughput per day and week,
 * WIP and work-item age at `asOf`, cumulative flow per day, bounce-backs and blocked time.
 */
export const flowMetrics = (
  history: EngagementHistory,
  asOf: Instant,
  options: FlowOptions = {},
): FlowReport => {
  const timeZone = usableTimeZone(history.engagement.timeZone);
  const to = options.to === undefined ? asOf : minInstant(options.to, asOf);
  const from = options.from ?? new Date(Date.parse(to) - TWELVE_WEEKS_MS).toISOString();
  const days = localDays(from, to, timeZone);
  const starts = days.map((d) => d.start);
  const evals = days.map((d) => minInstant(d.end, to));
  const cfd: Record<StatusCategory, number[]> = {
    todo: new Array<number>(days.length + 1).fill(0),
    in_progress: new Array<number>(days.length + 1).fill(0),
    done: new Array<number>(days.length + 1).fill(0),
  };
  const perDay = days.map(() => [] as string[]);
  const finished: FinishedItem[] = [];
  const wip: ItemFlow[] = [];
  const bounceBacks: BounceBack[] = [];
  const blocked: BlockedItem[] = [];

  for (const item of history.items) {
    if (options.includeItem && !options.includeItem(item)) continue;
    const flow = itemFlow(item.id, eventsUpTo(history.eventsOf(item.id), asOf), asOf);
    for (const change of flow.changes) {
      const index = lowerBound(evals, change.at);
      if (index >= evals.length) break;
      if (change.from !== null) cfd[change.from][index]! -= 1;
      cfd[change.to][index]! += 1;
    }
    if (flow.doneAt !== null && flow.doneAt >= from && flow.doneAt <= to) {
      finished.push(finishedItem(flow));
      const day = upperBound(starts, flow.doneAt) - 1;
      if (day >= 0) perDay[day]!.push(flow.itemId);
    }
    if (flow.category === "in_progress" && flow.firstStartAt !== null) wip.push(flow);
    for (const bounce of flow.bounceBacks) if (bounce.at >= from && bounce.at <= to) bounceBacks.push(bounce);
    const spells = flow.blockedSpells.filter((s) => overlapMs(s, from, to, asOf) > 0);
    if (spells.length > 0) {
      const hours = round2(spells.reduce((sum, s) => sum + overlapMs(s, from, to, asOf), 0) / 3_600_000);
      blocked.push({
        itemId: flow.itemId,
        hours,
        days: hoursToDays(hours),
        blockedNow: flow.blockedSpells.at(-1)?.to === null,
        spells,
      });
    }
  }

  finished.sort((a, b) =>
    a.doneAt < b.doneAt ? -1 : a.doneAt > b.doneAt ? 1 : a.itemId < b.itemId ? -1 : 1,
  );
  const cycleTime = durationPercentiles(
    finished
      .filter((f) => f.cycleTimeHours !== null)
      .map((f) => ({ itemId: f.itemId, hours: f.cycleTimeHours! })),
  );
  const leadTime = durationPercentiles(
    finished
      .filter((f) => f.leadTimeHours !== null)
      .map((f) => ({ itemId: f.itemId, hours: f.leadTimeHours! })),
  );

  const running = { todo: 0, in_progress: 0, done: 0 };
  const cumulativeFlow = days.map((day, i): CumulativeFlowDay => {
    running.todo += cfd.todo[i]!;
    running.in_progress += cfd.in_progress[i]!;
    running.done += cfd.done[i]!;
    return {
      date: day.date,
      at: evals[i]!,
      todo: running.todo,
      inProgress: running.in_progress,
      done: running.done,
    };
  });

  const dailyBuckets = days.map(
    (day, i): ThroughputBucket => ({
      date: day.date,
      days: 1,
      count: perDay[i]!.length,
      itemIds: perDay[i]!.sort(),
    }),
  );
  const weekly = new Map<CalendarDate, { days: number; itemIds: string[] }>();
  for (const bucket of dailyBuckets) {
    const monday = plusDays(bucket.date, 1 - isoWeekday(bucket.date));
    const week = weekly.get(monday) ?? { days: 0, itemIds: [] };
    week.days += 1;
    week.itemIds.push(...bucket.itemIds);
    weekly.set(monday, week);
  }

  const wipItems = wip
    .map((flow): WipItem => {
      const ageHours = hoursFrom(flow.firstStartAt!, asOf);
      const beyond =
        cycleTime.p95Hours !== null && ageHours > cycleTime.p95Hours
          ? "p95"
          : cycleTime.p85Hours !== null && ageHours > cycleTime.p85Hours
            ? "p85"
            : cycleTime.p50Hours !== null && ageHours > cycleTime.p50Hours
              ? "p50"
              : null;
      return {
        itemId: flow.itemId,
        status: flow.status,
        startedAt: flow.firstStartAt!,
        ageHours,
        ageDays: hoursToDays(ageHours),
        beyond,
        blocked: flow.blockedSpells.at(-1)?.to === null,
        eventIds: ids(flow.firstStartEventId),
      };
    })
    .sort((a, b) => b.ageHours - a.ageHours || (a.itemId < b.itemId ? -1 : 1));

  bounceBacks.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : 1));
  blocked.sort((a, b) => b.hours - a.hours || (a.itemId < b.itemId ? -1 : 1));
  const blockedHours = round2(blocked.reduce((s, b) => s + b.hours, 0));

  return {
    asOf,
    timeZone,
    from,
    to,
    finished,
    cycleTime,
    leadTime,
    throughput: {
      total: finished.length,
      perDay: dailyBuckets,
      perWeek: [...weekly].map(([date, w]) => ({
        date,
        days: w.days,
        count: w.itemIds.length,
        itemIds: w.itemIds,
      })),
    },
    wip: { count: wipItems.length, items: wipItems },
    cumulativeFlow,
    bounceBacks,
    blocked: { totalHours: blockedHours, totalDays: hoursToDays(blockedHours), items: blocked },
  };
};
