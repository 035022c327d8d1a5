import type { Command } from "commander";
import { listEngagementSummaries } from "../../app/engagements.ts";
import { today } from "../../app/validate.ts";
import { type DemoResult, seedDemo } from "../../demo/seed.ts";
import { parseCalendarDate } from "../../domain/time.ts";
import { invalidInput } from "../../errors.ts";
import { ensureWebApp } from "../../server/web-assets.ts";
import { parseStoreTarget } from "../../store/dialect.ts";
import { listEngagements } from "../../store/engagements.ts";
import { defaultStoreLocation, openStore, type Store } from "../../store/store.ts";
import type { GlobalOptions } from "../context.ts";
import { withStore } from "../context.ts";
import { progressView } from "../progress.ts";
import { serverConfigOf, serveUntilStopped } from "./serve.ts";
import { formatRun } from "./source.ts";

const seedWithProgress = async (
  store: Store,
  endDate: string,
  scale: number,
  now: Date,
): Promise<DemoResult> => {
  const view = progressView();
  try {
    return await seedDemo(store, { endDate, scale, onProgress: (id, p) => view.update(id, p) }, now);
  } finally {
    view.stop();
  }
};

const credentials = (result: Pick<DemoResult, "logins" | "password">) =>
  [
    `Demo logins (password for all: ${result.password}):`,
    ...result.logins.map((l) => `  ${l.email.padEnd(26)} ${l.role}${l.customer ? ` of ${l.customer}` : ""}`),
  ].join("\n");

const parseDemoOptions = (o: { endDate?: string; scale?: string }, now: Date) => {
  const endDate = o.endDate ?? today(now);
  if (!parseCalendarDate(endDate)) throw invalidInput(`--end-date "${endDate}" must be YYYY-MM-DD`);
  const scale = Number(o.scale ?? "1");
  if (!(scale >= 0.1 && scale <= 1000))
    throw invalidInput(`--scale "${o.scale}" must be a number from 0.1 to 1000`);
  return { endDate, scale };
};

export const registerDemoCommands = (program: Command) => {
  program
    .command("demo")
    .description(
      "seed the demo portfolio: 5 customers, 6 engagements with simulated history, one login per role",
    )
    .option("--end-date <date>", "last simulated day, YYYY-MM-DD (default: today)")
    .option("--scale <n>", "volume multiplier for benchmarks (default: 1)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { endDate, scale } = parseDemoOptions(o, now);
        const result = await seedWithProgress(store, endDate, scale, now);
        const text = [
          `Seeded ${result.engagements.length} engagements into ${store.description}, history to ${endDate}.`,
          ...result.runs.map((r) => formatRun(r, 5)),
          "",
          credentials(result),
        ].join("\n");
        out.result(text, result);
      }),
    );

  program
    .command("start")
    .description("the quick start: seed the demo on first run, then serve it")
    .option("--config <file>", "JSON server configuration file (see `baton serve`)")
    .option("--host <host>", "interface to listen on (BATON_HOST, default 127.0.0.1)")
    .option("--port <port>", "TCP port (BATON_PORT, default 4400)")
    .action(async (o, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = serverConfigOf(o);
      const location = globals.db ?? config.database ?? defaultStoreLocation();
      const store = await openStore(location);
      const now = new Date();
      let logins: Pick<DemoResult, "logins" | "password">;
      if ((await listEngagements(store.db)).length === 0) {
        process.stderr.write(`First start: seeding the demo portfolio into ${store.description}…\n`);
        logins = await seedWithProgress(store, today(now), 1, now);
      } else {
        const { DEMO_LOGINS, DEMO_PASSWORD } = await import("../../demo/portfolio.ts");
        logins = { logins: DEMO_LOGINS, password: DEMO_PASSWORD };
      }
      const engagements = await listEngagementSummaries(store, today(now));
      const web = await ensureWebApp();
      if (web === "built") process.stderr.write("Built the web app into dist/web.\n");
      if (web === "no-vite")
        process.stderr.write("The web app is not built and Vite is not installed: the API still works.\n");
      await serveUntilStopped(store, parseStoreTarget(location), config, (url) =>
        [
          "",
          `Baton is running at ${url}`,
          `  ${engagements.length} engagements in ${store.description}`,
          `  Open ${url} in a browser and sign in · API reference: ${url}/api/v1/reference · health: ${url}/healthz`,
          "",
          credentials(logins),
          "",
          "Ctrl-C stops the server.",
        ].join("\n"),
      );
    });
};
