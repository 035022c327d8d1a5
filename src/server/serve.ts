import { type ServerType, serve } from "@hono/node-server";
import type { Store } from "../store/store.ts";
import { createApp } from "./app.ts";

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the HTTP server; resolves once it listens. */
export const startServer = (store: Store, host: string, port: number): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const app = createApp(store);
    let server: ServerType | undefined;
    try {
      server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
        const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
        resolve({
          url: `http://${shownHost}:${info.port}`,
          close: () => new Promise<void>((done) => server?.close(() => done())),
        });
      });
      server.on("error", reject);
    } catch (error) {
      reject(error);
    }
  });
