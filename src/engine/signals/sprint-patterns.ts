import type { StartedSprintReport } from "../sprints-types.ts";
import { median } from "../stats.ts";
import { keyResolver, listText, pctText, plural, r2 } from "./support.ts";
import { type Detector, evidence, type Finding } from "./types.ts";

/** Sprint-based anti-patterns: carryover creep, late-sprint scope dumping, overcommitment. */

const closedSprints = (sprints: readonly StartedSprintReport[]) =>
  sprints.filter((s) => s.state === "closed");

/** Share of the sprint's items (at completion) that were not done. */
export const carryoverShare = (s: StartedSprintReport): number => {
  const total = s.completed.items + s.carryover.items;
  return total === 0 ? 0 : s.carryover.items / total;
};

/** Closed sprints needed as a baseline before carryover is judged. */
const CREEP_BASELINE = 4;
/** Sprints running that must stay above the baseline: creep is sustained, not one bad sprint. */
const CREEP_RECENT = 3;
/** The recent mean must reach this share and this multiple of the baseline median. */
const CREEP_FLOOR = 0.33;
const CREEP_FACTOR = 1.75;

export const carryoverCreep: Detector = {
  pattern: "carryover_creep",
  description:
    "The share of sprint work left unfinished at sprint close stays well above its own baseline for two sprints running.",
  detect: ({ history, series }) => {
    const closed = closedSprints(series.sprints);
    if (closed.length < CREEP_BASELINE + CREEP_RECENT) return [];
    const shares = closed.map(carryoverShare);
    const base = median(shares.slice(0, -CREEP_RECENT))!;
    const recent = shares.slice(-CREEP_RECENT);
    const recentMean = recent.reduce((a, b) => a + b, 0) / CREEP_RECENT;
    const limit = Math.max(CREEP_FLOOR, CREEP_FACTOR * base);
    if (recentMean < limit || recent.some((share) => share <= base)) return [];
    const last = closed.at(-1)!;
    const key = keyResolver(history);
    const carried = last.carryover.entries.map((e) => e.itemId);
    const repeat = last.carryover2Plus.entries.map((e) => e.itemId);
    return [
      {
        pattern: "carryover_creep",
        key: "carryover_creep",
        severity: recentMean >= 0.45 || repeat.length >= 3 ? "high" : "medium",
        title: `Carryover is creeping up: ${pctText(recentMean)} of the last ${CREEP_RECENT} sprints' work was not finished`,
        summary: `${pctText(recent.at(-1)!)} of the items in ${last.name} were carried over (${plural(carried.length, "item")}${repeat.length ? `, ${repeat.length} of them for at least the second time` : ""}); the last ${CREEP_RECENT} sprints carried ${recent.map(pctText).join(", ")} against a usual ${pctText(base)}. Carried: ${listText(carried.map(key))}.`,
        evidence: evidence({
          items: carried,
          other: [last.sprintId],
          series: { "carryover share": closed.map((s, i) => ({ label: s.name, value: r2(shares[i]!) })) },
          thresholds: {
            baselineMedian: r2(base),
            recentMean: r2(recentMean),
            recentSprints: CREEP_RECENT,
            limit: r2(limit),
            minimumShare: CREEP_FLOOR,
            baselineFactor: CREEP_FACTOR,
          },
        }),
        suggestedAction:
          "Look at why the carried items did not finish (too big, blocked, pulled away); split or re-estimate them and plan the next sprint to the pod's recent velocity.",
        escalationLevel: "L1",
        measure: r2(recentMean),
      },
    ];
  },
};

export const lateScopeDumping: Detector = {
  pattern: "late_scope_dumping",
  description: "Many items enter the sprint in its last quarter, after the plan was made.",
  detect: ({ history, series, asOf }) => {
    const sprint = series.sprints.at(-1);
    if (!sprint) return [];
    const row = history.sprints.find((s) => s.id === sprint.sprintId);
    const startMs = Date.parse(sprint.startedAt);
    const endMs = Date.parse(sprint.completedAt ?? row?.endAt ?? asOf);
    if (!(endMs > startMs)) return [];
    const lateFrom = startMs + 0.75 * (endMs - startMs);
    const late = sprint.added.entries.filter((e) => Date.parse(e.at) >= lateFrom);
    const lateItems = [...new Set(late.map((e) => e.itemId))];
    const threshold = Math.max(3, Math.ceil(0.2 * sprint.planned.items));
    if (lateItems.length < threshold) return [];
    const key = keyResolver(history);
    const share = sprint.planned.items === 0 ? 1 : lateItems.length / sprint.planned.items;
    return [
      {
        pattern: "late_scope_dumping",
        key: `late_scope_dumping:${sprint.sprintId}`,
        severity: share >= 0.4 ? "high" : "medium",
        title: `${plural(lateItems.length, "item")} added to ${sprint.name} in its last quarter`,
        summary: `${lateItems.length} items entered ${sprint.name} after ${new Date(lateFrom).toISOString().slice(0, 10)}, ${pctText(share)} of its ${sprint.planned.items} planned items: ${listText(lateItems.map(key))}.`,
        evidence: evidence({
          items: lateItems,
          other: [sprint.sprintId],
          thresholds: {
            lateFrom: new Date(lateFrom).toISOString(),
            addedLate: lateItems.length,
            planned: sprint.planned.items,
            minimumItems: threshold,
          },
        }),
        suggestedAction:
          "Agree with the product owner that new work waits for the next planning unless it is urgent, and make the trade-off visible: what leaves the sprint for each item that enters.",
        escalationLevel: "L2",
        measure: lateItems.length,
      },
    ];
  },
};

export const overcommitment: Detector = {
  pattern: "overcommitment",
  description: "Sprints are planned above the pod's rolling velocity and planning accuracy falls below 70 %.",
  detect: ({ series }) => {
    const closed = closedSprints(series.sprints);
    if (closed.length < 3) return [];
    const latest = series.sprints.at(-1)!;
    const velocityOf = (s: StartedSprintReport) => {
      const before = closed.filter((c) => c.startedAt < s.startedAt).slice(-4);
      return before.length < 3 ? null : median(before.map((c) => c.velocity));
    };
    const ratioOf = (s: StartedSprintReport) => {
      const v = velocityOf(s);
      return v === null || v <= 0 ? null : s.planned.points / v;
    };
    const ratio = ratioOf(latest);
    const previous = series.sprints.at(-2)!;
    const previousRatio = ratioOf(previous);
    const lastClosed = closed.at(-1)!;
    const accuracy = lastClosed.planningAccuracy.points;
    const lowAccuracy = accuracy !== null && accuracy < 0.7;
    // Planned at twice the velocity is known the day the sprint starts; planned above it counts
    // when the sprint before was planned above it too and finished less than 70 % of its plan.
    const fires =
      ratio !== null &&
      (ratio >= 2 || (ratio >= 1.3 && previousRatio !== null && previousRatio >= 1.3 && lowAccuracy));
    if (!fires) return [];
    const rolling = velocityOf(latest)!;
    return [
      {
        pattern: "overcommitment",
        key: "overcommitment",
        severity: ratio >= 1.5 && lowAccuracy ? "high" : "medium",
        title: `${latest.name} is planned at ${Math.round(ratio * 100)} % of rolling velocity`,
        summary: `${latest.name} was planned with ${latest.planned.points} points against a rolling median velocity of ${r2(rolling)} over the sprints before it${accuracy === null ? "" : `; ${lastClosed.name} finished ${pctText(accuracy)} of what it planned`}.`,
        evidence: evidence({
          items: latest.planned.entries.map((e) => e.itemId),
          other: [latest.sprintId, lastClosed.sprintId],
          series: {
            "planned ÷ velocity": series.sprints
              .map((s) => ({ label: s.name, value: ratioOf(s) }))
              .filter((p): p is { label: string; value: number } => p.value !== null)
              .map((p) => ({ ...p, value: r2(p.value) })),
            "planning accuracy": closed.map((s) => ({
              label: s.name,
              value: r2(s.planningAccuracy.points ?? 0),
            })),
          },
          thresholds: {
            plannedPoints: latest.planned.points,
            rollingVelocity: r2(rolling),
            ratio: r2(ratio),
            previousRatio: previousRatio === null ? "—" : r2(previousRatio),
            ratioAlone: 2,
            ratioTwoSprintsWithLowAccuracy: 1.3,
            planningAccuracy: accuracy === null ? "—" : r2(accuracy),
            accuracyFloor: 0.7,
          },
        }),
        suggestedAction:
          "Re-plan the sprint to the rolling velocity: agree with the product owner which items leave it, and keep them at the top of the backlog.",
        escalationLevel: "L1",
        measure: r2(ratio),
      } satisfies Finding,
    ];
  },
};
