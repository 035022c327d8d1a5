/** The GitHub source: pull requests, reviews, issues, milestones, deployments and releases of one repository. */
import type { Connector } from "../../ingest/connector.ts";
import { collectGithub, type GithubClientOptions } from "./collect.ts";
import { parseGithubConfig } from "./config.ts";
import { convertGithub } from "./convert.ts";
import { extractGithub } from "./extract.ts";
import { GITHUB_KIND } from "./ids.ts";
import type { GithubRecord } from "./records.ts";
import { receiveGithub } from "./webhook.ts";

export { GITHUB_API_URL, type GithubSourceConfig, parseGithubConfig } from "./config.ts";
export { GITHUB_KIND, githubIds } from "./ids.ts";
export { signGithubDelivery } from "./webhook.ts";

/** A GitHub connector; tests pass the HTTP client a `sleep` that records waits instead of sleeping. */
export const githubConnectorWith = (options: GithubClientOptions = {}): Connector<GithubRecord> => ({
  kind: GITHUB_KIND,
  validateConfig(config) {
    parseGithubConfig(config);
  },
  collect: collectGithub(options),
  extract: extractGithub,
  convert: convertGithub,
  receive: receiveGithub,
});

export const githubConnector = githubConnectorWith();
