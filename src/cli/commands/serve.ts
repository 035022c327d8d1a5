import type { Command } from "commander";
import { loadServerConfig, type ServerConfig } from "../../server/config.ts";
import { startServer } from "../../server/serve.ts";
import { backupStore, parseStoreTarget, type StoreTarget } from "../../store/dialect.ts";
import { defaultStoreLocation, openStore, type Store } from "../../store/store.ts";
import type { GlobalOptions } from "../context.ts";
import { outputOf } from "../context.ts";

/** Serves until SIGINT/SIGTERM, then stops taking requests, finishes or requeues jobs, and closes the database. */
export const serveUntilStopped = async (
  store: Store,
  target: StoreTarget,
  config: ServerConfig,
  banner: (url: string) => string,
) => {
  const server = await startServer(store, target, config);
  process.stderr.write(`${banner(server.url)}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.close();
  await store.close();
};

/** The server configuration from `--config`, `BATON_*` variables and flags, validated. */
export const serverConfigOf = (o: { config?: string; host?: string; port?: string }) =>
  loadServerConfig({
    env: process.env,
    file: o.config,
    overrides: { host: o.host, port: o.port },
  });

export const registerServeCommands = (program: Command) => {
  program
    .command("serve")
    .description("run the HTTP server (JSON API under /api/v1, health at /healthz) and the scheduled jobs")
    .option("--config <file>", "JSON configuration file (keys in the README; BATON_* variables override it)")
    .option("--host <host>", "interface to listen on (BATON_HOST, default 127.0.0.1)")
    .option("--port <port>", "TCP port (BATON_PORT, default 4400)")
    .action(async (o, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const config = serverConfigOf(o);
      const location = globals.db ?? config.database ?? defaultStoreLocation();
      const store = await openStore(location);
      await serveUntilStopped(
        store,
        parseStoreTarget(location),
        config,
        (url) => `Baton is serving ${store.description} at ${url} (Ctrl-C stops it)`,
      );
    });

  program
    .command("backup <file>")
    .description("copy the SQLite database to <file> while it is in use (PostgreSQL: use pg_dump)")
    .action(async (file: string, _o, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const location = globals.db ?? defaultStoreLocation();
      const pages = await backupStore(parseStoreTarget(location), file);
      outputOf(command).result(`Backed up ${location} to ${file} (${pages} pages).`, {
        from: location,
        to: file,
        pages,
      });
    });
};
