import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { type ReportFormat, renderReport, reportFormat } from "../../app/report-formats.ts";
import { editReport, prepareWeekly, publishReport, requireReport, resetReport } from "../../app/reports.ts";
import { invalidInput } from "../../errors.ts";
import { listReports, type StoredReport } from "../../store/reports.ts";
import { withStore } from "../context.ts";
import { type Output, table } from "../output.ts";

/**
 * Prints a report in the chosen format, or writes it to `--out`. A PDF goes to a file, or to
 * stdout only when that is not a terminal (a pipe or a redirect).
 */
const emit = async (
  report: StoredReport,
  format: ReportFormat,
  file: string | undefined,
  out: Output,
): Promise<void> => {
  if (format === "pdf" && !file && process.stdout.isTTY)
    throw invalidInput("--format pdf needs --out <file> (or redirect stdout to a file)");
  const rendered = await renderReport(report, format);
  if (file) {
    try {
      await writeFile(file, rendered.body);
    } catch (error) {
      throw invalidInput(`cannot write --out ${file}: ${(error as Error).message}`);
    }
    out.result(`Wrote ${report.id} as ${format.toUpperCase()} to ${file} (${rendered.body.length} bytes).`, {
      id: report.id,
      format,
      file,
      bytes: rendered.body.length,
    });
  } else if (typeof rendered.body !== "string") process.stdout.write(rendered.body);
  else out.result(rendered.body.trimEnd(), report);
};

const FORMAT_HELP = "md, html, pdf or json (the facts)";
const OUT_HELP = "write to this file instead of printing (needed for pdf on a terminal)";

export const registerReportCommands = (program: Command) => {
  const report = program.command("report").description("weekly status drafts, edits and published versions");

  report
    .command("weekly")
    .description("prepare (or refresh) the weekly status draft and print it")
    .requiredOption("--engagement <id>", "engagement id")
    .option(
      "--week-ending <date>",
      "the week ending on this date, in the engagement's time zone (default: today)",
    )
    .option("--format <format>", FORMAT_HELP, "md")
    .option("--out <file>", OUT_HELP)
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const format = reportFormat(o.format);
        const { report: draft, regenerated } = await prepareWeekly(store, o.engagement, o.weekEnding, now);
        if (!regenerated)
          out.notice(
            `Draft ${draft.id} keeps your edits (facts not rewritten); \`baton report reset ${draft.id}\` to start again from facts.`,
          );
        else out.notice(`Draft ${draft.id}; publish it with \`baton report publish ${draft.id}\`.`);
        await emit(draft, format, o.out, out);
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
    .option("--format <format>", FORMAT_HELP, "md")
    .option("--out <file>", OUT_HELP)
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const format = reportFormat(o.format);
        await emit(await requireReport(store, id), format, o.out, out);
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
