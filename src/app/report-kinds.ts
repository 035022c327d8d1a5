import type { Engagement, Instant } from "../domain/types.ts";
import { localDate, minInstant, plusDays, startOfLocalDay } from "../engine/flow-days.ts";
import { BatonError } from "../errors.ts";
import type { MilestoneReportFacts, MonthlyFacts, SprintReviewFacts } from "../reports/facts-kinds.ts";
import { weeklyMarkdown } from "../reports/markdown.ts";
import { milestoneMarkdown } from "../reports/markdown-milestone.ts";
import { monthlyMarkdown } from "../reports/markdown-monthly.ts";
import { sprintMarkdown } from "../reports/markdown-sprint.ts";
import type { Store } from "../store/store.ts";
import { loadHistory } from "./history.ts";
import { weeklyFacts } from "./report-facts.ts";
import { milestoneFacts } from "./report-facts-milestone.ts";
import { monthlyFacts, monthRange, previousMonth } from "./report-facts-monthly.ts";
import { sprintFacts } from "./report-facts-sprint.ts";

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

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const monthly: ReportKindDef<MonthlyFacts> = {
  periodLabel: "month (YYYY-MM)",
  async resolve(_store, engagement, input, now) {
    const today = localDate(now.toISOString(), engagement.timeZone);
    const period = input ?? previousMonth(today.slice(0, 7));
    if (!MONTH.test(period))
      throw new BatonError("invalid_input", `month "${period}" must be YYYY-MM, e.g. 2026-02`);
    const range = monthRange(period);
    if (range.from > today)
      throw new BatonError("invalid_input", `month ${period} has not started yet (today is ${today})`);
    if (range.to < engagement.startDate)
      throw new BatonError(
        "invalid_input",
        `month ${period} is before ${engagement.name} started on ${engagement.startDate}`,
      );
    return { period, asOf: endOfLocalDay(range.to, engagement.timeZone, now) };
  },
  facts: (store, engagement, period, asOf) => monthlyFacts(store, engagement.id, period, asOf),
  markdown: monthlyMarkdown,
};

/** The milestone a user named, by name (any case) or id; the error lists the engagement's milestones. */
const findMilestone = async (store: Store, engagement: Engagement, ref: string | undefined) => {
  const history = await loadHistory(store, engagement.id);
  const known = history.milestones.map((m) => m.name);
  const list =
    known.length > 0 ? `its milestones are ${known.map((n) => `"${n}"`).join(", ")}` : "it has none yet";
  if (ref === undefined)
    throw new BatonError(
      "invalid_input",
      `name the milestone to report on: ${engagement.id}'s ${list.replace(/^its /, "")}`,
    );
  const wanted = ref.trim().toLowerCase();
  const found = history.milestones.find((m) => m.id === ref || m.name.toLowerCase() === wanted);
  if (!found) throw new BatonError("not_found", `milestone "${ref}" not found in ${engagement.id}; ${list}`);
  return found;
};

const milestone: ReportKindDef<MilestoneReportFacts> = {
  periodLabel: "milestone (name or id)",
  async resolve(store, engagement, input, now) {
    const found = await findMilestone(store, engagement, input);
    return { period: found.name, asOf: now.toISOString() };
  },
  async facts(store, engagement, period, asOf, now) {
    return milestoneFacts(store, engagement.id, await findMilestone(store, engagement, period), asOf, now);
  },
  markdown: milestoneMarkdown,
};

/** Sprints named in errors: the most recent ones. */
const RECENT_SPRINTS = 6;

/** The sprint a user named (any case) or id; by default the last one closed by `now`. */
const findSprint = async (store: Store, engagement: Engagement, ref: string | undefined, now: Date) => {
  const history = await loadHistory(store, engagement.id);
  const at = now.toISOString();
  const started = history.sprints
    .filter((s) => s.startAt !== null && s.startAt <= at)
    .sort((a, b) => ((a.startAt ?? "") < (b.startAt ?? "") ? -1 : 1));
  const recent = started
    .slice(-RECENT_SPRINTS)
    .reverse()
    .map((s) => `"${s.name}"`)
    .join(", ");
  const list = recent ? `recent sprints are ${recent}` : "no sprint has started yet";
  if (ref === undefined) {
    const last = started.filter((s) => s.completedAt !== null && s.completedAt <= at).at(-1);
    if (!last)
      throw new BatonError("invalid_input", `${engagement.id} has no finished sprint to review; ${list}`);
    return last;
  }
  const wanted = ref.trim().toLowerCase();
  const found = history.sprints.find((s) => s.id === ref || s.name.toLowerCase() === wanted);
  if (!found) throw new BatonError("not_found", `sprint "${ref}" not found in ${engagement.id}; ${list}`);
  if (found.startAt === null || found.startAt > at)
    throw new BatonError("invalid_input", `sprint "${found.name}" has not started yet; ${list}`);
  return found;
};

const sprint: ReportKindDef<SprintReviewFacts> = {
  periodLabel: "sprint (name)",
  async resolve(store, engagement, input, now) {
    const found = await findSprint(store, engagement, input, now);
    const asOf =
      found.completedAt !== null && found.completedAt <= now.toISOString()
        ? found.completedAt
        : now.toISOString();
    return { period: found.name, asOf };
  },
  async facts(store, engagement, period, asOf, now) {
    return sprintFacts(store, engagement.id, await findSprint(store, engagement, period, now), asOf);
  },
  markdown: sprintMarkdown,
};

export const REPORT_KINDS = { weekly, monthly, milestone, sprint } as const;
export type ReportKind = keyof typeof REPORT_KINDS;

export const reportKind = (kind: string): ReportKindDef => {
  const def = (REPORT_KINDS as unknown as Record<string, ReportKindDef>)[kind];
  if (!def)
    throw new BatonError(
      "invalid_input",
      `report kind "${kind}" is not one of ${Object.keys(REPORT_KINDS).join(", ")}`,
    );
  return def;
};
