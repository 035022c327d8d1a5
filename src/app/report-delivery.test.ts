import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chromiumAvailable, chromiumPath } from "../browser.ts";
import { listDeliveries } from "../store/report-deliveries.ts";
import type { StoredReport } from "../store/reports.ts";
import { saveReport } from "../store/reports.ts";
import { openStore, type Store } from "../store/store.ts";
import { localSlack, localSmtp, mailSubject, mimePart } from "../testing/mail.ts";
import { HOSTILE_TITLE, NOW, seedHostileWeekly, testChart } from "../testing/reports.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { csatSecret, verifyCsatToken } from "./csat.ts";
import {
  configureReportRecipients,
  type DeliveryConfig,
  deliverReport,
  deliveryStatus,
  publishAndDeliver,
  queueDeliveries,
} from "./report-delivery.ts";
import { editReport } from "./reports.ts";

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

const config = (overrides: Partial<DeliveryConfig> = {}): DeliveryConfig => ({
  mailer: { smtpUrl: smtp.url, from: "baton@vendor.test" },
  publicUrl: "https://baton.vendor.test",
  chromium: false,
  chart: testChart,
  ...overrides,
});
const clock = () => NOW;

describe.each(TEST_BACKENDS)("report delivery on $name", (backend) => {
  let store: Store;
  let draft: StoredReport;
  beforeEach(async () => {
    smtp.mails.length = 0;
    slack.posts.length = 0;
    smtp.state.refuse = null;
    store = await backend.open();
    draft = await seedHostileWeekly(store);
    await configureReportRecipients(
      store,
      "acme-mobile",
      { addEmails: ["cto@acme.test", "pm@acme.test"], slackWebhookUrl: slack.url },
      NOW,
    );
  });
  afterEach(async () => store?.close());

  it("publishing delivers the new version once by email and Slack, and publishing again delivers nothing", async () => {
    const { publication, delivery } = await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    expect(publication.published).toBe(true);
    expect(delivery?.attempted.map((d) => [d.channel, d.recipient, d.status, d.attempts])).toEqual([
      ["email", "cto@acme.test", "sent", 1],
      ["email", "pm@acme.test", "sent", 1],
      ["slack", slack.url, "sent", 1],
    ]);
    expect(delivery?.deliveries.every((d) => d.sentAt === NOW.toISOString() && d.lastError === null)).toBe(
      true,
    );
    expect(smtp.mails.map((m) => m.to)).toEqual([["cto@acme.test"], ["pm@acme.test"]]);
    expect(slack.posts).toHaveLength(1);

    const again = await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    expect(again).toMatchObject({ publication: { published: false }, delivery: null });
    // Asking to deliver the same version again finds nobody it has not reached.
    const retry = await deliverReport(store, publication.report.id, config(), clock);
    expect(retry.attempted).toEqual([]);
    expect(smtp.mails).toHaveLength(2);
    expect(slack.posts).toHaveLength(1);
  });

  it("asks each recipient of a monthly review the satisfaction question with their own answer links", async () => {
    const monthly: StoredReport = {
      ...draft,
      id: "acme-mobile-monthly-2026-04",
      kind: "monthly",
      period: "2026-04",
    };
    await saveReport(store.db, monthly);
    await publishAndDeliver(store, monthly.id, "Omar", config(), clock);
    const links = smtp.mails.map((m) => {
      const html = mimePart(m.raw, "text/html") ?? "";
      expect(html).toContain("How likely are you to recommend this team&#39;s work to a colleague?");
      const found = [...html.matchAll(/href="(https:\/\/baton\.vendor\.test\/csat\/[^"?]+)\?score=(\d+)"/g)];
      expect(found.map((f) => f[2])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
      return found[0]![1]!;
    });
    expect(links).toHaveLength(2);
    expect(links[0]).not.toBe(links[1]);
    const token = links[1]!.slice(links[1]!.lastIndexOf("/") + 1);
    const claims = verifyCsatToken(await csatSecret(store, NOW), token, NOW);
    expect(claims).toMatchObject({ engagementId: "acme-mobile", month: "2026-04", email: "pm@acme.test" });
    // The weekly status asks nothing.
    smtp.mails.length = 0;
    await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    expect(mimePart(smtp.mails[0]!.raw, "text/html")).not.toContain("/csat/");
  });

  it("records a refused email as failed with the server's answer, and a retry sends only that one", async () => {
    smtp.state.refuse = "mailbox unavailable";
    const { publication, delivery } = await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    const failed = delivery?.deliveries.filter((d) => d.status === "failed") ?? [];
    expect(failed.map((d) => d.recipient)).toEqual(["cto@acme.test", "pm@acme.test"]);
    expect(failed[0]?.lastError).toContain("550 mailbox unavailable");
    expect(slack.posts).toHaveLength(1);

    smtp.state.refuse = null;
    const retry = await deliverReport(store, publication.report.id, config(), clock);
    expect(retry.attempted.map((d) => [d.recipient, d.status, d.attempts, d.lastError])).toEqual([
      ["cto@acme.test", "sent", 2, null],
      ["pm@acme.test", "sent", 2, null],
    ]);
    expect(slack.posts).toHaveLength(1);
    expect((await deliveryStatus(store, publication.report.id)).map((d) => d.status)).toEqual([
      "sent",
      "sent",
      "sent",
    ]);
  });

  it("sends a delivery left `sending` by a process that died once ten minutes have passed, not before", async () => {
    const { publication } = await publishAndDeliver(store, draft.id, "Omar", config({ mailer: null }), clock);
    const email = (await deliveryStatus(store, publication.report.id)).find((d) => d.channel === "email")!;
    await store.db
      .updateTable("reportDeliveries")
      .set({ status: "sending", updatedAt: NOW.toISOString() })
      .where("id", "=", email.id)
      .execute();
    const soon = await deliverReport(
      store,
      publication.report.id,
      config(),
      () => new Date(NOW.getTime() + 5 * 60_000),
    );
    expect(soon.attempted.filter((d) => d.id === email.id)).toEqual([]);
    const later = await deliverReport(
      store,
      publication.report.id,
      config(),
      () => new Date(NOW.getTime() + 11 * 60_000),
    );
    expect(later.attempted.find((d) => d.id === email.id)).toMatchObject({ status: "sent" });
  });

  it("records email as failed, naming the setting, when no SMTP server is configured", async () => {
    const { delivery } = await publishAndDeliver(store, draft.id, "Omar", config({ mailer: null }), clock);
    expect(delivery?.deliveries.find((d) => d.channel === "email")?.lastError).toBe(
      "no SMTP server configured (set BATON_SMTP_URL)",
    );
  });

  it("a new version goes out again; a recipient added later gets the current version on the next delivery", async () => {
    const first = await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    await editReport(store, draft.id, `${draft.markdown}\nKeys arrived on Friday.\n`, NOW);
    const second = await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    expect(second.publication.report.version).toBe(2);
    expect(second.delivery?.attempted).toHaveLength(3);
    expect(smtp.mails).toHaveLength(4);

    await configureReportRecipients(store, "acme-mobile", { addEmails: ["ceo@acme.test"] }, NOW);
    const late = await deliverReport(store, second.publication.report.id, config(), clock);
    expect(late.attempted.map((d) => d.recipient)).toEqual(["ceo@acme.test"]);
    await expect(deliverReport(store, first.publication.report.id, config(), clock)).rejects.toThrow(
      "was superseded by a later version; deliver the latest one instead",
    );
    await expect(queueDeliveries(store, draft.id, NOW)).rejects.toThrow(
      `report ${draft.id} is a draft; publish it first`,
    );
  });

  it("refuses a bad email, a webhook that is not http(s), and removing someone who is not a recipient", async () => {
    await expect(
      configureReportRecipients(store, "acme-mobile", { addEmails: ["not-an-address"] }, NOW),
    ).rejects.toThrow('--add-email "not-an-address" is not an email address');
    await expect(
      configureReportRecipients(store, "acme-mobile", { slackWebhookUrl: "javascript:alert(1)" }, NOW),
    ).rejects.toThrow("must be an http(s) URL");
    await expect(
      configureReportRecipients(store, "acme-mobile", { removeEmails: ["nobody@acme.test"] }, NOW),
    ).rejects.toThrow(`--remove-email "nobody@acme.test" is not a recipient of acme-mobile's reports`);
    const after = await configureReportRecipients(
      store,
      "acme-mobile",
      { removeEmails: ["PM@acme.test"], slackWebhookUrl: null },
      NOW,
    );
    expect(after).toMatchObject({ emails: ["cto@acme.test"], slackWebhookUrl: null });
    expect(await listDeliveries(store.db, "nothing")).toEqual([]);
  });
});

describe("what recipients receive", () => {
  let store: Store;
  let draft: StoredReport;
  beforeAll(async () => {
    store = await openStore(":memory:");
    draft = await seedHostileWeekly(store);
    await configureReportRecipients(
      store,
      "acme-mobile",
      { addEmails: ["cto@acme.test"], slackWebhookUrl: slack.url },
      NOW,
    );
  });
  afterAll(async () => store.close());
  beforeEach(() => {
    smtp.mails.length = 0;
    slack.posts.length = 0;
  });

  it("Slack gets the title, the headline with the RAG status and a link, with source text escaped", async () => {
    await publishAndDeliver(store, draft.id, "Omar", config(), clock);
    const post = slack.posts[0]?.body;
    expect(post?.text).toBe(
      "Acme Mobile — Weekly status, week ending 8 May 2026: At risk. Open escalation: &lt;img src=x onerror=alert(1)&gt;.",
    );
    expect(JSON.stringify(post?.blocks)).toContain(
      "<https://baton.vendor.test/api/v1/reports/acme-mobile-weekly-2026-05-08-v1/html|Read the report in Baton>",
    );
    const raw = smtp.mails[0]?.raw ?? "";
    expect(mailSubject(raw)).toBe("Acme Mobile — Weekly status, week ending 8 May 2026 · At risk");
    const text = mimePart(raw, "text/plain") ?? "";
    expect(text).toContain(`Escalation (L2): ${HOSTILE_TITLE}.`);
    expect(text).toContain("Read it in Baton: https://baton.vendor.test/api/v1/reports/");
    const html = mimePart(raw, "text/html") ?? "";
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<img|<script/);
  });

  it.skipIf(!chromiumAvailable())(
    `email carries the PDF and the charts as PNG pictures (needs Chromium at ${chromiumPath()})`,
    async () => {
      await editReport(store, draft.id, `${draft.markdown}\nA second version.\n`, NOW);
      await publishAndDeliver(store, draft.id, "Omar", config({ chromium: true }), clock);
      const raw = smtp.mails[0]?.raw ?? "";
      expect(raw).toMatch(/Content-Type: application\/pdf; name=acme-mobile-weekly-2026-05-08-v2\.pdf/);
      expect(raw).toMatch(/Content-Type: image\/png; name=chart-1\.png/);
      expect(raw).toContain("Content-ID: <chart-1@baton>");
      expect(mimePart(raw, "text/html")).toContain('<img src="cid:chart-2@baton"');
      expect(raw).not.toMatch(/<svg/);
    },
  );
});
