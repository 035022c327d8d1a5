import type { CalendarDate, HistoryEvent, Instant } from "../domain/types.ts";

/**
 * Local calendar days in an IANA time zone, as the sprint and flow metrics bucket them: a day runs
 * from local midnight (inclusive) to the next local midnight (exclusive), and a daily figure is the
 * state at the end of the day (the last millisecond before the next midnight).
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone to use: the given one when the runtime knows it, else UTC (never throws). */
export const usableTimeZone = (timeZone: string): string => {
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return "UTC";
  }
};

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const QUARTER_HOUR = 900_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * Milliseconds to add to UTC to get the zone's wall-clock time at `ms`. Offsets change only on
 * quarter-hour boundaries, so they are cached per quarter hour: Intl formatting is slow.
 */
const offsetAt = (ms: number, timeZone: string): number => {
  if (timeZone === "UTC") return 0;
  let cache = offsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsets.set(timeZone, cache);
  }
  const key = Math.floor(ms / QUARTER_HOUR);
  let offset = cache.get(key);
  if (offset === undefined) {
    offset = computeOffset(key * QUARTER_HOUR, timeZone);
    if (cache.size > 100_000) cache.clear();
    cache.set(key, offset);
  }
  return offset;
};

const computeOffset = (ms: number, timeZone: string): number => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - ms;
};

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
