import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import type { Severity } from "../engine/signals/types.ts";
import { invalidInput } from "../errors.ts";
import { listIdentities, listPeople } from "../store/engagements.ts";
import {
  getNotificationSettings,
  listNotifications,
  listSignals,
  logNotification,
  type NotificationSettings,
  type SentNotification,
  type StoredSignal,
  saveNotificationSettings,
} from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { requireEngagement } from "./engagements.ts";
import { reviewReport } from "./metrics.ts";
import { LIVE_STATES } from "./signals.ts";

/**
 * Notifications: new high-severity signals go to the engagement's Slack channel (incoming webhook)
 * and its DM's email digest; live review-SLA breaches go to the requested reviewer by email.
 * At most one message per channel and recipient per digest interval, and never the same signal or
 * breach twice.
 */

/** Where email goes out: an SMTP URL (`smtp://host:port`) and the sender address. */
export interface Mailer {
  readonly smtpUrl: string;
  readonly from: string;
}

/** The mailer from `BATON_SMTP_URL` and `BATON_MAIL_FROM`, or none when no SMTP server is set. */
export const mailerFromEnv = (env: NodeJS.ProcessEnv = process.env): Mailer | null =>
  env.BATON_SMTP_URL ? { smtpUrl: env.BATON_SMTP_URL, from: env.BATON_MAIL_FROM ?? "baton@localhost" } : null;

const SEVERITIES: readonly Severity[] = ["low", "medium", "high"];

/** Sets where an engagement's notifications go; unspecified fields keep their value. */
export const configureNotifications = async (
  store: Store,
  engagementId: string,
  input: {
    readonly slackWebhookUrl?: string | null;
    readonly emailRecipients?: readonly string[];
    readonly minSeverity?: string;
    readonly digestMinutes?: number;
  },
): Promise<NotificationSettings> => {
  await requireEngagement(store, engagementId);
  const current = await getNotificationSettings(store.db, engagementId);
  if (input.slackWebhookUrl && !/^https?:\/\//.test(input.slackWebhookUrl)) {
    throw invalidInput(`--slack-webhook "${input.slackWebhookUrl}" must be an http(s) URL`);
  }
  for (const email of input.emailRecipients ?? []) {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalidInput(`--email "${email}" is not an email address`);
  }
  if (input.minSeverity !== undefined && !SEVERITIES.includes(input.minSeverity as Severity)) {
    throw invalidInput(`--min-severity "${input.minSeverity}" must be one of ${SEVERITIES.join(", ")}`);
  }
  if (input.digestMinutes !== undefined && !(input.digestMinutes >= 0 && input.digestMinutes <= 10_080)) {
    throw invalidInput(`--digest-minutes ${input.digestMinutes} must be between 0 and 10080`);
  }
  const settings: NotificationSettings = {
    engagementId,
    slackWebhookUrl:
      input.slackWebhookUrl === undefined ? (current?.slackWebhookUrl ?? null) : input.slackWebhookUrl,
    emailRecipients: input.emailRecipients ?? current?.emailRecipients ?? [],
    minSeverity: (input.minSeverity as Severity | undefined) ?? current?.minSeverity ?? "high",
    digestMinutes: input.digestMinutes ?? current?.digestMinutes ?? 60,
  };
  await saveNotificationSettings(store.db, settings);
  return settings;
};

/** What one notification pass did. */
export interface NotifyResult {
  readonly sent: readonly SentNotification[];
  /** Recipients held back by the rate limit, with what waits for the next digest. */
  readonly deferred: readonly {
    readonly channel: string;
    readonly recipient: string;
    readonly keys: readonly string[];
  }[];
}

const postSlack = async (url: string, text: string, lines: readonly string[]): Promise<void> => {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      text,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${text}*` } },
        ...lines.map((line) => ({ type: "section", text: { type: "mrkdwn", text: line } })),
      ],
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`Slack webhook answered ${response.status}: ${body.slice(0, 200)}`);
};

const sendMail = async (mailer: Mailer, to: string, subject: string, lines: readonly string[]) => {
  const transport = nodemailer.createTransport(mailer.smtpUrl);
  try {
    await transport.sendMail({ from: mailer.from, to, subject, text: lines.join("\n\n") });
  } finally {
    transport.close();
  }
};

const signalLine = (s: StoredSignal) =>
  `[${s.severity}, ${s.escalationLevel}] ${s.title} (${s.id})\n${s.suggestedAction}`;

/**
 * Sends what is due for an engagement as of `now`: live signals at or above the configured
 * severity that were never notified, and review requests past their SLA still waiting (to the
 * requested reviewer, when Baton knows their email). Failures are logged as failed notifications,
 * never thrown.
 */
export const notifyEngagement = async (
  store: Store,
  engagementId: string,
  now: Date,
  mailer: Mailer | null = mailerFromEnv(),
): Promise<NotifyResult> => {
  const settings = await getNotificationSettings(store.db, engagementId);
  if (!settings) return { sent: [], deferred: [] };
  const at = now.toISOString();
  const log = await listNotifications(store.db, engagementId);
  const notified = new Set(log.filter((n) => n.status === "sent").flatMap((n) => n.subjectKeys));
  const minRank = SEVERITIES.indexOf(settings.minSeverity);
  const due = (await listSignals(store.db, engagementId, LIVE_STATES)).filter(
    (s) =>
      s.state === "open" &&
      SEVERITIES.indexOf(s.severity) >= minRank &&
      !notified.has(`${s.id}#${s.occurrences}`),
  );

  // Review-SLA breaches still waiting, to the requested reviewer.
  const reviews = await reviewReport(store, engagementId, { asOf: at }, now);
  const [people, identities] = await Promise.all([listPeople(store.db), listIdentities(store.db)]);
  const byAccount = new Map(identities.map((i) => [i.externalId, i.personId]));
  const emailOf = (account: string) => {
    const person = people.find(
      (p) => p.id === account || p.id === byAccount.get(account) || p.email === account,
    );
    return person?.email ?? null;
  };
  const breaches = reviews.requests.filter(
    (r) => r.status === "breached" && r.endedAt === null && !notified.has(r.id),
  );

  const messages: {
    channel: "slack" | "email";
    recipient: string;
    keys: string[];
    subject: string;
    lines: string[];
  }[] = [];
  if (due.length > 0) {
    const keys = due.map((s) => `${s.id}#${s.occurrences}`);
    const subject = `${engagementId}: ${due.length} new signal${due.length === 1 ? "" : "s"} to look at`;
    const lines = due.map(signalLine);
    if (settings.slackWebhookUrl)
      messages.push({ channel: "slack", recipient: settings.slackWebhookUrl, keys, subject, lines });
    for (const email of settings.emailRecipients)
      messages.push({ channel: "email", recipient: email, keys, subject, lines });
  }
  const byReviewer = new Map<string, typeof breaches>();
  for (const b of breaches) {
    const email = b.team ? null : emailOf(b.reviewer);
    const recipient = email ?? settings.emailRecipients[0];
    if (recipient) byReviewer.set(recipient, [...(byReviewer.get(recipient) ?? []), b]);
  }
  for (const [recipient, list] of byReviewer) {
    messages.push({
      channel: "email",
      recipient,
      keys: list.map((b) => b.id),
      subject: `${engagementId}: ${list.length} review${list.length === 1 ? "" : "s"} past the ${list[0]!.limitHours}-hour SLA`,
      lines: list.map(
        (b) =>
          `Review requested from ${b.reviewer} on ${b.requestedAt}, due ${b.dueAt ?? "—"} (pull request ${b.prId})`,
      ),
    });
  }

  const sent: SentNotification[] = [];
  const deferred: NotifyResult["deferred"][number][] = [];
  const windowStart = new Date(now.getTime() - settings.digestMinutes * 60_000).toISOString();
  const merged = new Map<string, (typeof messages)[number]>();
  for (const m of messages) {
    const key = `${m.channel}\n${m.recipient}`;
    const previous = merged.get(key);
    merged.set(
      key,
      previous
        ? {
            ...m,
            keys: [...previous.keys, ...m.keys],
            subject: `${previous.subject}; ${m.subject}`,
            lines: [...previous.lines, ...m.lines],
          }
        : m,
    );
  }
  for (const m of merged.values()) {
    const recent = log.some(
      (n) =>
        n.channel === m.channel &&
        n.recipient === m.recipient &&
        n.status === "sent" &&
        n.sentAt > windowStart,
    );
    if (recent) {
      deferred.push({ channel: m.channel, recipient: m.recipient, keys: m.keys });
      continue;
    }
    let error: string | null = null;
    try {
      if (m.channel === "slack") await postSlack(m.recipient, m.subject, m.lines);
      else if (mailer) await sendMail(mailer, m.recipient, m.subject, m.lines);
      else error = "no SMTP server configured (set BATON_SMTP_URL)";
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const record: SentNotification = {
      id: `ntf-${createHash("sha1").update(`${engagementId}\n${m.channel}\n${m.recipient}\n${at}`).digest("hex").slice(0, 12)}`,
      engagementId,
      channel: m.channel,
      recipient: m.recipient,
      subjectKeys: m.keys,
      sentAt: at,
      status: error === null ? "sent" : "failed",
      error,
    };
    await logNotification(store.db, record);
    sent.push(record);
  }
  return { sent, deferred };
};
