import type { Connector } from "../../ingest/connector.ts";
import { type ConnectorLookup, runSync, type SyncOptions } from "../../ingest/pipeline.ts";
import { type RunSummary, saveSource } from "../../store/ingestion.ts";
import type { Store } from "../../store/store.ts";
import { seedEngagement } from "../../testing/fixtures.ts";
import type { TestBackend } from "../../testing/stores.ts";
import type { GithubSourceConfig } from "./config.ts";
import { REPO } from "./fixtures.ts";
import { githubConnectorWith } from "./index.ts";

export const ENGAGEMENT = "acme-mobile";
export const SOURCE = "acme-github";
export const TOKEN_ENV = "BATON_TEST_GITHUB_TOKEN";
export const SECRET_ENV = "BATON_TEST_GITHUB_WEBHOOK_SECRET";
export const TOKEN = "ghp_test-token";
export const SECRET = "It's a Secret to Everybody";

process.env[TOKEN_ENV] = TOKEN;
process.env[SECRET_ENV] = SECRET;

/** A store with the test engagement and one GitHub source, and a connector that records waits. */
export interface GithubHarness {
  readonly store: Store;
  readonly lookup: ConnectorLookup;
  /** Every wait the HTTP client asked for, in milliseconds, instead of sleeping. */
  readonly waits: number[];
  sync(options?: SyncOptions): Promise<RunSummary>;
  close(): Promise<void>;
}

export const openGithubHarness = async (
  backend: TestBackend,
  config: Partial<GithubSourceConfig> & { readonly apiUrl: string },
): Promise<GithubHarness> => {
  const store = await backend.open();
  await seedEngagement(store.db);
  await saveSource(store.db, {
    id: SOURCE,
    engagementId: ENGAGEMENT,
    kind: "github",
    config: { repo: REPO, tokenEnv: TOKEN_ENV, webhookSecretEnv: SECRET_ENV, ...config },
    createdAt: "2026-03-01T00:00:00.000Z",
  });
  const waits: number[] = [];
  const connector = githubConnectorWith({
    sleep: async (ms) => {
      waits.push(ms);
    },
  }) as unknown as Connector<unknown>;
  const lookup: ConnectorLookup = (kind) => {
    if (kind !== "github") throw new Error(`no connector for ${kind}`);
    return connector;
  };
  return {
    store,
    lookup,
    waits,
    sync: (options) =>
      runSync(store, lookup, SOURCE, { now: () => new Date("2026-03-12T16:00:00Z"), ...options }),
    close: () => store.close(),
  };
};
