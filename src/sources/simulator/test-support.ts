import type { HistoryEvent } from "../../domain/types.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { convertSimulated } from "./convert.ts";
import { SIMULATOR_KIND } from "./ids.ts";
import type { SimRecord } from "./records.ts";
import type { SimulatedEngagement } from "./simulate.ts";

/** A source row for converting simulated records outside a store (pure checks). */
export const detachedSource = (config: Readonly<Record<string, unknown>>): SourceRow => ({
  id: "sim",
  engagementId: "acme-mobile",
  kind: SIMULATOR_KIND,
  config,
  createdAt: "2026-01-01T00:00:00.000Z",
});

/** Every record of a simulated engagement, tagged with its stream. */
export const recordsOf = (sim: SimulatedEngagement): SimRecord[] => [
  ...sim.sprints.map((sprint) => ({ stream: "sprints" as const, sprint })),
  ...sim.milestones.map((milestone) => ({ stream: "milestones" as const, milestone })),
  ...sim.items.map((item) => ({ stream: "items" as const, item })),
  ...sim.pullRequests.map((pullRequest) => ({ stream: "pull_requests" as const, pullRequest })),
  ...sim.deployments.map((deployment) => ({ stream: "deployments" as const, deployment })),
];

/** The history events a simulated engagement converts to, as the store would hold them. */
export const eventsOf = (sim: SimulatedEngagement, source: SourceRow): HistoryEvent[] =>
  recordsOf(sim).flatMap((record) => {
    const result = convertSimulated(record, source);
    if ("skip" in result) throw new Error(`unexpected skip: ${result.skip}`);
    return [...(result.batch.events ?? [])];
  });

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
