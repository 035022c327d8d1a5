import type { CalendarDate, Instant, StatusCategory } from "../domain/types.ts";
import {
  hoursToDays,
  instantOrder,
  isoWeekday,
  localDays,
  minInstant,
  plusDays,
  usableTimeZone,
} from "./flow-days.ts";
import { type BlockedSpell, type BounceBack, newItemWalk, walkItem } from "./flow-item.ts";
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
import { msAtOrAfter, msAtOrBefore } from "./instants.ts";
import { percentiles, percentilesInPlace, round2 } from "./stats.ts";
import { countUpTo } from "./timeline.ts";

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

const DAY_MS = 86_400_000;
const TWELVE_WEEKS_MS = 84 * DAY_MS;
const PERCENTILES = [50, 85, 95] as const;

/** Hours of a span of milliseconds, rounded to two decimals (as `hoursFrom`). */
const hoursOfMs = (ms: number): number => Math.round(ms / 36_000) / 100;

/** Durations of the finished items, in their order, gathered for percentiles. */
interface Durations {
  readonly values: Float64Array;
  count: number;
  readonly itemIds: string[];
  /** False once a value is NaN or -0, which only a full sort orders the way `percentiles` does. */
  plain: boolean;
}

const durations = (capacity: number): Durations => ({
  values: new Float64Array(capacity),
  count: 0,
  itemIds: [],
  plain: true,
});

const addDuration = (list: Durations, itemId: string, hours: number): void => {
  list.values[list.count++] = hours;
  list.itemIds.push(itemId);
  if (Number.isNaN(hours) || Object.is(hours, -0)) list.plain = false;
};

const durationPercentiles = (list: Durations): DurationPercentiles => {
  const n = list.count;
  const values = list.plain
    ? percentilesInPlace(list.values, n, PERCENTILES)
    : percentiles(Array.from(list.values.subarray(0, n)), PERCENTILES);
  const [p50 = null, p85 = null, p95 = null] = values.map((v) => (v === null ? null : round2(v)));
  const days = (h: number | null) => (h === null ? null : hoursToDays(h));
  return {
    count: n,
    p50Hours: p50,
    p85Hours: p85,
    p95Hours: p95,
    p50Days: days(p50),
    p85Days: days(p85),
    p95Days: days(p95),
    itemIds: list.itemIds,
  };
};

/**
 * The non-null of the created and first-start events, then the done event, as an array literal
 * of exactly that length: results are kept, and a pushed-to array would keep spare capacity.
 */
const evidence = (created: string | null, started: string | null, done: string): string[] =>
  created === null
    ? started === null
      ? [done]
      : [started, done]
    : started === null
      ? [created, done]
      : [created, started, done];

/**
 * The first index of non-decreasing `limits` whose value is at least `ms` (`limits.length` when
 * none is), walking from `guess`: as a binary search would find it, in a step or two when the
 * guess is close.
 */
const firstAtLeast = (limits: Float64Array, ms: number, guess: number): number => {
  let i = guess >= 0 ? Math.min(guess, limits.length) : 0;
  while (i > 0 && limits[i - 1]! >= ms) i--;
  while (i < limits.length && limits[i]! < ms) i++;
  return i;
};

/** What a WIP item needs from its walk until the cycle-time percentiles are known. */
interface Started {
  readonly itemId: string;
  readonly status: string | null;
  readonly startedAt: Instant;
  readonly startedMs: number;
  readonly eventId: string;
  readonly blocked: boolean;
}

/**
 * WIP items at `asOfMs`, oldest first, each flagged with the highest cycle-time percentile its age
 * exceeds. Built with push rather than map: the sorted array then has the same shape on every
 * call, which keeps the optimised code from being thrown away at the sort.
 */
const wipOf = (started: readonly Started[], cycleTime: DurationPercentiles, asOfMs: number): WipItem[] => {
  const items: WipItem[] = [];
  for (const item of started) {
    const ageHours = hoursOfMs(asOfMs - item.startedMs);
    const beyond =
      cycleTime.p95Hours !== null && ageHours > cycleTime.p95Hours
        ? "p95"
        : cycleTime.p85Hours !== null && ageHours > cycleTime.p85Hours
          ? "p85"
          : cycleTime.p50Hours !== null && ageHours > cycleTime.p50Hours
            ? "p50"
            : null;
    items.push({
      itemId: item.itemId,
      status: item.status,
      startedAt: item.startedAt,
      ageHours,
      ageDays: hoursToDays(ageHours),
      beyond,
      blocked: item.blocked,
      eventIds: [item.eventId],
    });
  }
  return items.sort((a, b) => b.ageHours - a.ageHours || (a.itemId < b.itemId ? -1 : 1));
};

/** The report's window and days as the walk over the items compares with them. */
interface Bounds {
  readonly from: Instant;
  readonly to: Instant;
  readonly dayCount: number;
  /** Limits in epoch milliseconds equivalent to comparing the instant strings (see msAtOrAfter). */
  readonly asOfLimit: number;
  readonly fromLimit: number;
  readonly toLimit: number;
  readonly dayStartLimits: Float64Array;
  readonly evalLimits: Float64Array;
  /** The bounds' own parsed values, for durations. */
  readonly asOfMs: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * One pass over the items, gathering what the report is made of. Kept apart from the assembly
 * of the report so that its optimised code survives whatever the assembly's code goes through.
 */
const gather = (history: EngagementHistory, options: FlowOptions, bounds: Bounds) => {
  const { from, to, dayCount, asOfLimit, fromLimit, toLimit, dayStartLimits, evalLimits } = bounds;
  const { asOfMs, fromMs, toMs } = bounds;
  const cfd: Record<StatusCategory, Int32Array> = {
    todo: new Int32Array(dayCount),
    in_progress: new Int32Array(dayCount),
    done: new Int32Array(dayCount),
  };
  // The categories by comparison rather than keyed lookup (an unknown one fails as it would).
  const countsOf = (category: StatusCategory): Int32Array =>
    category === "todo"
      ? cfd.todo
      : category === "in_progress"
        ? cfd.in_progress
        : category === "done"
          ? cfd.done
          : cfd[category];
  // Local days last 24 hours but around DST changes, so a day's index is guessed from the first
  // day's start and then checked against the limits.
  const firstDayMs = dayCount > 0 ? dayStartLimits[0]! : 0;
  const perDay = Array.from({ length: dayCount }, () => [] as string[]);
  // Days whose ids may have arrived out of order and need sorting. Items usually come in id
  // order: each id is compared with the previous item's while both are at hand, and a day's ids
  // are in order when no step down happened between two of its arrivals.
  const unsortedDays = new Uint8Array(dayCount);
  const stepsDownAtLastArrival = new Int32Array(dayCount);
  let stepsDown = 0;
  let previousId: string | null = null;
  // Items finished in the window in the order walked, with what ordering them and their
  // percentiles need beside them (read by index, not from the result objects).
  const finishing: FinishedItem[] = [];
  const finishingMs = new Float64Array(history.items.length);
  const finishingIds: string[] = [];
  const finishingCycles = new Float64Array(history.items.length);
  const finishingLeads = new Float64Array(history.items.length);
  /** Bit 1: has a cycle time; bit 2: has a lead time. */
  const finishingHas = new Uint8Array(history.items.length);
  const started: Started[] = [];
  const bounceBacks: BounceBack[] = [];
  const blocked: BlockedItem[] = [];
  const walk = newItemWalk();

  const items = history.items;
  const timelines = history.timelines.items;
  for (let n = 0; n < items.length; n++) {
    const item = items[n]!;
    if (options.includeItem && !options.includeItem(item)) continue;
    if (previousId !== null && previousId > item.id) stepsDown++;
    previousId = item.id;
    const timeline = timelines[n]!;
    walkItem(walk, item.id, timeline, countUpTo(timeline.times, asOfLimit), asOfMs);

    // Category changes counted at the end of the first day whose evaluation instant follows them.
    for (let c = 0; c < walk.changeCount; c++) {
      const ms = walk.changeMs[c]!;
      const day = firstAtLeast(evalLimits, ms, Math.floor((ms - firstDayMs) / DAY_MS));
      if (day >= dayCount) break;
      const previous = walk.changeFrom[c]!;
      if (previous !== null) countsOf(previous)[day]! -= 1;
      countsOf(walk.changeTo[c]!)[day]! += 1;
    }

    const doneAt = walk.doneAt;
    if (doneAt !== null && walk.doneMs >= fromLimit && walk.doneMs <= toLimit) {
      const cycle = walk.firstStartAt === null ? null : round2(walk.inProgressMs / 3_600_000);
      const lead = walk.createdAt === null ? null : hoursOfMs(walk.doneMs - walk.createdMs);
      const eventIds = evidence(walk.createdEventId, walk.firstStartEventId, walk.doneEventId!);
      finishing.push({
        itemId: item.id,
        createdAt: walk.createdAt,
        startedAt: walk.firstStartAt,
        doneAt,
        cycleTimeHours: cycle,
        cycleTimeDays: cycle === null ? null : hoursToDays(cycle),
        leadTimeHours: lead,
        leadTimeDays: lead === null ? null : hoursToDays(lead),
        reopened: walk.reopened,
        eventIds,
      });
      const k = finishingIds.length;
      finishingMs[k] = walk.doneMs;
      finishingCycles[k] = cycle ?? 0;
      finishingLeads[k] = lead ?? 0;
      finishingHas[k] = (cycle === null ? 0 : 1) | (lead === null ? 0 : 2);
      finishingIds.push(item.id);
      // The day it finished: the last day starting at or before it (limits and instants are
      // whole milliseconds, so "after" is "at least one millisecond later").
      const doneMs = walk.doneMs;
      const day = firstAtLeast(dayStartLimits, doneMs + 1, Math.floor((doneMs - firstDayMs) / DAY_MS)) - 1;
      if (day >= 0) {
        const ids = perDay[day]!;
        if (ids.length > 0 && stepsDownAtLastArrival[day] !== stepsDown) unsortedDays[day] = 1;
        stepsDownAtLastArrival[day] = stepsDown;
        ids.push(item.id);
      }
    }

    if (walk.category === "in_progress" && walk.firstStartAt !== null)
      started.push({
        itemId: item.id,
        status: walk.status,
        startedAt: walk.firstStartAt,
        startedMs: walk.firstStartMs,
        eventId: walk.firstStartEventId!,
        blocked: walk.blockedNow,
      });

    for (let b = 0; b < walk.bounceCount; b++) {
      const bounce = walk.bounceBacks[b]!;
      if (bounce.at >= from && bounce.at <= to) bounceBacks.push(bounce);
    }

    if (walk.spellCount > 0) {
      const spells: BlockedSpell[] = [];
      let total = 0;
      for (let s = 0; s < walk.spellCount; s++) {
        const start = Math.max(walk.spellFromMs[s]!, fromMs);
        const end = Math.min(walk.spells[s]!.to === null ? asOfMs : walk.spellToMs[s]!, toMs);
        const overlap = Math.max(0, end - start);
        if (overlap > 0) {
          spells.push(walk.spells[s]!);
          total += overlap;
        }
      }
      if (spells.length > 0) {
        const hours = round2(total / 3_600_000);
        blocked.push({
          itemId: item.id,
          hours,
          days: hoursToDays(hours),
          blockedNow: walk.blockedNow,
          spells,
        });
      }
    }
  }

  return {
    cfd,
    perDay,
    unsortedDays,
    finishing,
    finishingMs,
    finishingIds,
    finishingCycles,
    finishingLeads,
    finishingHas,
    started,
    bounceBacks,
    blocked,
  };
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
  const dayCount = days.length;
  const evals = days.map((d) => minInstant(d.end, to));
  // Event instants are compared with these bounds in epoch milliseconds: the msAtOrBefore/After
  // limits make each comparison exactly the string comparison of the instants, whatever form
  // the bounds are given in; durations use the bounds' parsed values.
  const asOfLimit = msAtOrBefore(asOf);
  const fromLimit = msAtOrAfter(from);
  const toLimit = msAtOrBefore(to);
  const dayStartLimits = Float64Array.from(days, (d) => msAtOrAfter(d.start));
  const evalLimits = Float64Array.from(evals, msAtOrBefore);
  const asOfMs = Date.parse(asOf);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);

  const {
    cfd,
    perDay,
    unsortedDays,
    finishing,
    finishingMs,
    finishingIds,
    finishingCycles,
    finishingLeads,
    finishingHas,
    started,
    bounceBacks,
    blocked,
  } = gather(history, options, {
    from,
    to,
    dayCount,
    asOfLimit,
    fromLimit,
    toLimit,
    dayStartLimits,
    evalLimits,
    asOfMs,
    fromMs,
    toMs,
  });

  const order = instantOrder(finishingMs, finishingIds);
  const finished = order.map((i) => finishing[i]!);
  const cycleTimes = durations(finished.length);
  const leadTimes = durations(finished.length);
  for (let j = 0; j < order.length; j++) {
    const k = order[j]!;
    const has = finishingHas[k]!;
    if (has & 1) addDuration(cycleTimes, finishingIds[k]!, finishingCycles[k]!);
    if (has & 2) addDuration(leadTimes, finishingIds[k]!, finishingLeads[k]!);
  }
  const cycleTime = durationPercentiles(cycleTimes);
  const leadTime = durationPercentiles(leadTimes);

  // Cumulative flow, daily and weekly throughput in one pass over the days, built with push (see
  // wipOf on why not map).
  const cumulativeFlow: CumulativeFlowDay[] = [];
  const dailyBuckets: ThroughputBucket[] = [];
  const weekly = new Map<CalendarDate, { days: number; itemIds: string[] }>();
  let todo = 0;
  let inProgress = 0;
  let done = 0;
  for (let i = 0; i < days.length; i++) {
    const date = days[i]!.date;
    todo += cfd.todo[i]!;
    inProgress += cfd.in_progress[i]!;
    done += cfd.done[i]!;
    cumulativeFlow.push({ date, at: evals[i]!, todo, inProgress, done });
    const itemIds = unsortedDays[i] ? perDay[i]!.sort() : perDay[i]!;
    dailyBuckets.push({ date, days: 1, count: itemIds.length, itemIds });
    const monday = plusDays(date, 1 - isoWeekday(date));
    const week = weekly.get(monday) ?? { days: 0, itemIds: [] };
    week.days += 1;
    week.itemIds.push(...itemIds);
    weekly.set(monday, week);
  }

  const wipItems = wipOf(started, cycleTime, asOfMs);

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
