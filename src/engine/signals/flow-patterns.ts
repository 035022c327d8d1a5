import type { HistoryEvent, Instant } from "../../domain/types.ts";
import type { EngagementHistory } from "../history.ts";
import { robustBaseline } from "./anomaly.ts";
import { DAY_MS, daysBefore, keyResolver, listText, plural, r2 } from "./support.ts";
import { type Detector, evidence, type Finding } from "./types.ts";

/** Flow anti-patterns: silent blockers, WIP explosion, bounce-backs. */

/** Sprint membership changes are planning bookkeeping, not movement of the work itself. */
const MOVES = (e: HistoryEvent) => e.kind !== "sprint_added" && e.kind !== "sprint_removed";

/** The last instant something happened to an item or to a pull request that references it. */
const lastMovement = (
  history: EngagementHistory,
  itemId: string,
  prIds: readonly string[],
  asOf: Instant,
): { at: Instant | null; eventId: string | null } => {
  let at: Instant | null = null;
  let eventId: string | null = null;
  const consider = (events: readonly HistoryEvent[]) => {
    for (const e of events) {
      if (e.at > asOf) break;
      if (MOVES(e) && (at === null || e.at >= at)) {
        at = e.at;
        eventId = e.id;
      }
    }
  };
  consider(history.eventsOf(itemId));
  for (const pr of prIds) consider(history.eventsOf(pr));
  return { at, eventId };
};

const prsByItemKey = (history: EngagementHistory): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  for (const pr of history.pullRequests) {
    for (const key of pr.itemKeys) map.set(key, [...(map.get(key) ?? []), pr.id]);
  }
  return map;
};

/** Instants at which each actor moved an item's status, for "has the owner moved on?". */
const statusMovesByActor = (
  history: EngagementHistory,
  asOf: Instant,
): Map<string, { itemId: string; at: Instant }[]> => {
  const moves = new Map<string, { itemId: string; at: Instant }[]>();
  for (const item of history.items) {
    for (const e of history.eventsOf(item.id)) {
      if (e.at > asOf) break;
      if (e.kind !== "status" || e.actor === null) continue;
      const list = moves.get(e.actor);
      if (list) list.push({ itemId: item.id, at: e.at });
      else moves.set(e.actor, [{ itemId: item.id, at: e.at }]);
    }
  }
  return moves;
};

/** Status moves its owner made on other items since it last moved: a pod member busy elsewhere. */
const MIN_OWNER_MOVES = 8;
/** At most this many silent blockers are reported at once, the longest idle first. */
const MAX_SILENT = 5;

export const silentBlocker: Detector = {
  pattern: "silent_blocker",
  description:
    "An item in progress (or flagged blocked) beyond the P85 cycle time with nothing moving on it or its pull requests.",
  detect: ({ history, series, asOf }) => {
    const p85 = series.flow.cycleTime.p85Hours;
    if (p85 === null || series.flow.cycleTime.count < 10) return [];
    const idleLimitHours = Math.max(1.5 * p85, 7 * 24);
    const prs = prsByItemKey(history);
    let moves: Map<string, { itemId: string; at: Instant }[]> | null = null;
    const key = keyResolver(history);
    const rows = new Map(history.items.map((i) => [i.id, i]));
    const findings: Finding[] = [];
    for (const wip of series.flow.wip.items) {
      if (wip.ageHours <= p85) continue;
      const row = rows.get(wip.itemId);
      const linked = row ? (prs.get(row.key) ?? []) : [];
      const last = lastMovement(history, wip.itemId, linked, asOf);
      const idleHours =
        last.at === null ? wip.ageHours : (Date.parse(asOf) - Date.parse(last.at)) / 3_600_000;
      if (idleHours < idleLimitHours) continue;
      // Silent means forgotten: its owner has since moved other items along, so it is not being worked.
      const owner = row
        ? (history
            .eventsOf(wip.itemId)
            .filter((e) => e.at <= asOf && e.kind === "assignee")
            .at(-1)?.to ?? row.assignee)
        : null;
      moves ??= statusMovesByActor(history, asOf);
      const since = last.at ?? wip.startedAt;
      const elsewhere =
        owner === null ? [] : (moves.get(owner) ?? []).filter((m) => m.itemId !== wip.itemId && m.at > since);
      if (owner !== null && elsewhere.length < MIN_OWNER_MOVES) continue;
      const idleDays = r2(idleHours / 24);
      findings.push({
        pattern: "silent_blocker",
        key: `silent_blocker:${wip.itemId}`,
        severity: idleHours >= 2 * idleLimitHours ? "high" : "medium",
        title: `${key(wip.itemId)} has not moved for ${Math.floor(idleDays)} days`,
        summary: `${key(wip.itemId)}${row ? ` (${row.title})` : ""} is ${wip.blocked ? "flagged blocked" : `in ${wip.status ?? "progress"}`} since ${wip.startedAt.slice(0, 10)}, ${r2(wip.ageDays)} days, beyond the P85 cycle time of ${r2(p85 / 24)} days, and nothing has happened on it${linked.length ? " or its pull requests" : ""} since ${last.at?.slice(0, 10) ?? "it started"}${owner ? `, while its owner ${owner} moved ${plural(elsewhere.length, "other item")} along` : ""}.`,
        evidence: evidence({
          items: [wip.itemId],
          pullRequests: linked,
          other: [...(last.eventId ? [last.eventId] : []), ...wip.eventIds],
          thresholds: {
            ageDays: r2(wip.ageDays),
            idleDays,
            p85CycleTimeDays: r2(p85 / 24),
            idleLimitDays: r2(idleLimitHours / 24),
            ownerMovesElsewhere: elsewhere.length,
          },
        }),
        suggestedAction:
          "Ask the owner at the next stand-up what the item is waiting for; if it waits on someone outside the pod, flag it blocked and chase it, or put it back in the backlog.",
        escalationLevel: "L1",
        measure: idleDays,
      });
    }
    // Many silent items at once are a systemic problem (see WIP explosion): show the worst few.
    return findings.sort((a, b) => b.measure - a.measure || (a.key < b.key ? -1 : 1)).slice(0, MAX_SILENT);
  },
};

export const wipExplosion: Detector = {
  pattern: "wip_explosion",
  description: "Work in progress rises far above its usual level: the pod starts more than it finishes.",
  detect: ({ series, history }) => {
    const baseline = series.weeks.filter((w) => w.comparable).slice(0, -1);
    if (baseline.length < 6) return [];
    const base = robustBaseline(baseline.map((w) => w.wip))!;
    const current = series.flow.wip.count;
    const lastWeek = series.weeks.filter((w) => w.comparable).at(-1)!;
    const limit = base.median + Math.max(4, 3 * base.scale);
    if (current <= limit || current < 1.75 * base.median || lastWeek.wip <= base.median + 3 * base.scale)
      return [];
    const key = keyResolver(history);
    const items = series.flow.wip.items.map((w) => w.itemId);
    return [
      {
        pattern: "wip_explosion",
        key: "wip_explosion",
        severity: current >= 2 * base.median ? "high" : "medium",
        title: `${current} items in progress, against a usual ${r2(base.median)}`,
        summary: `Work in progress is ${current} items, above the limit of ${r2(limit)} (usual ${r2(base.median)}); the oldest: ${listText(items.slice(0, 6).map(key))}.`,
        evidence: evidence({
          items,
          series: { "WIP at week end": series.weeks.map((w) => ({ label: w.week, value: w.wip })) },
          thresholds: {
            current,
            baselineMedian: r2(base.median),
            baselineScale: r2(base.scale),
            limit: r2(limit),
          },
        }),
        suggestedAction:
          "Stop starting, start finishing: agree a WIP limit with the pod and swarm on the oldest items before pulling new ones.",
        escalationLevel: "L1",
        measure: current,
      },
    ];
  },
};

export const bounceBacks: Detector = {
  pattern: "bounce_backs",
  description: "Items keep moving backwards (Done to In Progress, In Progress to To Do) more than usual.",
  detect: ({ series, history, asOf }) => {
    const since = daysBefore(asOf, 14);
    const recent = series.flow.bounceBacks.filter((b) => b.at >= since);
    const earlier = series.flow.bounceBacks.filter((b) => b.at < since);
    const weeksBefore = Math.max(1, (Date.parse(since) - Date.parse(series.flow.from)) / (7 * DAY_MS));
    if (weeksBefore < 4) return [];
    const usualPerTwoWeeks = (earlier.length / weeksBefore) * 2;
    const finishedRecently = series.flow.finished.filter((f) => f.doneAt >= since).length;
    const threshold = Math.max(4, 3 * usualPerTwoWeeks, 0.15 * finishedRecently);
    if (recent.length < threshold) return [];
    const key = keyResolver(history);
    const items = [...new Set(recent.map((b) => b.itemId))];
    return [
      {
        pattern: "bounce_backs",
        key: "bounce_backs",
        severity: recent.length >= 2 * threshold ? "high" : "medium",
        title: `${plural(recent.length, "bounce-back")} in two weeks`,
        summary: `${recent.length} moves backwards in the last two weeks (usual ${r2(usualPerTwoWeeks)}), on ${listText(items.map(key))}.`,
        evidence: evidence({
          items,
          other: recent.map((b) => b.eventId),
          thresholds: {
            recent: recent.length,
            usualPerTwoWeeks: r2(usualPerTwoWeeks),
            finishedRecently,
            threshold: r2(threshold),
          },
        }),
        suggestedAction:
          "Review the bounced items with QA and the product owner: unclear acceptance criteria or work declared done too early are the usual causes.",
        escalationLevel: "L1",
        measure: recent.length,
      },
    ];
  },
};
