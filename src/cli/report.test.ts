import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, chromiumPath } from "../browser.ts";
import { openStore } from "../store/store.ts";
import { runCli, tempDbPath } from "../testing/cli.ts";
import { localSlack, localSmtp } from "../testing/mail.ts";
import { HOSTILE_TITLE, seedHostileWeekly } from "../testing/reports.ts";

let db = "";
let draftId = "";
let smtp: Awaited<ReturnType<typeof localSmtp>>;
let slack: Awaited<ReturnType<typeof localSlack>>;
const saved = { ...process.env };
beforeAll(async () => {
  db = tempDbPath();
  const store = await openStore(db);
  draftId = (await seedHostileWeekly(store)).id;
  await store.close();
  smtp = await localSmtp();
  slack = await localSlack();
  process.env.BATON_SMTP_URL = smtp.url;
  process.env.BATON_MAIL_FROM = "baton@vendor.test";
  process.env.BATON_REPORT_ATTACHMENTS = "off";
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
  await slack.close();
});

const out = (name: string) => join(dirname(db), name);

describe("baton report formats", () => {
  it("writes the HTML to --out and says what it wrote", async () => {
    const run = await runCli(db, "report", "show", draftId, "--format", "html", "--out", out("status.html"));
    expect(run).toMatchObject({ exitCode: 0 });
    expect(run.stdout).toMatch(
      new RegExp(`^Wrote ${draftId} as HTML to .*status\\.html \\(\\d+ bytes\\)\\.\\n$`),
    );
    const html = await readFile(out("status.html"), "utf8");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toContain(HOSTILE_TITLE);
  });

  it("names the formats when one is unknown", async () => {
    const run = await runCli(db, "report", "show", draftId, "--format", "docx");
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('--format "docx" must be one of md, html, pdf, json');
  });

  it.skipIf(!chromiumAvailable())(`writes a PDF to --out (needs Chromium at ${chromiumPath()})`, async () => {
    const run = await runCli(db, "report", "show", draftId, "--format", "pdf", "--out", out("status.pdf"));
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("as PDF to");
    expect((await readFile(out("status.pdf"))).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

describe("baton report recipients, publish and deliver", () => {
  it("publishing delivers to the recipients once and prints each channel's result; publishing again sends nothing", async () => {
    const set = await runCli(
      db,
      "report",
      "recipients",
      "--engagement",
      "acme-mobile",
      "--add-email",
      "cto@acme.test",
      "--add-email",
      "pm@acme.test",
      "--slack-webhook",
      slack.url,
    );
    expect(set.stdout).toBe(
      `Reports of acme-mobile go to: cto@acme.test, pm@acme.test; Slack: ${new URL(slack.url).origin}/…XXXX.\n`,
    );

    const published = await runCli(db, "report", "publish", draftId, "--by", "Omar");
    expect(published.exitCode).toBe(0);
    expect(published.stdout).toContain(`Published ${draftId}-v1 (version 1).`);
    expect(published.stdout).toMatch(/email\s+cto@acme\.test\s+sent\s+1/);
    expect(published.stdout).toMatch(/email\s+pm@acme\.test\s+sent\s+1/);
    expect(published.stdout).toMatch(/slack\s+http:\/\/127\.0\.0\.1:\d+\/…XXXX\s+sent\s+1/);
    expect(smtp.mails).toHaveLength(2);
    expect(slack.posts).toHaveLength(1);

    const again = await runCli(db, "report", "publish", draftId);
    expect(again.stdout).toBe(`Nothing new: ${draftId}-v1 already has this text; nothing delivered.\n`);
    const retry = await runCli(db, "report", "deliver", `${draftId}-v1`);
    expect(retry.stdout).toBe(`Every recipient already has ${draftId}-v1; nothing sent.\n`);
    expect(smtp.mails).toHaveLength(2);

    const status = await runCli(db, "--json", "report", "deliveries", `${draftId}-v1`);
    const rows = JSON.parse(status.stdout) as { channel: string; status: string; recipient: string }[];
    expect(rows.map((r) => [r.channel, r.status])).toEqual([
      ["email", "sent"],
      ["email", "sent"],
      ["slack", "sent"],
    ]);
    expect(status.stdout).not.toContain("/services/T000/B000/XXXX");
  });
});
