import type { Command } from "commander";
import { createEngagement, listEngagementSummaries, showEngagement } from "../../app/engagements.ts";
import { presentEngagementDetail, presentEngagementSummary } from "../../app/presenters.ts";
import { today } from "../../app/validate.ts";
import { withStore } from "../context.ts";
import { table } from "../output.ts";

export const registerEngagementCommands = (program: Command) => {
  const engagement = program.command("engagement").description("customer engagements: create, list, show");

  engagement
    .command("create")
    .description("create an engagement (and its customer if new)")
    .requiredOption("--name <name>", "engagement name, e.g. 'Acme Mobile'")
    .requiredOption("--customer <name>", "customer name, e.g. 'Acme Corp'")
    .option("--id <slug>", "id to type in commands (default: from the name, e.g. acme-mobile)")
    .option("--sprint-length <days>", "sprint length in days", "14")
    .option("--report-day <day>", "weekday the weekly status is due (mon…sun)", "fri")
    .option("--review-sla <hours>", "first review due within this many working hours", "8")
    .option("--time-zone <tz>", "the engagement's IANA time zone", "UTC")
    .option("--start <date>", "start date, YYYY-MM-DD (default: today)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const created = await createEngagement(
          store,
          {
            name: o.name,
            customer: o.customer,
            ...(o.id ? { id: o.id } : {}),
            sprintLengthDays: o.sprintLength,
            reportDay: o.reportDay,
            reviewSlaHours: o.reviewSla,
            timeZone: o.timeZone,
            ...(o.start ? { startDate: o.start } : {}),
          },
          now,
        );
        out.result(`Created engagement ${created.id} for customer ${created.customerId}.`, created);
      }),
    );

  engagement
    .command("list")
    .description("every engagement with its DM, pod size and DM-load violations")
    .option("--date <date>", "evaluate pods and DM load on this date (default: today)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const date = o.date ?? today(now);
        const summaries = await listEngagementSummaries(store, date);
        const rows = summaries.map((s) => [
          s.engagement.id,
          s.customerName,
          s.dm?.name ?? null,
          s.podSize,
          s.engagement.status,
          s.violations.length ? `⚠ ${s.violations.length}` : "",
        ]);
        const text = summaries.length
          ? table(["ENGAGEMENT", "CUSTOMER", "DM", "POD", "STATUS", "DM-LOAD"], rows)
          : "No engagements yet. Create one with `baton engagement create`, or run `baton demo`.";
        out.result(text, { date, engagements: summaries.map(presentEngagementSummary) });
      }),
    );

  engagement
    .command("show <id>")
    .description("an engagement's settings, pod, leadership, sources and DM-load violations")
    .option("--date <date>", "evaluate the pod on this date (default: today)")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const date = o.date ?? today(now);
        const detail = await showEngagement(store, id, date);
        const e = detail.engagement;
        const current = detail.pod.filter((m) => m.from <= date && (m.to === null || m.to >= date));
        const lines = [
          `${e.name} (${e.id}) — customer ${detail.customerName}, ${e.status}`,
          `Sprints of ${e.sprintLengthDays} days · weekly status on ${e.reportDay} · first review within ${e.reviewSla.firstReviewHours} working hours · ${e.timeZone} · since ${e.startDate}`,
          "",
          `Leadership: ${detail.leadership.map((a) => `${a.name} (${a.role}${a.to ? ` until ${a.to}` : ""})`).join(", ") || "none"}`,
          `Pod on ${date}: ${detail.podSize} weighted specialists`,
          current.length
            ? table(
                ["PERSON", "ROLE", "ALLOCATION", "TIME ZONE", "FROM", "TO"],
                current.map((m) => [m.name, m.role, `${m.allocationPct}%`, m.timeZone, m.from, m.to]),
              )
            : "  (nobody yet: add people with `baton pod add`)",
          "",
          `Sources: ${detail.sources.map((s) => `${s.id} (${s.kind})`).join(", ") || "none (add one with `baton source add`)"}`,
          `Data: ${detail.data.workItems} items, ${detail.data.sprints} sprints, ${detail.data.pullRequests} pull requests, ${detail.data.deployments} deployments, ${detail.data.milestones} milestones, ${detail.data.events} history events`,
          "",
          detail.violations.length
            ? `DM-load violations:\n${detail.violations.map((v) => `  ⚠ ${v}`).join("\n")}`
            : "DM load: within the rules.",
        ];
        out.result(lines.join("\n"), presentEngagementDetail(detail, date));
      }),
    );
};
