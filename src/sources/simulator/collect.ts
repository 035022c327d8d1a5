import { createHash } from "node:crypto";
import type { CollectContext } from "../../ingest/connector.ts";
import { parseSimulatorConfig } from "./config.ts";
import { SIM_STREAMS, type SimStream } from "./records.ts";
import { type SimulatedEngagement, simulateEngagement } from "./simulate.ts";

/** Records per payload page, like a tracker's page size. */
export const SIM_PAGE_SIZE = 100;

const recordsOf = (sim: SimulatedEngagement, stream: SimStream): readonly unknown[] => {
  switch (stream) {
    case "sprints":
      return sim.sprints;
    case "milestones":
      return sim.milestones;
    case "items":
      return sim.items;
    case "pull_requests":
      return sim.pullRequests;
    case "deployments":
      return sim.deployments;
  }
};

/**
 * Fingerprint of the config the pages were generated from. A cursor left by a different config
 * (dates moved, another seed) does not apply, so collection starts that stream over.
 */
const configFingerprint = (config: Readonly<Record<string, unknown>>) =>
  createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12);

/** The page after the one a cursor records, or 0 when the cursor is absent or from another config. */
const resumeFrom = (cursor: string | null, fingerprint: string): number => {
  const match = cursor === null ? null : /^([0-9a-f]+):(\d+)$/.exec(cursor);
  return match && match[1] === fingerprint ? Number(match[2]) + 1 : 0;
};

/**
 * Generates the engagement from the source's config and saves it as pages of JSON records, stream
 * by stream. Each page commits with its cursor, so an interrupted sync resumes at the next page;
 * the generation is deterministic, so resumed pages are the ones the first run would have saved.
 */
export const collectSimulated = async (ctx: CollectContext): Promise<void> => {
  const config = parseSimulatorConfig(ctx.source.config);
  ctx.signal.throwIfAborted();
  const sim = simulateEngagement(config);
  const fingerprint = configFingerprint(ctx.source.config);
  for (const stream of SIM_STREAMS) {
    const records = recordsOf(sim, stream);
    const pages = Math.ceil(records.length / SIM_PAGE_SIZE);
    const from = resumeFrom(await ctx.getCursor(stream), fingerprint);
    for (let page = from; page < pages; page++) {
      ctx.signal.throwIfAborted();
      await ctx.save({
        stream,
        url: `simulator://${ctx.source.id}/${stream}?page=${page}`,
        params: { page, pageSize: SIM_PAGE_SIZE },
        payload: JSON.stringify(records.slice(page * SIM_PAGE_SIZE, (page + 1) * SIM_PAGE_SIZE)),
        cursor: `${fingerprint}:${page}`,
      });
      ctx.progress({ stream, done: page + 1, total: pages });
    }
  }
};
