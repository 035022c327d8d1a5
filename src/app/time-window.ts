import { parseInstant } from "../domain/time.ts";
import type { Instant } from "../domain/types.ts";
import { invalidInput } from "../errors.ts";

/** The instant figures are computed as of, and the window aggregates cover. */
export interface TimeWindow {
  readonly asOf: Instant;
  readonly from: Instant;
  readonly to: Instant;
}

export const DEFAULT_WINDOW_DAYS = 28;

/**
 * Reads `--as-of`, `--from` and `--to`. A bare date means the end of that day (UTC) for `asOf`
 * and `to`, and its start for `from`. Defaults: as of now, over the `defaultDays` (28) days before.
 */
export const parseTimeWindow = (
  input: {
    readonly asOf?: string | undefined;
    readonly from?: string | undefined;
    readonly to?: string | undefined;
  },
  now: Date,
  defaultDays: number = DEFAULT_WINDOW_DAYS,
): TimeWindow => {
  const read = (flag: string, value: string | undefined, endOfDay: boolean): Instant | null => {
    if (value === undefined) return null;
    const isDate = /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
    const parsed = parseInstant(isDate && endOfDay ? `${value.trim()}T23:59:59.999Z` : value);
    if (!parsed) throw invalidInput(`${flag} "${value}" is not a date (YYYY-MM-DD) or an ISO 8601 instant`);
    return parsed;
  };
  const asOf = read("--as-of", input.asOf, true) ?? now.toISOString();
  const to = read("--to", input.to, true) ?? asOf;
  const from =
    read("--from", input.from, false) ?? new Date(Date.parse(to) - defaultDays * 86_400_000).toISOString();
  if (from >= to) throw invalidInput(`--from ${from} must be before --to ${to}`);
  return { asOf, from, to };
};
