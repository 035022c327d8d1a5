import type { CalendarDate, HistoryEvent, Instant } from "../domain/types.ts";
import { usableTimeZone, utcOffsetMs } from "../domain/zone.ts";

/**
 * Local calendar days in an IANA time zone, as the sprint and flow metrics bucket them: a day runs
 * from local midnight (inclusive) to the next local midnight (exclusive), and a daily figure is the
 * state at the end of the day (the last millisecond before the next midnight).
 */

const DAY_MS = 86_400_000;

/** The zone to use: the given one when the runtime knows it, else UTC (never throws). */
export { usableTimeZone };

const offsetAt = (ms: number, timeZone: string): number => utcOffsetMs(timeZone, ms);

/** The local calendar date of an instant in a zone. */
export const localDate = (instant: Instant, timeZone: string): CalendarDate => {
  const ms = Date.parse(instant);
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 10);
};

/** The instant of local midnight starting `date` (after a DST gap at midnight, the first valid instant). */
export const startOfLocalDay = (date: CalendarDate, timeZone: string): number => {
  const wall = Date.parse(`${date}T00:00:00.000Z`);
  let ms = wall - offsetAt(wall, timeZone);
  ms = wall - offsetAt(ms, timeZone);
  return ms;
};

/** The date `days` after `date`. */
export const plusDays = (date: CalendarDate, days: number): CalendarDate =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export const isoWeekday = (date: CalendarDate): number => {
  const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return day === 0 ? 7 : day;
};

/** One local day, with the instants that bound it. */
export interface LocalDay {
  readonly date: CalendarDate;
  /** Local midnight at the start of the day. */
  readonly start: Instant;
  /** The last millisecond of the day: a daily figure is the state at this instant. */
  readonly end: Instant;
}

/** Every local day from the day containing `from` to the day containing `to`, inclusive. */
export const localDays = (from: Instant, to: Instant, timeZone: string): LocalDay[] => {
  if (to < from) return [];
  const days: LocalDay[] = [];
  const last = localDate(to, timeZone);
  let date = localDate(from, timeZone);
  let start = startOfLocalDay(date, timeZone);
  for (;;) {
    const next = plusDays(date, 1);
    const nextStart = startOfLocalDay(next, timeZone);
    days.push({ date, start: new Date(start).toISOString(), end: new Date(nextStart - 1).toISOString() });
    if (date >= last) break;
    date = next;
    start = nextStart;
  }
  return days;
};

/**
 * Index of the first entry of a sorted list of instants that is at or after `instant`
 * (the list's length when there is none).
 */
export const lowerBound = (sorted: readonly Instant[], instant: Instant): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Index of the first entry of a sorted list of instants that is after `instant`. */
export const upperBound = (sorted: readonly Instant[], instant: Instant): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The earlier of two instants. */
export const minInstant = (a: Instant, b: Instant): Instant => (a < b ? a : b);

/** Hours from one instant to another, rounded to two decimals. */
export const hoursFrom = (from: Instant, to: Instant): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / 36_000) / 100;

/** Hours as days, rounded to two decimals. */
export const hoursToDays = (hours: number): number => Math.round((hours / 24) * 100) / 100;

/**
 * The prefix of an entity's chronologically sorted events (as `EngagementHistory.eventsOf`
 * returns them) that lies at or before `asOf`: everything later is invisible to a metric.
 */
export const eventsUpTo = (events: readonly HistoryEvent[], asOf: Instant): readonly HistoryEvent[] => {
  const n = events.length;
  if (n === 0 || events[n - 1]!.at <= asOf) return events;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.at <= asOf) lo = mid + 1;
    else hi = mid;
  }
  return events.slice(0, lo);
};

/**
 * Indexes `0..ids.length` ordered by instant (`ms`, epoch milliseconds of canonical instants, so
 * the order of the instants' strings), then by id: what sorting on the instant strings then the
 * ids gives, for distinct ids. A native sort of keys packing each instant's offset from the
 * earliest with its index does the bulk (far faster than a comparator); runs of equal instants
 * are then put in id order. Keys that would not fit a double's 53 bits fall back to a comparator.
 */
export const instantOrder = (ms: Float64Array, ids: readonly string[]): number[] => {
  const n = ids.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const t = ms[i]!;
    if (t < min) min = t;
    if (t > max) max = t;
    if (!Number.isInteger(t)) integers = false;
  }
  const slots = 2 ** Math.ceil(Math.log2(Math.max(n, 1)));
  if (!integers || !((max - min) * slots < 2 ** 53))
    return Array.from(ids, (_, i) => i).sort((a, b) => ms[a]! - ms[b]! || (ids[a]! < ids[b]! ? -1 : 1));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (ms[i]! - min) * slots + i;
  keys.sort();
  const order = new Array<number>(n);
  for (let k = 0; k < n; k++) order[k] = keys[k]! % slots;
  for (let start = 0, k = 1; k <= n; k++) {
    if (k < n && ms[order[k]!] === ms[order[start]!]) continue;
    if (k - start > 1) {
      const tied = order.slice(start, k).sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1));
      for (let j = 0; j < tied.length; j++) order[start + j] = tied[j]!;
    }
    start = k;
  }
  return order;
};
