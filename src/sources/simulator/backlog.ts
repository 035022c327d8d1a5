import type { Rng } from "../../domain/random.ts";
import { addDays } from "../../domain/time.ts";
import { HOUR } from "./calendar.ts";
import { effectsAt, newItem, type SimContext } from "./context.ts";
import { change, type ItemDraft } from "./model.ts";
import { STORY_POINT_WEIGHTS, STORY_POINTS } from "./params.ts";

const FEATURES = [
  "Payments",
  "Onboarding",
  "Reporting",
  "Search",
  "Notifications",
  "Accounts",
  "Offline mode",
  "Admin console",
  "Billing",
  "Analytics",
  "Checkout",
  "Integrations",
] as const;
const VERBS = [
  "Add",
  "Support",
  "Improve",
  "Refactor",
  "Validate",
  "Cache",
  "Expose",
  "Migrate",
  "Localise",
] as const;
const OBJECTS = [
  "checkout flow",
  "login form",
  "order history",
  "search filters",
  "push settings",
  "profile page",
  "invoice export",
  "audit log",
  "rate limiter",
  "settings screen",
  "webhook handler",
  "CSV import",
  "session refresh",
  "empty states",
] as const;
const BUG_SYMPTOMS = [
  "Crash when opening",
  "Wrong totals in",
  "Timeout in",
  "Broken layout of",
  "Stale data in",
] as const;
const CHORES = [
  "Upgrade dependencies of",
  "Add monitoring to",
  "Clean up flags in",
  "Speed up tests of",
] as const;

export const storyTitle = (rng: Rng) => `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`;
export const bugTitle = (rng: Rng) => `${rng.pick(BUG_SYMPTOMS)} ${rng.pick(OBJECTS)}`;
export const choreTitle = (rng: Rng) => `${rng.pick(CHORES)} ${rng.pick(OBJECTS)}`;

/** Story points as a pod estimates them; granular tickets are mostly ones and twos. */
export const drawPoints = (rng: Rng, granular: boolean): number =>
  granular ? rng.weighted([1, 2, 3], [60, 35, 5]) : rng.weighted(STORY_POINTS, STORY_POINT_WEIGHTS);

/** Small points for bugs and chores. */
export const drawSmallPoints = (rng: Rng): number => rng.weighted([1, 2, 3, 5], [35, 35, 22, 8]);

/** The standing epic for chores and bugs that belong to no milestone. */
export const createMaintenanceEpic = (ctx: SimContext, at: number): void => {
  const epic = newItem(ctx, {
    type: "epic",
    title: "Maintenance and support",
    at,
    points: null,
    parentKey: null,
    actor: ctx.planner,
    milestoneIndex: null,
  });
  ctx.maintenanceEpic = epic.key;
};

/**
 * Grooms the next milestone: an epic, the stories of its scope at the back of the backlog, and a
 * target date from the pod's current pace with a sprint of buffer.
 */
export const kickoffMilestone = (
  ctx: SimContext,
  at: number,
  scopePoints: number,
  pointsPerSprint: number,
): void => {
  const index = ctx.milestones.length;
  const rng = ctx.rng.fork(`milestone:${index}`);
  const feature = FEATURES[(index + (ctx.config.seed % FEATURES.length)) % FEATURES.length]!;
  const epic = newItem(ctx, {
    type: "epic",
    title: feature,
    at,
    points: null,
    parentKey: null,
    actor: ctx.planner,
    milestoneIndex: index,
  });
  const granular = effectsAt(ctx, at).granularTickets;
  let total = 0;
  while (total < scopePoints) {
    const story = newItem(ctx, {
      type: "story",
      title: `${storyTitle(rng)} (${feature.toLowerCase()})`,
      at: at + Math.floor(rng.next() * 4 * HOUR),
      points: drawPoints(rng, granular),
      parentKey: epic.key,
      actor: ctx.planner,
      milestoneIndex: index,
    });
    total += story.points ?? 0;
    ctx.backlog.push(story);
  }
  const sprints = Math.max(1, Math.ceil(scopePoints / Math.max(1, pointsPerSprint)));
  const days = Math.round((sprints + 1) * ctx.config.sprintLengthDays);
  const targetDate = addDays(new Date(at).toISOString().slice(0, 10), days);
  ctx.milestones.push({
    id: `M${index + 1}`,
    name: `${feature} release`,
    epicKey: epic.key,
    kickoffAt: at,
    targetDate,
    history: [change(at, "created", { to: targetDate, actor: ctx.planner })],
  });
};

/**
 * Scope drift at work: during one sprint, the milestone in progress gains granular tickets
 * (splits of its stories), each one or two points, queued behind its remaining scope.
 */
export const growMilestoneScope = (
  ctx: SimContext,
  rng: Rng,
  from: number,
  to: number,
  count: number,
): void => {
  const milestone = currentMilestone(ctx);
  if (!milestone) return;
  const index = ctx.milestones.indexOf(milestone);
  let insertAt = lastBacklogIndexOf(ctx.backlog, index) + 1;
  for (let i = 0; i < count; i++) {
    const at = from + Math.floor(rng.next() * Math.max(1, to - from));
    const story = newItem(ctx, {
      type: "story",
      title: `Split: ${storyTitle(rng)} — part ${i + 1}`,
      at,
      points: drawPoints(rng, true),
      parentKey: milestone.epicKey,
      actor: ctx.planner,
      milestoneIndex: index,
    });
    ctx.backlog.splice(insertAt++, 0, story);
  }
};

/** The milestone being worked on: the oldest one whose scope is not all planned yet. */
export const currentMilestone = (ctx: SimContext) => {
  const next = ctx.backlog.find((item) => item.milestoneIndex !== null);
  return next ? ctx.milestones[next.milestoneIndex!] : ctx.milestones[ctx.milestones.length - 1];
};

const lastBacklogIndexOf = (backlog: readonly ItemDraft[], milestoneIndex: number) => {
  for (let i = backlog.length - 1; i >= 0; i--) if (backlog[i]!.milestoneIndex === milestoneIndex) return i;
  return -1;
};

/** Remaining backlog points. */
export const backlogPoints = (ctx: SimContext): number =>
  ctx.backlog.reduce((s, item) => s + (item.points ?? 0), 0);
