import type { SimulatorConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { generateDeployments } from "./deployments.ts";
import {
  deploymentRecord,
  itemRecord,
  milestoneRecord,
  pullRequestRecord,
  sprintRecord,
} from "./finalize.ts";
import { settleMilestones } from "./milestones.ts";
import type { SimDeployment, SimItem, SimMilestone, SimPullRequest, SimSprint } from "./records.ts";
import { SCENARIO_DESCRIPTIONS, type ScenarioGroundTruth } from "./scenario.ts";
import { runSprints } from "./sprints.ts";

/** One engagement's generated history, as the simulator source serves it. */
export interface SimulatedEngagement {
  readonly sprints: readonly SimSprint[];
  readonly milestones: readonly SimMilestone[];
  readonly items: readonly SimItem[];
  readonly pullRequests: readonly SimPullRequest[];
  readonly deployments: readonly SimDeployment[];
  readonly groundTruth: ScenarioGroundTruth;
}

const isPresent = <T>(value: T | null): value is T => value !== null;

/**
 * Generates an engagement's delivery history from its config: sprints, work items, pull requests,
 * deployments and milestones, each with its full change history up to the end of `endDate`.
 * Pure and deterministic: no I/O, no clock, all randomness from the config's seed.
 */
export const simulateEngagement = (config: SimulatorConfig): SimulatedEngagement => {
  const ctx = createContext(config);
  const sprintDrafts = runSprints(ctx);
  const affected =
    config.scenario === "scope_drift" || config.scenario === "milestone_slip" ? ctx.affectedMilestone : null;
  settleMilestones(ctx, affected);
  const deploymentDrafts = generateDeployments(ctx);

  const items = ctx.items.map((item) => itemRecord(item, ctx.cutoff)).filter(isPresent);
  const byKey = new Map(items.map((item) => [item.key, item]));
  return {
    sprints: sprintDrafts.map((s) => sprintRecord(s, ctx.planner, ctx.cutoff)).filter(isPresent),
    milestones: ctx.milestones
      .map((m) => milestoneRecord(m, byKey.get(m.epicKey), ctx.cutoff))
      .filter(isPresent),
    items,
    pullRequests: ctx.pullRequests
      .map((pr) => pullRequestRecord(pr, config, ctx.cutoff))
      .filter(isPresent)
      .sort((a, b) => a.number - b.number),
    deployments: deploymentDrafts.map((d) => deploymentRecord(d, ctx.cutoff)).filter(isPresent),
    groundTruth: {
      scenario: config.scenario,
      onsetDate: config.onsetDate,
      onsetAt: new Date(ctx.onsetAt).toISOString(),
      person: ctx.focus,
      itemKey: config.scenario === "silent_blocker" ? ctx.stuckItemKey : null,
      milestoneId: affected?.id ?? null,
      description: SCENARIO_DESCRIPTIONS[config.scenario],
    },
  };
};

/** Counts of generated records and history events, for progress reports and benchmarks. */
export const countSimulated = (sim: SimulatedEngagement) => {
  const events = (list: readonly { readonly history: readonly unknown[] }[]) =>
    list.reduce((n, record) => n + record.history.length, 0);
  return {
    sprints: sim.sprints.length,
    milestones: sim.milestones.length,
    items: sim.items.length,
    pullRequests: sim.pullRequests.length,
    deployments: sim.deployments.length,
    events:
      events(sim.sprints) +
      events(sim.milestones) +
      events(sim.items) +
      events(sim.pullRequests) +
      events(sim.deployments),
  };
};

/** The scenario, onset and subject a config injects, for scoring detectors (runs the generation). */
export const scenarioGroundTruth = (config: SimulatorConfig): ScenarioGroundTruth =>
  simulateEngagement(config).groundTruth;
