import type {
  Engagement,
  EventKind,
  HistoryEvent,
  Instant,
  Milestone,
  PullRequest,
  Sprint,
  WorkItem,
} from "../../domain/types.ts";
import { buildHistory, type EngagementHistory } from "../history.ts";

/**
 * A steady, hand-built pod for the signal tests (test support, not used by the engine): two-week
 * sprints from Monday 2026-01-05, each planned with six 3-point stories that four people finish
 * in two to three days, every story with a pull request reviewed within three working hours by
 * the next person, all stories under one milestone's epic. `tweak` changes single items, `extra`
 * adds items, pull requests and events, so each test injects exactly one problem.
 */

export const POD = ["ana", "ben", "chen", "dara"] as const;
const BASE = Date.parse("2026-01-05T00:00:00.000Z");
const DAY = 86_400_000;

/** Day `day` (0 = Monday 2026-01-05) at `hour` o'clock UTC. */
export const at = (day: number, hour = 9): Instant =>
  new Date(BASE + day * DAY + hour * 3_600_000).toISOString();

/** What a test may change about one planned item (sprint `sprint`, item `index`). */
export interface ItemTweak {
  /** Not finished: stays in progress (carried over when the sprint closes). */
  readonly unfinished?: boolean;
  /** Planned points (default 3). */
  readonly points?: number;
  readonly author?: string;
  readonly reviewer?: string;
  /** Working hours from review request to review (default 3). */
  readonly reviewHours?: number;
  /** Merged without any review. */
  readonly unreviewed?: boolean;
}

export interface PodSpec {
  /** Sprints that exist (default 8); the last one is active unless `closeLast`. */
  readonly sprints?: number;
  readonly closeLast?: boolean;
  /** Planned items per sprint (default 6), or per sprint index. */
  readonly planned?: number | ((sprint: number) => number);
  readonly tweak?: (sprint: number, index: number) => ItemTweak | undefined;
  readonly extra?: (b: PodBuilder) => void;
}

/** Low-level writers for `extra`. */
export interface PodBuilder {
  readonly epicId: string;
  item(
    id: string,
    created: Instant,
    options?: { points?: number; parent?: string | null; assignee?: string },
  ): void;
  event(entityId: string, at: Instant, kind: EventKind, fields?: Partial<HistoryEvent>): void;
  status(itemId: string, at: Instant, from: string, to: string, actor?: string): void;
  addToSprint(itemId: string, sprint: number, at: Instant): void;
  pullRequest(id: string, itemKey: string, options: PrOptions): void;
  sprintId(sprint: number): string;
}

export interface PrOptions {
  readonly author: string;
  readonly opened: Instant;
  readonly reviewer?: string;
  /** Review submitted at (none when absent). */
  readonly reviewedAt?: Instant;
  readonly mergedAt?: Instant;
}

const engagement: Engagement = {
  id: "pod",
  customerId: "cust",
  name: "Steady pod",
  status: "active",
  sprintLengthDays: 14,
  reportDay: "fri",
  reviewSla: { firstReviewHours: 8 },
  timeZone: "UTC",
  startDate: "2026-01-05",
};

/** Builds the pod's history; returns it with the ids tests refer to. */
export const podHistory = (spec: PodSpec = {}) => {
  const items: WorkItem[] = [];
  const sprints: Sprint[] = [];
  const pullRequests: PullRequest[] = [];
  const events: HistoryEvent[] = [];
  let seq = 0;
  const event = (entityId: string, when: Instant, kind: EventKind, fields: Partial<HistoryEvent> = {}) => {
    const entity = entityId.startsWith("pr-")
      ? "pr"
      : entityId.startsWith("sprint-")
        ? "sprint"
        : entityId.startsWith("ms-")
          ? "milestone"
          : "item";
    events.push({
      id: `${entityId}/${kind}/${seq}`,
      engagementId: "pod",
      sourceId: "fixture",
      entity,
      entityId,
      at: when,
      kind,
      from: null,
      to: null,
      fromLabel: null,
      toLabel: null,
      actor: null,
      actorIsBot: false,
      seq: seq++,
      ...fields,
    });
  };
  const label = (c: string) => (c === "todo" ? "To Do" : c === "in_progress" ? "In Progress" : "Done");
  const status = (itemId: string, when: Instant, from: string, to: string, actor?: string) =>
    event(itemId, when, "status", {
      from,
      to,
      fromLabel: label(from),
      toLabel: label(to),
      actor: actor ?? null,
    });
  const epicId = "epic-1";
  const item: PodBuilder["item"] = (id, created, options = {}) => {
    items.push({
      id,
      engagementId: "pod",
      sourceId: "fixture",
      key: id.toUpperCase(),
      title: `Story ${id}`,
      type: id.startsWith("epic") ? "epic" : "story",
      status: "To Do",
      statusCategory: "todo",
      createdAt: created,
      resolvedAt: null,
      points: options.points ?? 3,
      assignee: options.assignee ?? null,
      parentId: options.parent ?? null,
      customerVisible: true,
    });
    event(id, created, "created", { to: "todo", toLabel: "To Do" });
    if (!id.startsWith("epic")) event(id, created, "estimate", { to: String(options.points ?? 3) });
    const parent = options.parent === undefined ? epicId : options.parent;
    if (parent && !id.startsWith("epic")) event(id, created, "parent", { to: parent });
    if (options.assignee) event(id, created, "assignee", { to: options.assignee });
  };
  const sprintId = (n: number) => `sprint-${n + 1}`;
  const addToSprint = (itemId: string, n: number, when: Instant) =>
    event(itemId, when, "sprint_added", { to: sprintId(n) });
  const pullRequest = (id: string, itemKey: string, o: PrOptions) => {
    pullRequests.push({
      id,
      engagementId: "pod",
      sourceId: "fixture",
      repo: "pod/app",
      number: pullRequests.length + 1,
      title: `Change for ${itemKey}`,
      author: o.author,
      state: o.mergedAt ? "merged" : "open",
      draft: false,
      createdAt: o.opened,
      mergedAt: o.mergedAt ?? null,
      closedAt: o.mergedAt ?? null,
      firstCommitAt: o.opened,
      additions: 40,
      deletions: 10,
      changedFiles: 3,
      baseBranch: "main",
      itemKeys: [itemKey],
    });
    event(id, o.opened, "created", { to: "open", actor: o.author });
    if (o.reviewer) event(id, o.opened, "review_requested", { to: o.reviewer, actor: o.author });
    if (o.reviewer && o.reviewedAt)
      event(id, o.reviewedAt, "reviewed", { to: "approved", actor: o.reviewer });
    if (o.mergedAt) event(id, o.mergedAt, "merged", { actor: o.author });
  };

  item(epicId, at(-3), { parent: null });
  const milestone: Milestone = {
    id: "ms-1",
    engagementId: "pod",
    sourceId: "fixture",
    name: "Launch",
    targetDate: "2026-12-31",
    epicId,
    closedAt: null,
  };
  event("ms-1", at(-3), "created", { to: "2026-12-31" });

  const count = spec.sprints ?? 8;
  for (let n = 0; n < count; n++) {
    const start = n * 14;
    const last = n === count - 1;
    sprints.push({
      id: sprintId(n),
      engagementId: "pod",
      sourceId: "fixture",
      name: `Sprint ${n + 1}`,
      state: "closed",
      startAt: at(start),
      endAt: at(start + 13, 17),
      completedAt: null,
      goal: null,
    });
    event(sprintId(n), at(start - 3), "created", { to: "future" });
    event(sprintId(n), at(start, 8), "sprint_state", { from: "future", to: "active" });
    if (!last || spec.closeLast)
      event(sprintId(n), at(start + 13, 17), "sprint_state", { from: "active", to: "closed" });
    const planned = typeof spec.planned === "function" ? spec.planned(n) : (spec.planned ?? 6);
    for (let i = 0; i < planned; i++) {
      const t = spec.tweak?.(n, i) ?? {};
      const id = `s${n + 1}i${i + 1}`;
      const owner = t.author ?? POD[i % POD.length]!;
      item(id, at(start - 2), { points: t.points ?? 3, assignee: owner });
      addToSprint(id, n, at(start, 7));
      const begin = start + (i % 5) * 2;
      status(id, at(begin, 10), "todo", "in_progress", owner);
      if (t.unfinished) continue;
      const opened = at(begin + 1, 10);
      const reviewer = t.reviewer ?? POD[(i + 1) % POD.length]!;
      const reviewedAt = at(begin + 1, 10 + (t.reviewHours ?? 3));
      pullRequest(`pr-${id}`, id.toUpperCase(), {
        author: owner,
        opened,
        ...(t.unreviewed ? {} : { reviewer, reviewedAt }),
        mergedAt: at(begin + 2, 16),
      });
      status(id, at(begin + 2, 17), "in_progress", "done", owner);
    }
  }
  spec.extra?.({ epicId, item, event, status, addToSprint, pullRequest, sprintId });
  return {
    history: buildHistory({ engagement, items, sprints, pullRequests, milestones: [milestone], events }),
    /** The same records as flat lists, for writing into a store. */
    batch: { workItems: items, sprints, pullRequests, milestones: [milestone], events },
    /** The end of the last sprint's second week: a moment inside the active last sprint. */
    lastSprintDay: (day: number, hour = 12) => at((count - 1) * 14 + day, hour),
  };
};

/** The same history with only the events at or before `cut` (a source that stopped then). */
export const cutHistory = (history: EngagementHistory, cut: Instant): EngagementHistory => {
  const events = [
    ...history.items,
    ...history.sprints,
    ...history.pullRequests,
    ...history.milestones,
    ...history.deployments,
  ].flatMap((entity) => history.eventsOf(entity.id).filter((e) => e.at <= cut));
  return buildHistory({ ...history, events });
};
