import type {
  Engagement,
  EventKind,
  HistoryEvent,
  Instant,
  Sprint,
  StatusCategory,
  WorkItem,
} from "../domain/types.ts";
import { buildHistory, type EngagementHistory } from "./history.ts";

/**
 * Terse hand-built histories for the sprint and flow tests (test support, not used by the engine).
 * Times are hours after Monday 2026-03-02 00:00 UTC. Entity rows carry deliberately wrong
 * current-state fields, so a metric that reads them instead of the events fails its test.
 */

const BASE = Date.parse("2026-03-02T00:00:00.000Z");

/** The instant `hours` after the base (Monday 2026-03-02 00:00 UTC). */
export const h = (hours: number): Instant => new Date(BASE + hours * 3_600_000).toISOString();

/** Hours after the base of day `day` (0 = Monday 2026-03-02) at `hour` o'clock UTC. */
export const dh = (day: number, hour = 0): number => day * 24 + hour;

/**
 * One step of an item's history:
 * `[t, "new", category?, label?]`, `[t, "to", category, label?]`, `[t, "add", sprint]`,
 * `[t, "remove", sprint]`, `[t, "est", points | null]`, `[t, "block"]`, `[t, "unblock"]`.
 */
export type Step =
  | readonly [number, "new", StatusCategory?, string?]
  | readonly [number, "to", StatusCategory, string?]
  | readonly [number, "add" | "remove", string]
  | readonly [number, "est", number | null]
  | readonly [number, "block" | "unblock"];

/** A sprint's lifecycle: created (future), started, completed (hours after the base). */
export interface SprintSpec {
  readonly created: number;
  readonly start?: number;
  readonly complete?: number;
}

const LABELS: Readonly<Record<StatusCategory, string>> = {
  todo: "To Do",
  in_progress: "In Progress",
  done: "Done",
};

const engagement = (timeZone: string): Engagement => ({
  id: "eng",
  customerId: "cust",
  name: "Engagement",
  status: "active",
  sprintLengthDays: 14,
  reportDay: "fri",
  reviewSla: { firstReviewHours: 8 },
  timeZone,
  startDate: "2026-03-02",
});

const makeEvent = (
  entity: "item" | "sprint",
  entityId: string,
  hours: number,
  kind: EventKind,
  fields: Partial<HistoryEvent>,
  seq: number,
): HistoryEvent => ({
  id: `${entityId}@${h(hours)}/${kind}/${seq}`,
  engagementId: "eng",
  sourceId: "src",
  entity,
  entityId,
  at: h(hours),
  kind,
  from: null,
  to: null,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq,
  ...fields,
});

/** The events of one item from its steps; `seq` orders steps at the same instant as written. */
export const itemEvents = (itemId: string, steps: readonly Step[]): HistoryEvent[] => {
  let category: StatusCategory | null = null;
  let label: string | null = null;
  let points: string | null = null;
  let blocked = false;
  return steps.map((step, seq) => {
    const t = step[0];
    switch (step[1]) {
      case "new": {
        category = step[2] ?? "todo";
        label = step[3] ?? LABELS[category];
        return makeEvent("item", itemId, t, "created", { to: category, toLabel: label }, seq);
      }
      case "to": {
        const next = step[2];
        const nextLabel = step[3] ?? LABELS[next];
        const event = makeEvent(
          "item",
          itemId,
          t,
          "status",
          { from: category, to: next, fromLabel: label, toLabel: nextLabel },
          seq,
        );
        category = next;
        label = nextLabel;
        return event;
      }
      case "add":
        return makeEvent("item", itemId, t, "sprint_added", { to: step[2] }, seq);
      case "remove":
        return makeEvent("item", itemId, t, "sprint_removed", { from: step[2] }, seq);
      case "est": {
        const next = step[2] === null ? null : String(step[2]);
        const event = makeEvent("item", itemId, t, "estimate", { from: points, to: next }, seq);
        points = next;
        return event;
      }
      case "block":
      case "unblock": {
        const next = step[1] === "block";
        const event = makeEvent(
          "item",
          itemId,
          t,
          "blocked",
          { from: String(blocked), to: String(next) },
          seq,
        );
        blocked = next;
        return event;
      }
      default:
        throw new Error(`unknown step ${JSON.stringify(step)}`);
    }
  });
};

/** The events of one sprint from its lifecycle. */
export const sprintEvents = (sprintId: string, spec: SprintSpec): HistoryEvent[] => {
  const events = [makeEvent("sprint", sprintId, spec.created, "created", { to: "future" }, 0)];
  if (spec.start !== undefined)
    events.push(
      makeEvent("sprint", sprintId, spec.start, "sprint_state", { from: "future", to: "active" }, 0),
    );
  if (spec.complete !== undefined)
    events.push(
      makeEvent("sprint", sprintId, spec.complete, "sprint_state", { from: "active", to: "closed" }, 0),
    );
  return events;
};

const itemRow = (id: string): WorkItem => ({
  id,
  engagementId: "eng",
  sourceId: "src",
  key: id,
  title: id,
  type: "story",
  // Wrong on purpose: metrics must read events, never these.
  status: "Row status",
  statusCategory: "done",
  createdAt: h(-1000),
  resolvedAt: h(-1000),
  points: 999,
  assignee: null,
  parentId: null,
  customerVisible: true,
});

const sprintRow = (id: string): Sprint => ({
  id,
  engagementId: "eng",
  sourceId: "src",
  name: `Sprint ${id}`,
  // Wrong on purpose: state and dates come from the sprint's events.
  state: "closed",
  startAt: null,
  endAt: null,
  completedAt: null,
  goal: null,
});

/** A whole engagement history from item steps and sprint lifecycles. */
export const historyOf = (input: {
  readonly items: Readonly<Record<string, readonly Step[]>>;
  readonly sprints?: Readonly<Record<string, SprintSpec>>;
  readonly timeZone?: string;
  /** Keep only events at or before this instant (for truncation checks). */
  readonly cutAt?: Instant;
}): EngagementHistory => {
  const sprints = input.sprints ?? {};
  const events = [
    ...Object.entries(input.items).flatMap(([id, steps]) => itemEvents(id, steps)),
    ...Object.entries(sprints).flatMap(([id, spec]) => sprintEvents(id, spec)),
  ].filter((e) => input.cutAt === undefined || e.at <= input.cutAt);
  return buildHistory({
    engagement: engagement(input.timeZone ?? "UTC"),
    items: Object.keys(input.items).map(itemRow),
    sprints: Object.keys(sprints).map(sprintRow),
    events,
  });
};
