import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { loadServerConfig } from "../src/server/config.ts";
import { memoryLogger } from "../src/server/log.ts";
import { startServer } from "../src/server/serve.ts";
import { parseStoreTarget } from "../src/store/dialect.ts";
import { openStore } from "../src/store/store.ts";

/**
 * Serves in its own process, so the load generator does not share the server's event loop:
 * `baton <db>` runs the real server on a database; `bare` runs a Hono app with one JSON route.
 * Tells the parent its port; stops when the parent says so.
 */
const [kind, db = ""] = process.argv.slice(2) as ["baton" | "bare", string];
const tell = (message: { port: number }) => process.send?.(message);

if (kind === "bare") {
  const app = new Hono();
  const payload = { date: "2026-03-02", engagements: [{ id: "acme-mobile", name: "Acme Mobile" }] };
  app.get("/api/v1/engagements", (c) => c.json(payload));
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
    tell({ port: info.port }),
  );
  process.on("message", () => server.close(() => process.exit(0)));
} else {
  const store = await openStore(db);
  const server = await startServer(
    store,
    parseStoreTarget(db),
    loadServerConfig({ env: {}, overrides: { port: 0, syncIntervalSeconds: 0, logLevel: "warn" } }),
    { logger: memoryLogger() },
  );
  tell({ port: Number(new URL(server.url).port) });
  process.on("message", async () => {
    await server.close();
    await store.close();
    process.exit(0);
  });
}
