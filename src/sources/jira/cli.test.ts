import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dumpDomainTables, listWorkItems } from "../../store/history.ts";
import { openStore } from "../../store/store.ts";
import { runCli, tempDbPath } from "../../testing/cli.ts";
import { EMAIL, TOKEN, TOKEN_ENV } from "./testing/harness.ts";
import { generatedModel, type JiraModel } from "./testing/model.ts";
import { scenarioModel } from "./testing/scenario.ts";
import { type LocalJira, startLocalJira } from "./testing/server.ts";

const BIN = resolve(import.meta.dirname, "../../../bin/baton.js");

const serve = (model: JiraModel) => startLocalJira({ model, credentials: { email: EMAIL, token: TOKEN } });

const boardArgs = (url: string) => [
  "--engagement",
  "acme-mobile",
  "--url",
  url,
  "--board",
  "8",
  "--email",
  EMAIL,
  "--token-env",
  TOKEN_ENV,
];

/** A database with the engagement, created through the CLI. */
const engagementDb = async () => {
  const db = tempDbPath();
  const created = await runCli(
    db,
    "engagement",
    "create",
    "--name",
    "Acme Mobile",
    "--customer",
    "Acme",
    "--start",
    "2026-01-05",
  );
  expect(created.exitCode).toBe(0);
  return db;
};

/** A database with the engagement and a Jira source on `url`, configured through the CLI. */
const prepare = async (url: string) => {
  const db = await engagementDb();
  const added = await runCli(db, "source", "add", "jira", ...boardArgs(url), "--no-sync");
  expect(added.exitCode, added.stderr).toBe(0);
  return db;
};

const dump = async (db: string) => {
  const store = await openStore(db);
  try {
    return {
      tables: await dumpDomainTables(store.db),
      items: (await listWorkItems(store.db, "acme-mobile")).length,
    };
  } finally {
    await store.close();
  }
};

describe("baton with a Jira board", () => {
  const servers: LocalJira[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  it("adds a Cloud board, syncs it with a run summary, and shows its sprint figures", async () => {
    process.env[TOKEN_ENV] = TOKEN;
    const jira = await serve(scenarioModel());
    servers.push(jira);
    const db = await engagementDb();
    const add = await runCli(
      db,
      "source",
      "add",
      "jira",
      ...boardArgs(jira.url),
      "--webhook-secret-env",
      "JIRA_WEBHOOK_SECRET",
    );
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toContain(
      `Added source acme-mobile-jira: Jira board 8 at ${jira.url} (${EMAIL}, token from $${TOKEN_ENV}).`,
    );
    expect(add.stdout).toContain("Webhook URL: POST /webhooks/jira/acme-mobile-jira");
    expect(add.stdout).toContain(
      "acme-mobile-jira: succeeded — 33 records read, 33 converted, 0 skipped, 0 failed",
    );

    const again = await runCli(db, "sync", "--engagement", "acme-mobile");
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("acme-mobile-jira: succeeded — 4 records read");

    const sprints = await runCli(
      db,
      "--json",
      "sprints",
      "--engagement",
      "acme-mobile",
      "--sprint",
      "Sprint 1",
      "--as-of",
      "2026-01-25",
    );
    expect(sprints.exitCode, sprints.stderr).toBe(0);
    expect(JSON.parse(sprints.stdout)).toMatchObject({
      sprints: [
        {
          planned: { items: 3, points: 10 },
          added: { items: 2 },
          removed: { items: 1 },
          completed: { points: 16 },
        },
      ],
    });
  });

  it("refuses a Jira source without credentials, naming what is missing", async () => {
    const db = tempDbPath();
    await runCli(db, "engagement", "create", "--name", "Acme Mobile", "--customer", "Acme");
    const run = await runCli(
      db,
      "source",
      "add",
      "jira",
      "--engagement",
      "acme-mobile",
      "--url",
      "https://acme.atlassian.net",
      "--board",
      "8",
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'Jira source config "email" is required: Cloud needs email and tokenEnv, Data Center needs patEnv',
    );
  });

  it("a sync killed mid-way and run again ends with exactly the tables of a sync that ran through", async () => {
    process.env[TOKEN_ENV] = TOKEN;
    const model = generatedModel(1200, 8);
    const jira = await serve(model);
    servers.push(jira);

    const reference = await prepare(jira.url);
    expect((await runCli(reference, "sync", "--engagement", "acme-mobile")).exitCode).toBe(0);

    const killed = await prepare(jira.url);
    const child = spawn(process.execPath, [BIN, "--db", killed, "sync", "--engagement", "acme-mobile"], {
      env: { ...process.env, [TOKEN_ENV]: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let served = 0;
    jira.onSearchPage = () => {
      served++;
      if (served === 6) child.kill("SIGKILL");
    };
    const signal = await new Promise<NodeJS.Signals | null>((done) => child.on("exit", (_, s) => done(s)));
    jira.onSearchPage = undefined;
    expect(signal).toBe("SIGKILL");
    const partial = await dump(killed);
    expect(partial.items).toBeGreaterThan(0);
    expect(partial.items).toBeLessThan(1200);

    const resumed = await runCli(killed, "sync", "--engagement", "acme-mobile");
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    const whole = await dump(reference);
    expect(whole.items).toBe(1200);
    const after = await dump(killed);
    expect(after.items).toBe(1200);
    expect(after.tables).toBe(whole.tables);
  }, 120_000);
});
