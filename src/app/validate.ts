import { z } from "zod";
import { parseCalendarDate } from "../domain/time.ts";
import { WEEKDAY_NAMES } from "../domain/types.ts";
import { isTimeZone } from "../domain/zone.ts";
import { invalidInput } from "../errors.ts";

/**
 * Parses input with a schema; on failure, one invalid_input error whose message names every bad
 * field and why, e.g. `allocation: must be between 1 and 100 (got 150)`.
 */
export const parseInput = <S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> => {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw invalidIssues(what, result.error.issues);
};

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown => {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
};

/** One invalid_input error naming every issue: `path: why (got value)`. */
export const invalidIssues = (what: string, issues: readonly z.core.$ZodIssue[], input?: unknown) => {
  const lines = issues.map((issue) => {
    const path = issue.path.join(".") || "input";
    const value = issue.input !== undefined ? issue.input : valueAt(input, issue.path);
    const got = value === undefined ? "" : ` (got ${JSON.stringify(value)?.slice(0, 200)})`;
    return `${path}: ${issue.message}${got}`;
  });
  return invalidInput(`invalid ${what}: ${lines.join("; ")}`, { issues: lines });
};

export const calendarDate = z.string().refine((v) => parseCalendarDate(v) !== null, {
  message: "must be a date as YYYY-MM-DD",
});

export const timeZone = z
  .string()
  .refine(isTimeZone, { message: "must be an IANA time zone such as Europe/Berlin" });

export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM");

export const weekdayName = z.enum(WEEKDAY_NAMES, { message: `must be one of ${WEEKDAY_NAMES.join(", ")}` });

/** Working days as `mon-fri`, `mon,tue,thu` or ISO numbers `1,2,3,4,5`. */
export const workingDays = z.string().transform((text, ctx) => {
  const days = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim().toLowerCase())) {
    const range = part.split("-");
    const toNumber = (d: string) => {
      const index = (WEEKDAY_NAMES as readonly string[]).indexOf(d);
      return index >= 0 ? index + 1 : /^[1-7]$/.test(d) ? Number(d) : Number.NaN;
    };
    const [from, to] =
      range.length === 2 ? [toNumber(range[0]!), toNumber(range[1]!)] : [toNumber(part), toNumber(part)];
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
      ctx.addIssue({ code: "custom", message: `"${part}" is not a weekday or range such as mon-fri` });
      return z.NEVER;
    }
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort() as (1 | 2 | 3 | 4 | 5 | 6 | 7)[];
});

export const today = (now: Date) => now.toISOString().slice(0, 10);
