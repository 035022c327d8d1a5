import type { CalendarDate } from "../domain/types.ts";
import { BatonError } from "../errors.ts";

/**
 * The dependency graph of an engagement's work and the critical path to a milestone: the chain of
 * prerequisites that decides the earliest date it can finish. Durations are calendar days of work
 * remaining; external promises finish on their due date. Pure.
 */

export interface PathNode {
  readonly id: string;
  /** What a user reads: an item key, a milestone name, "Customer: API keys". */
  readonly label: string;
  readonly kind: "item" | "milestone" | "pod" | "external";
  /** Days of work left once it can start (0 for milestones and promises). */
  readonly remainingDays: number;
  /** Finished: it holds nothing up any more. */
  readonly done: boolean;
  /** For promises of others: the date they promised. */
  readonly dueDate?: CalendarDate | null;
}

/** `dependent` cannot finish before `prerequisite` has. */
export interface PathEdge {
  readonly dependent: string;
  readonly prerequisite: string;
}

export interface PathStep {
  readonly id: string;
  readonly label: string;
  readonly kind: PathNode["kind"];
  /** Earliest start and finish, days from today. */
  readonly startDay: number;
  readonly finishDay: number;
  readonly finishDate: CalendarDate;
  /** A promise of others whose due date has passed. */
  readonly overdue: boolean;
}

export interface CriticalPath {
  readonly target: string;
  /** Earliest date the target can finish if every step takes its remaining time. */
  readonly finishDate: CalendarDate;
  /** The deciding chain, first step first, ending at the target. */
  readonly steps: readonly PathStep[];
  /** Every node's earliest finish, for the whole graph view. */
  readonly finishDays: ReadonlyMap<string, number>;
}

const plusDays = (date: CalendarDate, days: number): CalendarDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + Math.ceil(days) * 86_400_000).toISOString().slice(0, 10);

const daysFrom = (from: CalendarDate, to: CalendarDate) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** The first cycle found, as node ids from and back to one node; null when there is none. */
export const findCycle = (nodes: readonly PathNode[], edges: readonly PathEdge[]): string[] | null => {
  const prerequisites = new Map<string, string[]>();
  for (const e of edges)
    prerequisites.set(e.dependent, [...(prerequisites.get(e.dependent) ?? []), e.prerequisite]);
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const s = state.get(id);
    if (s === "done") return null;
    if (s === "visiting") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "visiting");
    stack.push(id);
    for (const next of prerequisites.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, "done");
    return null;
  };
  for (const n of nodes) {
    const cycle = visit(n.id);
    if (cycle) return cycle;
  }
  return null;
};

/** Throws `invalid_input` naming the first cycle, e.g. `ACME-1 → ACME-2 → ACME-1`. */
export const assertAcyclic = (nodes: readonly PathNode[], edges: readonly PathEdge[]): void => {
  const cycle = findCycle(nodes, edges);
  if (!cycle) return;
  const byId = new Map(nodes.map((n) => [n.id, n.label]));
  const labels = cycle.map((id) => byId.get(id) ?? id);
  throw new BatonError("invalid_input", `dependencies form a cycle: ${labels.join(" → ")}`, { cycle });
};

/** The critical path to `target` as of `today`. Refuses a graph with a cycle, naming it. */
export const criticalPath = (
  nodes: readonly PathNode[],
  edges: readonly PathEdge[],
  target: string,
  today: CalendarDate,
): CriticalPath => {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges)
    for (const id of [e.dependent, e.prerequisite])
      if (!byId.has(id)) throw new BatonError("invalid_input", `dependency names unknown node "${id}"`);
  if (!byId.has(target)) throw new BatonError("not_found", `"${target}" is not in the dependency graph`);
  assertAcyclic(nodes, edges);

  const prerequisites = new Map<string, string[]>();
  for (const e of edges)
    prerequisites.set(e.dependent, [...(prerequisites.get(e.dependent) ?? []), e.prerequisite]);
  const finish = new Map<string, number>();
  const start = new Map<string, number>();
  const finishOf = (id: string): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id) as PathNode;
    let value: number;
    if (node.done) {
      start.set(id, 0);
      value = 0;
    } else {
      const ready = Math.max(0, ...(prerequisites.get(id) ?? []).map(finishOf));
      const promised = node.dueDate ? Math.max(0, daysFrom(today, node.dueDate)) : 0;
      start.set(id, ready);
      value = Math.max(ready + node.remainingDays, promised);
    }
    finish.set(id, value);
    return value;
  };
  for (const n of nodes) finishOf(n.id);

  const steps: PathStep[] = [];
  let current: string | undefined = target;
  while (current !== undefined) {
    const node = byId.get(current) as PathNode;
    const finishDay = finish.get(current) as number;
    steps.unshift({
      id: node.id,
      label: node.label,
      kind: node.kind,
      startDay: start.get(current) as number,
      finishDay,
      finishDate: plusDays(today, finishDay),
      overdue: !node.done && node.dueDate != null && node.dueDate < today,
    });
    // Follow the prerequisite that finishes last; ties go to the first declared.
    let next: string | undefined;
    let latest = -1;
    for (const p of prerequisites.get(current) ?? []) {
      const f = finish.get(p) as number;
      if (f > latest && !(byId.get(p) as PathNode).done) {
        latest = f;
        next = p;
      }
    }
    current = next;
  }
  const targetFinish = finish.get(target) as number;
  return { target, finishDate: plusDays(today, targetFinish), steps, finishDays: finish };
};
