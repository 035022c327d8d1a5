import { describe, expect, it } from "vitest";
import type { Scenario } from "./config.ts";
import type { SimItem } from "./records.ts";
import { sampleConfig } from "./sample.ts";
import { firstReviewWaits, milestoneTickets, sprintFigures } from "./scenario-metrics.ts";
import { type SimulatedEngagement, simulateEngagement } from "./simulate.ts";
import { mean, median } from "./test-support.ts";

// Three seeds, so a scenario passes on its effect and not on one lucky draw.
const SEEDS = [7, 11, 23];
const DAY = 86_400_000;

const run = (scenario: Scenario, seed: number) => {
  const config = sampleConfig({ scenario, seed });
  const sim = simulateEngagement(config);
  const onset = sim.groundTruth.onsetAt;
  const sprints = sprintFigures(sim);
  return {
    config,
    sim,
    onset,
    before: sprints.filter((s) => s.startAt < onset),
    after: sprints.filter((s) => s.startAt >= onset),
  };
};

const mergedBy = (sim: SimulatedEngagement, onset: string, after: boolean) =>
  sim.pullRequests.filter((pr) => pr.mergedAt !== null && pr.mergedAt >= onset === after);

/** Items in progress at the end whose status has not moved for `days` days. */
const stuckItems = (sim: SimulatedEngagement, endDate: string, days: number): SimItem[] => {
  const end = Date.parse(`${endDate}T23:59:59.999Z`);
  return sim.items.filter((item) => {
    if (item.statusCategory !== "in_progress" || item.type === "epic") return false;
    const last = item.history.filter((h) => h.kind === "status").at(-1)!;
    return end - Date.parse(last.at) > days * DAY;
  });
};

describe.each(SEEDS)("scenarios with seed %i", (seed) => {
  it("healthy stays healthy after the would-be onset", () => {
    const { sim, config, onset, before, after } = run("healthy", seed);
    const waits = firstReviewWaits(sim, config);
    const pre = median(waits.filter((w) => w.requestedAt < onset).map((w) => w.hours));
    const post = median(waits.filter((w) => w.requestedAt >= onset).map((w) => w.hours));
    expect(post / pre).toBeLessThan(1.5);
    expect(mean(after.map((s) => s.accuracy))).toBeGreaterThanOrEqual(0.7);
    expect(mean(before.map((s) => s.accuracy))).toBeGreaterThanOrEqual(0.7);
    expect(stuckItems(sim, config.endDate, 30)).toEqual([]);
    expect(sim.groundTruth).toMatchObject({
      scenario: "healthy",
      person: null,
      itemKey: null,
      milestoneId: null,
    });
  });

  it("scope drift: new milestone tickets shrink, the milestone swells and its target moves", () => {
    const { sim, onset } = run("scope_drift", seed);
    const tickets = milestoneTickets(sim);
    const pointsBefore = median(tickets.filter((t) => t.createdAt < onset).map((t) => t.points));
    const pointsAfter = median(tickets.filter((t) => t.createdAt >= onset).map((t) => t.points));
    expect(pointsAfter).toBeLessThanOrEqual(pointsBefore * 0.67);
    const affected = sim.milestones.find((m) => m.id === sim.groundTruth.milestoneId)!;
    const earlier = sim.milestones.filter((m) => m.history[0]!.at < onset && m.id !== affected.id);
    const countOf = (epicKey: string) => tickets.filter((t) => t.epicKey === epicKey).length;
    expect(countOf(affected.epicKey)).toBeGreaterThan(1.5 * mean(earlier.map((m) => countOf(m.epicKey))));
    expect(affected.history.some((h) => h.kind === "target_date" && h.at > onset)).toBe(true);
  });

  it("review bottleneck: first reviews take twice as long and pile onto one reviewer", () => {
    const { sim, config, onset } = run("review_bottleneck", seed);
    const waits = firstReviewWaits(sim, config);
    const pre = waits.filter((w) => w.requestedAt < onset);
    const post = waits.filter((w) => w.requestedAt >= onset);
    expect(median(post.map((w) => w.hours))).toBeGreaterThanOrEqual(2 * median(pre.map((w) => w.hours)));
    const share = (list: typeof waits) =>
      list.filter((w) => w.reviewer === sim.groundTruth.person).length / list.length;
    expect(share(post)).toBeGreaterThan(0.55);
    expect(share(pre)).toBeLessThan(0.4);
  });

  it("carryover creep: the share of unfinished work at sprint close keeps climbing", () => {
    const { before, after } = run("carryover_creep", seed);
    const lastThree = after.slice(-3).map((s) => s.carryoverShare);
    expect(mean(lastThree)).toBeGreaterThanOrEqual(1.5 * mean(before.map((s) => s.carryoverShare)));
  });

  it("silent blocker: one item started after the onset never moves again", () => {
    const { sim, config, onset } = run("silent_blocker", seed);
    const key = sim.groundTruth.itemKey!;
    const item = sim.items.find((i) => i.key === key)!;
    const start = item.history.find((h) => h.kind === "status")!;
    expect(start.at >= onset).toBe(true);
    expect(item.statusCategory).toBe("in_progress");
    expect(item.history.filter((h) => h.at > start.at && h.kind !== "sprint_added")).toEqual([]);
    expect(sim.pullRequests.some((pr) => pr.itemKeys.includes(key))).toBe(false);
    expect(stuckItems(sim, config.endDate, 30).map((i) => i.key)).toEqual([key]);
  });

  it("overcommitment: sprints planned above rolling velocity, planning accuracy under 70 %", () => {
    const { before, after } = run("overcommitment", seed);
    expect(mean(after.map((s) => s.accuracy))).toBeLessThan(0.7);
    expect(mean(before.map((s) => s.accuracy))).toBeGreaterThanOrEqual(0.7);
    const all = [...before, ...after];
    const ratios = after.map((s) => {
      const i = all.indexOf(s);
      return s.planned / mean(all.slice(i - 3, i).map((p) => p.velocity));
    });
    expect(mean(ratios)).toBeGreaterThan(1.3);
  });

  it("milestone slip: throughput drops and the milestone in progress misses its original target", () => {
    const { sim, before, after } = run("milestone_slip", seed);
    expect(mean(after.map((s) => s.velocity))).toBeLessThan(0.65 * mean(before.map((s) => s.velocity)));
    const affected = sim.milestones.find((m) => m.id === sim.groundTruth.milestoneId)!;
    const originalTarget = affected.history[0]!.to!;
    expect(affected.targetDate > originalTarget).toBe(true);
    expect((affected.closedAt ?? "9999").slice(0, 10) > originalTarget).toBe(true);
  });

  it("hero dependency: one person authors or reviews most merged work", () => {
    const { sim, onset } = run("hero_dependency", seed);
    const hero = sim.groundTruth.person!;
    const touches = (pr: SimulatedEngagement["pullRequests"][number]) =>
      pr.author === hero || pr.history.some((h) => h.kind === "reviewed" && h.actor === hero);
    const authored = (list: SimulatedEngagement["pullRequests"]) =>
      list.filter((pr) => pr.author === hero).length / list.length;
    const post = mergedBy(sim, onset, true);
    const pre = mergedBy(sim, onset, false);
    expect(authored(post)).toBeGreaterThan(0.4);
    expect(authored(pre)).toBeLessThan(0.35);
    expect(post.filter(touches).length / post.length).toBeGreaterThan(0.75);
  });
});
