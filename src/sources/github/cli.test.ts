import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../store/store.ts";
import { runCli, tempDbPath } from "../../testing/cli.ts";
import { REPO, repoFixture } from "./fixtures.ts";
import { type GithubTestServer, startGithubServer } from "./test-server.ts";
import { TOKEN, TOKEN_ENV } from "./test-support.ts";

describe("baton source add github", () => {
  let server: GithubTestServer;
  let db: string;
  beforeAll(async () => {
    server = await startGithubServer(REPO, repoFixture(), { token: TOKEN });
    db = tempDbPath();
    await runCli(
      db,
      "engagement",
      "create",
      "--name",
      "Acme Mobile",
      "--customer",
      "Acme",
      "--time-zone",
      "Europe/Berlin",
    );
  });
  afterAll(async () => server?.close());

  it("adds a repository by its token's variable name, syncs it, and the review figures show", async () => {
    const added = await runCli(
      db,
      "source",
      "add",
      "github",
      "--engagement",
      "acme-mobile",
      "--repo",
      REPO,
      "--token-env",
      TOKEN_ENV,
      "--api-url",
      server.url,
      "--webhook-secret-env",
      "ACME_GITHUB_WEBHOOK_SECRET",
    );
    expect(added.stderr).toBe("");
    expect(added.exitCode).toBe(0);
    expect(added.stdout).toContain("Added source acme-mobile-github: GitHub acme/mobile-app.");
    expect(added.stdout).toContain("/webhooks/github/acme-mobile-github");
    expect(added.stdout).toContain(
      "acme-mobile-github: succeeded — 19 records read, 17 converted, 2 skipped, 0 failed",
    );

    // Only the variable's name is stored, never the token.
    const store = await openStore(db);
    try {
      const row = await store.db.selectFrom("sources").selectAll().executeTakeFirstOrThrow();
      expect(String(row.config)).not.toContain(TOKEN);
      expect(JSON.parse(String(row.config))).toEqual({
        repo: REPO,
        tokenEnv: TOKEN_ENV,
        apiUrl: server.url,
        webhookSecretEnv: "ACME_GITHUB_WEBHOOK_SECRET",
      });
    } finally {
      await store.close();
    }

    // Carol works from New York: requests to her login run on her calendar once she is mapped.
    const mapped = await runCli(
      db,
      "pod",
      "add",
      "--engagement",
      "acme-mobile",
      "--name",
      "Carol Diaz",
      "--github",
      "carol",
      "--time-zone",
      "America/New_York",
      "--from",
      "2026-03-01",
    );
    expect(mapped.exitCode).toBe(0);

    const again = await runCli(db, "sync", "--engagement", "acme-mobile");
    expect(again.exitCode).toBe(0);

    const reviews = await runCli(
      db,
      "--json",
      "reviews",
      "--engagement",
      "acme-mobile",
      "--as-of",
      "2026-03-12T16:00:00Z",
      "--from",
      "2026-03-01",
    );
    expect(reviews.exitCode).toBe(0);
    const report = JSON.parse(reviews.stdout) as {
      sla: { met: number; breached: number };
      requests: { reviewer: string; timeZone: string; workingHours: number; prId: string }[];
    };
    expect(report.sla).toMatchObject({ met: 8, breached: 2 });
    const carols = report.requests.filter((r) => r.reviewer === "carol");
    expect(new Set(carols.map((r) => r.timeZone))).toEqual(new Set(["America/New_York"]));
    // #102: ready Mon 2 March 14:00 UTC = 09:00 in New York (UTC-5), approved Tue 09:00 UTC = 04:00:
    // her Monday 09:00–17:00 = 8 working hours.
    expect(carols.find((r) => r.prId.endsWith("#102"))?.workingHours).toBe(8);
  });

  it("refuses a repository that is not owner/name and a token given instead of a variable name", async () => {
    const bad = await runCli(
      db,
      "source",
      "add",
      "github",
      "--engagement",
      "acme-mobile",
      "--repo",
      "mobile-app",
      "--token-env",
      TOKEN_ENV,
      "--no-sync",
    );
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('github source: repo must be "owner/name"');
    const secret = await runCli(
      db,
      "source",
      "add",
      "github",
      "--engagement",
      "acme-mobile",
      "--repo",
      REPO,
      "--token-env",
      "ghp_abc123",
      "--no-sync",
    );
    expect(secret.exitCode).toBe(2);
    expect(secret.stderr).toContain("tokenEnv must be the name of an environment variable, not its value");
  });
});
