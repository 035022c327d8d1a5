import type { Instant } from "../../domain/types.ts";
import type { EngagementHistory } from "../history.ts";

/** Shared helpers of the detectors. */

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The instant `days` before `asOf`. */
export const daysBefore = (asOf: Instant, days: number): Instant =>
  new Date(Date.parse(asOf) - days * DAY_MS).toISOString();

/** Rounds to two decimals for evidence and measures. */
export const r2 = (n: number): number => Math.round(n * 100) / 100;

/** A share as a whole percentage, for summaries. */
export const pctText = (share: number): string => `${Math.round(share * 100)} %`;

/** Work-item keys by id (`ACME-12`), for readable titles; falls back to the id. */
export const keyResolver = (history: EngagementHistory): ((itemId: string) => string) => {
  const keys = new Map(history.items.map((i) => [i.id, i.key]));
  return (id) => keys.get(id) ?? id;
};

/** A short list of names for a sentence: the first few, then how many more. */
export const listText = (names: readonly string[], max = 4): string =>
  names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;

/** `n thing` / `n things`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
