import { addDays } from "../../domain/time.ts";
import { addWorkingHours, DAY } from "./calendar.ts";
import type { SimContext } from "./context.ts";
import { change, type ItemDraft, type MilestoneDraft, transition } from "./model.ts";

const childrenOf = (ctx: SimContext, epicKey: string): ItemDraft[] =>
  ctx.items.filter((item) => item.parentKey === epicKey);

/** When every child of the milestone's epic is done (null while any is not, or it has none). */
const epicDoneAt = (ctx: SimContext, milestone: MilestoneDraft): number | null => {
  const children = childrenOf(ctx, milestone.epicKey);
  if (children.length === 0) return null;
  let last = 0;
  for (const child of children) {
    if (child.doneAt === null || !Number.isFinite(child.doneAt)) return null;
    last = Math.max(last, child.doneAt);
  }
  return last;
};

/**
 * Epics follow their children: In Progress when the first starts, Done when the last is done (the
 * milestone closes then). Under scope drift and milestone slip the DM re-baselines the affected
 * milestone's target two sprints after the onset.
 */
export const settleMilestones = (ctx: SimContext, affected: MilestoneDraft | null): void => {
  const epics = new Map(ctx.items.filter((item) => item.type === "epic").map((epic) => [epic.key, epic]));
  const firstStart = new Map<string, number>();
  for (const item of ctx.items) {
    if (item.parentKey === null || item.startedAt === null) continue;
    const seen = firstStart.get(item.parentKey);
    if (seen === undefined || item.startedAt < seen) firstStart.set(item.parentKey, item.startedAt);
  }
  for (const [key, at] of firstStart) {
    const epic = epics.get(key);
    if (epic) transition(epic, at, "inProgress", ctx.planner);
  }
  for (const milestone of ctx.milestones) {
    const doneAt = epicDoneAt(ctx, milestone);
    const epic = epics.get(milestone.epicKey)!;
    if (doneAt !== null) {
      transition(epic, doneAt + 60_000, "done", ctx.planner);
      epic.doneAt = doneAt + 60_000;
      milestone.history.push(change(doneAt + 60_000, "closed", { actor: ctx.planner }));
    }
  }
  const scenario = ctx.config.scenario;
  if (!affected || (scenario !== "scope_drift" && scenario !== "milestone_slip")) return;
  const at = addWorkingHours(ctx.cal, ctx.onsetAt + 2 * ctx.config.sprintLengthDays * DAY, 2);
  const epic = epics.get(affected.epicKey)!;
  if (epic.doneAt !== null && epic.doneAt <= at) return;
  const target = addDays(affected.targetDate, scenario === "milestone_slip" ? 21 : 14);
  affected.history.push(
    change(at, "target_date", { from: affected.targetDate, to: target, actor: ctx.planner }),
  );
  affected.targetDate = target;
};
