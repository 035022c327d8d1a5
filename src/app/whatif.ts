import { evaluateDmLoad } from "../domain/dm-load.ts";
import { addDays, laterDate, parseCalendarDate } from "../domain/time.ts";
import type { CalendarDate, PodMembership } from "../domain/types.ts";
import {
  type CapacityChange,
  type ForecastRefusal,
  forecastWhen,
  throughputSample,
  type WhenForecast,
} from "../engine/forecast.ts";
import { finishInstants, milestoneAsOf } from "../engine/milestones.ts";
import { invalidInput } from "../errors.ts";
import { listAssignments, listEngagements, listMemberships } from "../store/engagements.ts";
import type { Store } from "../store/store.ts";
import { resolvePerson } from "./engagements.ts";
import { capacityOf, findMilestone, podCapacityPlan } from "./forecasts.ts";
import { loadHistory } from "./history.ts";
import { parseTimeWindow } from "./time-window.ts";

/** What the DM types: each change as a short phrase. */
export interface WhatIfInput {
  readonly milestone: string;
  /** `"backend specialist, 100%, from 2026-04-01"` */
  readonly add?: readonly string[];
  /** `"Ana, 2026-04-15"` */
  readonly rotateOut?: readonly string[];
  /** `"Raj, 2026-05-01..2026-05-14"` */
  readonly timeOff?: readonly string[];
  readonly cutScope?: number;
  readonly target?: string;
  readonly asOf?: string;
  readonly seed?: number;
  readonly trials?: number;
}

export interface ScenarioOutcome {
  readonly kind: "outcome";
  readonly name: string;
  readonly changes: readonly string[];
  readonly remaining: number;
  readonly p50: CalendarDate | null;
  readonly p85: CalendarDate | null;
  readonly p95: CalendarDate | null;
  readonly probability: number | null;
}

export interface WhatIfResult {
  readonly engagementId: string;
  readonly milestone: string;
  readonly asOf: string;
  readonly target: CalendarDate;
  readonly baseline: ScenarioOutcome | ForecastRefusal;
  readonly scenario: ScenarioOutcome | ForecastRefusal | null;
  /** P85 days later (+) or earlier (−) than the baseline; probability change in points. */
  readonly delta: { readonly p85Days: number | null; readonly probability: number | null } | null;
  /** What it takes to hold the target at 85 % confidence, in words a DM can paste to a customer. */
  readonly recommendation: string;
  /** Staffing rules the scenario would break (a 9th specialist needs a sub-DM, …). */
  readonly podWarnings: readonly string[];
}

const parseDate = (text: string, flag: string, phrase: string): CalendarDate => {
  const date = parseCalendarDate(text);
  if (!date) throw invalidInput(`${flag} "${phrase}": "${text}" is not a date (YYYY-MM-DD)`);
  return date;
};

/** `"backend specialist, 100%, from 2026-04-01"` → an add with a 4-week ramp-up. */
const parseAdd = (phrase: string): CapacityChange => {
  const m = /^(.+?),\s*(\d+(?:\.\d+)?)\s*%\s*,\s*from\s+(\S+)$/i.exec(phrase.trim());
  if (!m) throw invalidInput(`--add "${phrase}": expected "role, 100%, from YYYY-MM-DD"`);
  const pct = Number(m[2]);
  if (!(pct > 0 && pct <= 100))
    throw invalidInput(`--add "${phrase}": allocation must be between 1 and 100 %`);
  return {
    kind: "add",
    from: parseDate(m[3]!, "--add", phrase),
    fte: pct / 100,
    rampUpWeeks: 4,
    label: `add ${m[1]} at ${pct} %`,
  };
};

const memberFte = (memberships: readonly PodMembership[], personId: string, date: CalendarDate) =>
  memberships
    .filter((m) => m.personId === personId && m.from <= date && (m.to === null || m.to >= date))
    .reduce((sum, m) => sum + m.allocationPct / 100, 0);

const outcome = (
  name: string,
  changes: readonly string[],
  f: WhenForecast | ForecastRefusal,
): ScenarioOutcome | ForecastRefusal =>
  f.kind === "refused"
    ? f
    : {
        kind: "outcome",
        name,
        changes,
        remaining: f.remaining,
        p50: f.p50?.date ?? null,
        p85: f.p85?.date ?? null,
        p95: f.p95?.date ?? null,
        probability: f.target?.probability ?? null,
      };

const daysBetween = (a: CalendarDate, b: CalendarDate) =>
  Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/**
 * Compares the milestone's forecast with a staffing or scope scenario side by side, and says what
 * it would take to hold the target at 85 % confidence: the smallest scope cut, or one more
 * specialist from the start.
 */
export const whatIf = async (
  store: Store,
  engagementId: string,
  input: WhatIfInput,
  now: Date,
): Promise<WhatIfResult> => {
  const { asOf } = parseTimeWindow({ asOf: input.asOf }, now);
  const history = await loadHistory(store, engagementId);
  const row = findMilestone(history, engagementId, input.milestone);
  const milestone = milestoneAsOf(history, row, asOf);
  const target = input.target ? parseDate(input.target, "--target", input.target) : milestone.targetDate;
  const sample = throughputSample(finishInstants(history, asOf), {
    asOf,
    timeZone: history.engagement.timeZone,
    historyStart: history.engagement.startDate,
  });
  const start = addDays(sample.to, 1);
  const memberships = await listMemberships(store.db, engagementId);
  const plan = podCapacityPlan(memberships, history.people, sample, start);
  const seed = input.seed ?? 1;
  const trials = input.trials ?? 10_000;
  const run = (changes: readonly CapacityChange[], remaining: number, runTrials = trials) => {
    const capacity = capacityOf(
      { baselineFte: plan.baselineFte, changes: [...plan.changes, ...changes] },
      start,
    );
    return forecastWhen({
      sample,
      start,
      seed,
      trials: runTrials,
      remaining,
      targetDate: target,
      ...(capacity ? { capacity } : {}),
    });
  };

  const scenarioChanges: CapacityChange[] = [];
  const described: string[] = [];
  for (const phrase of input.add ?? []) {
    const change = parseAdd(phrase);
    scenarioChanges.push(change);
    described.push(`${change.label} from ${change.from} (4-week ramp-up)`);
  }
  for (const phrase of input.rotateOut ?? []) {
    const m = /^(.+?),\s*(\S+)$/.exec(phrase.trim());
    if (!m) throw invalidInput(`--rotate-out "${phrase}": expected "person, YYYY-MM-DD"`);
    const person = await resolvePerson(store, m[1]!.trim());
    const date = parseDate(m[2]!, "--rotate-out", phrase);
    const fte = memberFte(memberships, person.id, date);
    if (fte === 0)
      throw invalidInput(`--rotate-out "${phrase}": ${person.name} is not on the pod on ${date}`);
    // Hand-over cost: the leaver spends half their time handing over in their last week.
    scenarioChanges.push(
      {
        kind: "time_off",
        from: addDays(date, -7),
        to: addDays(date, -1),
        fte: fte / 2,
        label: `${person.name} hands over`,
      },
      { kind: "remove", from: date, fte, label: `${person.name} rotates out` },
    );
    described.push(`${person.name} rotates out on ${date} (−${fte} FTE, half of the last week handing over)`);
  }
  for (const phrase of input.timeOff ?? []) {
    const m = /^(.+?),\s*(\S+?)\.\.(\S+)$/.exec(phrase.trim());
    if (!m) throw invalidInput(`--time-off "${phrase}": expected "person, YYYY-MM-DD..YYYY-MM-DD"`);
    const person = await resolvePerson(store, m[1]!.trim());
    const from = parseDate(m[2]!, "--time-off", phrase);
    const to = parseDate(m[3]!, "--time-off", phrase);
    if (to < from) throw invalidInput(`--time-off "${phrase}": the end is before the start`);
    const fte = memberFte(memberships, person.id, from);
    if (fte === 0) throw invalidInput(`--time-off "${phrase}": ${person.name} is not on the pod on ${from}`);
    scenarioChanges.push({ kind: "time_off", from, to, fte, label: `${person.name} off` });
    described.push(`${person.name} off ${from} to ${to}`);
  }
  const cut = input.cutScope ?? 0;
  if (!Number.isInteger(cut) || cut < 0)
    throw invalidInput(`--cut-scope ${input.cutScope} must be a whole number of items`);
  if (cut > 0) described.push(`cut ${cut} items from the scope`);
  const remaining = milestone.remaining.length;

  const baselineForecast = run([], remaining);
  const baseline = outcome("baseline", [], baselineForecast);
  const scenarioForecast = described.length > 0 ? run(scenarioChanges, Math.max(0, remaining - cut)) : null;
  const scenario = scenarioForecast ? outcome("scenario", described, scenarioForecast) : null;
  const delta =
    baseline.kind !== "refused" &&
    scenario &&
    scenario.kind !== "refused" &&
    "p85" in baseline &&
    "p85" in scenario
      ? {
          p85Days: baseline.p85 && scenario.p85 ? daysBetween(baseline.p85, scenario.p85) : null,
          probability:
            baseline.probability !== null && scenario.probability !== null
              ? Math.round((scenario.probability - baseline.probability) * 100) / 100
              : null,
        }
      : null;

  const recommendation = recommend(baselineForecast, remaining, target, start, run);
  const podWarnings = await podRuleWarnings(store, engagementId, memberships, scenarioChanges, start);
  return {
    engagementId,
    milestone: row.name,
    asOf,
    target,
    baseline,
    scenario,
    delta,
    recommendation,
    podWarnings,
  };
};

type Runner = (
  changes: readonly CapacityChange[],
  remaining: number,
  trials?: number,
) => WhenForecast | ForecastRefusal;

const meets = (f: WhenForecast | ForecastRefusal, target: CalendarDate) =>
  f.kind === "when" && f.p85 !== null && f.p85.date <= target;

/** The smallest cut, and whether one more specialist from the start would do, to hold the target at P85. */
const recommend = (
  baseline: WhenForecast | ForecastRefusal,
  remaining: number,
  target: CalendarDate,
  start: CalendarDate,
  run: Runner,
): string => {
  if (baseline.kind === "refused") return `No recommendation: ${baseline.message}`;
  if (meets(baseline, target)) {
    return `${target} holds at 85 % confidence as things stand (P85 ${baseline.p85?.date}).`;
  }
  // Binary search on the cut, with fewer trials: the answer is a number of items, not a date.
  let lo = 0;
  let hi = remaining;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (meets(run([], remaining - mid, 2_000), target)) hi = mid;
    else lo = mid + 1;
  }
  const withOneMore = run(
    [{ kind: "add", from: start, fte: 1, rampUpWeeks: 4, label: "one more specialist" }],
    remaining,
  );
  const cutText =
    lo < remaining ? `cut ${lo} of the ${remaining} remaining items` : "no scope cut alone is enough";
  const addText = meets(withOneMore, target)
    ? `add one specialist by ${start} (P85 ${withOneMore.kind === "when" ? withOneMore.p85?.date : "—"})`
    : `adding one specialist alone is not enough (P85 ${withOneMore.kind === "when" ? (withOneMore.p85?.date ?? "beyond the horizon") : "—"})`;
  return `To hold ${target} at 85 % confidence: ${cutText}, or ${addText}.`;
};

/** DM-load rules the scenario's added people would break, evaluated on the first day of each addition. */
const podRuleWarnings = async (
  store: Store,
  engagementId: string,
  memberships: readonly PodMembership[],
  changes: readonly CapacityChange[],
  start: CalendarDate,
): Promise<string[]> => {
  const adds = changes.filter((c) => c.kind === "add");
  if (adds.length === 0) return [];
  const hypothetical: PodMembership[] = [
    ...memberships,
    ...adds.map((c, i) => ({
      id: `whatif-${i}`,
      engagementId,
      personId: `whatif-${i}`,
      role: "specialist" as const,
      allocationPct: c.fte * 100,
      from: c.from,
      to: null,
    })),
  ];
  const date = adds.map((c) => c.from).reduce(laterDate, start);
  const engagements = await listEngagements(store.db);
  const others = (await listMemberships(store.db)).filter((m) => m.engagementId !== engagementId);
  const assignments = await listAssignments(store.db);
  const concerns = (v: ReturnType<typeof evaluateDmLoad>["violations"][number]) =>
    "engagementId" in v ? v.engagementId === engagementId : v.engagementIds.includes(engagementId);
  const before = new Set(
    evaluateDmLoad(engagements, [...others, ...memberships], assignments, date)
      .violations.filter(concerns)
      .map((v) => v.kind),
  );
  // Only what the change itself would break: a rule already broken is not news.
  return evaluateDmLoad(engagements, [...others, ...hypothetical], assignments, date)
    .violations.filter((v) => concerns(v) && !before.has(v.kind))
    .map((v) => `with this change on ${date}: ${v.message}`);
};
