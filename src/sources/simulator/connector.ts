import type { Connector } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { collectSimulated } from "./collect.ts";
import { parseSimulatorConfig, type SimulatorConfig } from "./config.ts";
import { convertSimulated } from "./convert.ts";
import { extractSimulated } from "./extract.ts";
import { SIMULATOR_KIND } from "./ids.ts";
import type { SimRecord } from "./records.ts";

/**
 * The simulator as a source: it "fetches" a generated engagement history and feeds it through the
 * same collect → extract → convert path as a real tracker, under its own kind `simulator`.
 */
export const simulatorConnector: Connector<SimRecord> = {
  kind: SIMULATOR_KIND,
  validateConfig(config) {
    parseSimulatorConfig(config);
  },
  collect: collectSimulated,
  extract: (raw) => extractSimulated(raw),
  convert: convertSimulated,
};

/** The source row of a simulated engagement, ready for `saveSource`. */
export const simulatorSource = (spec: {
  readonly id: string;
  readonly engagementId: string;
  readonly config: SimulatorConfig;
  /** When the source was configured; passed in so seeding stays deterministic. */
  readonly createdAt: string;
}): SourceRow => ({
  id: spec.id,
  engagementId: spec.engagementId,
  kind: SIMULATOR_KIND,
  config: { ...spec.config },
  createdAt: spec.createdAt,
});
