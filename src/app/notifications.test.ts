import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { at } from "../engine/signals/fixture.ts";
import { listSignals, saveSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { seedStuckPod } from "../testing/signals.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { configureNotifications, notifyEngagement } from "./notifications.ts";
import { runSignals } from "./signals.ts";

/** A local server speaking Slack's incoming-webhook protocol: POST JSON, answer 200 "ok". */
const slackPosts: { text: string; blocks: unknown[] }[] = [];
let slack: Server;
let slackUrl = "";
/** A local SMTP server that keeps every message. */
const mails: { to: string[]; body: string }[] = [];
let smtp: SMTPServer;
let smtpUrl = "";

beforeAll(async () => {
  slack = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      slackPosts.push(JSON.parse(body));
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => slack.listen(0, "127.0.0.1", resolve));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/T000/B000/XXXX`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (chunk) => {
        body += chunk;
      });
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => slack.close(resolve));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const minutes = (m: number) => new Date(Date.parse(at(116, 12)) + m * 60_000);

describe.each(TEST_BACKENDS)("notifications on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    slackPosts.length = 0;
    mails.length = 0;
    store = await backend.open();
    await seedStuckPod(store);
    await runSignals(store, "pod", {}, minutes(0));
  });
  afterEach(async () => {
    await store.close();
  });

  it("sends new high-severity signals to Slack and the DM's email once, never twice", async () => {
    await configureNotifications(store, "pod", {
      slackWebhookUrl: slackUrl,
      emailRecipients: ["dm@vendor.test"],
    });
    const mailer = { smtpUrl, from: "baton@vendor.test" };
    const first = await notifyEngagement(store, "pod", minutes(1), mailer);
    expect(first.sent.map((n) => [n.channel, n.status])).toEqual([
      ["slack", "sent"],
      ["email", "sent"],
    ]);
    expect(slackPosts).toHaveLength(1);
    expect(slackPosts[0]!.text).toContain("pod: 2 new signals");
    expect(slackPosts[0]!.blocks.length).toBe(3);
    expect(mails.map((m) => m.to)).toEqual([["dm@vendor.test"]]);
    expect(mails[0]!.body).toContain("has not moved for");
    const again = await notifyEngagement(store, "pod", minutes(120), mailer);
    expect(again.sent).toEqual([]);
  });

  it("holds back a second message within the digest interval, then sends it", async () => {
    await configureNotifications(store, "pod", { slackWebhookUrl: slackUrl, digestMinutes: 60 });
    const first = await notifyEngagement(store, "pod", minutes(1), null);
    expect(first.sent.map((n) => [n.status, n.error])).toEqual([["sent", null]]);
    expect(first.sent.flatMap((n) => n.subjectKeys)).toHaveLength(2);
    // A new high-severity signal ten minutes later waits for the next digest.
    const [one] = await listSignals(store.db, "pod");
    await saveSignals(store.db, [
      { ...one!, id: "sig-new", key: "wip_explosion", pattern: "wip_explosion", severity: "high" },
    ]);
    const soon = await notifyEngagement(store, "pod", minutes(20), null);
    expect(soon).toMatchObject({ sent: [], deferred: [{ channel: "slack" }] });
    const later = await notifyEngagement(store, "pod", minutes(62), null);
    expect(later.sent.map((n) => n.status)).toEqual(["sent"]);
    expect(slackPosts).toHaveLength(2);
  });

  it("records a failed delivery with what went wrong, without throwing", async () => {
    await configureNotifications(store, "pod", { emailRecipients: ["dm@vendor.test"] });
    const result = await notifyEngagement(store, "pod", minutes(1), null);
    expect(result.sent.map((n) => [n.status, n.error])).toEqual([
      ["failed", "no SMTP server configured (set BATON_SMTP_URL)"],
    ]);
  });
});
