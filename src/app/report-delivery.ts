import nodemailer from "nodemailer";
import type { Browser } from "playwright-core";
import { chromiumAvailable, launchChromium } from "../browser.ts";
import { conflict, invalidInput } from "../errors.ts";
import type { ChartData } from "../reports/chart-data.ts";
import { ragLabel, reportHtml, reportMeta, reportText, reportTitle } from "../reports/html.ts";
import { chartPngs, reportPdf } from "../reports/pdf.ts";
import {
  addDeliveries,
  claimDelivery,
  type DeliveryChannel,
  deliveryId,
  finishDelivery,
  getReportRecipients,
  listDeliveries,
  type ReportDelivery,
  type ReportRecipients,
  saveReportRecipients,
} from "../store/report-deliveries.ts";
import type { StoredReport } from "../store/reports.ts";
import type { Store } from "../store/store.ts";
import { CSAT_QUESTION, csatLink, csatSecret } from "./csat.ts";
import { requireEngagement } from "./engagements.ts";
import { type Mailer, mailerFromEnv } from "./notifications.ts";
import { reportChart } from "./report-formats.ts";
import { type Publication, publishReport, requireReport } from "./reports.ts";

/**
 * Delivering published reports: each engagement names who receives its reports (email addresses
 * and a Slack incoming webhook); publishing a new version queues one delivery per channel and
 * recipient, and sending records each one's status. A version is never sent twice to the same
 * recipient; a failed send stays failed until it is retried.
 */

/** How deliveries go out. */
export interface DeliveryConfig {
  /** The SMTP server and sender; without one, email deliveries fail saying so. */
  readonly mailer: Mailer | null;
  /** Baton's address for links in messages (`BATON_PUBLIC_URL`), or null for no link. */
  readonly publicUrl: string | null;
  /**
   * Whether Chromium prints the PDF attached to emails and draws the charts as PNG pictures in
   * them. Without it, emails carry the HTML with inline SVG charts and no attachment.
   */
  readonly chromium: boolean;
  readonly chart: (data: ChartData) => string;
}

export const deliveryConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): DeliveryConfig => ({
  mailer: mailerFromEnv(env),
  publicUrl: env.BATON_PUBLIC_URL ?? null,
  chromium: env.BATON_REPORT_ATTACHMENTS !== "off" && chromiumAvailable(env),
  chart: reportChart,
});

const EMAIL = /^[^@\s<>",;]+@[^@\s<>",;]+\.[^@\s<>",;]+$/;

export interface RecipientsChange {
  readonly addEmails?: readonly string[];
  readonly removeEmails?: readonly string[];
  /** A webhook URL to set, null to remove Slack, undefined to keep it. */
  readonly slackWebhookUrl?: string | null;
}

/** Who receives an engagement's published reports. */
export const reportRecipients = async (store: Store, engagementId: string): Promise<ReportRecipients> => {
  await requireEngagement(store, engagementId);
  return getReportRecipients(store.db, engagementId);
};

/** Adds and removes email recipients and sets or removes the Slack webhook. */
export const configureReportRecipients = async (
  store: Store,
  engagementId: string,
  change: RecipientsChange,
  now: Date,
): Promise<ReportRecipients> => {
  const current = await reportRecipients(store, engagementId);
  for (const email of change.addEmails ?? [])
    if (!EMAIL.test(email)) throw invalidInput(`--add-email "${email}" is not an email address`);
  const missing = (change.removeEmails ?? []).filter(
    (e) => !current.emails.some((c) => c.toLowerCase() === e.toLowerCase()),
  );
  if (missing.length > 0)
    throw invalidInput(
      `--remove-email ${missing.map((m) => `"${m}"`).join(", ")} is not a recipient of ${engagementId}'s reports`,
    );
  const url = change.slackWebhookUrl;
  if (url !== undefined && url !== null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {}
    if (!parsed || !/^https?:$/.test(parsed.protocol))
      throw invalidInput(`--slack-webhook "${url}" must be an http(s) URL`);
  }
  const removed = new Set((change.removeEmails ?? []).map((e) => e.toLowerCase()));
  const emails = [...current.emails.filter((e) => !removed.has(e.toLowerCase()))];
  for (const email of change.addEmails ?? [])
    if (!emails.some((e) => e.toLowerCase() === email.toLowerCase())) emails.push(email);
  const next = {
    engagementId,
    emails,
    slackWebhookUrl: url === undefined ? current.slackWebhookUrl : url,
    updatedAt: now.toISOString(),
  };
  await saveReportRecipients(store.db, next);
  return next;
};

/** A published version, or a clear refusal for a draft or a superseded one. */
const requirePublished = async (store: Store, reportId: string): Promise<StoredReport> => {
  const report = await requireReport(store, reportId);
  if (report.status === "draft")
    throw conflict(
      `report ${reportId} is a draft; publish it first with \`baton report publish ${reportId}\``,
    );
  if (report.status === "superseded")
    throw conflict(`report ${reportId} was superseded by a later version; deliver the latest one instead`);
  return report;
};

/**
 * Queues one delivery of a published version per channel and recipient the engagement has now.
 * Deliveries that already exist, sent or not, are left alone, so queueing again adds only new
 * recipients.
 */
export const queueDeliveries = async (
  store: Store,
  reportId: string,
  now: Date,
): Promise<ReportDelivery[]> => {
  const report = await requirePublished(store, reportId);
  const recipients = await getReportRecipients(store.db, report.engagementId);
  const at = now.toISOString();
  const targets: [DeliveryChannel, string][] = [
    ...recipients.emails.map((e): [DeliveryChannel, string] => ["email", e]),
    ...(recipients.slackWebhookUrl
      ? [["slack", recipients.slackWebhookUrl] as [DeliveryChannel, string]]
      : []),
  ];
  await addDeliveries(
    store.db,
    targets.map(([channel, recipient]) => ({
      id: deliveryId(report.id, channel, recipient),
      reportId: report.id,
      engagementId: report.engagementId,
      channel,
      recipient,
      status: "queued",
      attempts: 0,
      lastError: null,
      queuedAt: at,
      updatedAt: at,
      sentAt: null,
    })),
  );
  return listDeliveries(store.db, report.id);
};

/** The deliveries of one version, with their status. */
export const deliveryStatus = async (store: Store, reportId: string): Promise<ReportDelivery[]> => {
  await requireReport(store, reportId);
  return listDeliveries(store.db, reportId);
};

/** The address of the report in Baton, for a reader who is signed in. */
const reportLink = (config: DeliveryConfig, report: StoredReport) =>
  config.publicUrl
    ? `${config.publicUrl.replace(/\/+$/, "")}/api/v1/reports/${encodeURIComponent(report.id)}/html`
    : null;

/** The email: HTML (charts as attached PNG pictures when Chromium is there), text, PDF. */
interface Email {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly attachments: { filename: string; content: Buffer; contentType: string; cid?: string }[];
}

const buildEmail = async (report: StoredReport, config: DeliveryConfig): Promise<Email> => {
  const rag = ragLabel(report);
  const subject = `${reportTitle(report)}${rag ? ` · ${rag}` : ""}${report.version > 1 ? ` (version ${report.version})` : ""}`;
  const link = reportLink(config, report);
  const text = `${reportText(report)}${link ? `\nRead it in Baton: ${link}\n` : ""}`;
  if (!config.chromium)
    return { subject, html: reportHtml(report, { chart: config.chart }), text, attachments: [] };
  const charts = reportMeta(report).charts;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const pngs = await chartPngs(charts, config.chart, browser);
    const cid = (i: number) => `chart-${i + 1}@baton`;
    // Gmail and Outlook do not show inline SVG; a PNG attached by content id shows everywhere.
    const emailHtml = reportHtml(report, {
      chart: config.chart,
      chartImage: (data, i) =>
        pngs[i]
          ? `<img src="cid:${cid(i)}" alt="${data.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}" width="600" style="display:block;width:100%;max-width:600px;height:auto;border:0">`
          : null,
    });
    const pdf = await reportPdf(reportHtml(report, { chart: config.chart }), {
      browser,
      footer: report.id,
    });
    return {
      subject,
      html: emailHtml,
      text,
      attachments: [
        ...pngs.map((content, i) => ({
          filename: `chart-${i + 1}.png`,
          content,
          contentType: "image/png",
          cid: cid(i),
        })),
        { filename: `${report.id}.pdf`, content: pdf, contentType: "application/pdf" },
      ],
    };
  } finally {
    await browser?.close();
  }
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The monthly review asks each recipient the satisfaction question with their own signed links,
 * one per score: following one opens the answer form with that score chosen (it records nothing
 * until they send it). Other reports, or no public address for Baton, leave the email as it is.
 */
const withAnswerLinks = (email: Email, link: ((score: number) => string) | null): Email => {
  if (!link) return email;
  const cells = Array.from(
    { length: 11 },
    (_, n) =>
      `<td style="padding:2px"><a href="${escapeHtml(link(n))}" style="display:block;width:30px;padding:6px 0;text-align:center;border:1px solid #d0d5dd;border-radius:4px;color:#1c2024;text-decoration:none;font:14px/1 system-ui,-apple-system,'Segoe UI',sans-serif">${n}</a></td>`,
  ).join("");
  const block = `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px auto;max-width:600px;width:100%;font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1c2024"><tr><td style="padding:16px;border:1px solid #e3e6ea;border-radius:8px"><p style="margin:0 0 8px"><strong>${escapeHtml(CSAT_QUESTION)}</strong></p><table role="presentation" cellpadding="0" cellspacing="0"><tr>${cells}</tr></table><p style="margin:8px 0 0;color:#5f6b76;font-size:13px">0 = not at all likely, 10 = extremely likely. You can add a comment on the next page.</p></td></tr></table>`;
  const at = email.html.lastIndexOf("</body>");
  return {
    ...email,
    html: at < 0 ? `${email.html}${block}` : `${email.html.slice(0, at)}${block}${email.html.slice(at)}`,
    text: `${email.text}\n${CSAT_QUESTION} Answer 0–10: ${link(10).replace(/\?score=10$/, "")}\n`,
  };
};

/** Slack's mrkdwn needs only these three escaped; everything else stays as written. */
const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The line under the title that states the status: the report's own headline. */
const headlineOf = (report: StoredReport): string | null => {
  const lines = reportText(report)
    .split("\n")
    .map((l) => l.trim());
  const rag = ragLabel(report);
  const line =
    (rag && lines.find((l) => l.includes(`${rag}.`))) ??
    lines.find((l, i) => i > 1 && l !== "" && !/^[=-]+$/.test(l) && !/^Week of /.test(l));
  return line ? line.replace(/^[^\p{L}\p{N}]+/u, "") : null;
};

const slackMessage = (report: StoredReport, config: DeliveryConfig) => {
  const title = reportTitle(report);
  const headline = headlineOf(report);
  const link = reportLink(config, report);
  const text = `${title}${headline ? `: ${headline}` : ""}`;
  return {
    text: slackEscape(text),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${slackEscape(title)}*` } },
      ...(headline ? [{ type: "section", text: { type: "mrkdwn", text: slackEscape(headline) } }] : []),
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `Version ${report.version}${link ? ` · <${link}|Read the report in Baton>` : ""}`,
          },
        ],
      },
    ],
  };
};

const postSlack = async (url: string, body: unknown) => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const answer = await response.text();
  if (!response.ok) throw new Error(`Slack webhook answered ${response.status}: ${answer.slice(0, 200)}`);
};

const sendEmail = async (mailer: Mailer, to: string, email: Email) => {
  const transport = nodemailer.createTransport(mailer.smtpUrl);
  try {
    await transport.sendMail({
      from: mailer.from,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments,
    });
  } finally {
    transport.close();
  }
};

/** What one delivery run did: every delivery of the version after it, and which ones it tried. */
export interface DeliveryRun {
  readonly reportId: string;
  readonly deliveries: readonly ReportDelivery[];
  readonly attempted: readonly ReportDelivery[];
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends a published version to everyone it has not reached yet: queues deliveries for the
 * engagement's current recipients, then sends each queued or failed one and records the outcome.
 * Sent deliveries are never sent again. Failures are recorded, not thrown.
 */
export const deliverReport = async (
  store: Store,
  reportId: string,
  config: DeliveryConfig,
  now: () => Date,
): Promise<DeliveryRun> => {
  const report = await requirePublished(store, reportId);
  // Claiming decides what may be sent: queued, failed, or left `sending` by a process that died.
  const pending = (await queueDeliveries(store, reportId, now())).filter((d) => d.status !== "sent");
  let email: Promise<Email> | undefined;
  const secret =
    report.kind === "monthly" && config.publicUrl && /^\d{4}-\d{2}$/.test(report.period)
      ? await csatSecret(store, now())
      : null;
  const answerLinks = (recipient: string) =>
    secret && config.publicUrl
      ? (score: number) =>
          `${csatLink(config.publicUrl as string, secret, {
            engagementId: report.engagementId,
            month: report.period,
            email: recipient,
          })}?score=${score}`
      : null;
  const attempted: string[] = [];
  for (const delivery of pending) {
    const taken = await claimDelivery(store.db, delivery.id, now().toISOString());
    if (!taken) continue;
    attempted.push(taken.id);
    let error: string | null = null;
    try {
      if (taken.channel === "slack") await postSlack(taken.recipient, slackMessage(report, config));
      else if (!config.mailer) error = "no SMTP server configured (set BATON_SMTP_URL)";
      else {
        email ??= buildEmail(report, config);
        await sendEmail(
          config.mailer,
          taken.recipient,
          withAnswerLinks(await email, answerLinks(taken.recipient)),
        );
      }
    } catch (e) {
      error = message(e);
    }
    await finishDelivery(store.db, taken.id, { at: now().toISOString(), error });
  }
  const deliveries = await listDeliveries(store.db, reportId);
  return {
    reportId,
    deliveries,
    attempted: deliveries.filter((d) => attempted.includes(d.id)),
  };
};

/** A webhook URL as people may see it: its host and the last characters of its secret path. */
export const maskedRecipient = (channel: DeliveryChannel, recipient: string): string => {
  if (channel !== "slack") return recipient;
  try {
    const url = new URL(recipient);
    return `${url.origin}/…${url.pathname.slice(-4)}`;
  } catch {
    return "(webhook)";
  }
};

/**
 * Publishes a draft and, when that made a new version, delivers it at once (the command line's
 * way; the server queues a job instead). Publishing unchanged text delivers nothing.
 */
export const publishAndDeliver = async (
  store: Store,
  id: string,
  by: string,
  config: DeliveryConfig,
  now: () => Date,
): Promise<{ readonly publication: Publication; readonly delivery: DeliveryRun | null }> => {
  const publication = await publishReport(store, id, by, now());
  const delivery = publication.published
    ? await deliverReport(store, publication.report.id, config, now)
    : null;
  return { publication, delivery };
};
