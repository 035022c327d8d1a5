import type { Command } from "commander";
import { invalidInput } from "../../errors.ts";
import { startServer } from "../../server/serve.ts";
import { defaultStoreLocation, openStore, type Store } from "../../store/store.ts";
import type { GlobalOptions } from "../context.ts";

export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw invalidInput(`--port "${value}" is not a TCP port`);
  return port;
};

/** Serves until SIGINT/SIGTERM, then closes the server and the database. */
export const serveUntilStopped = async (
  store: Store,
  host: string,
  port: number,
  banner: (url: string) => string,
) => {
  const server = await startServer(store, host, port);
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

export const registerServeCommands = (program: Command) => {
  program
    .command("serve")
    .description("run the HTTP server (JSON API under /api/v1, health at /healthz)")
    .option("--host <host>", "interface to listen on", process.env.BATON_HOST ?? "127.0.0.1")
    .option("--port <port>", "TCP port", process.env.BATON_PORT ?? "4400")
    .action(async (o, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const store = await openStore(globals.db ?? defaultStoreLocation());
      await serveUntilStopped(
        store,
        o.host,
        parsePort(o.port),
        (url) => `Baton is serving ${store.description} at ${url} (Ctrl-C stops it)`,
      );
    });
};
