import { BatonError } from "../../errors.ts";

/** Which REST API the connector speaks: 3 on Jira Cloud, 2 on Data Center; `auto` asks the server. */
export type JiraApiVersion = "2" | "3" | "auto";

/**
 * A Jira source as stored: where the board is and the *names* of the environment variables that
 * hold the secrets. Secrets themselves never enter the database.
 */
export interface JiraSourceConfig {
  /** Base URL of the site, e.g. `https://acme.atlassian.net` or `https://jira.corp.example`. */
  readonly url: string;
  /** The board id (the `rapidView` in board URLs). */
  readonly board: number;
  /** Jira Cloud: the account email, with the API token in `tokenEnv`. */
  readonly email?: string;
  readonly tokenEnv?: string;
  /** Jira Data Center: the environment variable holding a personal access token (Bearer). */
  readonly patEnv?: string;
  /** The environment variable holding the webhook secret; without it webhooks are refused. */
  readonly webhookSecretEnv?: string;
  readonly apiVersion: JiraApiVersion;
  /** Story-points field id when discovery must be overridden (e.g. `customfield_10016`). */
  readonly storyPointsField?: string;
  /** How far before the last cursor an incremental sync starts again (default 5). */
  readonly overlapMinutes?: number;
  /** Issues per search page (default 100). */
  readonly pageSize?: number;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIELD_ID = /^[A-Za-z0-9_.-]+$/;

const invalid = (key: string, why: string) =>
  new BatonError("config_invalid", `Jira source config "${key}" ${why}`, { key });

const optionalString = (config: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value.trim() === "") throw invalid(key, "must be a non-empty string");
  return value.trim();
};

const envName = (config: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = optionalString(config, key);
  if (value !== undefined && !ENV_NAME.test(value))
    throw invalid(key, `must name an environment variable (letters, digits, _), not "${value}"`);
  return value;
};

const positiveInt = (config: Readonly<Record<string, unknown>>, key: string, max: number) => {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max)
    throw invalid(key, `must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
  return value;
};

/** Checks a stored Jira config; throws a `config_invalid` BatonError naming the bad key. */
export const parseJiraConfig = (config: Readonly<Record<string, unknown>>): JiraSourceConfig => {
  const url = optionalString(config, "url");
  if (url === undefined) throw invalid("url", "is required (the site's base URL)");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("url", `is not a URL: "${url}"`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw invalid("url", `must be an http(s) URL, not "${url}"`);
  const board = config.board;
  if (typeof board !== "number" || !Number.isInteger(board) || board < 1)
    throw invalid("board", `must be a board id (a positive whole number), not ${JSON.stringify(board)}`);
  const email = optionalString(config, "email");
  const tokenEnv = envName(config, "tokenEnv");
  const patEnv = envName(config, "patEnv");
  if (patEnv !== undefined && (email !== undefined || tokenEnv !== undefined))
    throw invalid("patEnv", "excludes email and tokenEnv: use a token (Cloud) or a PAT (Data Center)");
  if (patEnv === undefined && (email === undefined || tokenEnv === undefined))
    throw invalid(
      email === undefined ? "email" : "tokenEnv",
      "is required: Cloud needs email and tokenEnv, Data Center needs patEnv",
    );
  const apiVersion = config.apiVersion ?? "auto";
  if (apiVersion !== "2" && apiVersion !== "3" && apiVersion !== "auto")
    throw invalid("apiVersion", `must be "2", "3" or "auto", not ${JSON.stringify(apiVersion)}`);
  const storyPointsField = optionalString(config, "storyPointsField");
  if (storyPointsField !== undefined && !FIELD_ID.test(storyPointsField))
    throw invalid("storyPointsField", `must be a field id like customfield_10016, not "${storyPointsField}"`);
  const overlapMinutes = positiveInt(config, "overlapMinutes", 24 * 60);
  const pageSize = positiveInt(config, "pageSize", 1000);
  const webhookSecretEnv = envName(config, "webhookSecretEnv");
  return {
    url: url.replace(/\/+$/, ""),
    board,
    ...(email !== undefined ? { email } : {}),
    ...(tokenEnv !== undefined ? { tokenEnv } : {}),
    ...(patEnv !== undefined ? { patEnv } : {}),
    ...(webhookSecretEnv !== undefined ? { webhookSecretEnv } : {}),
    apiVersion,
    ...(storyPointsField !== undefined ? { storyPointsField } : {}),
    ...(overlapMinutes !== undefined ? { overlapMinutes } : {}),
    ...(pageSize !== undefined ? { pageSize } : {}),
  };
};

/** What `baton source add jira` accepts, as flags give it. */
export interface JiraSourceOptions {
  readonly url: string;
  readonly board: string | number;
  readonly email?: string;
  readonly tokenEnv?: string;
  readonly patEnv?: string;
  readonly webhookSecretEnv?: string;
  readonly apiVersion?: string;
  readonly storyPointsField?: string;
}

/** Builds and checks a stored config from CLI flags. */
export const jiraSourceConfig = (options: JiraSourceOptions): JiraSourceConfig => {
  const board = typeof options.board === "number" ? options.board : Number(options.board);
  const raw: Record<string, unknown> = {
    url: options.url,
    board: Number.isFinite(board) ? board : options.board,
    apiVersion: options.apiVersion ?? "auto",
  };
  for (const key of ["email", "tokenEnv", "patEnv", "webhookSecretEnv", "storyPointsField"] as const)
    if (options[key] !== undefined) raw[key] = options[key];
  return parseJiraConfig(raw);
};
