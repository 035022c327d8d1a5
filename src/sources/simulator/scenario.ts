import type { CalendarDate, Instant } from "../../domain/types.ts";
import type { Scenario, SimPerson } from "./config.ts";

/**
 * What a scenario changes in the pod's behaviour at a given moment. Before the onset every
 * scenario returns the healthy values, so detectors can be scored on "after, not before".
 */
export interface ScenarioEffects {
  /** Multiplies the points the pod plans into a sprint (over-commitment plans far above velocity). */
  readonly commitFactor: number;
  /** True when planning keeps the pre-onset commitment instead of following recent velocity. */
  readonly freezeCommitment: boolean;
  /** Actual effort ÷ estimated effort (carryover creep: work keeps turning out bigger). */
  readonly effortFactor: number;
  /** Multiplies the pod's capacity (milestone slip: people pulled away, throughput drops). */
  readonly capacityFactor: number;
  /** The reviewer most requests go to, the share they get, and how much slower they answer. */
  readonly reviewFocus: string | null;
  readonly reviewFocusShare: number;
  readonly reviewLatencyFactor: number;
  /** The person who takes most of the work, with the weight of their assignments and their speed-up. */
  readonly hero: string | null;
  readonly heroWeight: number;
  readonly heroSpeed: number;
  /** Everyone else's speed while they wait on the hero for answers and reviews. */
  readonly othersSpeed: number;
  /** Milestone work is split into many small tickets and the milestone keeps growing. */
  readonly granularTickets: boolean;
  /** The next item started becomes stuck with no further movement. */
  readonly silentBlock: boolean;
}

export const HEALTHY_EFFECTS: ScenarioEffects = {
  commitFactor: 1,
  freezeCommitment: false,
  effortFactor: 1,
  capacityFactor: 1,
  reviewFocus: null,
  reviewFocusShare: 0,
  reviewLatencyFactor: 1,
  hero: null,
  heroWeight: 1,
  heroSpeed: 1,
  othersSpeed: 1,
  granularTickets: false,
  silentBlock: false,
};

/**
 * The person a person-centred scenario is about: the tech lead (or first author) carries a hero
 * dependency; the second author becomes the review bottleneck.
 */
export const focusPerson = (scenario: Scenario, authors: readonly SimPerson[]): string | null => {
  if (scenario === "hero_dependency")
    return (authors.find((p) => p.role === "tech_lead") ?? authors[0])!.login;
  if (scenario === "review_bottleneck") return authors[Math.min(1, authors.length - 1)]!.login;
  return null;
};

/**
 * The effects in force `sprintsSinceOnset` sprints after the onset (negative before it).
 * Effects that build up over time (carryover creep) grow with that count.
 */
export const scenarioEffects = (
  scenario: Scenario,
  person: string | null,
  sprintsSinceOnset: number,
): ScenarioEffects => {
  if (sprintsSinceOnset < 0) return HEALTHY_EFFECTS;
  switch (scenario) {
    case "healthy":
      return HEALTHY_EFFECTS;
    case "scope_drift":
      return { ...HEALTHY_EFFECTS, granularTickets: true };
    case "review_bottleneck":
      return { ...HEALTHY_EFFECTS, reviewFocus: person, reviewFocusShare: 0.8, reviewLatencyFactor: 4 };
    case "carryover_creep":
      return {
        ...HEALTHY_EFFECTS,
        freezeCommitment: true,
        effortFactor: Math.min(2.5, 1.3 + 0.2 * sprintsSinceOnset),
      };
    case "silent_blocker":
      return { ...HEALTHY_EFFECTS, silentBlock: true };
    case "overcommitment":
      return { ...HEALTHY_EFFECTS, commitFactor: 2 };
    case "milestone_slip":
      return { ...HEALTHY_EFFECTS, capacityFactor: 0.45 };
    case "hero_dependency":
      return {
        ...HEALTHY_EFFECTS,
        hero: person,
        heroWeight: 8,
        heroSpeed: 2.5,
        othersSpeed: 0.6,
        reviewFocus: person,
        reviewFocusShare: 0.85,
      };
  }
};

/** What a later evaluation needs to score detectors against: which problem, from when, about whom. */
export interface ScenarioGroundTruth {
  readonly scenario: Scenario;
  readonly onsetDate: CalendarDate;
  /** The start of the pod's working day on the onset date. */
  readonly onsetAt: Instant;
  /** Review bottleneck's reviewer, hero dependency's hero. */
  readonly person: string | null;
  /** Silent blocker's stuck item. */
  readonly itemKey: string | null;
  /** The milestone a scope drift or milestone slip hits (the one in progress at the onset). */
  readonly milestoneId: string | null;
  /** One line a user would recognise. */
  readonly description: string;
}

export const SCENARIO_DESCRIPTIONS: Readonly<Record<Scenario, string>> = {
  healthy: "No injected problem: steady planning, prompt reviews, milestones on time.",
  scope_drift:
    "Scope drift via granular tickets: the milestone epic gains many small tickets, ticket size falls and the forecast slides.",
  review_bottleneck: "Reviews concentrate on one reviewer and time to first review rises several-fold.",
  carryover_creep:
    "Work keeps turning out bigger than estimated while commitment stays; carryover grows sprint on sprint.",
  silent_blocker:
    "One item goes In Progress and then nothing moves on it: no status change, no flag, no pull request.",
  overcommitment: "Sprints are planned well above rolling velocity; planning accuracy falls below 70 %.",
  milestone_slip:
    "Throughput drops (people pulled away), so the milestone in progress slips past its target.",
  hero_dependency: "One person authors and reviews most of the merged work.",
};
