import { z } from "zod";
import { BatonError } from "../../errors.ts";
import type { SourceRow } from "../../store/ingestion.ts";

/** The public GitHub REST API; GitHub Enterprise Server serves the same API under `https://<host>/api/v3`. */
export const GITHUB_API_URL = "https://api.github.com";

const NOT_A_VALUE = "must be the name of an environment variable, not its value";

/** GitHub's token prefixes (personal, OAuth, app, refresh, fine-grained). */
const TOKEN_PREFIX = /^(gh[pousr]_|github_pat_)/;

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, NOT_A_VALUE)
  .refine((name) => !TOKEN_PREFIX.test(name), NOT_A_VALUE);

const configSchema = z.strictObject({
  repo: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/name"'),
  tokenEnv: envName,
  apiUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  webhookSecretEnv: envName.optional(),
  environment: z.string().trim().min(1, "must not be empty").optional(),
});

/**
 * How one GitHub repository is read, as stored in the sources table. Only the *names* of the
 * environment variables holding the token and the webhook secret are stored, never their values.
 */
export interface GithubSourceConfig {
  /** `owner/name`. */
  readonly repo: string;
  /** The environment variable holding the token (e.g. `GITHUB_TOKEN`). */
  readonly tokenEnv: string;
  /** REST API base URL; GitHub.com when omitted. */
  readonly apiUrl?: string;
  /** The environment variable holding the webhook secret; webhooks are refused without it. */
  readonly webhookSecretEnv?: string;
  /** Only deployments to this environment are read (all when omitted). */
  readonly environment?: string;
}

/** Validates a stored GitHub source configuration; a bad key fails naming it. */
export const parseGithubConfig = (config: unknown): GithubSourceConfig => {
  const result = configSchema.safeParse(config, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.map(String).join(".") || "config";
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(", ")}`
        : issue.code === "invalid_type" && issue.input === undefined
          ? `${where} is required`
          : `${where} ${issue.message}`;
    throw new BatonError("config_invalid", `github source: ${message}`, { key: where });
  }
  return result.data;
};

/** The token from the environment variable the source names; fails naming the variable. */
export const githubToken = (config: GithubSourceConfig, sourceId: string): string => {
  const token = process.env[config.tokenEnv];
  if (!token)
    throw new BatonError(
      "config_invalid",
      `github source ${sourceId}: the environment variable ${config.tokenEnv} holding the GitHub token is not set`,
      { key: "tokenEnv" },
    );
  return token;
};

const configs = new WeakMap<object, GithubSourceConfig>();

/** The source's configuration, validated once per source row. */
export const configOf = (source: SourceRow): GithubSourceConfig => {
  let config = configs.get(source.config);
  if (!config) {
    config = parseGithubConfig(source.config);
    configs.set(source.config, config);
  }
  return config;
};
