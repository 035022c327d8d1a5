import type { Command } from "commander";
import { configureNotifications, notifyEngagement } from "../../app/notifications.ts";
import {
  acknowledgeSignal,
  backtestEngagementSignals,
  dismissSignal,
  engagementSignals,
  type SignalView,
  signalDetail,
  similarOccurrences,
  snoozeSignal,
} from "../../app/signals.ts";
import { invalidInput } from "../../errors.ts";
import type { StoredSignal } from "../../store/signals.ts";
import { withStore } from "../context.ts";
import { table } from "../output.ts";

const day = (instant: string | null) => (instant === null ? null : instant.slice(0, 10));

const stateText = (s: StoredSignal) =>
  s.state === "snoozed" && s.snoozedUntil ? `snoozed to ${day(s.snoozedUntil)}` : s.state;

/** The evidence behind a signal, as a DM reads it. */
export const explainSignal = (s: StoredSignal & { readonly itemKeys?: readonly string[] }): string => {
  const e = s.evidence;
  const items = s.itemKeys ?? e.items;
  const lines = [
    `${s.id}  ${s.title}`,
    `  ${s.summary}`,
    `  Suggested (${s.escalationLevel}): ${s.suggestedAction}`,
    ...(items.length
      ? [
          `  Items: ${items.slice(0, 20).join(", ")}${items.length > 20 ? ` and ${items.length - 20} more` : ""}`,
        ]
      : []),
    ...(e.pullRequests.length
      ? [
          `  Pull requests: ${e.pullRequests.slice(0, 10).join(", ")}${e.pullRequests.length > 10 ? ` and ${e.pullRequests.length - 10} more` : ""}`,
        ]
      : []),
    ...(e.other.length ? [`  About: ${e.other.slice(0, 10).join(", ")}`] : []),
    `  Thresholds: ${Object.entries(e.thresholds)
      .map(([k, v]) => `${k} ${v}`)
      .join(" · ")}`,
    ...Object.entries(e.series).map(
      ([name, points]) =>
        `  ${name}: ${points
          .slice(-12)
          .map((p) => `${p.label.slice(0, 10)} ${p.value}`)
          .join(", ")}`,
    ),
    ...(s.reason ? [`  Reason given: ${s.reason}`] : []),
  ];
  return lines.join("\n");
};

/** `--engagement` given after a subcommand may land on `signals` itself: read it from either. */
const engagementOf = (o: { engagement?: string }, command: Command): string => {
  const engagement = o.engagement ?? command.parent?.opts().engagement;
  if (!engagement) throw invalidInput("give --engagement <id>");
  return engagement;
};

const signalTable = (signals: readonly SignalView[]) =>
  table(
    ["ID", "SEVERITY", "LEVEL", "STATE", "PATTERN", "SINCE", "TITLE"],
    signals.map((s) => [
      s.id,
      s.severity,
      s.escalationLevel,
      stateText(s),
      s.pattern,
      day(s.firstSeenAt),
      s.title,
    ]),
  );

export const registerSignalCommands = (program: Command) => {
  const signals = program
    .command("signals")
    .description("anomalies and anti-patterns caught early, with evidence; ack, snooze, dismiss, backtest")
    .option("--engagement <id>", "engagement id")
    .option("--as-of <when>", "what the detectors find as of this instant or date (nothing is recorded)")
    .option("--all", "include dismissed and resolved signals")
    .option("--explain", "show each signal's evidence, thresholds and suggested action")
    .action(async (o, command: Command) => {
      if (!o.engagement) throw invalidInput("give --engagement <id>");
      await withStore(command, async ({ store, now, out }) => {
        const r = await engagementSignals(store, o.engagement, { asOf: o.asOf, all: Boolean(o.all) }, now);
        const heading = `Signals for ${o.engagement} as of ${r.asOf}${r.recorded ? "" : " (replayed, not recorded)"}: ${r.signals.length}`;
        const text =
          r.signals.length === 0
            ? `${heading}\nNothing needs attention.`
            : [
                heading,
                signalTable(r.signals),
                ...(o.explain ? ["", ...r.signals.map(explainSignal)] : []),
              ].join("\n");
        out.result(text, r);
      });
    });

  signals
    .command("show <id>")
    .description("one signal: evidence, history, and how the same pattern went in other engagements")
    .action(async (id: string, _o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const detail = await signalDetail(store, id);
        const similar = await similarOccurrences(store, id, { role: "admin" });
        const text = [
          explainSignal(detail.signal),
          `  State: ${stateText(detail.signal)} since ${day(detail.signal.stateChangedAt)}; first seen ${day(detail.signal.firstSeenAt)}, last seen ${day(detail.signal.lastSeenAt)}`,
          "",
          "History:",
          table(
            ["AT", "EVENT", "STATE", "MEASURE", "REASON"],
            detail.events.map((e) => [e.at, e.kind, e.state, e.measure, e.reason]),
          ),
          "",
          similar.length === 0
            ? "No earlier occurrences of this pattern in other engagements."
            : [
                "Similar occurrences elsewhere (for DMs and directors only):",
                table(
                  ["ENGAGEMENT", "SINCE", "STATE", "RESOLVED IN", "MILESTONE", "SIMILARITY", "TITLE"],
                  similar.map((p) => [
                    p.engagementId,
                    day(p.firstSeenAt),
                    p.state,
                    p.daysToResolve === null ? null : `${p.daysToResolve} d`,
                    p.milestone
                      ? `${p.milestone.outcome}${p.milestone.daysLate ? ` (${p.milestone.daysLate} d late)` : ""}`
                      : null,
                    p.similarity,
                    p.title,
                  ]),
                ),
              ].join("\n"),
        ].join("\n");
        out.result(text, { ...detail, similar });
      }),
    );

  signals
    .command("ack <id>")
    .description("acknowledge a signal: you are handling it")
    .option("--reason <text>", "what you are doing about it")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const s = await acknowledgeSignal(store, id, o.reason ?? null, now);
        out.result(`Acknowledged ${s.id}: ${s.title}`, s);
      }),
    );

  signals
    .command("snooze <id>")
    .description("hide a signal until a date; it comes back then if the condition still holds")
    .requiredOption("--until <when>", "date or instant")
    .option("--reason <text>", "why it can wait")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const s = await snoozeSignal(store, id, { until: o.until, reason: o.reason ?? null }, now);
        out.result(`Snoozed ${s.id} until ${s.snoozedUntil}: ${s.title}`, s);
      }),
    );

  signals
    .command("dismiss <id>")
    .description("dismiss a signal; it reopens only if the condition gets materially worse")
    .requiredOption("--reason <text>", "why it is not a problem")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const s = await dismissSignal(store, id, o.reason, now);
        out.result(`Dismissed ${s.id} (${o.reason}): ${s.title}`, s);
      }),
    );

  signals
    .command("settings")
    .description(
      "where an engagement's notifications go: Slack incoming webhook, email digest, severity, rate limit",
    )
    .option("--engagement <id>", "engagement id")
    .option("--slack-webhook <url>", "Slack incoming-webhook URL ('' to remove)")
    .option("--email <list>", "comma-separated email recipients of the digest")
    .option("--min-severity <level>", "low, medium or high (default high)")
    .option("--digest-minutes <n>", "at most one message per recipient within this many minutes (default 60)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const s = await configureNotifications(store, engagementOf(o, command), {
          ...(o.slackWebhook !== undefined ? { slackWebhookUrl: o.slackWebhook || null } : {}),
          ...(o.email !== undefined
            ? {
                emailRecipients: String(o.email)
                  .split(",")
                  .map((e: string) => e.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(o.minSeverity !== undefined ? { minSeverity: o.minSeverity } : {}),
          ...(o.digestMinutes !== undefined ? { digestMinutes: Number(o.digestMinutes) } : {}),
        });
        out.result(
          [
            `Notifications for ${s.engagementId}:`,
            `  Slack: ${s.slackWebhookUrl ? "incoming webhook set" : "—"}`,
            `  Email digest: ${s.emailRecipients.join(", ") || "—"}`,
            `  Severity: ${s.minSeverity} and above; at most one message per recipient every ${s.digestMinutes} minutes`,
          ].join("\n"),
          s,
        );
      }),
    );

  signals
    .command("notify")
    .description("send the notifications due now (also done after every sync); email needs BATON_SMTP_URL")
    .option("--engagement <id>", "engagement id")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const r = await notifyEngagement(store, engagementOf(o, command), now);
        out.result(
          r.sent.length === 0 && r.deferred.length === 0
            ? "Nothing to send."
            : table(
                ["CHANNEL", "RECIPIENT", "STATUS", "ABOUT"],
                [
                  ...r.sent.map((n) => [
                    n.channel,
                    n.channel === "slack" ? "webhook" : n.recipient,
                    n.error ? `failed: ${n.error}` : n.status,
                    n.subjectKeys.join(", "),
                  ]),
                  ...r.deferred.map((d) => [
                    d.channel,
                    d.channel === "slack" ? "webhook" : d.recipient,
                    "held for the next digest",
                    d.keys.join(", "),
                  ]),
                ],
              ),
          r,
        );
      }),
    );

  signals
    .command("backtest")
    .description("when each signal would have fired, replaying the detectors over the history")
    .option("--engagement <id>", "engagement id")
    .option("--as-of <when>", "replay up to this instant or date (default now)")
    .option("--from <when>", "first evaluation (default six weeks into the history)")
    .option("--step-days <n>", "days between evaluations", "7")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const engagement = engagementOf(o, command);
        const r = await backtestEngagementSignals(
          store,
          engagement,
          { asOf: o.asOf ?? command.parent?.opts().asOf, from: o.from, stepDays: Number(o.stepDays) },
          now,
        );
        const text = [
          `Backtest of ${engagement}: ${r.points} evaluations every ${r.stepDays} days from ${day(r.from)} to ${day(r.to)}, ${r.signals.length} conditions fired`,
          table(
            ["FIRST FIRED", "PATTERN", "SEVERITY", "TIMES", "CLEARED", "TITLE"],
            r.signals.map((s) => [
              day(s.firstFiredAt),
              s.pattern,
              s.severity,
              s.episodes.length,
              day(s.episodes.at(-1)?.clearedAt ?? null) ?? "still holds",
              s.title,
            ]),
          ),
        ].join("\n");
        out.result(text, r);
      }),
    );
};
