import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  dumpDomainTables,
  listDeployments,
  listMilestones,
  listPullRequests,
  listWorkItems,
} from "../../store/history.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { REPO, repoFixture } from "./fixtures.ts";
import { type GithubTestServer, gh, startGithubServer } from "./test-server.ts";
import { type GithubHarness, openGithubHarness, TOKEN } from "./test-support.ts";

describe.each(TEST_BACKENDS)("syncing a GitHub repository on $name", (backend) => {
  let server: GithubTestServer;
  let harness: GithubHarness;
  // Opening the first store of a backend is slow (PGlite builds its template): done before the tests.
  beforeAll(async () => (await backend.open()).close());
  afterEach(async () => {
    await harness?.close();
    await server?.close();
  });

  const start = async (fixture = repoFixture()) => {
    // Four items a page, so every list of the repository spans several pages.
    server = await startGithubServer(REPO, fixture, { token: TOKEN, maxPerPage: 4 });
    harness = await openGithubHarness(backend, { apiUrl: server.url });
    return fixture;
  };
  const requested = (pattern: RegExp) => server.requests.filter((r) => pattern.test(r.path));

  it("reads every page of pull requests, issues, milestones, deployments and releases into Baton's records", async () => {
    await start();
    const run = await harness.sync();
    expect(run.status).toBe("succeeded");
    // 11 pull requests, 2 issues (pull requests in the issues list are left to the pulls stream),
    // 1 milestone, 3 deployments; the milestone without a due date and the release are skipped.
    expect({ converted: run.converted, skipped: run.skipped, failed: run.failed }).toEqual({
      converted: 17,
      skipped: 2,
      failed: 0,
    });
    expect(run.problems.map((p) => p.reason).sort()).toEqual([
      'skipped: milestone "Someday" has no due date',
      "skipped: release v1.4.0 kept in the raw layer: delivery figures read deployments",
    ]);
    // The list of pull requests in three pages, followed by their `Link: rel="next"`.
    expect(requested(/\/pulls\?/).map((r) => new URL(r.path, "http://x").searchParams.get("page"))).toEqual([
      null,
      "2",
      "3",
    ]);

    const pulls = await listPullRequests(harness.store.db, "acme-mobile");
    expect(pulls).toHaveLength(11);
    const first = pulls.find((p) => p.number === 101)!;
    expect(first).toMatchObject({
      id: "github:pr:acme-github:acme/mobile-app#101",
      repo: REPO,
      author: "alice",
      state: "merged",
      draft: false,
      createdAt: "2026-03-02T09:00:00.000Z",
      mergedAt: "2026-03-02T12:00:00.000Z",
      closedAt: "2026-03-02T12:00:00.000Z",
      firstCommitAt: "2026-03-02T07:30:00.000Z",
      additions: 120,
      deletions: 30,
      changedFiles: 6,
      baseBranch: "main",
      itemKeys: ["ACME-101", "ACME-7"],
    });
    expect(pulls.find((p) => p.number === 102)!.itemKeys).toEqual(["ACME-102"]);
    expect(pulls.find((p) => p.number === 111)!.state).toBe("open");

    const items = await listWorkItems(harness.store.db, "acme-mobile");
    expect(items.map((i) => [i.key, i.type, i.status, i.statusCategory, i.resolvedAt])).toEqual([
      ["mobile-app#201", "Bug", "closed (completed)", "done", "2026-03-04T10:00:00.000Z"],
      ["mobile-app#202", "Issue", "open", "todo", null],
    ]);
    expect(await listMilestones(harness.store.db, "acme-mobile")).toMatchObject([
      { name: "Beta", targetDate: "2026-04-01", closedAt: null },
    ]);
    const deployments = await listDeployments(harness.store.db, "acme-mobile");
    expect(deployments.map((d) => [d.environment, d.status, d.finishedAt])).toEqual([
      // "inactive" (superseded by a later deployment) leaves a success a success.
      ["production", "success", "2026-03-05T10:10:00.000Z"],
      ["production", "failure", "2026-03-10T12:05:00.000Z"],
      ["production", "success", "2026-03-11T13:10:00.000Z"],
    ]);
  });

  it("waits out a secondary rate limit (403 with retry-after) and an exhausted primary limit (x-ratelimit-remaining 0) instead of failing", async () => {
    await start();
    server.throttle("/pulls/104/commits", { status: 403, headers: { "retry-after": "3" } });
    const reset = Math.ceil(Date.now() / 1000) + 120;
    server.throttle("/issues/106/timeline", {
      status: 403,
      headers: {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
      },
    });
    const notes: string[] = [];
    const run = await harness.sync({ onProgress: (p) => p.note && notes.push(`${p.stream}: ${p.note}`) });
    expect(run.status).toBe("succeeded");
    expect(run.converted).toBe(17);
    // The progress bar says why the sync is waiting, rather than looking hung.
    expect(notes).toEqual([expect.stringMatching(/^pulls: 403 Forbidden, resuming in 12\d s$/)]);
    // Pull requests are read newest first: #106's timeline hits the primary limit before #104.
    const [primary, secondary] = harness.waits;
    expect(harness.waits).toHaveLength(2);
    // Until the reset instant, plus a second of margin.
    expect(primary).toBeGreaterThan(118_000);
    expect(primary).toBeLessThanOrEqual(122_000);
    expect(secondary).toBe(3000);
    expect(requested(/\/pulls\/104\/commits/).map((r) => r.status)).toEqual([403, 200]);
  });

  it("pauses until the reset when a successful answer says the rate limit is used up, instead of asking again", async () => {
    await start();
    const reset = Math.ceil(Date.now() / 1000) + 600;
    server.throttle("/pulls/110", {
      status: 200,
      headers: {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
      },
    });
    const run = await harness.sync();
    expect(run.status).toBe("succeeded");
    expect(harness.waits).toHaveLength(1);
    expect(harness.waits[0]).toBeGreaterThan(598_000);
    expect(harness.waits[0]).toBeLessThanOrEqual(602_000);
    // Nothing was refused: the request after #110's detail waited rather than meeting a 403.
    expect(server.requests.filter((r) => r.status === 403)).toEqual([]);
  });

  it("syncs again with conditional requests: unchanged lists answer 304 and only the pull request that changed is fetched", async () => {
    const fixture = await start();
    await harness.sync();
    const before = await dumpDomainTables(harness.store.db);

    // Nothing changed: the issues list is read once more from its new `since` (its boundary item),
    // every other list answers 304 to its ETag.
    server.requests.length = 0;
    const second = await harness.sync();
    expect(second.status).toBe("succeeded");
    expect(requested(/\/pulls\/\d+$/)).toEqual([]);
    expect(server.requests.filter((r) => r.status === 304).map((r) => r.path.split("?")[0])).toEqual([
      "/api/v3/repos/acme/mobile-app/pulls",
      "/api/v3/repos/acme/mobile-app/milestones",
      "/api/v3/repos/acme/mobile-app/deployments",
      "/api/v3/repos/acme/mobile-app/releases",
    ]);
    server.requests.length = 0;
    const third = await harness.sync();
    expect(third.fetched).toBe(0);
    expect(server.requests.every((r) => r.status === 304)).toBe(true);
    expect(await dumpDomainTables(harness.store.db)).toBe(before);

    // Dave reviews #111: only #111 is fetched again, and its request is now met.
    const waiting = fixture.pulls.find((p) => p.pull.number === 111)!;
    Object.assign(waiting.pull, { updated_at: "2026-03-12T10:00:00Z" });
    (waiting.timeline as unknown[]).push(gh.reviewed(5111, "2026-03-12T10:00:00Z", "dave", "approved"));
    server.requests.length = 0;
    const fourth = await harness.sync();
    expect(fourth.status).toBe("succeeded");
    expect(requested(/\/pulls\/\d+$/).map((r) => r.path)).toEqual([
      "/api/v3/repos/acme/mobile-app/pulls/111",
    ]);
    const events = await harness.store.db
      .selectFrom("events")
      .select(["kind", "actor", "toValue"])
      .where("entityId", "=", "github:pr:acme-github:acme/mobile-app#111")
      .orderBy("at")
      .orderBy("seq")
      .execute();
    expect(events).toEqual([
      { kind: "created", actor: "bob", toValue: "open" },
      { kind: "review_requested", actor: "bob", toValue: "team:mobile-core" },
      { kind: "reviewed", actor: "dave", toValue: "approved" },
    ]);
  });

  it("reports a pull request that vanished between the list and its fetch, and syncs the rest", async () => {
    await start();
    server.throttle("/pulls/105", { status: 404, headers: {} });
    const run = await harness.sync();
    expect(run).toMatchObject({ status: "partial", converted: 16, failed: 1 });
    expect(run.problems.find((p) => p.stage === "collect")).toMatchObject({ sourceRecordId: "#105" });
    expect(run.problems.find((p) => p.stage === "collect")?.reason).toMatch(
      /answered 404: check that acme\/mobile-app exists/,
    );
  });

  it("syncs an empty repository to nothing, and the next sync costs five 304s", async () => {
    await start({ pulls: [], issues: [], milestones: [], deployments: [], releases: [] });
    expect(await harness.sync()).toMatchObject({ status: "succeeded", converted: 0, failed: 0 });
    server.requests.length = 0;
    expect(await harness.sync()).toMatchObject({ status: "succeeded", fetched: 0 });
    expect(server.requests.map((r) => r.status)).toEqual([304, 304, 304, 304, 304]);
  });

  it("re-collects everything on a full sync and ends with the same records", async () => {
    await start();
    await harness.sync();
    const before = await dumpDomainTables(harness.store.db);
    server.requests.length = 0;
    const run = await harness.sync({ full: true });
    expect(run.converted).toBe(17);
    expect(server.requests.some((r) => r.status === 304)).toBe(false);
    expect(await dumpDomainTables(harness.store.db)).toBe(before);
  });

  it("fails naming the variable when the token's environment variable is not set, and naming the check when GitHub refuses it", async () => {
    await start();
    const saved = process.env.BATON_TEST_GITHUB_TOKEN;
    delete process.env.BATON_TEST_GITHUB_TOKEN;
    try {
      await expect(harness.sync()).rejects.toThrow(
        /BATON_TEST_GITHUB_TOKEN holding the GitHub token is not set/,
      );
      process.env.BATON_TEST_GITHUB_TOKEN = "wrong";
      await expect(harness.sync()).rejects.toThrow(
        /answered 401: the token in BATON_TEST_GITHUB_TOKEN was refused/,
      );
    } finally {
      process.env.BATON_TEST_GITHUB_TOKEN = saved;
    }
  });
});
