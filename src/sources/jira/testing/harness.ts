import type { SyncOptions } from "../../../ingest/pipeline.ts";
import { runSync } from "../../../ingest/pipeline.ts";
import { type RunSummary, saveSource } from "../../../store/ingestion.ts";
import type { Store } from "../../../store/store.ts";
import { seedEngagement } from "../../../testing/fixtures.ts";
import type { TestBackend } from "../../../testing/stores.ts";
import { connectorFor } from "../../registry.ts";
import type { JiraSourceConfig } from "../config.ts";
import type { JiraModel } from "./model.ts";
import { type LocalJira, type LocalJiraOptions, startLocalJira } from "./server.ts";

export const ENGAGEMENT = "acme-mobile";
export const SOURCE = "acme-jira";
export const TOKEN_ENV = "BATON_TEST_JIRA_TOKEN";
export const TOKEN = "tok-3f9a";
export const EMAIL = "dm@vendor.example";

/** A Cloud source config pointing at a local Jira. */
export const cloudConfig = (url: string, over: Partial<JiraSourceConfig> = {}): JiraSourceConfig => ({
  url,
  board: 8,
  email: EMAIL,
  tokenEnv: TOKEN_ENV,
  apiVersion: "auto",
  pageSize: 10,
  ...over,
});

export interface JiraHarness {
  readonly store: Store;
  readonly jira: LocalJira;
  sync(options?: SyncOptions): Promise<RunSummary>;
  close(): Promise<void>;
}

/** A local Jira serving `model`, and a fresh store with the engagement and a source pointing at it. */
export const openJiraHarness = async (
  backend: TestBackend,
  model: JiraModel,
  options: Partial<LocalJiraOptions> = {},
  config: Partial<JiraSourceConfig> = {},
): Promise<JiraHarness> => {
  process.env[TOKEN_ENV] = TOKEN;
  const jira = await startLocalJira({
    model,
    credentials: { email: EMAIL, token: TOKEN },
    embeddedChangelog: 20,
    changelogPageCap: 15,
    ...options,
  });
  const store = await backend.open();
  await seedEngagement(store.db, { id: ENGAGEMENT });
  await saveSource(store.db, {
    id: SOURCE,
    engagementId: ENGAGEMENT,
    kind: "jira",
    config: { ...cloudConfig(jira.url, config) },
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  return {
    store,
    jira,
    sync: (o) => runSync(store, connectorFor, SOURCE, o),
    close: async () => {
      await store.close();
      await jira.close();
    },
  };
};
