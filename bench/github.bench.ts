import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextLink } from "../src/ingest/http.ts";
import { type ConnectorLookup, runSync } from "../src/ingest/pipeline.ts";
import { githubConnector } from "../src/sources/github/index.ts";
import {
  gh,
  type PullFixture,
  type RepoFixture,
  startGithubServer,
} from "../src/sources/github/test-server.ts";
import { saveSource } from "../src/store/ingestion.ts";
import { openStore } from "../src/store/store.ts";
import { seedEngagement } from "../src/testing/fixtures.ts";
import { type Benchmark, result } from "./harness.ts";

const PULLS = Number(process.env.BATON_BENCH_GITHUB_PULLS ?? 500);
const REPO = "acme/mobile-app";
const TOKEN = "bench-token";
const HOUR = 3_600_000;

/** `count` merged pull requests, one an hour, each requested, reviewed, commented on and merged. */
const repository = (count: number): RepoFixture => {
  const start = Date.parse("2026-01-05T08:00:00Z");
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  const pulls: PullFixture[] = [];
  for (let n = 1; n <= count; n++) {
    const created = start + n * HOUR;
    const [author, reviewer] = n % 2 ? ["alice", "bob"] : ["carol", "dave"];
    pulls.push({
      pull: gh.pull({
        repo: REPO,
        number: n,
        title: `ACME-${n}: change ${n}`,
        author,
        createdAt: iso(created),
        updatedAt: iso(created + 5 * HOUR),
        mergedAt: iso(created + 5 * HOUR),
        additions: 10 + (n % 300),
        deletions: n % 40,
        changedFiles: 1 + (n % 9),
      }),
      timeline: [
        gh.reviewRequested(n * 10, iso(created), author, { user: reviewer }),
        gh.commented(n * 10 + 1, iso(created + 600_000), "ci-bot[bot]"),
        gh.reviewed(n * 10 + 2, iso(created + 3 * HOUR), reviewer, "approved"),
        gh.event(n * 10 + 3, "merged", iso(created + 5 * HOUR), author),
        gh.event(n * 10 + 4, "closed", iso(created + 5 * HOUR), author),
      ],
      commits: [gh.commit(`c${n}`, iso(created - HOUR), author)],
    });
  }
  return { pulls, issues: [], milestones: [], deployments: [], releases: [] };
};

/** The floor: the same requests a first sync makes, fetched and read, nothing stored. */
const fetchOnly = async (apiUrl: string) => {
  const headers = { authorization: `Bearer ${TOKEN}`, accept: "application/vnd.github+json" };
  const get = async (url: string) => {
    const response = await fetch(url, { headers });
    return { response, text: await response.text() };
  };
  const listAll = async (url: string) => {
    let next: string | null = url;
    const items: unknown[] = [];
    while (next) {
      const { response, text } = await get(next);
      items.push(...(JSON.parse(text) as unknown[]));
      next = nextLink(response.headers.get("link"));
    }
    return items;
  };
  const base = `${apiUrl}/repos/${REPO}`;
  const pulls = (await listAll(`${base}/pulls?state=all&sort=updated&direction=desc&per_page=100`)) as {
    number: number;
  }[];
  for (const { number } of pulls) {
    JSON.parse((await get(`${base}/pulls/${number}`)).text);
    await listAll(`${base}/issues/${number}/timeline?per_page=100`);
    await listAll(`${base}/pulls/${number}/commits?per_page=100`);
  }
  for (const list of [
    "issues?state=all&sort=updated&direction=asc",
    "milestones?state=all",
    "deployments?",
    "releases?",
  ])
    await listAll(`${base}/${list}&per_page=100`);
};

/**
 * A first sync of a repository from a local server speaking GitHub's API (collect, raw layer,
 * extract, convert, upsert, one transaction per pull request) into a SQLite file, against the
 * floor of making the same HTTP requests and parsing the answers without storing anything; then
 * a re-sync with nothing changed, which costs one conditional request per list.
 */
export const githubBenchmark: Benchmark = {
  name: "github",
  async run() {
    const server = await startGithubServer(REPO, repository(PULLS), { token: TOKEN });
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-github-"));
    process.env.BATON_BENCH_GITHUB_TOKEN = TOKEN;
    try {
      const floorStart = performance.now();
      await fetchOnly(server.url);
      const floorMs = performance.now() - floorStart;
      const floorRequests = server.requests.length;

      const store = await openStore(join(dir, "baton.db"));
      await seedEngagement(store.db, { timeZone: "UTC" });
      await saveSource(store.db, {
        id: "acme-github",
        engagementId: "acme-mobile",
        kind: "github",
        config: { repo: REPO, tokenEnv: "BATON_BENCH_GITHUB_TOKEN", apiUrl: server.url },
        createdAt: "2026-01-05T00:00:00.000Z",
      });
      const lookup: ConnectorLookup = () => githubConnector as never;
      server.requests.length = 0;
      const start = performance.now();
      const run = await runSync(store, lookup, "acme-github");
      const batonMs = performance.now() - start;
      const requests = server.requests.length;

      server.requests.length = 0;
      const againStart = performance.now();
      await runSync(store, lookup, "acme-github");
      const againMs = performance.now() - againStart;
      const conditional = server.requests.filter((r) => r.status === 304).length;
      await store.close();

      return [
        result(
          `github first sync, ${PULLS} pull requests (${requests} requests), SQLite`,
          batonMs,
          "ms",
          floorMs,
          `the same ${floorRequests} requests, nothing stored`,
          `${Math.round((run.converted / batonMs) * 1000)} pull requests/s`,
        ),
        result(
          "github re-sync, nothing changed",
          againMs,
          "ms",
          batonMs,
          "the first sync",
          `${server.requests.length} requests, ${conditional} answered 304`,
        ),
      ];
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
