import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createEngagement } from "../../app/engagements.ts";
import { listRuns, saveSource } from "../../store/ingestion.ts";
import { openStore, type Store } from "../../store/store.ts";
import { POSTGRES_TEST_URL } from "../../testing/stores.ts";
import { loadServerConfig } from "../config.ts";
import { memoryLogger } from "../log.ts";
import { startServer, syncJob } from "../serve.ts";
import { localJobRunner } from "./local.ts";
import type { Job, JobHandler, JobRunner, JobStatus } from "./types.ts";

const config = (overrides: Record<string, unknown>) =>
  loadServerConfig({ env: {}, overrides: { port: 0, logLevel: "error", ...overrides } });

const withSource = async (store: Store, id = "acme-mobile-csv") => {
  await createEngagement(
    store,
    { name: "Acme Mobile", customer: "Acme", startDate: "2026-01-05" },
    new Date(),
  );
  await saveSource(store.db, {
    id,
    engagementId: "acme-mobile",
    kind: "simulator",
    config: {
      seed: 3,
      scenario: "healthy",
      onsetDate: "2026-02-10",
      startDate: "2026-02-02",
      endDate: "2026-02-20",
      keyPrefix: "ACME",
      people: [
        { personId: "a", login: "a", name: "A", role: "specialist" },
        { personId: "b", login: "b", name: "B", role: "specialist" },
      ],
    },
    createdAt: new Date().toISOString(),
  });
};

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const runner = (
  store: Store,
  handler: JobHandler,
  overrides: Partial<Parameters<typeof localJobRunner>[1]> = {},
) =>
  localJobRunner(store, {
    syncIntervalMs: 0,
    retries: 2,
    retryDelayMs: 20,
    pollMs: 20,
    instance: "test",
    handler,
    log: memoryLogger(),
    now: () => new Date(),
    ...overrides,
  });

describe("scheduled jobs on SQLite", () => {
  it("syncs every source on each tick with the real pipeline, and shows the jobs", async () => {
    const store = await openStore(":memory:");
    await withSource(store);
    const jobs = runner(store, syncJob(store), { syncIntervalMs: 300 });
    await jobs.start();
    await until(
      "two scheduled syncs",
      async () => (await jobs.list({ limit: 10 })).filter((j) => j.state === "succeeded").length >= 2,
    );
    await jobs.stop(5000);
    const done = (await jobs.list({ limit: 10 })).filter((j) => j.state === "succeeded");
    expect(done[0]).toMatchObject({ kind: "sync", sourceId: "acme-mobile-csv", attempts: 1, error: null });
    expect(done[0]?.output).toMatchObject({ status: "succeeded" });
    expect((await listRuns(store.db, "acme-mobile-csv", 10)).length).toBeGreaterThanOrEqual(2);
    await store.close();
  });

  it("retries a failing job after a delay that doubles each time, then gives up and says why", async () => {
    const store = await openStore(":memory:");
    await withSource(store);
    let clock = Date.parse("2026-03-02T10:00:00.000Z");
    let calls = 0;
    const flaky = runner(
      store,
      async () => {
        calls += 1;
        if (calls < 3) throw new Error("tracker answered 503");
        return { ok: true };
      },
      { now: () => new Date(clock) },
    );
    await flaky.start();
    const job = await flaky.requestSync("acme-mobile-csv");
    const row = () =>
      store.db.selectFrom("jobs").selectAll().where("id", "=", job.id).executeTakeFirstOrThrow();
    await until(
      "the first attempt",
      async () => (await row()).attempts === 1 && (await row()).state === "queued",
    );
    expect(await row()).toMatchObject({
      error: "tracker answered 503",
      runAfter: new Date(clock + 20).toISOString(),
    });
    clock += 20;
    await until(
      "the second attempt",
      async () => (await row()).attempts === 2 && (await row()).state === "queued",
    );
    expect((await row()).runAfter).toBe(new Date(clock + 40).toISOString());
    clock += 40;
    await until("the third attempt", async () => (await row()).state === "succeeded");
    expect((await flaky.list({ limit: 1 }))[0]).toMatchObject({
      id: job.id,
      attempts: 3,
      state: "succeeded",
    });
    await flaky.stop(1000);

    const broken = runner(store, async () => {
      throw new Error("token expired: set JIRA_TOKEN");
    });
    await broken.start();
    const failing = await broken.requestSync("acme-mobile-csv");
    await until(
      "the failed job",
      async () => (await broken.list({ limit: 5 })).find((j) => j.id === failing.id)?.state === "failed",
    );
    expect((await broken.list({ limit: 5 })).find((j) => j.id === failing.id)).toMatchObject({
      attempts: 3,
      error: "token expired: set JIRA_TOKEN",
    });
    await broken.stop(1000);
    await store.close();
  });

  it("lets a running job finish at shutdown, or puts it back in the queue when it takes too long", async () => {
    const store = await openStore(":memory:");
    await withSource(store);
    let release = () => {};
    const slow = runner(store, () => new Promise((resolve) => (release = () => resolve("done"))));
    await slow.start();
    const job = await slow.requestSync("acme-mobile-csv");
    await until("the job to start", async () => (await slow.list({ limit: 1 }))[0]?.state === "running");
    await slow.stop(100);
    expect((await slow.list({ limit: 1 }))[0]).toMatchObject({ id: job.id, state: "queued" });
    release();

    const next = runner(store, async () => "finished after restart");
    await next.start();
    await until("the requeued job", async () => (await next.list({ limit: 1 }))[0]?.state === "succeeded");
    let finish = () => {};
    const patient = runner(store, () => new Promise((resolve) => (finish = () => resolve("done"))));
    await next.stop(1000);
    await patient.start();
    const second = await patient.requestSync("acme-mobile-csv");
    await until(
      "the second job to start",
      async () => (await patient.list({ limit: 5 })).find((j) => j.id === second.id)?.state === "running",
    );
    const stopping = patient.stop(5000);
    setTimeout(() => finish(), 100);
    await stopping;
    expect((await patient.list({ limit: 5 })).find((j) => j.id === second.id)?.state).toBe("succeeded");
    await store.close();
  });
});

describe.skipIf(!POSTGRES_TEST_URL)("scheduled jobs on PostgreSQL with two server instances", () => {
  const schema = `baton_jobs_${randomBytes(5).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  afterAll(async () => {
    await admin(`drop schema if exists ${schema} cascade`);
    await admin(`drop schema if exists ${schema}_jobs cascade`);
  });

  it("runs each tick's job exactly once across both instances, over many ticks", async () => {
    await admin(`create schema ${schema}`);
    const target = { kind: "postgres" as const, url: POSTGRES_TEST_URL, schema };
    const stores = [await openStore(target), await openStore(target)];
    await withSource(stores[0]!, "source-one");
    await saveSource(stores[0]!.db, {
      id: "source-two",
      engagementId: "acme-mobile",
      kind: "simulator",
      config: {},
      createdAt: new Date().toISOString(),
    });
    const executions: { instance: string; job: Job }[] = [];
    const servers = await Promise.all(
      stores.map((store, n) =>
        startServer(store, target, config({ syncIntervalSeconds: 1, instance: `instance-${n}` }), {
          logger: memoryLogger(),
          handler: async (job) => {
            executions.push({ instance: `instance-${n}`, job });
            await new Promise((r) => setTimeout(r, 30));
            return { ran: job.id };
          },
        }),
      ),
    );
    const jobs: JobRunner = servers[0]!.jobs;
    await until(
      "nine ticks of jobs",
      async () => new Set(executions.map((e) => e.job.tick)).size >= 9,
      30_000,
    );
    const listed: JobStatus[] = await jobs.list({ limit: 1000 });
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(stores.map((s) => s.close()));

    const runsPerJob = new Map<string, number>();
    for (const e of executions) runsPerJob.set(e.job.id, (runsPerJob.get(e.job.id) ?? 0) + 1);
    expect([...runsPerJob.entries()].filter(([, n]) => n > 1)).toEqual([]);
    const ticks = [...new Set(executions.map((e) => e.job.tick as number))].sort((a, b) => a - b);
    expect(ticks.length).toBeGreaterThanOrEqual(9);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(1000);
    // The last tick may still have been running when the instances stopped; every earlier one is complete.
    for (const tick of ticks.slice(0, -1)) {
      expect(
        executions
          .filter((e) => e.job.tick === tick)
          .map((e) => e.job.sourceId)
          .sort(),
      ).toEqual(["source-one", "source-two"]);
    }
    // The API's job list comes from the shared queue: every finished job shows once, as succeeded.
    const succeeded = listed.filter((j) => j.state === "succeeded");
    expect(new Set(succeeded.map((j) => j.id)).size).toBe(succeeded.length);
    expect(succeeded.length).toBeGreaterThanOrEqual(16);
  }, 60_000);

  it("two `baton serve` processes run each tick's sync exactly once, and stop cleanly on SIGTERM", async () => {
    const processSchema = `${schema}_p`;
    await admin(`create schema ${processSchema}`);
    const store = await openStore({ kind: "postgres", url: POSTGRES_TEST_URL, schema: processSchema });
    await withSource(store, "source-one");
    const one = await store.db
      .selectFrom("sources")
      .selectAll()
      .where("id", "=", "source-one")
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto("sources")
      .values({ ...one, id: "source-two" })
      .execute();
    await store.close();
    const bin = fileURLToPath(new URL("../../../bin/baton.js", import.meta.url));
    const url = `${POSTGRES_TEST_URL}${POSTGRES_TEST_URL.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${processSchema}`)}`;
    const lines: { instance: string; msg: string; job?: string }[] = [];
    const children: ChildProcess[] = ["p0", "p1"].map((instance) => {
      const child = spawn(process.execPath, [bin, "serve", "--port", "0"], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          BATON_SYNC_INTERVAL_SECONDS: "1",
          BATON_JOBS_SCHEMA: `${processSchema}_jobs`,
          BATON_INSTANCE: instance,
          BATON_LOG_LEVEL: "info",
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let buffer = "";
      child.stderr?.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const complete = buffer.split("\n");
        buffer = complete.pop() ?? "";
        for (const line of complete) if (line.startsWith("{")) lines.push(JSON.parse(line));
      });
      return child;
    });
    try {
      const synced = () => lines.filter((l) => l.msg === "job succeeded");
      await until("twenty synced jobs", async () => synced().length >= 20, 80_000);
      const exits = children.map(
        (child) => new Promise<number | null>((done) => child.on("exit", (code) => done(code))),
      );
      for (const child of children) child.kill("SIGTERM");
      expect(await Promise.all(exits)).toEqual([0, 0]);
      const keys = synced().map((l) => l.job ?? "");
      expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
      const ticks = keys
        .filter((k) => k.startsWith("sync:source-one:"))
        .map((k) => Date.parse(k.slice("sync:source-one:".length)))
        .sort((a, b) => a - b);
      for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBe(1000);
      expect(
        lines
          .filter((l) => l.msg === "stopped")
          .map((l) => l.instance)
          .sort(),
      ).toEqual(["p0", "p1"]);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
      await admin(`drop schema if exists ${processSchema} cascade`);
      await admin(`drop schema if exists ${processSchema}_jobs cascade`);
    }
  }, 120_000);
});
