import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromiumAvailable, chromiumPath } from "../browser.ts";
import { openStore, type Store } from "../store/store.ts";
import { localSlack, localSmtp } from "../testing/mail.ts";
import { bearer, type ServerFixture, serverFixture } from "../testing/server.ts";
import { POSTGRES_TEST_URL, TEST_BACKENDS } from "../testing/stores.ts";
import { localJobRunner } from "./jobs/local.ts";
import { pgBossJobRunner } from "./jobs/pgboss.ts";
import type { JobRunner } from "./jobs/types.ts";
import { memoryLogger } from "./log.ts";
import { deliverJob } from "./serve.ts";

let smtp: Awaited<ReturnType<typeof localSmtp>>;
let slack: Awaited<ReturnType<typeof localSlack>>;
beforeAll(async () => {
  smtp = await localSmtp();
  slack = await localSlack();
});
afterAll(async () => {
  await smtp.close();
  await slack.close();
});

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.each(TEST_BACKENDS)("report delivery over the API on $name", (backend) => {
  let store: Store;
  let f: ServerFixture;
  let jobs: JobRunner;
  beforeEach(async () => {
    smtp.mails.length = 0;
    slack.posts.length = 0;
    smtp.state.refuse = null;
    store = await backend.open();
    jobs = localJobRunner(store, {
      syncIntervalMs: 0,
      retries: 0,
      retryDelayMs: 10,
      pollMs: 20,
      instance: "test",
      handler: deliverJob(store, {
        mailer: { smtpUrl: smtp.url, from: "baton@vendor.test" },
        publicUrl: "https://baton.vendor.test",
        chromium: false,
        chart: () => "",
      }),
      log: memoryLogger(),
      now: () => new Date(),
    });
    f = await serverFixture(store, { jobs });
    await jobs.start();
  });
  afterEach(async () => {
    await jobs.stop(1000);
    await store.close();
  });

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await f.app.request(path, {
      method,
      headers: bearer(token, body === undefined ? {} : { "content-type": "application/json" }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it("publishing queues one delivery job that sends to each recipient; publishing again queues nothing", async () => {
    const dm = f.tokens.dm.write;
    const set = await api(dm, "PATCH", "/api/v1/engagements/acme-mobile/report-recipients", {
      addEmails: ["cto@acme.test"],
      slackWebhookUrl: slack.url,
    });
    expect(set.status).toBe(200);
    expect(JSON.parse(set.text)).toMatchObject({
      emails: ["cto@acme.test"],
      slack: expect.stringMatching(/…XXXX$/),
    });
    expect(set.text).not.toContain("/services/T000");

    const draft = JSON.parse(
      (await api(dm, "POST", "/api/v1/engagements/acme-mobile/reports/weekly", { weekEnding: "2026-02-27" }))
        .text,
    ).report.id as string;
    const published = await api(dm, "POST", `/api/v1/reports/${draft}/publish`);
    expect(JSON.parse(published.text)).toMatchObject({ published: true, report: { id: `${draft}-v1` } });
    const deliveries = async () =>
      JSON.parse((await api(dm, "GET", `/api/v1/reports/${draft}-v1/deliveries`)).text).deliveries as {
        channel: string;
        status: string;
        attempts: number;
      }[];
    await until("both deliveries sent", async () => (await deliveries()).every((d) => d.status === "sent"));
    expect((await deliveries()).map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ["email", "sent", 1],
      ["slack", "sent", 1],
    ]);
    expect(smtp.mails.map((m) => m.to)).toEqual([["cto@acme.test"]]);
    expect(slack.posts).toHaveLength(1);

    const again = await api(dm, "POST", `/api/v1/reports/${draft}/publish`);
    expect(JSON.parse(again.text).published).toBe(false);
    const listed = await jobs.list({ limit: 10 });
    expect(listed.map((j) => [j.kind, j.reportId, j.state])).toEqual([
      ["deliver-report", `${draft}-v1`, "succeeded"],
    ]);
    expect(smtp.mails).toHaveLength(1);
  });

  it("a failed email shows as failed with the server's answer, and asking to deliver again sends it", async () => {
    const dm = f.tokens.dm.write;
    await api(dm, "PATCH", "/api/v1/engagements/acme-mobile/report-recipients", {
      addEmails: ["cto@acme.test"],
    });
    const draft = JSON.parse(
      (await api(dm, "POST", "/api/v1/engagements/acme-mobile/reports/weekly", { weekEnding: "2026-02-27" }))
        .text,
    ).report.id as string;
    smtp.state.refuse = "mailbox unavailable";
    await api(dm, "POST", `/api/v1/reports/${draft}/publish`);
    const status = async () =>
      JSON.parse((await api(dm, "GET", `/api/v1/reports/${draft}-v1/deliveries`)).text).deliveries[0];
    await until("the failure", async () => (await status())?.status === "failed");
    expect((await status()).lastError).toContain("550 mailbox unavailable");

    smtp.state.refuse = null;
    const retry = await api(dm, "POST", `/api/v1/reports/${draft}-v1/deliver`);
    expect(retry.status).toBe(202);
    await until("the retry", async () => (await status())?.status === "sent");
    expect(await status()).toMatchObject({ attempts: 2, lastError: null });
    expect(smtp.mails).toHaveLength(1);
  });

  it("serves a published report as HTML to its customer, with a policy that forbids scripts", async () => {
    const dm = f.tokens.dm.write;
    const draft = JSON.parse(
      (await api(dm, "POST", "/api/v1/engagements/acme-mobile/reports/weekly", { weekEnding: "2026-02-27" }))
        .text,
    ).report.id as string;
    await api(dm, "POST", `/api/v1/reports/${draft}/publish`);
    const customer = f.tokens.customer.read;
    const page = await api(customer, "GET", `/api/v1/reports/${draft}-v1/html`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.text).toContain("Acme Mobile — weekly status");
    expect((await api(customer, "GET", `/api/v1/reports/${draft}/html`)).status).toBe(404);
  });

  it.skipIf(!chromiumAvailable() || backend.name !== "sqlite")(
    `serves a report as PDF (needs Chromium at ${chromiumPath()})`,
    async () => {
      const dm = f.tokens.dm.write;
      const draft = JSON.parse(
        (
          await api(dm, "POST", "/api/v1/engagements/acme-mobile/reports/weekly", {
            weekEnding: "2026-02-27",
          })
        ).text,
      ).report.id as string;
      const res = await f.app.request(`/api/v1/reports/${draft}/pdf`, { headers: bearer(dm) });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString("latin1"),
      ).toBe("%PDF-");
    },
  );
});

describe.skipIf(!POSTGRES_TEST_URL)(
  "report delivery through pg-boss on PostgreSQL (skipped without BATON_TEST_POSTGRES_URL)",
  () => {
    const schema = `baton_deliver_${randomBytes(5).toString("hex")}`;
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

    it("two instances publish-and-queue the same version; the email is sent once", async () => {
      smtp.mails.length = 0;
      smtp.state.refuse = null;
      await admin(`create schema ${schema}`);
      const stores = [
        await openStore({ kind: "postgres", url: POSTGRES_TEST_URL, schema }),
        await openStore({ kind: "postgres", url: POSTGRES_TEST_URL, schema }),
      ];
      const runners = stores.map((store, n) =>
        pgBossJobRunner(
          store,
          { url: POSTGRES_TEST_URL, schema: `${schema}_jobs` },
          {
            syncIntervalMs: 0,
            retries: 0,
            retryDelayMs: 1000,
            pollMs: 500,
            instance: `instance-${n}`,
            handler: deliverJob(store, {
              mailer: { smtpUrl: smtp.url, from: "baton@vendor.test" },
              publicUrl: null,
              chromium: false,
              chart: () => "",
            }),
            log: memoryLogger(),
            now: () => new Date(),
          },
        ),
      );
      try {
        const f = await serverFixture(stores[0]!, { jobs: runners[0]! });
        for (const r of runners) await r.start();
        const dm = f.tokens.dm.write;
        const call = (app: ServerFixture["app"], method: string, path: string, body?: unknown) =>
          app.request(path, {
            method,
            headers: bearer(dm, body === undefined ? {} : { "content-type": "application/json" }),
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
        await call(f.app, "PATCH", "/api/v1/engagements/acme-mobile/report-recipients", {
          addEmails: ["cto@acme.test"],
        });
        const draft = (
          (await (
            await call(f.app, "POST", "/api/v1/engagements/acme-mobile/reports/weekly", {
              weekEnding: "2026-02-27",
            })
          ).json()) as { report: { id: string } }
        ).report.id;
        expect((await call(f.app, "POST", `/api/v1/reports/${draft}/publish`)).status).toBe(200);
        // The second instance is asked to queue the same version's delivery as well.
        await runners[1]!.requestDelivery(`${draft}-v1`, null);
        await until("the email", async () => smtp.mails.length >= 1);
        await until("the job to finish", async () =>
          (await runners[0]!.list({ limit: 5 })).some((j) => j.state === "succeeded"),
        );
        await new Promise((r) => setTimeout(r, 1500));
        expect(smtp.mails).toHaveLength(1);
        const jobs = await runners[0]!.list({ limit: 5 });
        expect(jobs.map((j) => [j.kind, j.reportId, j.state])).toEqual([
          ["deliver-report", `${draft}-v1`, "succeeded"],
        ]);
      } finally {
        for (const r of runners) await r.stop(2000);
        for (const s of stores) await s.close();
      }
    }, 60_000);
  },
);
