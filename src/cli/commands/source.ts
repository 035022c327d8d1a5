import type { Command } from "commander";
import { addSource, reconvertSource, sourceRuns, sourcesToSync, syncSource } from "../../app/sources.ts";
import {
  CSV_MAPPING_FLAGS,
  type CsvSourceOptions,
  checkCsvFile,
  csvSourceConfig,
} from "../../sources/csv/index.ts";
import { jiraSourceConfig } from "../../sources/jira/index.ts";
import type { RunSummary } from "../../store/ingestion.ts";
import { listSources } from "../../store/ingestion.ts";
import { withStore } from "../context.ts";
import { table } from "../output.ts";
import { progressView } from "../progress.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A run summary as a user reads it: counts, then each problem with where and why. */
export const formatRun = (run: RunSummary, limit = 20): string => {
  const head =
    run.status === "succeeded" && run.fetched === 0
      ? `${run.sourceId}: up to date — nothing new since the last sync`
      : `${run.sourceId}: ${run.status} — ${run.fetched} records read, ${run.converted} converted, ${run.skipped} skipped, ${run.failed} failed`;
  const problems = run.problems.slice(0, limit).map((p) => {
    const where = p.location && p.location !== p.sourceRecordId ? ` (${p.location})` : "";
    return `  ✗ ${p.sourceRecordId}${where}: ${p.reason}`;
  });
  const total = run.failed + run.skipped;
  const more =
    total > problems.length
      ? [
          `  … and ${total - problems.length} more (see \`baton --json source runs --source ${run.sourceId}\`)`,
        ]
      : [];
  return [head, ...(run.error ? [`  error: ${run.error}`] : []), ...problems, ...more].join("\n");
};

export const registerSourceCommands = (program: Command) => {
  const source = program.command("source").description("where an engagement's delivery data comes from");
  const add = source.command("add").description("connect a source to an engagement");

  const csv = add
    .command("csv")
    .description("a CSV export from any tracker, one row per work item (see docs/sources/csv.md)")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--file <path>", "the CSV file")
    .option("--id <id>", "source id (default: <engagement>-csv)")
    .option("--no-sync", "only configure the source; sync later with `baton sync`");
  // No commander defaults: a column named explicitly must exist, a defaulted one may be absent.
  for (const flag of CSV_MAPPING_FLAGS) {
    if (flag.repeatable) csv.option(flag.flag, flag.description, collect);
    else csv.option(flag.flag, flag.description);
  }
  csv.action(async (o, command: Command) =>
    withStore(command, async ({ store, now, out }) => {
      const options: Record<string, unknown> = { file: o.file };
      for (const flag of CSV_MAPPING_FLAGS)
        if (o[flag.option] !== undefined) options[flag.option] = o[flag.option];
      const config = csvSourceConfig(options as unknown as CsvSourceOptions);
      const file = await checkCsvFile(config);
      const created = await addSource(
        store,
        { engagement: o.engagement, kind: "csv", ...(o.id ? { id: o.id } : {}), config: { ...config } },
        now,
      );
      const lines = [`Added source ${created.id}: ${file.rows} rows, columns ${file.columns.join(", ")}.`];
      let run: RunSummary | null = null;
      if (o.sync) {
        run = await syncSource(store, created.id, {});
        lines.push(formatRun(run));
      }
      out.result(lines.join("\n"), { source: created, file, run });
      if (run && run.status !== "succeeded") process.exitCode = 4;
    }),
  );

  add
    .command("github")
    .description(
      "a GitHub repository: pull requests, reviews, issues, milestones, deployments (see docs/sources/github.md)",
    )
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--repo <owner/name>", "the repository")
    .requiredOption(
      "--token-env <name>",
      "the environment variable holding the token (its name is stored, never the token)",
    )
    .option(
      "--api-url <url>",
      "REST API base URL, e.g. https://ghe.example.com/api/v3 for GitHub Enterprise Server",
    )
    .option("--webhook-secret-env <name>", "the environment variable holding the webhook secret")
    .option("--environment <name>", "only read deployments to this environment")
    .option("--id <id>", "source id (default: <engagement>-github)")
    .option("--no-sync", "only configure the source; sync later with `baton sync`")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const config: Record<string, unknown> = { repo: o.repo, tokenEnv: o.tokenEnv };
        if (o.apiUrl) config.apiUrl = o.apiUrl;
        if (o.webhookSecretEnv) config.webhookSecretEnv = o.webhookSecretEnv;
        if (o.environment) config.environment = o.environment;
        const created = await addSource(
          store,
          { engagement: o.engagement, kind: "github", ...(o.id ? { id: o.id } : {}), config },
          now,
        );
        const lines = [`Added source ${created.id}: GitHub ${o.repo}.`];
        if (o.webhookSecretEnv)
          lines.push(
            `Webhook URL: <your Baton server>/webhooks/github/${created.id} (content type application/json).`,
          );
        let run: RunSummary | null = null;
        if (o.sync) {
          run = await syncSource(store, created.id, {});
          lines.push(formatRun(run));
        }
        out.result(lines.join("\n"), { source: created, run });
        if (run && run.status !== "succeeded") process.exitCode = 4;
      }),
    );

  add
    .command("jira")
    .description(
      "a Jira Cloud or Data Center board: sprints, issues and their changelogs (see docs/sources/jira.md)",
    )
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--url <url>", "the site's base URL, e.g. https://acme.atlassian.net")
    .requiredOption("--board <id>", "the board id (rapidView in board URLs)")
    .option("--email <email>", "Cloud: the account's email (with --token-env)")
    .option("--token-env <name>", "Cloud: the environment variable holding the API token")
    .option("--pat-env <name>", "Data Center: the environment variable holding a personal access token")
    .option("--webhook-secret-env <name>", "the environment variable holding the webhook secret")
    .option("--api-version <version>", "REST API version: 3 (Cloud), 2 (Data Center) or auto", "auto")
    .option("--story-points-field <id>", "story-points field id, when the board's estimation field is not it")
    .option("--id <id>", "source id (default: <engagement>-jira)")
    .option("--no-sync", "only configure the source; sync later with `baton sync`")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const config = jiraSourceConfig({
          url: o.url,
          board: o.board,
          email: o.email,
          tokenEnv: o.tokenEnv,
          patEnv: o.patEnv,
          webhookSecretEnv: o.webhookSecretEnv,
          apiVersion: o.apiVersion,
          storyPointsField: o.storyPointsField,
        });
        const created = await addSource(
          store,
          { engagement: o.engagement, kind: "jira", ...(o.id ? { id: o.id } : {}), config: { ...config } },
          now,
        );
        const auth = config.patEnv
          ? `PAT from $${config.patEnv}`
          : `${config.email}, token from $${config.tokenEnv}`;
        const lines = [`Added source ${created.id}: Jira board ${config.board} at ${config.url} (${auth}).`];
        if (config.webhookSecretEnv)
          lines.push(
            `Webhook URL: POST /webhooks/jira/${created.id} (secret from $${config.webhookSecretEnv}).`,
          );
        let run: RunSummary | null = null;
        if (o.sync) {
          const view = progressView();
          try {
            run = await syncSource(store, created.id, { onProgress: (p) => view.update(created.id, p) });
          } finally {
            view.stop();
          }
          lines.push(formatRun(run));
        }
        out.result(lines.join("\n"), { source: created, run });
        if (run && run.status !== "succeeded") process.exitCode = 4;
      }),
    );

  source
    .command("list")
    .description("an engagement's sources")
    .requiredOption("--engagement <id>", "engagement id")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const sources = await listSources(store.db, o.engagement);
        out.result(
          sources.length
            ? table(
                ["SOURCE", "KIND", "ADDED"],
                sources.map((s) => [s.id, s.kind, s.createdAt]),
              )
            : `No sources on ${o.engagement}. Add one with \`baton source add csv\`.`,
          sources,
        );
      }),
    );

  source
    .command("runs")
    .description("recent sync runs of a source, with every problem")
    .requiredOption("--source <id>", "source id")
    .option("--limit <n>", "how many runs", "10")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const runs = await sourceRuns(store, o.source, Number(o.limit) || 10);
        out.result(
          runs.map((r) => `${r.startedAt} ${r.mode}\n${formatRun(r)}`).join("\n\n") || "No runs yet.",
          runs,
        );
      }),
    );

  source
    .command("reconvert")
    .description("rebuild a source's data from its stored raw payloads, without fetching")
    .requiredOption("--source <id>", "source id")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const run = await reconvertSource(store, o.source);
        out.result(formatRun(run), run);
      }),
    );

  program
    .command("sync")
    .description("fetch new data from an engagement's sources (Ctrl-C is safe: the next sync resumes)")
    .requiredOption("--engagement <id>", "engagement id")
    .option("--source <id>", "only this source")
    .option("--full", "re-collect everything instead of what changed since the last sync")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const sources = await sourcesToSync(store, o.engagement, o.source);
        const controller = new AbortController();
        const interrupt = () => controller.abort();
        process.once("SIGINT", interrupt);
        const view = progressView();
        const runs: RunSummary[] = [];
        try {
          for (const s of sources) {
            if (controller.signal.aborted) break;
            runs.push(
              await syncSource(store, s.id, {
                full: Boolean(o.full),
                signal: controller.signal,
                onProgress: (p) => view.update(s.id, p),
              }),
            );
          }
        } finally {
          view.stop();
          process.off("SIGINT", interrupt);
        }
        out.result(runs.map((r) => formatRun(r)).join("\n"), runs);
        if (runs.some((r) => r.status !== "succeeded")) process.exitCode = 4;
      }),
    );
};
