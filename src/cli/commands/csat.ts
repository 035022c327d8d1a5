import type { Command } from "commander";
import { csatReport } from "../../app/csat.ts";
import { withStore } from "../context.ts";
import { table } from "../output.ts";

export const registerCsatCommands = (program: Command) => {
  program
    .command("csat")
    .description("the customer's answers to the monthly review's question, with NPS per month")
    .requiredOption("--engagement <id>", "engagement id")
    .option("--month <YYYY-MM>", "one month only (the month the review covered)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const report = await csatReport(store, o.engagement, o.month);
        if (report.responses.length === 0) {
          out.result(
            `No answers yet${o.month ? ` for ${o.month}` : ""}. The question: ${report.question}`,
            report,
          );
          return;
        }
        const months = table(
          ["MONTH", "ANSWERS", "NPS", "AVERAGE"],
          report.months.map((m) => [
            m.month,
            String(m.responses),
            String(m.nps ?? "—"),
            m.average?.toFixed(1) ?? "—",
          ]),
        );
        const answers = table(
          ["MONTH", "RESPONDENT", "SCORE", "VIA", "ANSWERED", "COMMENT"],
          report.responses.map((r) => [
            r.month,
            r.respondent,
            String(r.score),
            r.via,
            r.answeredAt.slice(0, 16).replace("T", " "),
            r.comment ?? "",
          ]),
        );
        out.result(`${report.question}\n\n${months}\n\n${answers}`, report);
      }),
    );
};
