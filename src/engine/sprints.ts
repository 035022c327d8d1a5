import type { Instant } from "../domain/types.ts";
import { eventsUpTo, usableTimeZone } from "./flow-days.ts";
import type { EngagementHistory } from "./history.ts";
import { msAtOrBefore } from "./instants.ts";
import { buildDraft, type Draft, figure } from "./sprints-draft.ts";
import type {
  RollingVelocity,
  SprintEntry,
  SprintFigure,
  SprintOptions,
  SprintReport,
} from "./sprints-types.ts";
import { newTally, type SprintTally, type SprintWindow, sprintWindow, tallyItem } from "./sprints-walk.ts";
import { mean, median, round2 } from "./stats.ts";
import { countUpTo, K } from "./timeline.ts";

export type * from "./sprints-types.ts";
export type { ReEstimate } from "./sprints-walk.ts";

/**
 * Sprint metrics with Jira/Swarmia semantics (docs: METRICS.md "Sprint"), reconstructed from
 * events as of a moment. Which estimate each term uses, so that the identity
 * `planned + added − removed (+ re-estimation, in points) = completed + not completed` holds exactly:
 *
 * - planned: the estimate at the sprint's start;
 * - added / removed: the estimate at the moment the item entered / left;
 * - re-estimation: every estimate change while the item was in the sprint after its start;
 * - completed / not completed: the estimate at the evaluation instant (completion, or `asOf`).
 *
 * Choices where the definitions are silent:
 * - Membership is counted per crossing: an item removed and re-added counts once in removed and
 *   once in added (twice each if it happens twice), so the identity holds per item.
 * - Events at exactly the start instant happen before the start; events at exactly the completion
 *   instant happen before completion.
 * - Completed-planned means in the sprint at its start (even if it left and came back).
 * - Items already Done when they first count for the sprint (at its start, or when first added
 *   after it) are "done outside" the sprint, as in Jira's "completed outside of this sprint": they
 *   are listed in `doneOutside` and excluded from every other figure, the velocity and the burndown.
 * - Unestimated items count 0 points and are counted in `unestimated`.
 * - Carryover 2+ counts the closed sprints an item was carried over from, by completion order.
 * - Planning accuracy in points divides the completed planned items' estimates at the start by the
 *   planned points (a re-estimate does not make the commitment look better or worse); capacity
 *   accuracy divides velocity (estimates at completion) by planned points.
 * - Rolling velocity of a closed sprint covers it and the N − 1 closed sprints completed before it;
 *   of an active or future sprint, the last N closed sprints.
 * - Burndown days are local days in the engagement's time zone (UTC if the zone is unknown), each
 *   evaluated at its last millisecond; the first point is the start instant and the last day ends
 *   at the evaluation instant, so the last point equals the end-of-sprint figures.
 */

const DEFAULT_VELOCITY_WINDOW = 3;

const rolling = (drafts: readonly Draft[], window: number): RollingVelocity => {
  const used = drafts.slice(Math.max(0, drafts.length - window));
  const velocities = used.map((d) => d.report.velocity);
  const m = mean(velocities);
  const md = median(velocities);
  return {
    window,
    sprintIds: used.map((d) => d.report.sprintId),
    velocities,
    mean: m === null ? null : round2(m),
    median: md === null ? null : round2(md),
  };
};

const byStart = (a: SprintWindow, b: SprintWindow): number => {
  const x = a.startedAt ?? a.createdAt ?? "";
  const y = b.startedAt ?? b.createdAt ?? "";
  return x < y ? -1 : x > y ? 1 : a.sprint.id < b.sprint.id ? -1 : a.sprint.id > b.sprint.id ? 1 : 0;
};

const byCompletion = (a: Draft, b: Draft): number => {
  const x = a.window.completedAt!;
  const y = b.window.completedAt!;
  return x < y ? -1 : x > y ? 1 : byStart(a.window, b.window);
};

/**
 * Computes the reports of the selected sprints. Rolling velocity and carryover 2+ need every
 * sprint closed before the selected ones, so those are always computed (without burndowns).
 */
const computeReports = (
  history: EngagementHistory,
  asOf: Instant,
  options: SprintOptions,
  selected: (window: SprintWindow) => boolean,
): SprintReport[] => {
  const velocityWindow = Math.max(1, Math.floor(options.velocityWindow ?? DEFAULT_VELOCITY_WINDOW));
  const timeZone = usableTimeZone(history.engagement.timeZone);
  const windows = new Map<string, SprintWindow>();
  for (const sprint of history.sprints) {
    const window = sprintWindow(sprint, eventsUpTo(history.eventsOf(sprint.id), asOf), asOf);
    if (window) windows.set(sprint.id, window);
  }
  const chosen = [...windows.values()].filter(selected);
  let horizon: Instant = "";
  for (const w of chosen) if (w.evaluatedAt > horizon) horizon = w.evaluatedAt;
  const needed = [...windows.values()].filter(
    (w) => selected(w) || (w.completedAt !== null && w.completedAt <= horizon),
  );

  // One pass over every item: its visible `sprint_added` events (only those event objects are read)
  // say which needed sprints it ever entered, and it is walked through each of them right away.
  const tallies = needed.map((w) => newTally(w, selected(w)));
  // A prototype-less object rather than a Map: V8 internalizes a string used as a property key, so
  // the events' many separate copies of each sprint id are looked up by identity after their first
  // use, where a Map hashes and compares their characters (measurably slower on this pass).
  const slotOf: Record<string, number | undefined> = Object.create(null);
  for (let slot = 0; slot < needed.length; slot++) slotOf[needed[slot]!.sprint.id] = slot;
  /** The last item (by index) walked through each needed sprint: each item is walked once per sprint. */
  const lastWalked = new Int32Array(needed.length).fill(-1);
  const asOfMs = msAtOrBefore(asOf);
  const timelines = history.timelines.items;
  history.items.forEach((item, index) => {
    const timeline = timelines[index]!;
    const count = countUpTo(timeline.times, asOfMs);
    const { kinds, events } = timeline;
    for (let i = 0; i < count; i++) {
      if (kinds[i] !== K.sprint_added) continue;
      const to = events[i]!.to;
      const slot = to === null ? undefined : slotOf[to];
      if (slot === undefined || lastWalked[slot] === index) continue;
      lastWalked[slot] = index;
      tallyItem(tallies[slot]!, item.id, timeline, count);
    }
  });
  const tallyOf = (window: SprintWindow): SprintTally => tallies[slotOf[window.sprint.id]!]!;

  const drafts = new Map<string, Draft>();
  for (const window of needed) {
    if (window.startedAt === null) continue;
    drafts.set(window.sprint.id, buildDraft(tallyOf(window), timeZone));
  }

  const closed = [...drafts.values()].filter((d) => d.window.completedAt !== null).sort(byCompletion);
  const carriedTimes = new Map<string, number>();
  const carryover2Plus = new Map<string, SprintFigure>();
  const rollingOf = new Map<string, RollingVelocity>();
  closed.forEach((draft, index) => {
    const twice: SprintEntry[] = [];
    for (const entry of draft.report.carryover.entries) {
      const times = (carriedTimes.get(entry.itemId) ?? 0) + 1;
      carriedTimes.set(entry.itemId, times);
      if (times >= 2) twice.push(entry);
    }
    carryover2Plus.set(draft.report.sprintId, figure(twice));
    rollingOf.set(draft.report.sprintId, rolling(closed.slice(0, index + 1), velocityWindow));
  });
  const closedBefore = (at: Instant) => closed.filter((d) => d.window.completedAt! <= at);

  return chosen.sort(byStart).map((window): SprintReport => {
    const draft = drafts.get(window.sprint.id);
    if (!draft) {
      const scope = tallyOf(window).scope;
      return {
        sprintId: window.sprint.id,
        name: window.sprint.name,
        state: "future",
        scope: figure(scope),
        rollingVelocity: rolling(closedBefore(asOf), velocityWindow),
      };
    }
    return {
      ...draft.report,
      carryover2Plus: carryover2Plus.get(window.sprint.id) ?? figure([]),
      rollingVelocity:
        rollingOf.get(window.sprint.id) ?? rolling(closedBefore(window.evaluatedAt), velocityWindow),
    };
  });
};

/**
 * Every sprint of the engagement that exists as of `asOf`, ordered by start (future sprints
 * last, by creation): planned, added, removed, re-estimated, completed, carryover, velocity,
 * accuracy and a daily burndown for each started sprint; the scope so far for future ones.
 */
export const sprintMetrics = (
  history: EngagementHistory,
  asOf: Instant,
  options: SprintOptions = {},
): SprintReport[] => computeReports(history, asOf, options, () => true);

/**
 * One sprint's report as of `asOf` (null when it does not exist yet). Computes only that sprint
 * and the sprints closed before it, which its rolling velocity and carryover 2+ depend on.
 */
export const sprintReport = (
  history: EngagementHistory,
  sprintId: string,
  asOf: Instant,
  options: SprintOptions = {},
): SprintReport | null => computeReports(history, asOf, options, (w) => w.sprint.id === sprintId)[0] ?? null;
