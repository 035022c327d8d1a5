import type { Command } from "commander";
import { doraReport, reviewReport } from "../../app/metrics.ts";
import type { Distribution } from "../../engine/reviews.ts";
import { withStore } from "../context.ts";
import { hours, pct, table } from "../output.ts";

/** Adds the flags every metrics command shares. */
const withWindow = (command: Command, windowed: boolean) => {
  command
    .requiredOption("--engagement <id>", "engagement id")
    .option("--as-of <when>", "compute as of this instant or date (end of day UTC); default now")
    .option("--explain", "list the items, pull requests and events behind each figure");
  if (windowed) {
    command
      .option("--from <date>", "window start (default: 28 days before --to)")
      .option("--to <date>", "window end (default: --as-of)");
  }
  return command;
};

const shortId = (id: string) => id.split(":").pop() ?? id;
const distribution = (name: string, d: Distribution, format: (n: number | null) => string = hours) => [
  name,
  format(d.median),
  format(d.p85),
  String(d.count),
];

export const registerMetricsCommands = (program: Command) => {
  withWindow(
    program
      .command("reviews")
      .description(
        "review-SLA clocks on reviewers' working calendars, pickup and merge times, reviewer load",
      ),
    true,
  ).action(async (o, command: Command) =>
    withStore(command, async ({ store, now, out }) => {
      const m = await reviewReport(store, o.engagement, o, now);
      const open = m.requests.filter(
        (r) => r.status === "open" || (r.status === "breached" && r.endedBy === null),
      );
      const lines = [
        `Code review for ${o.engagement}, requests ${m.window.from?.slice(0, 10) ?? "…"} → ${m.window.to.slice(0, 10)} (as of ${m.asOf})`,
        `Review SLA: first review within ${m.sla.limitHours} working hours of the reviewer's calendar`,
        `Adherence: ${pct(m.sla.adherence)} — ${m.sla.met} met, ${m.sla.breached} breached (${m.sla.breachedOpen} still open), ${m.sla.open} open within the limit, ${m.sla.withdrawn} withdrawn`,
        "",
        table(
          ["CLOCK", "MEDIAN", "P85", "COUNT"],
          [
            distribution("Coding time", m.codingTime),
            distribution("Pickup time", m.pickupTime),
            distribution("Time to first review", m.timeToFirstReview),
            distribution("Review time", m.reviewTime),
            distribution("Time to merge", m.timeToMerge),
            distribution("PR size (lines)", m.sizeLines, (n) => (n === null ? "—" : String(Math.round(n)))),
          ],
        ),
        "",
        open.length
          ? `Waiting for review now (${open.length}):\n${table(
              ["PR", "REVIEWER", "REQUESTED", "DUE", "WORKING H", "STATE"],
              open
                .sort((a, b) => (a.dueAt ?? "").localeCompare(b.dueAt ?? ""))
                .map((r) => [
                  shortId(r.prId),
                  r.reviewer,
                  r.requestedAt.slice(0, 16).replace("T", " "),
                  r.dueAt?.slice(0, 16).replace("T", " ") ?? "paused",
                  r.workingHours.toFixed(1),
                  r.status === "breached" ? "⚠ breached" : "open",
                ]),
            )}`
          : "Nobody is waiting for a review.",
        "",
        m.reviewers.length
          ? table(
              ["REVIEWER", "OPEN", "OVERDUE", "REVIEWS GIVEN", "MEDIAN TO FIRST REVIEW"],
              m.reviewers.map((r) => [
                r.reviewer,
                r.openRequests,
                r.overdueRequests,
                r.reviewsGiven,
                hours(r.medianTimeToFirstReview),
              ]),
            )
          : "No reviewers in this window.",
        "",
        m.unreviewedMerges.length
          ? `Merged without review (${m.unreviewedMerges.length}): ${m.unreviewedMerges.map((u) => `${u.repo}#${u.number}`).join(", ")}`
          : "Every merge in the window was reviewed.",
      ];
      if (o.explain) {
        lines.push(
          "",
          "Review requests (clock per request):",
          ...m.requests.map(
            (r) =>
              `  ${shortId(r.prId)} → ${r.reviewer}: requested ${r.requestedAt}, ${r.status}${r.endedAt ? ` (${r.endedBy} at ${r.endedAt})` : ""}, ${r.workingHours.toFixed(2)} working h, due ${r.dueAt ?? "—"}; events ${r.eventIds.join(", ")}`,
          ),
        );
      }
      out.result(lines.join("\n"), m);
    }),
  );

  withWindow(
    program
      .command("dora")
      .description("deployment frequency, change lead time, change failure rate, recovery time"),
    true,
  ).action(async (o, command: Command) =>
    withStore(command, async ({ store, now, out }) => {
      const report = await doraReport(store, o.engagement, o, now);
      const lines = [
        `DORA for ${o.engagement}, ${report.from.slice(0, 10)} → ${report.to.slice(0, 10)} (as of ${report.asOf})`,
        `Production environments: ${report.environments.join(", ") || "none seen"}`,
        "",
        table(
          ["METRIC", "VALUE", "BASED ON"],
          [
            [
              "Deployment frequency",
              `${report.deploymentFrequencyPerWeek} / week`,
              `${report.deployments.successful} successful deployments`,
            ],
            [
              "Change lead time (median)",
              hours(report.changeLeadTimeHours.median),
              `${report.changeLeadTimeHours.count} changes (P85 ${hours(report.changeLeadTimeHours.p85)})`,
            ],
            [
              "Change failure rate",
              pct(report.changeFailureRate),
              `${report.deployments.failed} failed of ${report.deployments.successful + report.deployments.failed}`,
            ],
            [
              "Recovery time (median)",
              hours(report.recoveryHours.median),
              `${report.recoveryHours.count} recovered of ${report.recoveries.length} failures`,
            ],
          ],
        ),
      ];
      if (o.explain) {
        lines.push(
          "",
          "Changes (first commit → production):",
          ...report.changes.map(
            (c) =>
              `  ${c.pullRequestId}: ${c.firstCommitAt} → ${c.deployedAt} by ${c.deploymentId} = ${hours(c.hours)}`,
          ),
          "",
          "Failures and recoveries:",
          ...report.recoveries.map(
            (r) =>
              `  ${r.failedDeploymentId} failed ${r.failedAt}; ${r.recoveredByDeploymentId ? `recovered by ${r.recoveredByDeploymentId} at ${r.recoveredAt} (${hours(r.hours)})` : "not recovered yet"}`,
          ),
        );
      }
      out.result(lines.join("\n"), report);
    }),
  );
};
