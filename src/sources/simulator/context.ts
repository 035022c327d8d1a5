import { createRng, type Rng } from "../../domain/random.ts";
import { DAY, HOUR, type WorkCalendar, workCalendar, workdayStart } from "./calendar.ts";
import type { SimPerson, SimulatorConfig } from "./config.ts";
import { change, type ItemDraft, type MilestoneDraft, type PullRequestDraft } from "./model.ts";
import type { SimItemType } from "./records.ts";
import { focusPerson, type ScenarioEffects, scenarioEffects } from "./scenario.ts";

/** The generator's shared state while it walks through the engagement sprint by sprint. */
export interface SimContext {
  readonly config: SimulatorConfig;
  readonly cal: WorkCalendar;
  /** The simulated "now": the end of `endDate` (UTC). Nothing later is kept. */
  readonly cutoff: number;
  readonly onsetAt: number;
  /** People who write code and review it (specialists and tech leads). */
  readonly authors: readonly SimPerson[];
  /** Who plans sprints and grooms the backlog. */
  readonly planner: string;
  /** The person a person-centred scenario is about. */
  readonly focus: string | null;
  /** The review team's slug, for `team:<slug>` requests. */
  readonly teamSlug: string;
  readonly rng: Rng;
  readonly items: ItemDraft[];
  readonly itemsByKey: Map<string, ItemDraft>;
  /** Groomed work not yet planned, in priority order. */
  readonly backlog: ItemDraft[];
  readonly milestones: MilestoneDraft[];
  readonly pullRequests: PullRequestDraft[];
  maintenanceEpic: string;
  nextItemNumber: number;
  nextPrNumber: number;
  stuckItemKey: string | null;
  /** The milestone in progress when the scenario starts. */
  affectedMilestone: MilestoneDraft | null;
}

export const createContext = (config: SimulatorConfig): SimContext => {
  const startMs = Date.parse(`${config.startDate}T12:00:00Z`);
  const cal = workCalendar(config.timeZone, startMs);
  const authors = config.people.filter((p) => p.role === "specialist" || p.role === "tech_lead");
  const planner = (config.people.find((p) => p.role === "tech_lead") ?? authors[0])!.login;
  return {
    config,
    cal,
    cutoff: Date.parse(`${config.endDate}T23:59:59.999Z`),
    onsetAt: workdayStart(cal, config.onsetDate),
    authors,
    planner,
    focus: focusPerson(config.scenario, authors),
    teamSlug: `${config.keyPrefix.toLowerCase()}-reviewers`,
    rng: createRng(config.seed),
    items: [],
    itemsByKey: new Map(),
    backlog: [],
    milestones: [],
    pullRequests: [],
    maintenanceEpic: "",
    nextItemNumber: 1,
    nextPrNumber: 1,
    stuckItemKey: null,
    affectedMilestone: null,
  };
};

/** The scenario's effects at instant `at`; effects that build up count sprints since the onset. */
export const effectsAt = (ctx: SimContext, at: number): ScenarioEffects =>
  scenarioEffects(
    ctx.config.scenario,
    ctx.focus,
    at < ctx.onsetAt ? -1 : Math.floor((at - ctx.onsetAt) / (ctx.config.sprintLengthDays * DAY)),
  );

export interface NewItem {
  readonly type: SimItemType;
  readonly title: string;
  readonly at: number;
  readonly points: number | null;
  readonly parentKey: string | null;
  readonly actor: string;
  readonly milestoneIndex: number | null;
}

/** Creates a work item with its creation, first estimate and parent recorded at one instant. */
export const newItem = (ctx: SimContext, spec: NewItem): ItemDraft => {
  const key = `${ctx.config.keyPrefix}-${ctx.nextItemNumber++}`;
  const item: ItemDraft = {
    key,
    type: spec.type,
    title: spec.title,
    createdAt: spec.at,
    history: [change(spec.at, "created", { to: "todo", toLabel: "To Do", actor: spec.actor })],
    status: "todo",
    points: null,
    assignee: null,
    parentKey: null,
    startedAt: null,
    doneAt: null,
    milestoneIndex: spec.milestoneIndex,
  };
  if (spec.points !== null) {
    item.history.push(
      change(spec.at, "estimate", { from: null, to: String(spec.points), actor: spec.actor }),
    );
    item.points = spec.points;
  }
  if (spec.parentKey !== null) {
    item.history.push(change(spec.at, "parent", { from: null, to: spec.parentKey, actor: spec.actor }));
    item.parentKey = spec.parentKey;
  }
  ctx.items.push(item);
  ctx.itemsByKey.set(key, item);
  return item;
};

/** A random instant within the working hours between two instants (the start when none lie between). */
export const workingInstantBetween = (ctx: SimContext, rng: Rng, from: number, to: number): number => {
  const span = Math.max(0, (to - from) / HOUR);
  // Drawing wall-clock time and rounding up to the next working moment keeps this O(1).
  // Whole milliseconds, so instants compare the same as numbers and as ISO text.
  const at = Math.floor(from + rng.next() * span * HOUR);
  return Math.floor(Math.min(to, Math.max(from, alignToWork(ctx, at))));
};

const alignToWork = (ctx: SimContext, at: number) => {
  const local = at + ctx.cal.offsetMs;
  const day = Math.floor(local / DAY);
  const hour = (local - day * DAY) / HOUR;
  const weekday = ((day + 3) % 7) + 1;
  if (weekday <= 5 && hour >= 9 && hour < 17) return at;
  const daysAhead = hour >= 17 || weekday > 5 ? (weekday >= 5 ? 8 - weekday : 1) : 0;
  return (day + daysAhead) * DAY + 9 * HOUR + (at % HOUR) - ctx.cal.offsetMs;
};
