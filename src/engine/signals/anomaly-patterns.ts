import { detectShift, type Shift } from "./anomaly.ts";
import { r2 } from "./support.ts";
import { type Detector, type DetectorInput, evidence, type Finding, type SeriesPoint } from "./types.ts";

/**
 * Anomalies: each metric series judged against its own robust baseline (median/MAD) with a
 * one-sided CUSUM over the latest points. Sprint series compare sprint with sprint; weekly
 * series skip the partial current week and holiday-heavy weeks.
 */

interface SeriesSpec {
  readonly metric: string;
  readonly label: string;
  readonly unit: string;
  readonly direction: "up" | "down";
  readonly points: (input: DetectorInput) => SeriesPoint[];
  readonly perSprint: boolean;
  readonly minScale: number;
  readonly items?: (input: DetectorInput) => string[];
}

const closed = (input: DetectorInput) => input.series.sprints.filter((s) => s.state === "closed");
const comparableWeeks = (input: DetectorInput) => input.series.weeks.filter((w) => w.comparable);

const SPECS: readonly SeriesSpec[] = [
  {
    metric: "velocity",
    label: "Velocity",
    unit: "points per sprint",
    direction: "down",
    perSprint: true,
    minScale: 2,
    points: (i) => closed(i).map((s) => ({ label: s.name, value: s.velocity })),
  },
  {
    metric: "carryover",
    label: "Carryover",
    unit: "items per sprint",
    direction: "up",
    perSprint: true,
    minScale: 1.5,
    points: (i) => closed(i).map((s) => ({ label: s.name, value: s.carryover.items })),
    items: (i) =>
      closed(i)
        .at(-1)
        ?.carryover.entries.map((e) => e.itemId) ?? [],
  },
  {
    metric: "scope_added",
    label: "Scope added after sprint start",
    unit: "items per sprint",
    direction: "up",
    perSprint: true,
    minScale: 1.5,
    points: (i) => closed(i).map((s) => ({ label: s.name, value: s.added.items })),
    items: (i) =>
      closed(i)
        .at(-1)
        ?.added.entries.map((e) => e.itemId) ?? [],
  },
  {
    metric: "throughput",
    label: "Throughput",
    unit: "items per week",
    direction: "down",
    perSprint: false,
    minScale: 2,
    points: (i) => comparableWeeks(i).map((w) => ({ label: w.week, value: w.throughput })),
  },
  {
    metric: "cycle_time",
    label: "Cycle time",
    unit: "days (weekly median)",
    direction: "up",
    perSprint: false,
    minScale: 1,
    points: (i) =>
      comparableWeeks(i)
        .filter((w) => w.cycleTimeDays !== null)
        .map((w) => ({ label: w.week, value: w.cycleTimeDays! })),
  },
  {
    metric: "wip",
    label: "Work in progress",
    unit: "items at week end",
    direction: "up",
    perSprint: false,
    minScale: 2,
    points: (i) => comparableWeeks(i).map((w) => ({ label: w.week, value: w.wip })),
  },
  {
    metric: "time_to_first_review",
    label: "Time to first review",
    unit: "working hours (weekly median)",
    direction: "up",
    perSprint: false,
    minScale: 1,
    points: (i) =>
      comparableWeeks(i)
        .filter((w) => w.timeToFirstReviewHours !== null)
        .map((w) => ({ label: w.week, value: w.timeToFirstReviewHours! })),
  },
  {
    metric: "blocked_time",
    label: "Blocked time",
    unit: "hours per week",
    direction: "up",
    perSprint: false,
    minScale: 30,
    points: (i) => comparableWeeks(i).map((w) => ({ label: w.week, value: w.blockedHours })),
  },
];

const finding = (
  spec: SeriesSpec,
  points: readonly SeriesPoint[],
  shift: Shift,
  items: string[],
): Finding => {
  const worse = spec.direction === "up" ? "above" : "below";
  return {
    pattern: "anomaly",
    key: `anomaly:${spec.metric}`,
    severity: shift.z >= 6 ? "medium" : "low",
    title: `${spec.label} is ${worse} its usual level: ${r2(shift.latest)} against ${r2(shift.baselineMedian)} ${spec.unit}`,
    summary: `${spec.label} has shifted ${worse} its baseline for the last ${spec.perSprint ? "sprints" : "weeks"}: latest ${r2(shift.latest)}, baseline median ${r2(shift.baselineMedian)} (spread ${r2(shift.baselineScale)}); the cumulative deviation ${r2(shift.cusum)} passed ${shift.threshold}.`,
    evidence: evidence({
      items,
      series: { [spec.metric]: points },
      thresholds: {
        baselineMedian: r2(shift.baselineMedian),
        baselineScale: r2(shift.baselineScale),
        latest: r2(shift.latest),
        cusum: r2(shift.cusum),
        cusumThreshold: shift.threshold,
        sigmas: r2(shift.z),
      },
    }),
    suggestedAction: `Look at what changed in the pod's way of working; if the ${spec.label.toLowerCase()} shift is expected (holidays, a planned change), acknowledge the signal.`,
    escalationLevel: "L1",
    measure: r2(shift.z),
  };
};

export const anomalies: Detector = {
  pattern: "anomaly",
  description:
    "A metric series (velocity, throughput, cycle time, WIP, time to first review, carryover, scope added, blocked time) shifts away from its own baseline.",
  detect: (input) => {
    if (input.series.historyWeeks < (input.options.minHistoryWeeks ?? 6)) return [];
    const findings: Finding[] = [];
    for (const spec of SPECS) {
      const points = spec.points(input);
      const shift = detectShift(
        points.map((p) => p.value),
        spec.perSprint
          ? {
              direction: spec.direction,
              minBaseline: 4,
              recent: 3,
              h: 7,
              minScale: spec.minScale,
              minRelativeChange: 0.5,
            }
          : {
              direction: spec.direction,
              minBaseline: 6,
              recent: 4,
              h: 10,
              minScale: spec.minScale,
              minRelativeChange: 0.6,
            },
      );
      if (shift) findings.push(finding(spec, points, shift, spec.items?.(input) ?? []));
    }
    return findings;
  },
};
