import { readFileSync } from "node:fs";
import { z } from "zod";
import { BatonError } from "../errors.ts";
import { type NarratorConfig, narratorConfig } from "../reports/narrate.ts";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Everything `baton serve` can be told, by key. Each key is read from the environment
 * (`BATON_<KEY IN UPPER SNAKE CASE>`, e.g. `BATON_SYNC_INTERVAL_SECONDS`) or from a JSON file
 * given with `--config`; the environment wins. The README lists them.
 */
export const serverConfigSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: int(0, 65535).default(4400),
  /** Where the database is (else DATABASE_URL, BATON_DB, .baton/baton.db). */
  database: z.string().min(1).optional(),
  /** `auto` marks cookies Secure when the request came over TLS (directly or per X-Forwarded-Proto). */
  secureCookies: z.enum(["auto", "always", "never"]).default("auto"),
  sessionHours: int(1, 24 * 90).default(12),
  /** Seconds between scheduled syncs of every source; 0 turns scheduling off. */
  syncIntervalSeconds: z.coerce
    .number()
    .min(0)
    .max(7 * 86_400)
    .default(3600),
  jobRetries: int(0, 20).default(3),
  jobRetryDelaySeconds: z.coerce.number().min(0.01).max(3600).default(30),
  shutdownTimeoutSeconds: z.coerce.number().min(0).max(3600).default(30),
  /** Largest JSON body the API accepts. */
  bodyLimitBytes: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  /** Webhook deliveries per source per minute. */
  webhookRatePerMinute: int(1, 100_000).default(600),
  /** Sign-in attempts per client address per minute. */
  signInRatePerMinute: int(1, 10_000).default(20),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** PostgreSQL only: the schema of the job queue (default: `baton_jobs`). */
  jobsSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier")
    .optional(),
  /** This instance's name in logs and job records (default: host name and process id). */
  instance: z.string().min(1).optional(),
  /** An OpenAI-compatible API that narrates report drafts (unset: the templates write them alone). */
  llmUrl: z.string().min(1).optional(),
  llmModel: z.string().min(1).optional(),
  llmKey: z.string().min(1).optional(),
  llmTimeoutMs: int(1, 600_000).default(60_000),
});

export type ServerConfig = z.output<typeof serverConfigSchema>;

export const envName = (key: string) => `BATON_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * Reads the configuration: defaults, then the file, then `BATON_*` variables, then flags.
 * Errors name the key, where it came from, and what it must be.
 */
export const loadServerConfig = (input: {
  env: NodeJS.ProcessEnv;
  file?: string | undefined;
  overrides?: Record<string, unknown>;
}): ServerConfig => {
  const origin = new Map<string, string>();
  const merged: Record<string, unknown> = {};
  if (input.file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(input.file, "utf8"));
    } catch (error) {
      throw new BatonError(
        "config_invalid",
        `config file ${input.file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new BatonError("config_invalid", `config file ${input.file} must hold a JSON object`);
    for (const [key, value] of Object.entries(parsed)) {
      merged[key] = value;
      origin.set(key, `${input.file}: ${key}`);
    }
  }
  for (const key of Object.keys(serverConfigSchema.shape)) {
    const value = input.env[envName(key)];
    if (value !== undefined && value !== "") {
      merged[key] = value;
      origin.set(key, envName(key));
    }
  }
  for (const [key, value] of Object.entries(input.overrides ?? {})) {
    if (value === undefined) continue;
    merged[key] = value;
    origin.set(key, `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  const result = serverConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : String(issue.path[0] ?? "");
    const where = origin.get(key) ?? key;
    const got = issue.code === "unrecognized_keys" ? "" : ` (got ${JSON.stringify(merged[key])})`;
    const what = issue.code === "unrecognized_keys" ? "is not a configuration key" : issue.message;
    return `${where}: ${what}${got}`;
  });
  throw new BatonError("config_invalid", `invalid server configuration: ${problems.join("; ")}`, {
    problems,
  });
};

/** The narrating model the configuration names, checked; null when `llmUrl` is not set. */
export const narratorOf = (config: ServerConfig): NarratorConfig | null =>
  narratorConfig(
    { url: config.llmUrl, model: config.llmModel, key: config.llmKey, timeoutMs: config.llmTimeoutMs },
    {
      url: `llmUrl (${envName("llmUrl")})`,
      model: `llmModel (${envName("llmModel")})`,
      timeoutMs: `llmTimeoutMs (${envName("llmTimeoutMs")})`,
    },
  );
