import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../domain/types.ts";
import { ItemTimeline, sprintAsOf } from "../../engine/as-of.ts";
import { SCENARIOS } from "./config.ts";
import { simIds } from "./ids.ts";
import { sampleConfig } from "./sample.ts";
import { countSimulated, simulateEngagement } from "./simulate.ts";
import { detachedSource, eventsOf } from "./test-support.ts";

const config = sampleConfig();
const sim = simulateEngagement(config);
const source = detachedSource({ ...config });
const events = eventsOf(sim, source);

const byEntity = (list: readonly HistoryEvent[]) => {
  const map = new Map<string, HistoryEvent[]>();
  for (const e of list) {
    const bucket = map.get(e.entityId) ?? [];
    bucket.push(e);
    map.set(e.entityId, bucket);
  }
  return map;
};

describe("simulated engagement", () => {
  it("is byte-identical for the same seed and differs for another seed", () => {
    const again = simulateEngagement(sampleConfig());
    expect(JSON.stringify(again)).toBe(JSON.stringify(sim));
    const other = simulateEngagement(sampleConfig({ seed: 8 }));
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(sim));
  });

  it("has a realistic volume for a pod of five authors over eight months", () => {
    const counts = countSimulated(sim);
    expect(counts.sprints).toBeGreaterThanOrEqual(17);
    expect(counts.items).toBeGreaterThan(200);
    expect(counts.pullRequests).toBeGreaterThan(150);
    expect(counts.deployments).toBeGreaterThan(80);
    expect(counts.milestones).toBeGreaterThanOrEqual(3);
    expect(counts.events).toBeGreaterThan(3000);
    expect(events).toHaveLength(counts.events);
  });

  it("scales volume with the scale knob", () => {
    const big = countSimulated(simulateEngagement(sampleConfig({ scale: 5 })));
    const small = countSimulated(sim);
    expect(big.items / small.items).toBeGreaterThan(3.5);
    expect(big.events / small.events).toBeGreaterThan(3.5);
  });

  it("keeps nothing after the end date and starts every history with its creation", () => {
    const cutoff = `${config.endDate}T23:59:59.999Z`;
    expect(events.every((e) => e.at <= cutoff)).toBe(true);
    for (const [, list] of byEntity(events)) {
      expect(list[0]!.kind).toBe("created");
      const sorted = [...list].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
      expect(sorted.map((e) => e.id)).toEqual(list.map((e) => e.id));
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("uses the tracker's status names beside their categories", () => {
    const labels = new Set(events.filter((e) => e.kind === "status").map((e) => `${e.toLabel}/${e.to}`));
    expect([...labels].sort()).toEqual(["Done/done", "In Progress/in_progress", "In Review/in_progress"]);
  });

  it("keeps the sprint identity planned + added − removed = completed + not completed on every closed sprint", () => {
    const itemEvents = events.filter((e) => e.entity === "item");
    const timelines = new Map([...byEntity(itemEvents)].map(([id, list]) => [id, new ItemTimeline(list)]));
    let sawAdded = 0;
    let sawRemoved = 0;
    let sawCarryover = 0;
    for (const sprint of sim.sprints.filter((s) => s.state === "closed")) {
      const id = simIds.sprint(source.id, sprint.number);
      const sprintEvents = events.filter((e) => e.entityId === id);
      const start = sprint.startAt;
      const end = sprint.completedAt!;
      const planned = sprintAsOf(id, sprintEvents, itemEvents, start).itemIds.length;
      const inWindow = (e: HistoryEvent) => e.at > start && e.at <= end;
      const added = itemEvents.filter((e) => e.kind === "sprint_added" && e.to === id && inWindow(e)).length;
      const removed = itemEvents.filter(
        (e) => e.kind === "sprint_removed" && e.from === id && inWindow(e),
      ).length;
      const atEnd = sprintAsOf(id, sprintEvents, itemEvents, end);
      expect(atEnd.state).toBe("closed");
      const completed = atEnd.itemIds.filter(
        (item) => timelines.get(item)!.stateAt(end).statusCategory === "done",
      );
      const notCompleted = atEnd.itemIds.length - completed.length;
      expect(planned + added - removed).toBe(completed.length + notCompleted);
      sawAdded += added;
      sawRemoved += removed;
      sawCarryover += notCompleted;
    }
    expect(sawAdded).toBeGreaterThan(0);
    expect(sawRemoved).toBeGreaterThan(0);
    expect(sawCarryover).toBeGreaterThan(0);
  });

  it("records scope changes the way trackers lose them: added late, removed, removed and re-added, re-estimated", () => {
    const items = sim.items;
    const reAdded = items.filter((item) => {
      const kinds = item.history
        .filter((h) => h.kind.startsWith("sprint_"))
        .map((h) => `${h.kind}:${h.to ?? h.from}`);
      return kinds.some(
        (k, i) => k.startsWith("sprint_removed") && kinds[i + 1] === `sprint_added:${k.split(":")[1]}`,
      );
    });
    expect(reAdded.length).toBeGreaterThan(0);
    expect(items.some((item) => item.history.filter((h) => h.kind === "estimate").length > 1)).toBe(true);
    expect(items.some((item) => item.history.some((h) => h.kind === "blocked" && h.to === "true"))).toBe(
      true,
    );
    expect(items.some((item) => item.history.some((h) => h.kind === "parent" && h.from !== null))).toBe(true);
    expect(items.some((item) => item.history.filter((h) => h.kind === "assignee").length > 1)).toBe(true);
  });

  it("gives pull requests drafts, team and personal review requests, bot reviews, unreviewed merges", () => {
    const prs = sim.pullRequests;
    const kinds = (pred: (h: (typeof prs)[number]["history"][number]) => boolean) =>
      prs.filter((pr) => pr.history.some(pred)).length;
    expect(kinds((h) => h.kind === "ready_for_review")).toBeGreaterThan(0);
    expect(kinds((h) => h.kind === "review_requested" && h.to!.startsWith("team:"))).toBeGreaterThan(0);
    expect(kinds((h) => h.kind === "reviewed" && h.bot && h.actor!.endsWith("[bot]"))).toBeGreaterThan(0);
    expect(kinds((h) => h.kind === "reviewed" && h.to === "changes_requested")).toBeGreaterThan(0);
    const merged = prs.filter((pr) => pr.state === "merged");
    const unreviewed = merged.filter((pr) => !pr.history.some((h) => h.kind === "reviewed" && !h.bot));
    expect(unreviewed.length).toBeGreaterThan(0);
    expect(unreviewed.length).toBeLessThan(merged.length * 0.15);
    expect(prs.some((pr) => pr.state === "closed")).toBe(true);
    expect(prs.every((pr) => pr.itemKeys.every((key) => pr.title.includes(key)))).toBe(true);
  });

  it("ships merged work in deployments that name the oldest first commit they carry", () => {
    const statuses = new Set(sim.deployments.map((d) => d.status));
    expect(statuses).toEqual(new Set(["success", "failure"]));
    for (const d of sim.deployments) {
      if (d.firstCommitAt !== null) expect(d.firstCommitAt < d.createdAt).toBe(true);
    }
  });

  it.each(SCENARIOS.filter((s) => s !== "healthy"))(
    "%s leaves the history before its onset as healthy",
    (scenario) => {
      const healthy = simulateEngagement(sampleConfig({ scenario: "healthy" }));
      const injected = simulateEngagement(sampleConfig({ scenario }));
      const onset = injected.groundTruth.onsetAt;
      const eventsBeforeOnset = (s: typeof sim) =>
        eventsOf(s, source)
          .filter((e) => e.at < onset)
          .map((e) => e.id)
          .sort();
      expect(eventsBeforeOnset(injected)).toEqual(eventsBeforeOnset(healthy));
    },
  );
});
