import { invalidInput } from "../errors.ts";

/**
 * Time-zone offsets from the platform's IANA database (Intl), shared by every part of Baton that
 * turns instants into local wall time: working calendars, daily buckets, the simulator.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
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
    } catch {
      throw invalidInput(`time zone "${timeZone}" is not an IANA time zone such as Europe/Berlin`);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** True when the runtime knows the IANA zone. */
export const isTimeZone = (timeZone: string): boolean => {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** The zone itself when the runtime knows it, else UTC (never throws). */
export const usableTimeZone = (timeZone: string): string => (isTimeZone(timeZone) ? timeZone : "UTC");

const computeOffset = (timeZone: string, utcMs: number): number => {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour! % 24,
    parts.minute!,
    parts.second!,
  );
  return wall - Math.floor(utcMs / 1000) * 1000;
};

const QUARTER_HOUR = 900_000;
const offsets = new Map<string, Map<number, number>>();

/**
 * Local wall time minus UTC at the instant `utcMs`, in milliseconds. Offsets change only on
 * quarter-hour boundaries, so they are cached per quarter hour: Intl formatting is slow.
 * Throws `invalid_input` naming an unknown zone.
 */
export const utcOffsetMs = (timeZone: string, utcMs: number): number => {
  if (timeZone === "UTC") return 0;
  let cache = offsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    offsets.set(timeZone, cache);
  }
  const key = Math.floor(utcMs / QUARTER_HOUR);
  let offset = cache.get(key);
  if (offset === undefined) {
    offset = computeOffset(timeZone, key * QUARTER_HOUR);
    if (cache.size > 100_000) cache.clear();
    cache.set(key, offset);
  }
  return offset;
};
