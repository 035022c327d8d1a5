import type { Engagement } from "../src/domain/types.ts";
import { buildHistory, type EngagementHistory } from "../src/engine/history.ts";
import type { Connector } from "../src/ingest/connector.ts";
import { convertInMemory } from "../src/ingest/pipeline.ts";
import {
  SCENARIOS,
  sampleConfig,
  simulatorConnector,
  simulatorSource,
} from "../src/sources/simulator/index.ts";
import type { DomainBatch } from "../src/store/history.ts";
import { testEngagement } from "../src/testing/fixtures.ts";

export interface BenchPortfolio {
  readonly histories: readonly EngagementHistory[];
  readonly batches: readonly DomainBatch[];
  readonly events: number;
}

/** An engagement's history from a converted batch, as the engine computes on it. */
export const historyOfBatch = (engagement: Engagement, batch: DomainBatch): EngagementHistory =>
  buildHistory({
    engagement,
    items: batch.workItems ?? [],
    sprints: batch.sprints ?? [],
    pullRequests: batch.pullRequests ?? [],
    deployments: batch.deployments ?? [],
    milestones: batch.milestones ?? [],
    events: batch.events ?? [],
  });

/**
 * A simulated portfolio held in memory: `engagements` pods, each at `scale`, converted through the
 * simulator connector's real extract and convert stages (no database).
 */
export const benchPortfolio = async (engagements: number, scale: number): Promise<BenchPortfolio> => {
  const histories: EngagementHistory[] = [];
  const batches: DomainBatch[] = [];
  let events = 0;
  for (let i = 0; i < engagements; i++) {
    const id = `bench-${i + 1}`;
    const engagement = testEngagement({ id, timeZone: "UTC" });
    const source = simulatorSource({
      id: `${id}-sim`,
      engagementId: id,
      config: sampleConfig({
        seed: 1000 + i,
        scale,
        scenario: SCENARIOS[i % SCENARIOS.length],
        keyPrefix: `B${i + 1}`,
      }),
      createdAt: "2026-01-05T00:00:00.000Z",
    });
    const { batch } = await convertInMemory(simulatorConnector as unknown as Connector<unknown>, source);
    batches.push(batch);
    events += batch.events?.length ?? 0;
    histories.push(historyOfBatch(engagement, batch));
  }
  return { histories, batches, events };
};
