import { utcOffsetMs } from "../../domain/zone.ts";
/**
 * The pod's working calendar for the simulator: Monday to Friday, 09:00–17:00 in the pod's time
 * zone. The zone's offset is read once, at the start of the simulated period, so daylight-saving
 * shifts move the working day by an hour; the simulator accepts that for speed. Times are epoch
 * milliseconds.
 */
export interface WorkCalendar {
  /** Local time minus UTC, in milliseconds. */
  readonly offsetMs: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WORK_START = 9 * HOUR;
const WORK_END = 17 * HOUR;

export const workCalendar = (timeZone: string, atMs: number): WorkCalendar => ({
  offsetMs: utcOffsetMs(timeZone, atMs),
});

// 1970-01-01 was a Thursday: day 0 has ISO weekday 4.
const isWorkingDay = (localDay: number) => {
  const weekday = ((localDay + 3) % 7) + 1;
  return weekday <= 5;
};

/** The instant `hours` working hours after `fromMs` (0 hours: the next working moment). */
export const addWorkingHours = (cal: WorkCalendar, fromMs: number, hours: number): number => {
  let local = fromMs + cal.offsetMs;
  let remaining = Math.max(0, hours) * HOUR;
  for (;;) {
    const day = Math.floor(local / DAY);
    const dayStart = day * DAY + WORK_START;
    const dayEnd = day * DAY + WORK_END;
    if (!isWorkingDay(day) || local >= dayEnd) {
      local = (day + 1) * DAY + WORK_START;
      continue;
    }
    if (local < dayStart) local = dayStart;
    const available = dayEnd - local;
    if (remaining < available) return Math.round(local + remaining) - cal.offsetMs;
    remaining -= available;
    local = (day + 1) * DAY + WORK_START;
  }
};

/** Working hours between two instants (0 when `toMs` is not after `fromMs`). */
export const workingHoursBetween = (cal: WorkCalendar, fromMs: number, toMs: number): number => {
  let total = 0;
  let local = fromMs + cal.offsetMs;
  const end = toMs + cal.offsetMs;
  while (local < end) {
    const day = Math.floor(local / DAY);
    if (isWorkingDay(day)) {
      const from = Math.max(local, day * DAY + WORK_START);
      const to = Math.min(end, day * DAY + WORK_END);
      if (to > from) total += to - from;
    }
    local = (day + 1) * DAY;
  }
  return total / HOUR;
};

/** The local working-day start (09:00) of the calendar date `date`, as epoch milliseconds. */
export const workdayStart = (cal: WorkCalendar, date: string): number =>
  Date.parse(`${date}T00:00:00Z`) + WORK_START - cal.offsetMs;

export { DAY, HOUR };
