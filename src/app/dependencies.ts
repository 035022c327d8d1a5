import { z } from "zod";
import type { CalendarDate, Instant, Milestone, WorkItem } from "../domain/types.ts";
import { type Blocker, type Dependency, PREREQUISITE_KINDS, transition } from "../domain/workflows.ts";
import { replayItem } from "../engine/as-of.ts";
import {
  assertAcyclic,
  type CriticalPath,
  criticalPath,
  type PathEdge,
  type PathNode,
} from "../engine/critical-path.ts";
import { BLOCKED_STATUS, flowMetrics } from "../engine/flow.ts";
import { hoursFrom, hoursToDays } from "../engine/flow-days.ts";
import type { EngagementHistory } from "../engine/history.ts";
import { milestoneAsOf } from "../engine/milestones.ts";
import { BatonError, notFound } from "../errors.ts";
import { getEngagement } from "../store/engagements.ts";
import type { Store } from "../store/store.ts";
import {
  getBlocker,
  getDependency,
  listBlockers,
  listDependencies,
  saveBlocker,
  saveDependency,
} from "../store/workflows.ts";
import { newId } from "./escalations.ts";
import { findMilestone } from "./forecasts.ts";
import { loadHistory } from "./history.ts";
import { calendarDate, parseInput, today } from "./validate.ts";

const text = z.string().trim();

/** Finds a work item by key (`ACME-12`) or id; the error names the engagement. */
export const findItem = (history: EngagementHistory, ref: string): WorkItem => {
  const wanted = ref.toLowerCase();
  const item = history.items.find((i) => i.id === ref || i.key.toLowerCase() === wanted);
  if (!item) throw notFound(`work item of ${history.engagement.id}`, ref);
  return item;
};

// --- blockers --------------------------------------------------------------------------------

export interface BlockerView {
  /** `flag` and `status` come from the tracker; `manual` was marked in Baton. */
  readonly origin: "flag" | "status" | "manual";
  readonly id: string;
  readonly itemKey: string | null;
  readonly title: string;
  readonly owner: string | null;
  readonly since: Instant;
  readonly ageDays: number;
}

/**
 * What blocks the pod at `asOf`: items flagged or in a blocked status in the tracker (owner = the
 * assignee), and blockers marked by hand that are not resolved. Oldest first.
 */
export const blockersAsOf = async (
  store: Store,
  engagementId: string,
  asOf: Instant,
): Promise<BlockerView[]> => {
  const history = await loadHistory(store, engagementId);
  const views: BlockerView[] = [];
  for (const item of history.items) {
    const events = history.eventsOf(item.id);
    const state = replayItem(events, asOf);
    if (!state.exists || state.statusCategory === "done") continue;
    const byStatus = state.status !== null && BLOCKED_STATUS.test(state.status);
    if (!state.blocked && !byStatus) continue;
    // The block began at the last event that set it and is still in force.
    let since = item.createdAt;
    for (const e of events) {
      if (e.at > asOf) break;
      if (state.blocked && e.kind === "blocked" && e.to === "true") since = e.at;
      if (!state.blocked && (e.kind === "status" || e.kind === "created") && e.toLabel === state.status)
        since = e.at;
    }
    views.push({
      origin: state.blocked ? "flag" : "status",
      id: item.id,
      itemKey: item.key,
      title: item.title,
      owner: state.assignee,
      since,
      ageDays: hoursToDays(hoursFrom(since, asOf)),
    });
  }
  const keyOf = new Map(history.items.map((i) => [i.id, i.key]));
  for (const b of await listBlockers(store.db, engagementId)) {
    if (b.since > asOf || (b.resolvedAt !== null && b.resolvedAt <= asOf)) continue;
    views.push({
      origin: "manual",
      id: b.id,
      itemKey: b.itemId ? (keyOf.get(b.itemId) ?? b.itemId) : null,
      title: b.title,
      owner: b.owner,
      since: b.since,
      ageDays: hoursToDays(hoursFrom(b.since, asOf)),
    });
  }
  return views.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.id.localeCompare(b.id)));
};

export const blockerInput = z.strictObject({
  engagement: text.min(1, "is required"),
  title: text.min(1, "is required"),
  owner: text.min(1, "names who must act to unblock it"),
  item: text.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  note: text.optional(),
});

export const addBlocker = async (store: Store, input: unknown, now: Date): Promise<Blocker> => {
  const data = parseInput(blockerInput, input, "blocker");
  const history = await loadHistory(store, data.engagement);
  const blocker: Blocker = {
    id: newId("blk"),
    engagementId: data.engagement,
    itemId: data.item ? findItem(history, data.item).id : null,
    title: data.title,
    owner: data.owner,
    since: data.since ? new Date(data.since).toISOString() : now.toISOString(),
    resolvedAt: null,
    note: data.note ?? null,
  };
  await saveBlocker(store.db, blocker);
  return blocker;
};

export const resolveBlocker = async (store: Store, id: string, now: Date): Promise<Blocker> => {
  const blocker = await getBlocker(store.db, id);
  if (!blocker) throw notFound("blocker", id);
  if (blocker.resolvedAt)
    throw new BatonError("conflict", `blocker ${id} was resolved at ${blocker.resolvedAt}`);
  const next = { ...blocker, resolvedAt: now.toISOString() };
  await saveBlocker(store.db, next);
  return next;
};

// --- dependencies ----------------------------------------------------------------------------

export const dependencyInput = z
  .strictObject({
    engagement: text.min(1, "is required"),
    title: text.min(1, "is required"),
    /** The dependent: a work item key or a milestone name. */
    item: text.optional(),
    milestone: text.optional(),
    onKind: z.enum(PREREQUISITE_KINDS),
    /** Item key, milestone name or engagement id; omitted for external parties. */
    on: text.optional(),
    owner: text.min(1, "names who owes it"),
    dueDate: calendarDate.optional(),
    customerOwed: z.boolean().default(false),
  })
  .refine((d) => (d.item === undefined) !== (d.milestone === undefined), {
    message: "name exactly one dependent: an item or a milestone",
    path: ["item"],
  })
  .refine((d) => d.onKind === "external" || d.on !== undefined, {
    message: "names the item, milestone or engagement it waits on",
    path: ["on"],
  })
  .refine((d) => d.onKind !== "external" || d.dueDate !== undefined, {
    message: "an external promise needs its due date",
    path: ["dueDate"],
  });

export const addDependency = async (store: Store, input: unknown, now: Date): Promise<Dependency> => {
  const data = parseInput(dependencyInput, input, "dependency");
  const history = await loadHistory(store, data.engagement);
  const dependent = data.item
    ? { kind: "item" as const, id: findItem(history, data.item).id }
    : {
        kind: "milestone" as const,
        id: findMilestone(history, data.engagement, data.milestone as string).id,
      };
  let prerequisiteId: string | null = null;
  if (data.onKind === "item") prerequisiteId = findItem(history, data.on as string).id;
  if (data.onKind === "milestone")
    prerequisiteId = findMilestone(history, data.engagement, data.on as string).id;
  if (data.onKind === "pod") {
    const other = await getEngagement(store.db, data.on as string);
    if (!other) throw notFound("engagement", data.on as string);
    prerequisiteId = other.id;
  }
  if (prerequisiteId !== null && prerequisiteId === dependent.id)
    throw new BatonError("invalid_input", `${data.item ?? data.milestone} cannot depend on itself`);
  const dependency: Dependency = {
    id: newId("dep"),
    engagementId: data.engagement,
    title: data.title,
    dependentKind: dependent.kind,
    dependentId: dependent.id,
    prerequisiteKind: data.onKind,
    prerequisiteId,
    owner: data.owner,
    dueDate: data.dueDate ?? null,
    customerOwed: data.customerOwed,
    status: "open",
    createdAt: now.toISOString(),
    closedAt: null,
  };
  // A new edge must not close a loop; refuse it naming the loop.
  const all = [...(await listDependencies(store.db, data.engagement)), dependency];
  const graph = buildGraph(history, all, today(now), now.toISOString(), 0);
  assertAcyclic([...graph.nodes.values()], graph.edges);
  await saveDependency(store.db, dependency);
  return dependency;
};

export const closeDependency = async (
  store: Store,
  id: string,
  to: "met" | "cancelled",
  now: Date,
): Promise<Dependency> => {
  const current = await getDependency(store.db, id);
  if (!current) throw notFound("dependency", id);
  transition("dependency", id, current.status, to);
  const next: Dependency = { ...current, status: to, closedAt: now.toISOString() };
  await saveDependency(store.db, next);
  return next;
};

export interface DependencyView extends Dependency {
  readonly dependentLabel: string;
  readonly prerequisiteLabel: string;
  readonly overdue: boolean;
}

export const dependencyViews = async (
  store: Store,
  engagementId: string,
  date: CalendarDate,
): Promise<DependencyView[]> => {
  const history = await loadHistory(store, engagementId);
  const labels = labelsOf(history);
  return (await listDependencies(store.db, engagementId)).map((d) => ({
    ...d,
    dependentLabel: labels(d.dependentId),
    prerequisiteLabel: d.prerequisiteId ? labels(d.prerequisiteId) : d.owner,
    overdue: d.status === "open" && d.dueDate !== null && d.dueDate < date,
  }));
};

const labelsOf = (history: EngagementHistory) => {
  const names = new Map<string, string>([
    ...history.items.map((i) => [i.id, i.key] as [string, string]),
    ...history.milestones.map((m) => [m.id, m.name] as [string, string]),
  ]);
  return (id: string) => names.get(id) ?? id;
};

// --- the graph and its critical path -----------------------------------------------------------

/** Days of work left on an item at `asOf`: the typical cycle time less what it has already spent. */
const remainingDays = (history: EngagementHistory, itemId: string, asOf: Instant, typicalDays: number) => {
  const state = replayItem(history.eventsOf(itemId), asOf);
  if (state.statusCategory === "done") return { done: true, days: 0 };
  if (state.statusCategory !== "in_progress") return { done: false, days: typicalDays };
  let startedAt = asOf;
  for (const e of history.eventsOf(itemId)) {
    if (e.at > asOf) break;
    if ((e.kind === "status" || e.kind === "created") && e.to === "in_progress" && e.from !== "in_progress")
      startedAt = e.at;
  }
  return { done: false, days: Math.max(0.5, typicalDays - hoursFrom(startedAt, asOf) / 24) };
};

const buildGraph = (
  history: EngagementHistory,
  dependencies: readonly Dependency[],
  date: CalendarDate,
  asOf: Instant,
  typicalDays: number,
  milestones: readonly Milestone[] = [],
) => {
  const labels = labelsOf(history);
  const nodes = new Map<string, PathNode>();
  const edges: PathEdge[] = [];
  const addItem = (id: string) => {
    if (nodes.has(id)) return;
    const left = remainingDays(history, id, asOf, typicalDays);
    nodes.set(id, { id, label: labels(id), kind: "item", remainingDays: left.days, done: left.done });
  };
  const addMilestone = (milestone: Milestone) => {
    if (nodes.has(milestone.id)) return;
    const state = milestoneAsOf(history, milestone, asOf);
    nodes.set(milestone.id, {
      id: milestone.id,
      label: milestone.name,
      kind: "milestone",
      remainingDays: 0,
      done: state.closedAt !== null,
    });
    for (const itemId of state.scope) {
      addItem(itemId);
      edges.push({ dependent: milestone.id, prerequisite: itemId });
    }
  };
  const milestoneById = new Map(history.milestones.map((m) => [m.id, m]));
  const ensure = (kind: "item" | "milestone", id: string) => {
    if (kind === "item") addItem(id);
    else {
      const m = milestoneById.get(id);
      if (m) addMilestone(m);
      else nodes.set(id, { id, label: id, kind: "milestone", remainingDays: 0, done: false });
    }
  };
  for (const m of milestones) addMilestone(m);
  for (const d of dependencies) {
    if (d.status === "cancelled") continue;
    ensure(d.dependentKind, d.dependentId);
    let prerequisite: string;
    if (d.prerequisiteKind === "item" || d.prerequisiteKind === "milestone") {
      prerequisite = d.prerequisiteId as string;
      ensure(d.prerequisiteKind, prerequisite);
    } else {
      // Promises of other pods and parties: they finish on their due date.
      prerequisite = `promise:${d.id}`;
      nodes.set(prerequisite, {
        id: prerequisite,
        label: `${d.owner}: ${d.title}`,
        kind: d.prerequisiteKind,
        remainingDays: 0,
        done: d.status === "met",
        dueDate: d.dueDate ?? date,
      });
    }
    edges.push({ dependent: d.dependentId, prerequisite });
  }
  return { nodes, edges };
};

export interface MilestonePath extends CriticalPath {
  readonly milestone: string;
  readonly asOf: Instant;
  /** The typical cycle time assumed for work not started (P50 of the last 12 weeks). */
  readonly typicalDays: number;
}

/**
 * The critical path to a milestone as of `asOf`: its scope items, what they and it depend on, and
 * the chain that decides the earliest finish. Work not started takes the engagement's P50 cycle
 * time (3 days when it has none yet); started work takes what remains of it.
 */
export const milestoneCriticalPath = async (
  store: Store,
  engagementId: string,
  milestoneRef: string,
  asOf: Instant,
): Promise<MilestonePath> => {
  const history = await loadHistory(store, engagementId);
  const milestone = findMilestone(history, engagementId, milestoneRef);
  const from = new Date(Date.parse(asOf) - 84 * 86_400_000).toISOString();
  const flow = flowMetrics(history, asOf, {
    from,
    to: asOf,
    includeItem: (i) => i.type.toLowerCase() !== "epic",
  });
  const typicalDays = flow.cycleTime.p50Days ?? 3;
  const dependencies = await listDependencies(store.db, engagementId);
  const { nodes, edges } = buildGraph(history, dependencies, asOf.slice(0, 10), asOf, typicalDays, [
    milestone,
  ]);
  const path = criticalPath([...nodes.values()], edges, milestone.id, asOf.slice(0, 10));
  return { ...path, milestone: milestone.name, asOf, typicalDays };
};
