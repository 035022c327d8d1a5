import { addWorkingHours } from "./calendar.ts";
import { effectsAt, type SimContext } from "./context.ts";
import { assign, change, type ItemDraft, reestimate, transition } from "./model.ts";
import { HOURS_PER_POINT, STORY_POINTS } from "./params.ts";
import { openPullRequest } from "./pull-requests.ts";

const MINUTE = 60_000;

/** How fast a person works relative to the pod's norm at an instant (the hero speeds up). */
export const speedOf = (ctx: SimContext, login: string, at: number): number => {
  const effects = effectsAt(ctx, at);
  if (effects.hero === null) return 1;
  return effects.hero === login ? effects.heroSpeed : effects.othersSpeed;
};

const neighbourPoints = (points: number, up: boolean): number => {
  const i = STORY_POINTS.indexOf(points as (typeof STORY_POINTS)[number]);
  if (i < 0) return points;
  return STORY_POINTS[Math.max(0, Math.min(STORY_POINTS.length - 1, i + (up ? 1 : -1)))]!;
};

/**
 * A person starts an item at `start`. Its whole timeline is decided now: re-estimation, a blocked
 * spell, a hand-over, coding, the pull request and its review, and Done after the merge. Returns
 * when the person is free for the next item: once the coding effort is spent (waits for an
 * unblock or a review do not occupy them).
 * `capacity` scales this sprint's pace (focus, scale, scenario).
 */
export const startItem = (
  ctx: SimContext,
  item: ItemDraft,
  login: string,
  start: number,
  capacity: number,
): number => {
  const rng = ctx.rng.fork(`work:${item.key}`);
  const effects = effectsAt(ctx, start);
  assign(item, start, login, login);
  transition(item, start, "inProgress", login);
  item.startedAt = start;

  if (effects.silentBlock && ctx.stuckItemKey === null && item.type === "story") {
    // The stuck item: started, then nothing. Its owner drifts to other work after a morning.
    ctx.stuckItemKey = item.key;
    item.doneAt = Number.POSITIVE_INFINITY;
    return addWorkingHours(ctx.cal, start, 3);
  }

  if (item.points !== null && rng.chance(0.08)) {
    const at = addWorkingHours(ctx.cal, start, 0.5 + rng.next() * 3);
    reestimate(item, at, neighbourPoints(item.points, rng.chance(0.7)), login);
  }
  const points = item.points ?? 1;
  let effort =
    (points * HOURS_PER_POINT * rng.logNormal(1, 0.3) * effects.effortFactor) /
    (capacity * speedOf(ctx, login, start));
  let author = login;
  // Waiting while blocked delays the item but not its owner, who works on something else meanwhile.
  const busyUntil = addWorkingHours(ctx.cal, start, effort);

  if (rng.chance(0.07)) {
    const blockedAt = addWorkingHours(ctx.cal, start, effort * (0.2 + rng.next() * 0.4));
    const blockedHours = 4 + rng.next() * 12;
    item.history.push(change(blockedAt, "blocked", { from: "false", to: "true", actor: login }));
    item.history.push(
      change(addWorkingHours(ctx.cal, blockedAt, blockedHours), "blocked", {
        from: "true",
        to: "false",
        actor: login,
      }),
    );
    effort += blockedHours;
  }
  if (rng.chance(0.04)) {
    const others = ctx.authors.filter((p) => p.login !== login);
    author = rng.pick(others).login;
    assign(item, addWorkingHours(ctx.cal, start, effort * 0.4), author, ctx.planner);
  }

  const codingDone = addWorkingHours(ctx.cal, start, effort);
  const needsPullRequest = item.type !== "task" || rng.chance(0.7);
  if (!needsPullRequest) {
    item.doneAt = codingDone;
    transition(item, codingDone, "done", author);
    return busyUntil;
  }
  const pr = openPullRequest(ctx, rng, item, author, start, codingDone);
  transition(item, pr.readyAt, "inReview", author);
  for (const bounce of pr.bounces) {
    transition(item, bounce.at, "inProgress", author);
    transition(item, bounce.fixedAt, "inReview", author);
  }
  const doneAt = pr.mergedAt + (5 + rng.int(0, 35)) * MINUTE;
  transition(item, doneAt, "done", author);
  item.doneAt = doneAt;
  return busyUntil;
};
