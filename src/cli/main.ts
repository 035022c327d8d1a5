import { Command, CommanderError } from "commander";
import { BatonError, exitCodeOf } from "../errors.ts";
import { registerCsatCommands } from "./commands/csat.ts";
import { registerDemoCommands } from "./commands/demo.ts";
import { registerEngagementCommands } from "./commands/engagement.ts";
import { registerFlowSprintCommands } from "./commands/flow-sprints.ts";
import { registerForecastCommands } from "./commands/forecast.ts";
import { registerInitCommand } from "./commands/init.ts";
import { registerMetricsCommands } from "./commands/metrics.ts";
import { registerPodCommands } from "./commands/pod.ts";
import { registerReportCommands } from "./commands/report.ts";
import { registerServeCommands } from "./commands/serve.ts";
import { registerSignalCommands } from "./commands/signals.ts";
import { registerSourceCommands } from "./commands/source.ts";
import { registerUserCommands } from "./commands/user.ts";
import { registerWorkflowCommands } from "./commands/workflows.ts";

/** The `baton` command line. */
export const buildProgram = (): Command => {
  const program = new Command("baton")
    .description("Baton: delivery metrics, review SLAs, forecasts and reports for engineering pods")
    .option(
      "--db <location>",
      "database: a SQLite file path, postgres://… or pglite:[dir] (default: DATABASE_URL, BATON_DB or .baton/baton.db)",
    )
    .option("--json", "print machine-readable JSON instead of tables")
    .showHelpAfterError()
    .exitOverride();
  registerInitCommand(program);
  registerEngagementCommands(program);
  registerPodCommands(program);
  registerUserCommands(program);
  registerSourceCommands(program);
  registerFlowSprintCommands(program);
  registerMetricsCommands(program);
  registerForecastCommands(program);
  registerWorkflowCommands(program);
  registerReportCommands(program);
  registerCsatCommands(program);
  registerSignalCommands(program);
  registerDemoCommands(program);
  registerServeCommands(program);
  const override = (command: Command) => {
    command.exitOverride();
    for (const sub of command.commands) override(sub);
  };
  override(program);
  return program;
};

/** Runs the CLI and maps failures to exit codes: 2 bad input, 3 not found, 4 source failure, 1 other. */
export const main = async (argv: readonly string[]): Promise<void> => {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    process.exitCode = reportError(error);
  }
};

const reportError = (error: unknown): number => {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (and help where asked for).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof BatonError) {
    process.stderr.write(`baton: ${error.message}\n`);
    return exitCodeOf(error.code);
  }
  const detail =
    error instanceof Error
      ? process.env.BATON_DEBUG
        ? (error.stack ?? error.message)
        : error.message
      : String(error);
  process.stderr.write(
    `baton: unexpected failure: ${detail}${process.env.BATON_DEBUG ? "" : " (set BATON_DEBUG=1 for details)"}\n`,
  );
  return 1;
};
