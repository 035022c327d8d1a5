import { fork } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken } from "../src/app/access.ts";
import { seedDemo } from "../src/demo/seed.ts";
import { openStore } from "../src/store/store.ts";
import { findUserByEmail } from "../src/store/users.ts";
import { type Benchmark, result } from "./harness.ts";

const CONNECTIONS = 50;
const WARMUP_MS = 1000;
const DURATION_MS = 5000;

interface Load {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** `CONNECTIONS` keep-alive connections, each sending the next request when the last answered. */
const load = async (port: number, path: string, headers: Record<string, string>): Promise<Load> => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const get = () =>
    new Promise<number>((resolve) => {
      const req = request({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", () => resolve(0));
      req.end();
    });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const measureFrom = started + WARMUP_MS;
  const end = measureFrom + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const status = await get();
        const t1 = performance.now();
        if (t0 < measureFrom) continue;
        if (status !== 200) errors++;
        latencies.push(t1 - t0);
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requestsPerSecond: latencies.length / (DURATION_MS / 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
  };
};

const serveIn = async (kind: "baton" | "bare", db: string) => {
  const child = fork(new URL("./server-worker.ts", import.meta.url), [kind, db], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { port: number }).port));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.send("stop");
      }),
  };
};

/**
 * The portfolio dashboard's read (`GET /api/v1/engagements`: engagements in the caller's scope
 * with DMs and DM-load rules, behind token authentication and the authorization policy) on the
 * demo portfolio, against a bare Hono JSON endpoint on the same machine in the same run, each
 * served from its own process and driven by 50 keep-alive connections.
 */
export const serverBenchmark: Benchmark = {
  name: "server",
  async run() {
    const db = join(mkdtempSync(join(tmpdir(), "baton-bench-")), "baton.db");
    const store = await openStore(db);
    await seedDemo(store, { endDate: "2026-03-02", scale: 0.2 }, new Date("2026-03-02T12:00:00Z"));
    const director = (await findUserByEmail(store.db, "director@baton.demo"))!.user;
    const { token } = await createToken(
      store,
      { user: director, via: "cli", scope: "read" },
      { name: "bench" },
      new Date(),
    );
    await store.close();

    const bare = await serveIn("bare", db);
    const bareLoad = await load(bare.port, "/api/v1/engagements", {});
    await bare.stop();
    const baton = await serveIn("baton", db);
    const batonLoad = await load(baton.port, "/api/v1/engagements", { authorization: `Bearer ${token}` });
    await baton.stop();
    const note = `${CONNECTIONS} connections, ${DURATION_MS / 1000} s; errors: ${batonLoad.errors} vs ${bareLoad.errors}`;
    return [
      result(
        "server dashboard read",
        batonLoad.requestsPerSecond,
        "req/s",
        bareLoad.requestsPerSecond,
        "bare Hono JSON",
        note,
      ),
      result(
        "server dashboard p99",
        batonLoad.p99Ms,
        "ms",
        bareLoad.p99Ms,
        "bare Hono JSON",
        `p50 ${batonLoad.p50Ms.toFixed(1)} ms vs ${bareLoad.p50Ms.toFixed(1)} ms`,
      ),
    ];
  },
};
