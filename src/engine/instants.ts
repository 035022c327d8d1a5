import { instantMs } from "../domain/time.ts";
import type { Instant } from "../domain/types.ts";

/**
 * Instants as epoch milliseconds and back, by arithmetic: the engine's hot loops read and write
 * thousands of them per engagement, and Date.parse / toISOString cost several times more.
 */

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1–12; `day` may overflow linearly). */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
};

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Epoch days of the first of each month from 1900 to 2199, computed on first use. */
const monthStarts = new Float64Array(300 * 12).fill(Number.NaN);

const monthStart = (year: number, month: number): number => {
  if (year < 1900 || year >= 2200) return daysFromCivil(year, month, 1);
  const index = (year - 1900) * 12 + month - 1;
  let days = monthStarts[index]!;
  if (Number.isNaN(days)) {
    days = daysFromCivil(year, month, 1);
    monthStarts[index] = days;
  }
  return days;
};

/**
 * Epoch milliseconds of an instant; the same as `instantMs`, with the canonical form read by
 * plain arithmetic (Date.UTC is linear in every field but the year and month, checked here).
 */
export const canonicalMs = (instant: Instant): number => {
  if (instant.length !== 24 || instant.charCodeAt(23) !== 90 || instant.charCodeAt(10) !== 84)
    return instantMs(instant);
  const year =
    digit(instant, 0) * 1000 + digit(instant, 1) * 100 + digit(instant, 2) * 10 + digit(instant, 3);
  const month = digit(instant, 5) * 10 + digit(instant, 6);
  if (year < 100 || year > 9999 || month < 1 || month > 12) return instantMs(instant);
  const day = digit(instant, 8) * 10 + digit(instant, 9);
  return (
    (monthStart(year, month) + day - 1) * DAY +
    (digit(instant, 11) * 10 + digit(instant, 12)) * HOUR +
    (digit(instant, 14) * 10 + digit(instant, 15)) * 60_000 +
    (digit(instant, 17) * 10 + digit(instant, 18)) * 1000 +
    digit(instant, 20) * 100 +
    digit(instant, 21) * 10 +
    digit(instant, 22)
  );
};

/** Character codes of one instant's text, filled in place (`String.fromCharCode` reads them). */
const CODES: number[] = Array.from({ length: 24 }, () => 0);
const ZERO = 48;

/** Writes `value` (0 ≤ value < 10^width) as `width` digits at `at`. */
const putDigits = (at: number, width: number, value: number) => {
  let rest = value;
  for (let i = at + width - 1; i >= at; i--) {
    CODES[i] = ZERO + (rest % 10);
    rest = (rest / 10) | 0;
  }
};

/**
 * `new Date(value).toISOString()`, formatted by arithmetic for integers in years 1000–9999. The
 * text is made in one piece from character codes: text joined piece by piece would keep its pieces
 * alive as long as the result, and results (deadlines, bounds) are kept by the thousand.
 */
export const isoOf = (value: number): Instant => {
  if (!Number.isInteger(value)) return new Date(value).toISOString();
  const days = Math.floor(value / DAY);
  // Civil date from days (proleptic Gregorian).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1000 || year > 9999) return new Date(value).toISOString();
  // Below 2^31 from here, so integer arithmetic (`| 0`) is exact.
  let rest = (value - days * DAY) | 0;
  const hours = (rest / HOUR) | 0;
  rest -= hours * HOUR;
  const minutes = (rest / 60_000) | 0;
  rest -= minutes * 60_000;
  const seconds = (rest / 1000) | 0;
  rest -= seconds * 1000;
  putDigits(0, 4, year);
  CODES[4] = 45; // -
  putDigits(5, 2, month);
  CODES[7] = 45;
  putDigits(8, 2, day);
  CODES[10] = 84; // T
  putDigits(11, 2, hours);
  CODES[13] = 58; // :
  putDigits(14, 2, minutes);
  CODES[16] = 58;
  putDigits(17, 2, seconds);
  CODES[19] = 46; // .
  putDigits(20, 3, rest);
  CODES[23] = 90; // Z
  return String.fromCharCode(...CODES);
};

/** Epoch milliseconds of 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z. */
const FIRST_MS = -62_167_219_200_000;
const PAST_LAST_MS = 253_402_300_800_000;

/**
 * The first epoch millisecond whose canonical instant (`toISOString` form) sorts at or after
 * `bound` as a string. Canonical instants sort as strings in time order, so for an event at
 * `ms`, `event.at >= bound` exactly when `ms >= msAtOrAfter(bound)`, whatever the form of `bound`
 * (a date, an offset, even garbage compare as strings do).
 */
export const msAtOrAfter = (bound: string): number => {
  const ms = canonicalMs(bound);
  if (ms >= FIRST_MS && ms < PAST_LAST_MS && isoOf(ms) === bound) return ms;
  let lo = FIRST_MS;
  let hi = PAST_LAST_MS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (isoOf(mid) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The last epoch millisecond whose canonical instant sorts at or before `bound` as a string:
 * `event.at <= bound` exactly when `ms <= msAtOrBefore(bound)`.
 */
export const msAtOrBefore = (bound: string): number => {
  const ms = msAtOrAfter(bound);
  return ms < PAST_LAST_MS && isoOf(ms) === bound ? ms : ms - 1;
};
