import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  editReport,
  type PreparedDraft,
  prepareReport,
  prepareWeekly,
  publishReport,
  requireReport,
  resetReport,
} from "../../app/reports.ts";
import { invalidInput } from "../../errors.ts";
import { llmConfigFromEnv, type Narration } from "../../reports/narrate.ts";
import { listReports, type StoredReport } from "../../store/reports.ts";
import { withStore } from "../context.ts";
import { type Output, table } from "../output.ts";

const FORMATS = ["md", "json"] as const;

const formatOf = (value: string): (typeof FORMATS)[number] => {
  if (!(FORMATS as readonly string[]).includes(value))
    throw invalidInput(
      `--format "${value}" must be one of ${FORMATS.join(", ")} (HTML and PDF come with delivery)`,
    );
  return value as (typeof FORMATS)[number];
};

/** A report in the chosen format: the Markdown as written, or the facts it was written from. */
const render = (report: StoredReport, format: (typeof FORMATS)[number]) =>
  format === "json" ? JSON.stringify(report.facts, null, 2) : report.markdown.trimEnd();

/** Says which draft was prepared and what to do next, then prints it. */
const printDraft = (out: Output, prepared: PreparedDraft, format: (typeof FORMATS)[number]) => {
  const { report: draft, regenerated } = prepared;
  if (!regenerated)
    out.notice(
      `Draft ${draft.id} keeps your edits (facts not rewritten); \`baton report reset ${draft.id}\` to start again from facts.`,
    );
  else out.notice(`Draft ${draft.id}; publish it with \`baton report publish ${draft.id}\`.`);
  out.result(render(draft, format), draft);
};

/** The report kinds beyond the weekly status, each with the option that names its period. */
const PERIOD_KINDS = [
  {
    kind: "monthly",
    flag: "--month <YYYY-MM>",
    key: "month",
    description: "prepare (or refresh) the monthly review draft and print it",
    help: "the month, in the engagement's time zone (default: the last complete month)",
  },
  {
    kind: "milestone",
    flag: "--milestone <name>",
    key: "milestone",
    description: "prepare (or refresh) a milestone report draft and print it",
    help: "the milestone, by name or id",
  },
  {
    kind: "sprint",
    flag: "--sprint <name>",
    key: "sprint",
    description: "prepare (or refresh) a sprint review draft and print it",
    help: 'the sprint, by name, e.g. "Sprint 14" (default: the last finished sprint)',
  },
] as const;

/** One line on who wrote a narrated draft: the model, or the template and why the model's text was not used. */
const narrationLine = (narration: Narration) =>
  narration.source === "llm"
    ? `Written by ${narration.model}.`
    : `Written from the template: narration rejected — ${narration.reason ?? "no reason recorded"}.`;

export const registerReportCommands = (program: Command) => {
  const report = program
    .command("report")
    .description("weekly, monthly, milestone and sprint report drafts, edits and published versions");

  report
    .command("weekly")
    .description("prepare (or refresh) the weekly status draft and print it")
    .requiredOption("--engagement <id>", "engagement id")
    .option(
      "--week-ending <date>",
      "the week ending on this date, in the engagement's time zone (default: today)",
    )
    .option("--format <format>", "md or json (the facts)", "md")
    .option("--no-narration", "write from the template even when BATON_LLM_URL names a narrating model")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const format = formatOf(o.format);
        const narrator = o.narration ? llmConfigFromEnv(process.env) : null;
        const { report: draft, regenerated } = await prepareWeekly(store, o.engagement, o.weekEnding, now, {
          narrator,
        });
        if (regenerated && draft.narration) out.notice(narrationLine(draft.narration));
        if (!regenerated)
          out.notice(
            `Draft ${draft.id} keeps your edits (facts not rewritten); \`baton report reset ${draft.id}\` to start again from facts.`,
          );
        else out.notice(`Draft ${draft.id}; publish it with \`baton report publish ${draft.id}\`.`);
        out.result(render(draft, format), draft);
      }),
    );

  for (const k of PERIOD_KINDS)
    report
      .command(k.kind)
      .description(k.description)
      .requiredOption("--engagement <id>", "engagement id")
      .option(k.flag, k.help)
      .option("--format <format>", "md or json (the facts)", "md")
      .action(async (o, command: Command) =>
        withStore(command, async ({ store, now, out }) => {
          const format = formatOf(o.format);
          printDraft(out, await prepareReport(store, o.engagement, k.kind, o[k.key], now), format);
        }),
      );

  report
    .command("edit <id>")
    .description("replace a draft's text with your Markdown; later refreshes keep it")
    .requiredOption("--file <path>", "the Markdown file")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        let text: string;
        try {
          text = await readFile(o.file, "utf8");
        } catch (error) {
          throw invalidInput(`cannot read --file ${o.file}: ${(error as Error).message}`);
        }
        const edited = await editReport(store, id, text, now);
        out.result(`Saved your text for ${edited.id}.`, edited);
      }),
    );

  report
    .command("reset <id>")
    .description("drop your edits: the next `report weekly` writes the draft from facts again")
    .action(async (id: string, _o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const reset = await resetReport(store, id, now);
        out.result(`${reset.id} will be written from facts again.`, reset);
      }),
    );

  report
    .command("publish <id>")
    .description(
      "freeze the draft as the next published version (publishing the same text again changes nothing)",
    )
    .option("--by <name>", "who publishes", process.env.USER ?? "the DM")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { report: version, published } = await publishReport(store, id, o.by, now);
        out.result(
          published
            ? `Published ${version.id} (version ${version.version}).${version.diff ? `\n${version.diff.trimEnd()}` : ""}`
            : `Nothing new: ${version.id} already has this text.`,
          { published, report: version },
        );
      }),
    );

  report
    .command("show <id>")
    .description("one draft or published version")
    .option("--format <format>", "md or json (the facts)", "md")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const found = await requireReport(store, id);
        if (found.narration) out.notice(narrationLine(found.narration));
        out.result(render(found, formatOf(o.format)), found);
      }),
    );

  report
    .command("list")
    .description("an engagement's drafts and published versions")
    .requiredOption("--engagement <id>", "engagement id")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const reports = await listReports(store.db, o.engagement);
        out.result(
          reports.length === 0
            ? `No reports yet. Prepare one with \`baton report weekly --engagement ${o.engagement}\`.`
            : table(
                ["ID", "KIND", "PERIOD", "STATUS", "VERSION", "EDITED", "UPDATED"],
                reports.map((r) => [
                  r.id,
                  r.kind,
                  r.period,
                  r.status,
                  r.version === 0 ? "draft" : String(r.version),
                  r.edited ? "yes" : "",
                  r.updatedAt.slice(0, 16).replace("T", " "),
                ]),
              ),
          reports,
        );
      }),
    );
};
