import type { Instant, Milestone } from "../../domain/types.ts";
import type { ItemTimeline } from "../as-of.ts";
import { localDate, usableTimeZone } from "../flow-days.ts";
import { forecastWhen, throughputSample } from "../forecast.ts";
import type { EngagementHistory } from "../history.ts";
import { type MilestoneAsOf, milestoneAsOf, timelinesOf } from "../milestones.ts";
import { median } from "../stats.ts";
import { historyStart } from "./series.ts";
import { DAY_MS, daysBefore, keyResolver, listText, plural, r2 } from "./support.ts";
import { type Detector, evidence, type Finding } from "./types.ts";

/** Milestone anti-patterns: scope drift via granular tickets, milestone slip. */

/** Milestones with an epic that are not closed as of `asOf`, each as it stood then. */
const openMilestones = (history: EngagementHistory, asOf: Instant, timeline: (id: string) => ItemTimeline) =>
  history.milestones
    .filter((m) => m.epicId !== null && history.eventsOf(m.id).some((e) => e.at <= asOf))
    .map((m) => ({ row: m, now: milestoneAsOf(history, m, asOf, timeline) }))
    .filter(({ now }) => now.closedAt === null && now.scope.length > 0);

const LOOKBACK_DAYS = 14;

/** Two days after the epic first held five tickets (its kick-off planning), or null before that. */
const plannedAt = (history: EngagementHistory, epicId: string, asOf: Instant): Instant | null => {
  const joins: Instant[] = [];
  for (const item of history.items) {
    for (const e of history.eventsOf(item.id)) {
      if (e.at > asOf) break;
      if (e.kind === "parent" && e.to === epicId) {
        joins.push(e.at);
        break;
      }
    }
  }
  if (joins.length < 5) return null;
  joins.sort();
  return new Date(Date.parse(joins[4]!) + 2 * DAY_MS).toISOString();
};
/** New tickets at most two thirds of the usual size are small; their median must be small too. */
const MAX_SIZE_RATIO = 0.67;

export const scopeDrift: Detector = {
  pattern: "scope_drift",
  description:
    "A milestone's ticket count grows while its tickets get smaller and its finish slides: the work is being split and re-added rather than finished.",
  detect: ({ history, asOf }) => {
    const timeline = timelinesOf(history);
    const then = daysBefore(asOf, LOOKBACK_DAYS);
    const key = keyResolver(history);
    const pointsAt = (id: string) => timeline(id).stateAt(asOf).points ?? 0;
    const findings: Finding[] = [];
    for (const { row, now } of openMilestones(history, asOf, timeline)) {
      // Filling an empty epic is planning, not drift: compare with the scope from two days after
      // the epic first held five tickets, or from three weeks ago, whichever is later.
      const planned = plannedAt(history, row.epicId!, asOf);
      if (planned === null) continue;
      const baselineAt = [planned, then].sort()[1]!;
      if (Date.parse(asOf) - Date.parse(baselineAt) < 3 * DAY_MS) continue;
      const before = milestoneAsOf(history, row, baselineAt, timeline);
      if (before.scope.length < 5) continue;
      const known = new Set(before.scope);
      const added = now.scope.filter((id) => !known.has(id));
      const growth = added.length / before.scope.length;
      // Judged against the work still open: a big milestone near its end drifts with fewer tickets.
      const minimumAdded = Math.max(4, Math.ceil(0.06 * before.remaining.length));
      if (added.length < minimumAdded) continue;
      const addedSize = median(added.map(pointsAt))!;
      const usualSize = median(before.scope.map(pointsAt)) ?? 0;
      if (usualSize <= 0 || addedSize > MAX_SIZE_RATIO * usualSize) continue;
      // Follow-ups of ordinary size trickle in on every milestone; splits arrive small and many.
      const small = added.filter((id) => pointsAt(id) <= MAX_SIZE_RATIO * usualSize);
      if (small.length < minimumAdded) continue;
      const burned = Math.max(0, now.done.length - before.done.length);
      const perWeek = (burned / Math.max(1, (Date.parse(asOf) - Date.parse(baselineAt)) / DAY_MS)) * 7;
      const days = (Date.parse(asOf) - Date.parse(baselineAt)) / DAY_MS;
      const slideDays =
        // The projected finish (remaining ÷ pace) moved by the added tickets' worth of days.
        perWeek > 0 ? r2((added.length / perWeek) * 7) : null;
      findings.push({
        pattern: "scope_drift",
        key: `scope_drift:${row.id}`,
        severity: growth >= 0.5 ? "high" : "medium",
        title: `${row.name} gained ${plural(added.length, "ticket")} in ${Math.round(days)} days, each smaller than usual`,
        summary: `${row.name} grew from ${before.scope.length} to ${now.scope.length} tickets (+${Math.round(growth * 100)} %) since ${baselineAt.slice(0, 10)}; the new tickets are ${addedSize} points at the median against ${usualSize} before, and ${now.remaining.length} remain against ${before.remaining.length} then${slideDays !== null && slideDays > 0 ? ` (at the recent pace the finish slides about ${Math.round(slideDays)} days)` : ""}. New: ${listText(added.map(key))}.`,
        evidence: evidence({
          items: small,
          other: [row.id],
          series: {
            "scope (items)": [
              { label: baselineAt, value: before.scope.length },
              { label: asOf, value: now.scope.length },
            ],
            "remaining (items)": [
              { label: baselineAt, value: before.remaining.length },
              { label: asOf, value: now.remaining.length },
            ],
          },
          thresholds: {
            lookbackDays: LOOKBACK_DAYS,
            comparedWith: baselineAt,
            added: added.length,
            smallAdded: small.length,
            minimumAdded,
            growth: r2(growth),
            addedMedianPoints: addedSize,
            usualMedianPoints: usualSize,
            maximumSizeRatio: MAX_SIZE_RATIO,
            ...(slideDays !== null ? { slideDays } : {}),
          },
        }),
        suggestedAction: `Review the new ${row.name} tickets with the product owner: which are real new scope (a change request with a date impact) and which are splits of planned work; re-baseline the target openly if scope stays.`,
        escalationLevel: "L2",
        measure: added.length,
      });
    }
    return findings;
  },
};

/** The last move to done of an item as of `asOf`, when it is done then. */
const doneAt = (history: EngagementHistory, itemId: string, asOf: Instant): Instant | null => {
  let at: Instant | null = null;
  for (const e of history.eventsOf(itemId)) {
    if (e.at > asOf) break;
    if (e.kind === "status") at = e.to === "done" ? e.at : null;
  }
  return at;
};

const SLIP_WINDOW_WEEKS = 6;

/** A milestone's forecast as of one instant. */
interface MilestoneForecast {
  readonly row: Milestone;
  readonly now: MilestoneAsOf;
  readonly p50: string | null;
  readonly p85: string | null;
  readonly probability: number;
  readonly sampleItems: number;
  readonly sampleFrom: string;
  readonly ahead: number;
}

/**
 * Forecasts every open milestone as of `asOf` from the pod's pace on milestone work over the
 * last four weeks (items of any milestone's epic finished), finishing the milestones due earlier
 * first. None while there is too little milestone work to sample.
 */
const forecastMilestones = (
  history: EngagementHistory,
  asOf: Instant,
  timeline: (id: string) => ItemTimeline,
): MilestoneForecast[] => {
  const timeZone = usableTimeZone(history.engagement.timeZone);
  if (Date.parse(asOf) - Date.parse(historyStart(history)) < SLIP_WINDOW_WEEKS * 7 * DAY_MS) return [];
  const open = openMilestones(history, asOf, timeline).sort((a, b) =>
    a.now.targetDate < b.now.targetDate
      ? -1
      : a.now.targetDate > b.now.targetDate
        ? 1
        : a.row.id < b.row.id
          ? -1
          : 1,
  );
  const epics = new Set(history.milestones.map((m) => m.epicId).filter((id): id is string => id !== null));
  const windowStart = daysBefore(asOf, SLIP_WINDOW_WEEKS * 7);
  const finishes: Instant[] = [];
  for (const item of history.items) {
    const state = timeline(item.id).stateAt(asOf);
    if (state.statusCategory !== "done" || state.parentId === null || !epics.has(state.parentId)) continue;
    const at = doneAt(history, item.id, asOf);
    if (at !== null && at >= windowStart) finishes.push(at);
  }
  if (finishes.length < 10) return [];
  const sample = throughputSample(finishes, { asOf, timeZone, windowWeeks: SLIP_WINDOW_WEEKS });
  const today = localDate(asOf, timeZone);
  const out: MilestoneForecast[] = [];
  let ahead = 0;
  for (const { row, now } of open) {
    ahead += now.remaining.length;
    if (now.remaining.length === 0) continue;
    const forecast = forecastWhen({
      sample,
      start: today,
      seed: 1,
      trials: 2_000,
      remaining: ahead,
      targetDate: now.targetDate,
      minItems: 10,
      minWeeks: SLIP_WINDOW_WEEKS,
    });
    if (forecast.kind !== "when") continue;
    out.push({
      row,
      now,
      p50: forecast.p50?.date ?? null,
      p85: forecast.p85?.date ?? null,
      probability: forecast.target?.probability ?? 0,
      sampleItems: sample.items,
      sampleFrom: sample.from,
      ahead: ahead - now.remaining.length,
    });
  }
  return out;
};

const daysAfter = (date: string | null, target: string): number =>
  date === null ? 365 : Math.round((Date.parse(date) - Date.parse(target)) / DAY_MS);

/** Days the P85 must pass the target, and move later within the lookback, to count as a slip. */
const SLIP_MARGIN_DAYS = 21;

/** A target moved later within this many days counts as a slip that already happened. */
const MOVED_TARGET_DAYS = 28;

/** The latest move of the target to a later date within the lookback, if any. */
const recentTargetMove = (m: MilestoneAsOf, asOf: Instant) => {
  const since = daysBefore(asOf, MOVED_TARGET_DAYS);
  for (let i = m.targetHistory.length - 1; i >= 1; i--) {
    const move = m.targetHistory[i]!;
    if (move.at < since) break;
    if (move.targetDate > m.targetHistory[i - 1]!.targetDate)
      return { at: move.at, from: m.targetHistory[i - 1]!.targetDate, to: move.targetDate };
  }
  return null;
};

export const milestoneSlip: Detector = {
  pattern: "milestone_slip",
  description:
    "A milestone's target was moved later, or its P85 forecast passes the target (more likely late than not) and keeps moving later: forecast from the pod's recent pace on milestone work, milestones due earlier first.",
  detect: ({ history, asOf }) => {
    const timeline = timelinesOf(history);
    const earlier = new Map(
      forecastMilestones(history, daysBefore(asOf, 14), timeline).map((f) => [f.row.id, f]),
    );
    const forecasts = new Map(forecastMilestones(history, asOf, timeline).map((f) => [f.row.id, f]));
    const findings: Finding[] = [];
    for (const { row, now } of openMilestones(history, asOf, timeline)) {
      const f = forecasts.get(row.id) ?? null;
      const before = earlier.get(row.id);
      const lateDays = f ? daysAfter(f.p85, now.targetDate) : 0;
      const movedDays = f && before ? daysAfter(f.p85, before.p85 ?? f.p85 ?? "") : 0;
      // Early forecasts of a milestone the pod has not turned to yet are pessimistic and improve;
      // a slip is a forecast past the target, more likely late than not, that is getting worse.
      // Forecasts are judged on the milestone the pod is on (none due before it, a quarter done).
      const forecastSlip =
        f !== null &&
        f.ahead === 0 &&
        (now.percentComplete.items ?? 0) >= 0.25 &&
        lateDays >= SLIP_MARGIN_DAYS &&
        movedDays >= SLIP_MARGIN_DAYS &&
        (f.p50 === null || f.p50 > now.targetDate);
      const moved = recentTargetMove(now, asOf);
      if (!forecastSlip && !moved) continue;
      findings.push(
        slipFinding(row, now, f, { lateDays, movedDays, earlierP85: before?.p85 ?? null, moved }),
      );
    }
    return findings;
  },
};

const slipFinding = (
  row: Milestone,
  now: MilestoneAsOf,
  f: MilestoneForecast | null,
  why: {
    readonly lateDays: number;
    readonly movedDays: number;
    readonly earlierP85: string | null;
    readonly moved: { readonly at: Instant; readonly from: string; readonly to: string } | null;
  },
): Finding => {
  const movedText = why.moved
    ? `The target moved from ${why.moved.from} to ${why.moved.to} on ${why.moved.at.slice(0, 10)}. `
    : "";
  const forecastText = f
    ? `At the pod's pace on milestone work since ${f.sampleFrom} (${f.sampleItems} items finished) the forecast is P50 ${f.p50 ?? "beyond the horizon"}, P85 ${f.p85 ?? "beyond the horizon"}; the chance of meeting ${now.targetDate} is ${Math.round(f.probability * 100)} %${why.earlierP85 ? `, and the P85 was ${why.earlierP85} two weeks ago` : ""}.`
    : "";
  return {
    pattern: "milestone_slip",
    key: `milestone_slip:${row.id}`,
    severity: why.moved || (f !== null && (f.p50 === null || f.p50 > now.targetDate)) ? "high" : "medium",
    title: why.moved
      ? `${row.name} slipped: target moved from ${why.moved.from} to ${why.moved.to}`
      : `${row.name}: P85 ${f?.p85 ?? "beyond the horizon"} is ${why.lateDays} days after the target ${now.targetDate}`,
    summary:
      `${movedText}${now.remaining.length} of ${now.scope.length} items remain${f && f.ahead > 0 ? `, after ${plural(f.ahead, "item")} of milestones due earlier` : ""}. ${forecastText}`.trim(),
    evidence: evidence({
      items: now.remaining,
      other: [row.id],
      series: {
        "target date history": now.targetHistory.map((t) => ({
          label: t.at,
          value: Math.round(Date.parse(t.targetDate) / DAY_MS),
        })),
      },
      thresholds: {
        targetDate: now.targetDate,
        ...(why.moved
          ? { movedFrom: why.moved.from, movedAt: why.moved.at, movedWithinDays: MOVED_TARGET_DAYS }
          : {}),
        ...(f
          ? {
              p50: f.p50 ?? "beyond horizon",
              p85: f.p85 ?? "beyond horizon",
              daysLate: why.lateDays,
              p85TwoWeeksEarlier: why.earlierP85 ?? "—",
              p85MovedDays: why.movedDays,
              marginDays: SLIP_MARGIN_DAYS,
              probabilityOfTarget: r2(f.probability),
              aheadOfIt: f.ahead,
            }
          : {}),
        remaining: now.remaining.length,
      },
    }),
    suggestedAction: `Tell customer leadership now, with options: cut ${row.name}'s scope to what fits by ${now.targetDate}, add capacity, or move the date to the P85${f?.p85 ? ` ${f.p85}` : ""} openly.`,
    escalationLevel: "L2",
    measure: why.moved ? Math.max(why.lateDays, daysAfter(why.moved.to, why.moved.from)) : why.lateDays,
  };
};
