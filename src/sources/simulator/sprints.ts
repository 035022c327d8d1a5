import type { Rng } from "../../domain/random.ts";
import {
  backlogPoints,
  bugTitle,
  choreTitle,
  createMaintenanceEpic,
  currentMilestone,
  drawPoints,
  drawSmallPoints,
  growMilestoneScope,
  kickoffMilestone,
} from "./backlog.ts";
import { addWorkingHours, DAY, HOUR, workdayStart } from "./calendar.ts";
import { effectsAt, newItem, type SimContext, workingInstantBetween } from "./context.ts";
import { assign, change, type ItemDraft, type SprintDraft } from "./model.ts";
import { DERIVED_SPRINT_PARAMS, HOURS_PER_POINT, SPRINT_CAPACITY_CV } from "./params.ts";
import type { Quartiles } from "./sprint-dataset.ts";
import { startItem } from "./work.ts";

const MINUTE = 60_000;

/** Share of a sprint's completed points that were planned at its start; the rest is work added later. */
const PLANNED_SHARE = 1 - DERIVED_SPRINT_PARAMS.addedShare.p50;
/** Until this share of the sprint has passed, a person who runs out of work pulls the next backlog item in. */
const PULL_IN_WINDOW = 0.7;
const CAPACITY_SIGMA = Math.sqrt(Math.log(1 + SPRINT_CAPACITY_CV ** 2));

/** Draws from the empirical quartiles, piecewise-linearly, with tails as wide as the inner halves. */
const drawShare = (rng: Rng, q: Quartiles): number => {
  const u = rng.next();
  const lowTail = Math.max(0, q.p25 - (q.p50 - q.p25));
  const highTail = q.p75 + (q.p75 - q.p50);
  const points = [lowTail, q.p25, q.p50, q.p75, highTail];
  const pos = u * 4;
  const i = Math.min(3, Math.floor(pos));
  return Math.min(0.8, points[i]! + (points[i + 1]! - points[i]!) * (pos - i));
};

interface QueueEntry {
  readonly item: ItemDraft;
  readonly availableAt: number;
  /** Lower goes first: urgent bugs 0, carried-over work 1, planned and added stories 2. */
  readonly priority: number;
}

/** Per-sprint work plan and its people. */
interface SprintWork {
  readonly queues: Map<string, QueueEntry[]>;
  readonly load: Map<string, number>;
}

const chooseAssignee = (ctx: SimContext, work: SprintWork, at: number): string => {
  const effects = effectsAt(ctx, at);
  let best = ctx.authors[0]!.login;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const person of ctx.authors) {
    const weight = person.login === effects.hero ? effects.heroWeight : 1;
    const score = (work.load.get(person.login) ?? 0) / weight;
    if (score < bestScore) {
      best = person.login;
      bestScore = score;
    }
  }
  return best;
};

const enqueue = (work: SprintWork, login: string, entry: QueueEntry) => {
  const queue = work.queues.get(login) ?? [];
  queue.push(entry);
  work.queues.set(login, queue);
  work.load.set(login, (work.load.get(login) ?? 0) + (entry.item.points ?? 1));
};

const addToSprint = (sprint: SprintDraft, item: ItemDraft, at: number, actor: string) => {
  item.history.push(change(at, "sprint_added", { to: String(sprint.number), actor }));
  sprint.members.add(item.key);
};

/**
 * Walks through the engagement sprint by sprint: planning from rolling velocity, work added and
 * removed after the start (rates drawn from the real dataset), people working through their
 * queues, and carry-over of unfinished work into the next sprint. Returns every sprint, including
 * the active one and the next future one.
 */
export const runSprints = (ctx: SimContext): SprintDraft[] => {
  const { config, cal } = ctx;
  const len = config.sprintLengthDays;
  const firstStart = workdayStart(cal, config.startDate);
  const workingHoursPerSprint = ((len * 5) / 7) * 8;
  const nominal = (ctx.authors.length * workingHoursPerSprint * 0.8 * config.scale) / HOURS_PER_POINT;
  const sprints: SprintDraft[] = [];
  const velocities: number[] = [];
  const freeAt = new Map(ctx.authors.map((p) => [p.login, firstStart]));
  let frozen: number | null = null;
  let carry: ItemDraft[] = [];

  createMaintenanceEpic(ctx, firstStart - 3 * DAY);
  kickoffMilestone(
    ctx,
    firstStart - 3 * DAY + HOUR,
    nominal * PLANNED_SHARE * 4,
    nominal * PLANNED_SHARE * 0.9,
  );

  for (let n = 1; ; n++) {
    const startAt = firstStart + (n - 1) * len * DAY;
    const rng = ctx.rng.fork(`sprint:${n}`);
    const endAt = startAt + len * DAY - 16 * HOUR;
    const sprint: SprintDraft = {
      number: n,
      name: `${config.keyPrefix} Sprint ${n}`,
      goal: `Progress ${currentMilestone(ctx)?.name ?? "the backlog"}`,
      createdAt: Math.min(startAt - 4 * DAY, ctx.cutoff - HOUR),
      startAt,
      endAt,
      completedAt: endAt + Math.round((rng.next() * 2 - 1) * HOUR),
      members: new Set(),
    };
    sprints.push(sprint);
    for (const item of carry) addToSprint(sprint, item, sprints[n - 2]!.completedAt + MINUTE, ctx.planner);
    if (startAt > ctx.cutoff) break;

    const planAt = startAt - 20 * MINUTE;
    const effects = effectsAt(ctx, planAt);
    const recent = velocities.slice(-3);
    const rolling = recent.length > 0 ? recent.reduce((a, b) => a + b, 0) / recent.length : nominal * 0.8;
    if (effects.freezeCommitment) frozen ??= rolling;
    const basis = frozen !== null && effects.freezeCommitment ? frozen : rolling;
    const capacity = config.scale * rng.logNormal(1, CAPACITY_SIGMA) * effects.capacityFactor;
    const commitment = basis * (0.75 + 0.2 * rng.next()) * effects.commitFactor;

    const work: SprintWork = { queues: new Map(), load: new Map() };
    const planned: ItemDraft[] = [];
    let have = 0;
    for (const item of carry) {
      have += item.points ?? 0;
      if (item.startedAt === null)
        enqueue(work, item.assignee ?? chooseAssignee(ctx, work, planAt), {
          item,
          availableAt: startAt,
          priority: 1,
        });
    }
    let groomed = backlogPoints(ctx);
    while (have < commitment) {
      if (groomed < commitment) {
        const scope = Math.max(basis, nominal * 0.3) * PLANNED_SHARE * rng.int(3, 5);
        kickoffMilestone(ctx, planAt - DAY, scope, Math.max(basis, nominal * 0.3) * PLANNED_SHARE * 0.75);
        groomed = backlogPoints(ctx);
      }
      const item = rng.chance(0.12)
        ? newItem(ctx, {
            type: "task",
            title: choreTitle(rng),
            at: planAt - Math.floor((1 + rng.next() * 47) * HOUR),
            points: drawSmallPoints(rng),
            parentKey: ctx.maintenanceEpic,
            actor: ctx.planner,
            milestoneIndex: null,
          })
        : ctx.backlog.shift()!;
      if (item.type !== "task") groomed -= item.points ?? 0;
      addToSprint(sprint, item, planAt, ctx.planner);
      if (item.type === "story" && item.parentKey !== ctx.maintenanceEpic && rng.chance(0.03)) {
        // Descoped from the milestone during planning: kept as general work.
        item.history.push(
          change(planAt, "parent", { from: item.parentKey, to: ctx.maintenanceEpic, actor: ctx.planner }),
        );
        item.parentKey = ctx.maintenanceEpic;
      }
      const login = chooseAssignee(ctx, work, planAt);
      assign(item, planAt, login, ctx.planner);
      planned.push(item);
      have += item.points ?? 0;
      enqueue(work, login, { item, availableAt: startAt, priority: 2 });
    }

    addWorkAfterStart(ctx, rng, sprint, work, planned.length);
    const returning = removeWorkAfterStart(ctx, rng, sprint, work, planned);
    if (ctx.affectedMilestone === null && sprint.completedAt >= ctx.onsetAt) {
      // The milestone being planned from when the problem starts is the one it hits.
      ctx.affectedMilestone = currentMilestone(ctx) ?? null;
    }
    const drift = effectsAt(ctx, startAt + ((sprint.completedAt - startAt) >> 1));
    if (drift.granularTickets) {
      growMilestoneScope(
        ctx,
        ctx.rng.fork(`drift:${n}`),
        startAt,
        sprint.completedAt,
        Math.round(planned.length * 0.6),
      );
    }

    for (const person of ctx.authors) {
      const queue = (work.queues.get(person.login) ?? []).sort((a, b) => a.priority - b.priority);
      const from = Math.max(freeAt.get(person.login)!, startAt);
      freeAt.set(person.login, workThrough(ctx, person.login, queue, from, sprint, capacity));
    }
    // Taken out of the sprint: back at the top of the backlog for the next planning.
    ctx.backlog.unshift(...returning);

    let velocity = 0;
    carry = [];
    for (const key of sprint.members) {
      const item = ctx.itemsByKey.get(key)!;
      if (item.doneAt !== null && item.doneAt <= sprint.completedAt) velocity += item.points ?? 0;
      else carry.push(item);
    }
    velocities.push(velocity);
  }
  return sprints;
};

/** One person takes queued items, most urgent first, until the sprint is over. Returns when they are free. */
const workThrough = (
  ctx: SimContext,
  login: string,
  queue: QueueEntry[],
  from: number,
  sprint: SprintDraft,
  capacity: number,
): number => {
  let t = from;
  const pending = [...queue];
  const pullInUntil = sprint.startAt + (sprint.completedAt - sprint.startAt) * PULL_IN_WINDOW;
  for (;;) {
    if (pending.length === 0) {
      // Out of work early: pull the next backlog item in (it counts as added after the start).
      const index = t < pullInUntil ? ctx.backlog.findIndex((item) => item.createdAt <= t) : -1;
      if (index < 0) break;
      const next = ctx.backlog.splice(index, 1)[0]!;
      const at = addWorkingHours(ctx.cal, t, 0);
      addToSprint(sprint, next, at, login);
      assign(next, at, login, login);
      pending.push({ item: next, availableAt: at, priority: 2 });
    }
    let index = pending.findIndex((entry) => entry.availableAt <= t);
    if (index < 0) {
      t = Math.min(...pending.map((entry) => entry.availableAt));
      index = pending.findIndex((entry) => entry.availableAt <= t);
    }
    const entry = pending.splice(index, 1)[0]!;
    const start = addWorkingHours(ctx.cal, Math.max(t, entry.availableAt), 0);
    if (start >= sprint.completedAt) break;
    if (!sprint.members.has(entry.item.key)) continue;
    t = startItem(ctx, entry.item, login, start, capacity);
  }
  return t;
};

/** Work that enters after the start: mostly urgent bugs, some new stories, some pulled from the backlog. */
const addWorkAfterStart = (
  ctx: SimContext,
  rng: Rng,
  sprint: SprintDraft,
  work: SprintWork,
  plannedCount: number,
) => {
  const share = drawShare(rng, DERIVED_SPRINT_PARAMS.addedShare);
  const count = Math.round((plannedCount * share) / (1 - share));
  const latest = sprint.startAt + (sprint.completedAt - sprint.startAt) * 0.7;
  for (let i = 0; i < count; i++) {
    const at = workingInstantBetween(ctx, rng, sprint.startAt + HOUR, latest);
    const reporter = rng.pick(ctx.authors).login;
    const kind = rng.weighted(["bug", "story", "backlog"] as const, [55, 25, 20]);
    const epic = currentMilestone(ctx)?.epicKey ?? ctx.maintenanceEpic;
    const storyPoints = drawPoints(rng, effectsAt(ctx, at).granularTickets);
    const fromBacklog = kind === "backlog" ? ctx.backlog.shift() : undefined;
    const item =
      fromBacklog ??
      (kind === "story"
        ? newItem(ctx, {
            type: "story",
            title: `Follow-up: ${bugTitle(rng).toLowerCase()}`,
            at,
            points: storyPoints,
            parentKey: epic,
            actor: reporter,
            milestoneIndex: null,
          })
        : newItem(ctx, {
            type: "bug",
            title: bugTitle(rng),
            at,
            points: drawSmallPoints(rng),
            parentKey: rng.chance(0.5) ? ctx.maintenanceEpic : null,
            actor: reporter,
            milestoneIndex: null,
          }));
    addToSprint(sprint, item, at, ctx.planner);
    const login = chooseAssignee(ctx, work, at);
    assign(item, at, login, ctx.planner);
    enqueue(work, login, { item, availableAt: at, priority: item.type === "bug" ? 0 : 2 });
  }
};

/**
 * Work taken out after the start, from the planned items lowest in priority, before anyone starts
 * them. Some come back a day or two later (removed and re-added); the rest return to the backlog.
 */
const removeWorkAfterStart = (
  ctx: SimContext,
  rng: Rng,
  sprint: SprintDraft,
  work: SprintWork,
  planned: readonly ItemDraft[],
): ItemDraft[] => {
  const returning: ItemDraft[] = [];
  const share = drawShare(rng, DERIVED_SPRINT_PARAMS.removedShare);
  const count = Math.min(Math.round(sprint.members.size * share), planned.length - 1);
  const span = sprint.completedAt - sprint.startAt;
  for (let i = 0; i < count; i++) {
    const item = planned[planned.length - 1 - i]!;
    const at = workingInstantBetween(ctx, rng, sprint.startAt + 2 * HOUR, sprint.startAt + span * 0.6);
    item.history.push(change(at, "sprint_removed", { from: String(sprint.number), actor: ctx.planner }));
    sprint.members.delete(item.key);
    for (const queue of work.queues.values()) {
      const index = queue.findIndex((entry) => entry.item === item);
      if (index >= 0) queue.splice(index, 1);
    }
    const readdAt = addWorkingHours(ctx.cal, at, 6 + rng.next() * 16);
    if (rng.chance(0.3) && readdAt < sprint.completedAt - 8 * HOUR) {
      addToSprint(sprint, item, readdAt, ctx.planner);
      enqueue(work, item.assignee ?? ctx.authors[0]!.login, { item, availableAt: readdAt, priority: 2 });
    } else returning.push(item);
  }
  return returning;
};
