import type { Engagement, Instant } from "../domain/types.ts";
import { localDate, minInstant, plusDays, startOfLocalDay } from "../engine/flow-days.ts";
import { BatonError } from "../errors.ts";
import { weeklyMarkdown } from "../reports/markdown.ts";
import type { Store } from "../store/store.ts";
import { weeklyFacts } from "./report-facts.ts";

/**
 * The kinds of report Baton drafts. Each kind resolves the period a user names (a week, a month,
 * a milestone, a sprint) to a canonical period and the moment its facts are taken as of, gathers
 * the typed facts, and writes the Markdown from those facts alone.
 */
export interface ReportKindDef<F = unknown> {
  /** What `--help` and errors call the period, e.g. "week ending (YYYY-MM-DD)". */
  readonly periodLabel: string;
  /**
   * The canonical period for what the user asked (undefined: the kind's default, e.g. this week)
   * and the instant its facts are taken as of (never after `now`). Throws a clear error naming
   * the input when it is not a valid period of this engagement.
   */
  resolve(
    store: Store,
    engagement: Engagement,
    input: string | undefined,
    now: Date,
  ): Promise<{ readonly period: string; readonly asOf: Instant }>;
  facts(store: Store, engagement: Engagement, period: string, asOf: Instant, now: Date): Promise<F>;
  markdown(facts: F): string;
}

const isDate = (text: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

/** The end of a local day in the engagement's zone, or now if that is earlier. */
export const endOfLocalDay = (date: string, timeZone: string, now: Date): Instant =>
  minInstant(new Date(startOfLocalDay(plusDays(date, 1), timeZone) - 1).toISOString(), now.toISOString());

const weekly: ReportKindDef = {
  periodLabel: "week ending (YYYY-MM-DD)",
  async resolve(_store, engagement, input, now) {
    const period = input ?? localDate(now.toISOString(), engagement.timeZone);
    if (!isDate(period))
      throw new BatonError("invalid_input", `week ending "${period}" must be a date, YYYY-MM-DD`);
    return { period, asOf: endOfLocalDay(period, engagement.timeZone, now) };
  },
  facts: (store, engagement, _period, asOf, now) => weeklyFacts(store, engagement.id, asOf, now),
  markdown: (facts) => weeklyMarkdown(facts as Parameters<typeof weeklyMarkdown>[0]),
};

export const REPORT_KINDS = { weekly } as const satisfies Record<string, ReportKindDef>;
export type ReportKind = keyof typeof REPORT_KINDS;

export const reportKind = (kind: string): ReportKindDef => {
  const def = (REPORT_KINDS as Record<string, ReportKindDef>)[kind];
  if (!def)
    throw new BatonError(
      "invalid_input",
      `report kind "${kind}" is not one of ${Object.keys(REPORT_KINDS).join(", ")}`,
    );
  return def;
};
