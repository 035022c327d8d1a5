import { sourceRecordId } from "../../domain/ids.ts";

/** The simulator's source kind, as stored on its sources and in every id it mints. */
export const SIMULATOR_KIND = "simulator";

/** Deterministic domain ids of simulated records: `simulator:<entity>:<sourceId>:<external id>`. */
export const simIds = {
  item: (sourceId: string, key: string) => sourceRecordId(SIMULATOR_KIND, "item", sourceId, key),
  sprint: (sourceId: string, number: number | string) =>
    sourceRecordId(SIMULATOR_KIND, "sprint", sourceId, String(number)),
  pullRequest: (sourceId: string, repo: string, number: number) =>
    sourceRecordId(SIMULATOR_KIND, "pr", sourceId, `${repo}#${number}`),
  deployment: (sourceId: string, id: string) => sourceRecordId(SIMULATOR_KIND, "deployment", sourceId, id),
  milestone: (sourceId: string, id: string) => sourceRecordId(SIMULATOR_KIND, "milestone", sourceId, id),
} as const;
