import type { Connector } from "../../ingest/connector.ts";
import { collectJira } from "./collect.ts";
import { parseJiraConfig } from "./config.ts";
import { convertJira, JIRA_KIND } from "./convert.ts";
import { extractJira } from "./extract.ts";
import type { JiraRecord } from "./records.ts";
import { receiveJira } from "./webhook.ts";

export {
  type JiraSourceConfig,
  type JiraSourceOptions,
  jiraSourceConfig,
  parseJiraConfig,
} from "./config.ts";
export { JIRA_KIND, jiraIds } from "./convert.ts";
export { jiraSignature } from "./webhook.ts";

/**
 * Jira Cloud and Data Center: a board's sprints and its issues with their complete changelogs,
 * incrementally, plus issue and sprint webhooks. See docs/sources/jira.md.
 */
export const jiraConnector: Connector<JiraRecord> = {
  kind: JIRA_KIND,
  validateConfig: (config) => {
    parseJiraConfig(config);
  },
  collect: collectJira,
  extract: (raw) => extractJira(raw),
  convert: convertJira,
  receive: (delivery, source) => receiveJira(delivery, source),
};
