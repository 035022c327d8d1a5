import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  configureReportRecipients,
  type DeliveryRun,
  deliverReport,
  deliveryConfigFromEnv,
  deliveryStatus,
  maskedRecipient,
  publishAndDeliver,
  reportRecipients,
} from "../../app/report-delivery.ts";
import { type ReportFormat, renderReport, reportFormat } from "../../app/report-formats.ts";
import {
  editReport,
  type PreparedDraft,
  prepareReport,
  prepareWeekly,
  requireReport,
  resetReport,
} from "../../app/reports.ts";
import { invalidInput } from "../../errors.ts";
import { llmConfigFromEnv, type Narration } from "../../reports/narrate.ts";
import type { ReportDelivery } from "../../store/report-deliveries.ts";
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

const deliveryTable = (deliveries: readonly ReportDelivery[]) =>
  table(
    ["CHANNEL", "RECIPIENT", "STATUS", "ATTEMPTS", "SENT", "LAST ERROR"],
    deliveries.map((d) => [
      d.channel,
      maskedRecipient(d.channel, d.recipient),
      d.status,
      d.attempts,
      d.sentAt ? d.sentAt.slice(0, 16).replace("T", " ") : null,
      d.lastError,
    ]),
  );

/** One line per delivery a run tried, and what to do about failures. */
const runSummary = (run: DeliveryRun): string => {
  if (run.deliveries.length === 0)
    return "No recipients: add them with `baton report recipients --engagement <id> --add-email …`.";
  if (run.attempted.length === 0) return `Every recipient already has ${run.reportId}; nothing sent.`;
  const failed = run.attempted.filter((d) => d.status === "failed");
  return [
    deliveryTable(run.attempted),
    ...(failed.length > 0
      ? [`${failed.length} failed; retry with \`baton report deliver ${run.reportId}\`.`]
      : []),
  ].join("\n");
};

const collect = (value: string, previous: string[]) => [...previous, value];

const FORMAT_HELP = "md, html, pdf or json (the facts)";
const OUT_HELP = "write to this file instead of printing (needed for pdf on a terminal)";

/** Says who wrote the draft and what to do next, then prints or writes it. */
const printDraft = async (
  out: Output,
  prepared: PreparedDraft,
  format: ReportFormat,
  file: string | undefined,
) => {
  const { report: draft, regenerated } = prepared;
  if (regenerated && draft.narration) out.notice(narrationLine(draft.narration));
  if (!regenerated)
    out.notice(
      `Draft ${draft.id} keeps your edits (facts not rewritten); \`baton report reset ${draft.id}\` to start again from facts.`,
    );
  else out.notice(`Draft ${draft.id}; publish it with \`baton report publish ${draft.id}\`.`);
  await emit(draft, format, file, out);
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
    .option("--format <format>", FORMAT_HELP, "md")
    .option("--out <file>", OUT_HELP)
    .option("--no-narration", "write from the template even when BATON_LLM_URL names a narrating model")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const format = reportFormat(o.format);
        const narrator = o.narration ? llmConfigFromEnv(process.env) : null;
        await printDraft(
          out,
          await prepareWeekly(store, o.engagement, o.weekEnding, now, { narrator }),
          format,
          o.out,
        );
      }),
    );

  for (const k of PERIOD_KINDS)
    report
      .command(k.kind)
      .description(k.description)
      .requiredOption("--engagement <id>", "engagement id")
      .option(k.flag, k.help)
      .option("--format <format>", FORMAT_HELP, "md")
      .option("--out <file>", OUT_HELP)
      .option("--no-narration", "write from the template even when BATON_LLM_URL names a narrating model")
      .action(async (o, command: Command) =>
        withStore(command, async ({ store, now, out }) => {
          const format = reportFormat(o.format);
          const narrator = o.narration ? llmConfigFromEnv(process.env) : null;
          await printDraft(
            out,
            await prepareReport(store, o.engagement, k.kind, o[k.key], now, { narrator }),
            format,
            o.out,
          );
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
      "freeze the draft as the next published version and deliver it to the engagement's recipients (publishing the same text again changes and sends nothing)",
    )
    .option("--by <name>", "who publishes", process.env.USER ?? "the DM")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const { publication, delivery } = await publishAndDeliver(
          store,
          id,
          o.by,
          deliveryConfigFromEnv(),
          () => new Date(),
        );
        const { report: version, published } = publication;
        out.result(
          published
            ? `Published ${version.id} (version ${version.version}).${version.diff ? `\n${version.diff.trimEnd()}` : ""}${delivery ? `\n${runSummary(delivery)}` : ""}`
            : `Nothing new: ${version.id} already has this text; nothing delivered.`,
          { published, report: version, deliveries: delivery?.attempted ?? [] },
        );
      }),
    );

  report
    .command("recipients")
    .description("who receives the engagement's published reports: email addresses and a Slack webhook")
    .requiredOption("--engagement <id>", "engagement id")
    .option("--add-email <email>", "add an email recipient (repeatable)", collect, [])
    .option("--remove-email <email>", "remove an email recipient (repeatable)", collect, [])
    .option("--slack-webhook <url>", "post each published version to this Slack incoming webhook")
    .option("--no-slack", "stop posting to Slack")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const changes = o.addEmail.length > 0 || o.removeEmail.length > 0 || o.slackWebhook || !o.slack;
        const recipients = changes
          ? await configureReportRecipients(
              store,
              o.engagement,
              {
                addEmails: o.addEmail,
                removeEmails: o.removeEmail,
                ...(o.slackWebhook ? { slackWebhookUrl: o.slackWebhook } : {}),
                ...(o.slack === false ? { slackWebhookUrl: null } : {}),
              },
              now,
            )
          : await reportRecipients(store, o.engagement);
        const slack = recipients.slackWebhookUrl
          ? maskedRecipient("slack", recipients.slackWebhookUrl)
          : "none";
        out.result(
          `Reports of ${o.engagement} go to: ${recipients.emails.length > 0 ? recipients.emails.join(", ") : "no email recipients"}; Slack: ${slack}.`,
          { ...recipients, slackWebhookUrl: recipients.slackWebhookUrl ? slack : null },
        );
      }),
    );

  report
    .command("deliver <version-id>")
    .description("send a published version to every recipient it has not reached yet (retries failures)")
    .action(async (id: string, _o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const run = await deliverReport(store, id, deliveryConfigFromEnv(), () => new Date());
        out.result(runSummary(run), run);
      }),
    );

  report
    .command("deliveries <version-id>")
    .description("where a published version was sent, and with what result")
    .action(async (id: string, _o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const deliveries = await deliveryStatus(store, id);
        out.result(
          deliveries.length === 0 ? `${id} has not been delivered to anyone.` : deliveryTable(deliveries),
          deliveries.map((d) => ({ ...d, recipient: maskedRecipient(d.channel, d.recipient) })),
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
        const found = await requireReport(store, id);
        if (found.narration) out.notice(narrationLine(found.narration));
        await emit(found, format, o.out, out);
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
