import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRun } from "../src/cli/commands/source.ts";
import { runSync } from "../src/ingest/pipeline.ts";
import { generatedModel } from "../src/sources/jira/testing/model.ts";
import { startLocalJira } from "../src/sources/jira/testing/server.ts";
import { connectorFor } from "../src/sources/registry.ts";
import { saveSource } from "../src/store/ingestion.ts";
import { openStore } from "../src/store/store.ts";
import { seedEngagement } from "../src/testing/fixtures.ts";
import { type Benchmark, result } from "./harness.ts";

const ISSUES = Number(process.env.BATON_BENCH_JIRA_ISSUES ?? 10_000);
const CHANGES = 20;
const PAGE = 100;
const TOKEN_ENV = "BATON_BENCH_JIRA_TOKEN";

/**
 * A Jira sync of 10,000 issues with 20 changelog entries each from a local Jira (collect → raw
 * layer → extract → convert → SQLite, page by page), against the floor: the same server serving
 * the same search pages to a plain client that only reads them.
 */
export const jiraBenchmark: Benchmark = {
  name: "jira",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-jira-"));
    process.env[TOKEN_ENV] = "bench";
    const jira = await startLocalJira({
      model: generatedModel(ISSUES, CHANGES),
      credentials: { email: "dm@bench", token: "bench" },
    });
    try {
      const auth = `Basic ${Buffer.from("dm@bench:bench").toString("base64")}`;
      const jql = "filter = 10040 ORDER BY updated ASC, key ASC";
      const fields =
        "summary,issuetype,status,assignee,parent,labels,created,updated,resolutiondate,customfield_10016,customfield_10020,customfield_10021,customfield_10014";
      const floorStart = performance.now();
      let pages = 0;
      for (let token: string | undefined; ; ) {
        const url = new URL("/rest/api/3/search/jql", jira.url);
        for (const [k, v] of Object.entries({
          jql,
          fields,
          expand: "changelog",
          maxResults: String(PAGE),
          ...(token ? { nextPageToken: token } : {}),
        }))
          url.searchParams.set(k, v);
        const body = JSON.parse(await (await fetch(url, { headers: { authorization: auth } })).text()) as {
          nextPageToken?: string;
          isLast: boolean;
        };
        pages++;
        if (body.isLast || !body.nextPageToken) break;
        token = body.nextPageToken;
      }
      const floorMs = performance.now() - floorStart;

      const store = await openStore(join(dir, "baton.db"));
      await seedEngagement(store.db, { timeZone: "UTC" });
      await saveSource(store.db, {
        id: "acme-jira",
        engagementId: "acme-mobile",
        kind: "jira",
        config: { url: jira.url, board: 8, email: "dm@bench", tokenEnv: TOKEN_ENV, apiVersion: "auto" },
        createdAt: "2026-01-05T00:00:00.000Z",
      });
      let shown = 0;
      const start = performance.now();
      const run = await runSync(store, connectorFor, "acme-jira", {
        onProgress: (p) => {
          if (p.stream === "issues" && (p.done - shown >= 20 || p.done === p.total)) {
            shown = p.done;
            process.stderr.write(`  jira issues: ${p.done}/${p.total ?? "?"} pages\n`);
          }
        },
      });
      const batonMs = performance.now() - start;
      await store.close();
      process.stderr.write(`${formatRun(run)}\n`);
      return [
        result(
          `jira sync ${ISSUES.toLocaleString("en")} issues × ${CHANGES} changes (${pages} pages), SQLite`,
          batonMs,
          "ms",
          floorMs,
          "same server, pages only read",
          `${Math.round((run.converted / batonMs) * 1000).toLocaleString("en")} records/s, ${run.status}`,
        ),
      ];
    } finally {
      await jira.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
