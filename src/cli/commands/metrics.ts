import type { Command } from "commander";
import { doraReport } from "../../app/metrics.ts";
import { withStore } from "../context.ts";
import { table } from "../output.ts";

const hours = (h: number | null) =>
  h === null ? "—" : h >= 48 ? `${(h / 24).toFixed(1)} d` : `${h.toFixed(1)} h`;
const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)} %`);

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

export const registerMetricsCommands = (program: Command) => {
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
