import { describe, expect, it } from "vitest";
import type { DmAssignment, Engagement, PodMembership } from "../../domain/types.ts";
import { detectShift } from "./anomaly.ts";
import { backtestSignals } from "./backtest.ts";
import { at, cutHistory, POD, podHistory } from "./fixture.ts";
import { DETECTORS, detectSignals } from "./index.ts";
import type { Finding, Pattern } from "./types.ts";

const only = (findings: readonly Finding[], pattern: Pattern) =>
  findings.filter((f) => f.pattern === pattern);

describe("a steady pod", () => {
  it("raises no signal at any point of its history", () => {
    const { history } = podHistory({ sprints: 10 });
    for (let day = 42; day <= 140; day += 7) {
      expect(detectSignals(history, at(day, 12)).findings).toEqual([]);
    }
  });
});

describe("scope drift via granular tickets", () => {
  const drift = (count: number, points: number) =>
    podHistory({
      extra: (b) => {
        for (let i = 0; i < count; i++) b.item(`split-${i + 1}`, at(100 + (i % 5), 11), { points });
      },
    });

  it("fires when the milestone gains many tickets smaller than its usual ones, listing them", () => {
    const { history, lastSprintDay } = drift(8, 1);
    const [finding] = only(detectSignals(history, lastSprintDay(8)).findings, "scope_drift");
    expect(finding).toMatchObject({ key: "scope_drift:ms-1", escalationLevel: "L2" });
    expect([...finding!.evidence.items].sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `split-${i + 1}`).sort(),
    );
    expect(finding!.evidence.thresholds).toMatchObject({ smallAdded: 8, usualMedianPoints: 3 });
  });

  it("stays silent when the new tickets are as big as the usual ones", () => {
    const { history, lastSprintDay } = drift(8, 3);
    expect(only(detectSignals(history, lastSprintDay(8)).findings, "scope_drift")).toEqual([]);
  });

  it("stays silent for a few small follow-ups", () => {
    const { history, lastSprintDay } = drift(3, 1);
    expect(only(detectSignals(history, lastSprintDay(8)).findings, "scope_drift")).toEqual([]);
  });
});

describe("silent blocker", () => {
  const stuck = () =>
    podHistory({
      sprints: 9,
      tweak: (sprint, index) =>
        sprint === 6 && index === 0 ? { unfinished: true, author: "ana" } : undefined,
    });

  it("fires for an item in progress long past the P85 cycle time while its owner moves other work", () => {
    const { history, lastSprintDay } = stuck();
    const findings = only(detectSignals(history, lastSprintDay(3)).findings, "silent_blocker");
    expect(findings.map((f) => f.evidence.items)).toEqual([["s7i1"]]);
    expect(findings[0]!.title).toContain("S7I1");
    expect(findings[0]!.evidence.thresholds.ownerMovesElsewhere).toBeGreaterThanOrEqual(8);
  });

  it("stays silent while the item is younger than the idle limit", () => {
    const { history } = stuck();
    expect(only(detectSignals(history, at(6 * 14 + 6, 12)).findings, "silent_blocker")).toEqual([]);
  });
});

describe("overcommitment", () => {
  it("fires when the active sprint is planned at twice the rolling velocity", () => {
    const { history, lastSprintDay } = podHistory({ planned: (n) => (n === 7 ? 12 : 6) });
    const [finding] = only(detectSignals(history, lastSprintDay(2)).findings, "overcommitment");
    expect(finding?.evidence.thresholds).toMatchObject({ plannedPoints: 36, rollingVelocity: 18, ratio: 2 });
    expect(finding?.evidence.items).toHaveLength(12);
  });

  it("stays silent when planning follows velocity", () => {
    const { history, lastSprintDay } = podHistory({ planned: (n) => (n === 7 ? 7 : 6) });
    expect(only(detectSignals(history, lastSprintDay(2)).findings, "overcommitment")).toEqual([]);
  });
});

describe("carryover creep", () => {
  it("fires when three sprints running leave half their work unfinished, listing the carried items", () => {
    const { history, lastSprintDay } = podHistory({
      tweak: (sprint, index) => (sprint >= 4 && sprint <= 6 && index >= 3 ? { unfinished: true } : undefined),
    });
    const [finding] = only(detectSignals(history, lastSprintDay(1)).findings, "carryover_creep");
    expect(finding?.evidence.items).toEqual(["s7i4", "s7i5", "s7i6"]);
    expect(finding?.evidence.thresholds.recentMean).toBe(0.5);
  });

  it("stays silent after one bad sprint", () => {
    const { history, lastSprintDay } = podHistory({
      tweak: (sprint, index) => (sprint === 6 && index >= 3 ? { unfinished: true } : undefined),
    });
    expect(only(detectSignals(history, lastSprintDay(1)).findings, "carryover_creep")).toEqual([]);
  });
});

describe("late-sprint scope dumping", () => {
  const dumped = (count: number) =>
    podHistory({
      extra: (b) => {
        for (let i = 0; i < count; i++) {
          b.item(`late-${i + 1}`, at(98 + 11, 9));
          b.addToSprint(`late-${i + 1}`, 7, at(98 + 11, 10 + i));
        }
      },
    });

  it("fires when items enter the sprint in its last quarter, listing them", () => {
    const { history, lastSprintDay } = dumped(4);
    const [finding] = only(detectSignals(history, lastSprintDay(12)).findings, "late_scope_dumping");
    expect(finding?.key).toBe("late_scope_dumping:sprint-8");
    expect(finding?.evidence.items).toEqual(["late-1", "late-2", "late-3", "late-4"]);
  });

  it("stays silent for one or two late additions", () => {
    const { history, lastSprintDay } = dumped(2);
    expect(only(detectSignals(history, lastSprintDay(12)).findings, "late_scope_dumping")).toEqual([]);
  });
});

describe("review bottleneck", () => {
  const bottleneck = (reviewHours: number) =>
    podHistory({
      sprints: 9,
      planned: 8,
      tweak: (sprint) => (sprint >= 7 ? { reviewer: "chen", reviewHours } : undefined),
    });

  it("fires when first reviews concentrate on one reviewer and take several times longer", () => {
    const { history, lastSprintDay } = bottleneck(7);
    const [finding] = only(detectSignals(history, lastSprintDay(5)).findings, "review_bottleneck");
    expect(finding?.key).toBe("review_bottleneck:chen");
    expect(finding?.evidence.pullRequests.length).toBeGreaterThanOrEqual(6);
    expect(finding?.evidence.thresholds.ratio).toBeGreaterThanOrEqual(2);
  });

  it("stays silent when one reviewer takes the requests but answers as fast as usual", () => {
    const { history, lastSprintDay } = bottleneck(3);
    expect(only(detectSignals(history, lastSprintDay(5)).findings, "review_bottleneck")).toEqual([]);
  });
});

describe("hero dependency", () => {
  it("fires when one person authors most merged work, naming them and their pull requests", () => {
    const { history, lastSprintDay } = podHistory({
      sprints: 9,
      tweak: (sprint, index) =>
        sprint >= 6 ? (index % 4 !== 1 ? { author: "dara" } : { reviewer: "dara" }) : undefined,
    });
    const findings = only(detectSignals(history, lastSprintDay(1)).findings, "hero_dependency");
    expect(findings.map((f) => f.key)).toEqual(["hero_dependency:dara"]);
    expect(findings[0]!.evidence.pullRequests.every((id) => id.startsWith("pr-"))).toBe(true);
  });
});

describe("unreviewed merges", () => {
  it("fires when a quarter of recent merges had no review, listing those pull requests", () => {
    const { history, lastSprintDay } = podHistory({
      tweak: (sprint, index) => (sprint === 7 && index < 4 ? { unreviewed: true } : undefined),
    });
    const [finding] = only(detectSignals(history, lastSprintDay(12)).findings, "unreviewed_merges");
    expect([...(finding?.evidence.pullRequests ?? [])].sort()).toEqual([
      "pr-s8i1",
      "pr-s8i2",
      "pr-s8i3",
      "pr-s8i4",
    ]);
  });

  it("stays silent for a single unreviewed merge", () => {
    const { history, lastSprintDay } = podHistory({
      tweak: (sprint, index) => (sprint === 7 && index === 0 ? { unreviewed: true } : undefined),
    });
    expect(only(detectSignals(history, lastSprintDay(12)).findings, "unreviewed_merges")).toEqual([]);
  });
});

describe("WIP explosion", () => {
  it("fires when far more items are in progress than usual, listing them", () => {
    const { history, lastSprintDay } = podHistory({
      extra: (b) => {
        for (let i = 0; i < 12; i++) {
          b.item(`wip-${i + 1}`, at(96));
          b.status(`wip-${i + 1}`, at(96 + (i % 3), 11), "todo", "in_progress", POD[i % 4]);
        }
      },
    });
    const [finding] = only(detectSignals(history, lastSprintDay(5)).findings, "wip_explosion");
    expect(finding?.evidence.items).toEqual(expect.arrayContaining(["wip-1", "wip-12"]));
  });
});

describe("bounce-backs", () => {
  it("fires when finished items keep coming back, listing them", () => {
    const { history, lastSprintDay } = podHistory({
      extra: (b) => {
        for (let i = 1; i <= 5; i++) b.status(`s7i${i}`, at(98 + 8, 9 + i), "done", "in_progress", "fia");
      },
    });
    const [finding] = only(detectSignals(history, lastSprintDay(11)).findings, "bounce_backs");
    expect([...(finding?.evidence.items ?? [])].sort()).toEqual(["s7i1", "s7i2", "s7i3", "s7i4", "s7i5"]);
  });
});

describe("milestone slip", () => {
  it("fires when the milestone's target is moved later, with the target history as evidence", () => {
    const { history, lastSprintDay } = podHistory({
      extra: (b) => b.event("ms-1", at(100), "target_date", { from: "2026-12-31", to: "2027-02-15" }),
    });
    const [finding] = only(detectSignals(history, lastSprintDay(6)).findings, "milestone_slip");
    expect(finding).toMatchObject({ key: "milestone_slip:ms-1", severity: "high", escalationLevel: "L2" });
    expect(finding?.evidence.series["target date history"]).toHaveLength(2);
  });

  it("stays silent when the target is moved earlier", () => {
    const { history, lastSprintDay } = podHistory({
      extra: (b) => b.event("ms-1", at(100), "target_date", { from: "2026-12-31", to: "2026-12-01" }),
    });
    expect(only(detectSignals(history, lastSprintDay(6)).findings, "milestone_slip")).toEqual([]);
  });
});

describe("DM-load violation", () => {
  const engagement = (id: string): Engagement => ({ ...podHistory().history.engagement, id });
  const member = (engagementId: string, personId: string): PodMembership => ({
    id: `${engagementId}-${personId}`,
    engagementId,
    personId,
    role: "specialist",
    allocationPct: 100,
    from: "2026-01-01",
    to: null,
  });
  const dm = (engagementId: string, personId: string): DmAssignment => ({
    id: `${engagementId}-dm`,
    engagementId,
    personId,
    role: "dm",
    from: "2026-01-01",
    to: null,
  });

  it("fires when the DM of this pod also runs another full pod", () => {
    const staffing = {
      engagements: [engagement("pod"), engagement("other")],
      memberships: ["a", "b", "c", "d"].flatMap((p) => [member("pod", p), member("other", `${p}2`)]),
      assignments: [dm("pod", "zoe"), dm("other", "zoe")],
    };
    const { history, lastSprintDay } = podHistory();
    const [finding] = only(detectSignals(history, lastSprintDay(3), { staffing }).findings, "dm_load");
    expect(finding).toMatchObject({ key: "dm_load:dm_overloaded:zoe", escalationLevel: "L3" });
    expect(finding?.evidence.other).toEqual(["zoe", "pod", "other"]);
  });

  it("stays silent for one DM on one pod, and when staffing is unknown", () => {
    const staffing = {
      engagements: [engagement("pod")],
      memberships: ["a", "b", "c", "d"].map((p) => member("pod", p)),
      assignments: [dm("pod", "zoe")],
    };
    const { history, lastSprintDay } = podHistory();
    expect(only(detectSignals(history, lastSprintDay(3), { staffing }).findings, "dm_load")).toEqual([]);
    expect(only(detectSignals(history, lastSprintDay(3)).findings, "dm_load")).toEqual([]);
  });
});

describe("anomaly detection", () => {
  const steady = [10, 12, 9, 11, 10, 13, 9, 11];

  it("finds a sustained shift, not a single outlier", () => {
    expect(detectShift([...steady, 20, 21, 22], { direction: "up" })).toMatchObject({ baselineMedian: 10.5 });
    expect(detectShift([...steady, 11, 30, 10], { direction: "up" })).toBeNull();
  });

  it("judges only the bad direction and waits for enough history", () => {
    expect(detectShift([...steady, 20, 21, 22], { direction: "down" })).toBeNull();
    expect(detectShift([10, 11, 20, 21, 22], { direction: "up" })).toBeNull();
  });

  it("reports a throughput collapse as an anomaly with the weekly series as evidence", () => {
    const { history } = podHistory({
      sprints: 12,
      planned: 20,
      tweak: (sprint) => (sprint >= 9 ? { unfinished: true } : undefined),
    });
    const findings = only(detectSignals(history, at(150, 12)).findings, "anomaly");
    const throughput = findings.find((f) => f.key === "anomaly:throughput");
    expect(throughput?.evidence.series.throughput?.length).toBeGreaterThan(9);
  });
});

describe("signals as of a moment", () => {
  it("ignore everything that happened after that moment", () => {
    const { history } = podHistory({
      sprints: 9,
      tweak: (sprint, index) =>
        sprint >= 7 && index >= 2 ? { unfinished: true, reviewer: "chen" } : undefined,
      extra: (b) => {
        for (let i = 0; i < 8; i++) b.item(`split-${i + 1}`, at(100 + i, 11), { points: 1 });
      },
    });
    for (const day of [60, 90, 101, 104, 110, 118]) {
      const asOf = at(day, 15);
      const full = detectSignals(history, asOf);
      const cut = detectSignals(cutHistory(history, asOf), asOf);
      expect(cut).toEqual(full);
    }
  });

  it("backtest reports the first evaluation at which each condition held", () => {
    const { history } = podHistory({
      extra: (b) => b.event("ms-1", at(100), "target_date", { from: "2026-12-31", to: "2027-02-15" }),
    });
    const result = backtestSignals(history, { from: at(42), to: at(110), stepDays: 7 });
    expect(result.points).toBe(10);
    expect(result.signals.map((s) => [s.key, s.firstFiredAt])).toEqual([["milestone_slip:ms-1", at(105)]]);
    expect(result.signals[0]!.episodes).toEqual([{ from: at(105), clearedAt: null }]);
  });

  it("reports a failing detector beside the findings of the others", () => {
    const { history, lastSprintDay } = podHistory({
      extra: (b) => b.event("ms-1", at(100), "target_date", { from: "2026-12-31", to: "2027-02-15" }),
    });
    const broken = {
      pattern: "wip_explosion" as const,
      description: "broken",
      detect: () => {
        throw new Error("no data");
      },
    };
    const result = detectSignals(history, lastSprintDay(6), {}, [...DETECTORS, broken]);
    expect(result.failures).toEqual([{ pattern: "wip_explosion", message: "no data" }]);
    expect(result.findings.map((f) => f.pattern)).toEqual(["milestone_slip"]);
  });
});
