/**
 * Working time on a person's WorkingCalendar: how many working hours lie between two instants,
 * and which instant a working-hour budget runs out at. Review SLAs are measured on this clock.
 *
 * Every local date has at most one working window, `workStart`–`workEnd` in the calendar's time
 * zone (a `workEnd` at or before `workStart` is an overnight shift ending the next day; `24:00`
 * is accepted as the end of the day). Non-working weekdays and holidays have no window. Local
 * times are converted to instants through the platform's time-zone database (Intl), so the
 * windows follow daylight-saving changes; a local time that does not exist (the spring-forward
 * gap) is read as the same wall time after the shift, a local time that occurs twice (fall-back)
 * as its first occurrence — the `compatible` rule of JavaScript's Temporal.
 *
 * Windows are computed once per calendar and local date and memoised, so both functions walk
 * day by day through cached numbers: a hundred thousand calls take a few tens of milliseconds.
 */
import type { CalendarDate, Instant, WorkingCalendar } from "../domain/types.ts";
import { isTimeZone, utcOffsetMs } from "../domain/zone.ts";
import { invalidInput } from "../errors.ts";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Time-zone offsets never exceed ±14 h; windows of local day `d` lie within these UTC days. */
const DAYS_BEFORE = 2;

/** One local date's working window as epoch milliseconds, `start < end`. */
interface Window {
  readonly start: number;
  readonly end: number;
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

const minutesOf = (text: string, field: string, calendar: WorkingCalendar): number => {
  const match = HHMM.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!match || minutes > 24 * 60) {
    throw invalidInput(`working calendar ${field} "${text}" is not a time of day HH:MM`, {
      timeZone: calendar.timeZone,
    });
  }
  return minutes;
};

/**
 * The instant at which the zone's clocks show `localMs` (a wall time written as if it were UTC).
 * Offsets are probed a day either side: real zones change offset at most once in two days.
 */
const instantOfLocal = (timeZone: string, localMs: number): number => {
  const before = utcOffsetMs(timeZone, localMs - DAY);
  const after = utcOffsetMs(timeZone, localMs + DAY);
  if (before === after) return localMs - before;
  const early = localMs - before;
  const late = localMs - after;
  const earlyValid = utcOffsetMs(timeZone, early) === before;
  const lateValid = utcOffsetMs(timeZone, late) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In the gap: the old offset carries the wall time forward past the shift.
  return early;
};

/** A calendar made ready for fast queries: parsed fields and memoised windows per local date. */
class CalendarClock {
  private readonly timeZone: string;
  private readonly startMinutes: number;
  private readonly endMinutes: number;
  private readonly workingDays: ReadonlySet<number>;
  private readonly holidays: ReadonlySet<CalendarDate>;
  private readonly windows = new Map<number, Window | null>();

  constructor(calendar: WorkingCalendar) {
    if (!isTimeZone(calendar.timeZone)) {
      throw invalidInput(`working calendar time zone "${calendar.timeZone}" is not an IANA time zone`);
    }
    this.timeZone = calendar.timeZone;
    this.startMinutes = minutesOf(calendar.workStart, "workStart", calendar);
    this.endMinutes = minutesOf(calendar.workEnd, "workEnd", calendar);
    if (this.startMinutes === 24 * 60) {
      throw invalidInput(`working calendar workStart "${calendar.workStart}" must be before 24:00`);
    }
    if (this.startMinutes === this.endMinutes) {
      throw invalidInput(
        `working calendar has no working hours: workStart and workEnd are both "${calendar.workStart}"`,
        { timeZone: calendar.timeZone },
      );
    }
    this.workingDays = new Set(calendar.workingDays.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7));
    if (this.workingDays.size === 0) {
      throw invalidInput("working calendar has no working days", { timeZone: calendar.timeZone });
    }
    this.holidays = new Set(calendar.holidays);
  }

  /** The working window of local date number `day` (days since 1970-01-01), or null. */
  window(day: number): Window | null {
    const cached = this.windows.get(day);
    if (cached !== undefined) return cached;
    const window = this.computeWindow(day);
    this.windows.set(day, window);
    return window;
  }

  private computeWindow(day: number): Window | null {
    // 1970-01-01 was a Thursday (ISO weekday 4).
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    if (!this.workingDays.has(weekday)) return null;
    if (this.holidays.size > 0 && this.holidays.has(new Date(day * DAY).toISOString().slice(0, 10))) {
      return null;
    }
    const endDay = this.endMinutes <= this.startMinutes ? day + 1 : day;
    const start = instantOfLocal(this.timeZone, day * DAY + this.startMinutes * MINUTE);
    const end = instantOfLocal(this.timeZone, endDay * DAY + this.endMinutes * MINUTE);
    // Defensive: both ends are moved forward through a gap, so they cannot cross in real zones.
    return end > start ? { start, end } : null;
  }
}

const byObject = new WeakMap<WorkingCalendar, CalendarClock>();
const bySignature = new Map<string, CalendarClock>();

/** The calendar asked for last and its clock: callers ask for the same calendar many times in a row. */
let lastCalendar: WorkingCalendar | null = null;
let lastClock: CalendarClock | null = null;

const clockOf = (calendar: WorkingCalendar): CalendarClock => {
  if (calendar === lastCalendar) return lastClock!;
  let clock = byObject.get(calendar);
  if (clock) {
    lastCalendar = calendar;
    lastClock = clock;
    return clock;
  }
  const signature = [
    calendar.timeZone,
    calendar.workStart,
    calendar.workEnd,
    calendar.workingDays.join(","),
    calendar.holidays.join(","),
  ].join("|");
  clock = bySignature.get(signature);
  if (!clock) {
    clock = new CalendarClock(calendar);
    bySignature.set(signature, clock);
  }
  byObject.set(calendar, clock);
  return clock;
};

const parseMs = (instant: Instant, what: string): number => {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw invalidInput(`${what} "${instant}" is not an ISO instant`);
  return ms;
};

/**
 * Working milliseconds between two epoch-millisecond instants on `calendar` (0 when `toMs` is
 * not after `fromMs`). The fast path for callers that already hold numbers.
 */
export const workingMsBetween = (calendar: WorkingCalendar, fromMs: number, toMs: number): number => {
  if (!(toMs > fromMs)) return 0;
  const clock = clockOf(calendar);
  const last = Math.floor(toMs / DAY) + 1;
  let total = 0;
  for (let day = Math.floor(fromMs / DAY) - DAYS_BEFORE; day <= last; day++) {
    const window = clock.window(day);
    if (window === null) continue;
    const start = Math.max(window.start, fromMs);
    const end = Math.min(window.end, toMs);
    if (end > start) total += end - start;
  }
  return total;
};

/**
 * The deadline: the last instant, in epoch milliseconds, at which at most `ms` working
 * milliseconds have passed since `fromMs`. One millisecond later the budget is exceeded. A budget
 * that runs out exactly at the end of a working day is due at the start of the next working day,
 * because the clock does not move in between; a zero budget is due at the next working moment.
 */
export const addWorkingMs = (calendar: WorkingCalendar, fromMs: number, ms: number): number => {
  if (!Number.isFinite(ms) || ms < 0) {
    throw invalidInput(`working time to add must be a finite number of hours ≥ 0, got ${ms / HOUR}`);
  }
  const clock = clockOf(calendar);
  let remaining = ms;
  for (let day = Math.floor(fromMs / DAY) - DAYS_BEFORE; ; day++) {
    const window = clock.window(day);
    if (window === null || window.end <= fromMs) continue;
    const start = Math.max(window.start, fromMs);
    const available = window.end - start;
    if (remaining < available) {
      // Flooring (with a guard against float noise) keeps "later than the deadline" ⇔ "over budget".
      return start + Math.floor(remaining + 1e-6);
    }
    remaining -= available;
  }
};

/**
 * Working hours between two instants on `calendar`: 0 when `to` is not after `from`, never
 * negative, never more than the wall-clock hours between them.
 */
export const workingHoursBetween = (calendar: WorkingCalendar, from: Instant, to: Instant): number =>
  workingMsBetween(calendar, parseMs(from, "from"), parseMs(to, "to")) / HOUR;

/**
 * The instant at which `hours` working hours on `calendar` have passed since `from`: the
 * deadline of a working-hour limit. A breach is known the moment the clock passes it, i.e. at
 * any instant later than the one returned. A request made outside working hours starts its clock
 * at the next working moment.
 */
export const addWorkingHours = (calendar: WorkingCalendar, from: Instant, hours: number): Instant =>
  new Date(addWorkingMs(calendar, parseMs(from, "from"), hours * HOUR)).toISOString();

/** Throws a BatonError (`invalid_input`) naming what is wrong with `calendar`, if anything. */
export const assertValidCalendar = (calendar: WorkingCalendar): void => {
  clockOf(calendar);
};
