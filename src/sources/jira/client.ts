import { BatonError } from "../../errors.ts";
import { HttpClient, type HttpClientOptions } from "../../ingest/http.ts";
import type { JiraSourceConfig } from "./config.ts";

const secret = (name: string, key: string, env: NodeJS.ProcessEnv): string => {
  const value = env[name];
  if (value === undefined || value === "")
    throw new BatonError(
      "config_invalid",
      `the environment variable ${name} (the source's ${key}) is not set: export it before syncing`,
      { key },
    );
  return value;
};

/** The Authorization header: Basic email + API token on Cloud, Bearer PAT on Data Center. */
export const authorization = (config: JiraSourceConfig, env: NodeJS.ProcessEnv = process.env): string => {
  if (config.patEnv !== undefined) return `Bearer ${secret(config.patEnv, "patEnv", env)}`;
  const token = secret(config.tokenEnv ?? "", "tokenEnv", env);
  return `Basic ${Buffer.from(`${config.email}:${token}`).toString("base64")}`;
};

/** The shared HTTP client, set up for one Jira site: auth, and what to check on 401/403/404. */
export const jiraClient = (
  config: JiraSourceConfig,
  options: Pick<HttpClientOptions, "signal" | "onWait" | "sleep" | "timeoutMs"> = {},
  env: NodeJS.ProcessEnv = process.env,
): HttpClient => {
  const credentials =
    config.patEnv !== undefined
      ? `the personal access token in ${config.patEnv}`
      : `the email ${config.email} and the API token in ${config.tokenEnv}`;
  return new HttpClient({
    baseUrl: config.url,
    service: "Jira",
    headers: { authorization: authorization(config, env) },
    hints: {
      401: `Jira did not accept ${credentials}; check it has not expired or been revoked`,
      403: `the account cannot read board ${config.board} or its issues; check it has Browse Projects permission on the board's projects`,
      404: `check the site URL ${config.url} and that board ${config.board} exists`,
    },
    ...options,
  });
};
