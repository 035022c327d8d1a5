import { BatonError } from "../errors.ts";
import type { Connector } from "../ingest/connector.ts";
import type { ConnectorLookup } from "../ingest/pipeline.ts";
import { csvConnector } from "./csv/index.ts";
import { githubConnector } from "./github/index.ts";
import { jiraConnector } from "./jira/index.ts";
import { simulatorConnector } from "./simulator/index.ts";

// A connector's record type never leaves it: what its extract yields only its own convert reads.
const erased = <R>(connector: Connector<R>) => connector as unknown as Connector<unknown>;

/** Every connector Baton ships, by source kind. The one place that knows them all. */
const CONNECTORS: Readonly<Record<string, Connector<unknown>>> = {
  csv: erased(csvConnector),
  github: erased(githubConnector),
  jira: erased(jiraConnector),
  simulator: erased(simulatorConnector),
};

export const SOURCE_KINDS = Object.keys(CONNECTORS);

export const connectorFor: ConnectorLookup = (kind) => {
  const connector = CONNECTORS[kind];
  if (!connector) {
    throw new BatonError(
      "config_invalid",
      `no connector for source kind "${kind}" (known: ${SOURCE_KINDS.join(", ")})`,
    );
  }
  return connector;
};
