import { afterEach, describe, expect, it } from "vitest";
import { BatonError } from "../../errors.ts";
import { dumpDomainTables, listWorkItems } from "../../store/history.ts";
import { listRuns } from "../../store/ingestion.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { ENGAGEMENT, type JiraHarness, openJiraHarness, SOURCE, TOKEN_ENV } from "./testing/harness.ts";
import { FIELD, type JiraModel } from "./testing/model.ts";
import { scenarioModel } from "./testing/scenario.ts";

const sqlite = TEST_BACKENDS[0]!;

const corrupt = (model: JiraModel, fields: Record<string, Record<string, unknown>>): JiraModel => ({
  ...model,
  issues: model.issues.map((i) => (fields[i.key] ? { ...i, corrupt: fields[i.key] } : i)),
});

describe("Jira responses Baton cannot use", () => {
  const open: JiraHarness[] = [];
  const harness = async (
    ...args: Parameters<typeof openJiraHarness> extends [unknown, ...infer R] ? R : never
  ) => {
    const h = await openJiraHarness(sqlite, ...args);
    open.push(h);
    return h;
  };
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it("reports each malformed issue by key and reason and stores the rest", async () => {
    const h = await harness(
      corrupt(scenarioModel(), {
        "ACME-9": { summary: undefined },
        "ACME-10": { [FIELD.points]: "lots" },
        "ACME-11": { created: "yesterday" },
      }),
    );
    const run = await h.sync();
    expect(run).toMatchObject({ status: "partial", failed: 3, converted: 30 });
    expect(Object.fromEntries(run.problems.map((p) => [p.sourceRecordId, p.reason]))).toEqual({
      "ACME-9": "fields.summary is missing",
      "ACME-10": `fields.${FIELD.points} (story points) is "lots", expected a number`,
      "ACME-11": 'fields.created is "yesterday", expected a timestamp',
    });
    const keys = (await listWorkItems(h.store.db, ENGAGEMENT)).map((i) => i.key);
    expect(keys).toHaveLength(27);
    expect(keys).not.toContain("ACME-10");

    // Fixed at the source without a new update: the next incremental sync still reads them.
    h.jira.model = { ...h.jira.model, issues: h.jira.model.issues.map(({ corrupt: _, ...i }) => i) };
    expect(await h.sync()).toMatchObject({ status: "succeeded", failed: 0 });
    expect(await listWorkItems(h.store.db, ENGAGEMENT)).toHaveLength(30);
  });

  it("stores nothing of a page cut off mid-way, names its issues, and completes on the next sync", async () => {
    const h = await harness(scenarioModel());
    h.jira.faults.truncatePage = 1;
    await expect(h.sync()).rejects.toThrow(/not valid JSON twice/);
    const [run] = await listRuns(h.store.db, SOURCE);
    expect(run).toMatchObject({ status: "failed" });
    const named = run!.problems.map((p) => p.sourceRecordId);
    expect(named.length).toBeGreaterThan(3);
    expect(named.every((k) => /^ACME-\d+$/.test(k))).toBe(true);
    const landed = (await listWorkItems(h.store.db, ENGAGEMENT)).map((i) => i.key);
    expect(landed).toHaveLength(10);
    expect(landed.some((k) => named.includes(k))).toBe(false);

    delete h.jira.faults.truncatePage;
    expect(await h.sync()).toMatchObject({ status: "succeeded" });
    const clean = await harness(scenarioModel());
    await clean.sync();
    expect(await dumpDomainTables(h.store.db)).toBe(await dumpDomainTables(clean.store.db));
  });

  it("names the URL and what to check when Jira refuses the credentials or the board", async () => {
    const h = await harness(scenarioModel());
    process.env[TOKEN_ENV] = "expired";
    const refused = await h.sync().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BatonError);
    expect((refused as Error).message).toMatch(
      /Jira at http:\/\/127\.0\.0\.1:\d+\/rest\/api\/2\/serverInfo answered 401: Jira did not accept the email dm@vendor\.example and the API token in BATON_TEST_JIRA_TOKEN/,
    );

    const board = await harness(scenarioModel(), {}, { board: 99 });
    const missing = await board.sync().catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(
      /board\/99 answered 404: check the site URL .* and that board 99 exists/,
    );
  });

  it("says which environment variable is missing instead of sending empty credentials", async () => {
    const h = await harness(scenarioModel());
    delete process.env[TOKEN_ENV];
    await expect(h.sync()).rejects.toThrow(/environment variable BATON_TEST_JIRA_TOKEN .* is not set/);
  });
});

describe("Jira Data Center", () => {
  it("reads the same board through API 2, a PAT and startAt pages into the same tables as Cloud", async () => {
    process.env.BATON_TEST_JIRA_PAT = "pat-77";
    const dc = await openJiraHarness(
      sqlite,
      scenarioModel(),
      { flavor: "datacenter", credentials: { pat: "pat-77" } },
      { patEnv: "BATON_TEST_JIRA_PAT", email: undefined, tokenEnv: undefined },
    );
    const cloud = await openJiraHarness(sqlite, scenarioModel());
    try {
      expect(await dc.sync()).toMatchObject({ status: "succeeded", converted: 33 });
      expect(dc.jira.log.some((r) => r.request.startsWith("GET /rest/api/2/search?"))).toBe(true);
      expect(dc.jira.log.some((r) => r.request.startsWith("GET /rest/api/2/issue/10005?"))).toBe(true);
      await cloud.sync();
      expect(await dumpDomainTables(dc.store.db)).toBe(await dumpDomainTables(cloud.store.db));
    } finally {
      await dc.close();
      await cloud.close();
    }
  });
});
