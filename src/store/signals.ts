import type { Selectable } from "kysely";
import type { EscalationLevel, Evidence, Pattern, Severity } from "../engine/signals/types.ts";
import type {
  NotificationSettingsTable,
  NotificationsSentTable,
  SignalEventsTable,
  SignalsTable,
} from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

/** Where a signal stands: open until someone acts or the condition clears. */
export type SignalState = "open" | "acknowledged" | "snoozed" | "dismissed" | "resolved";

/** A stored signal with its lifecycle. */
export interface StoredSignal {
  readonly id: string;
  readonly engagementId: string;
  readonly key: string;
  readonly pattern: Pattern;
  readonly state: SignalState;
  readonly severity: Severity;
  readonly escalationLevel: EscalationLevel;
  readonly title: string;
  readonly summary: string;
  readonly suggestedAction: string;
  readonly evidence: Evidence;
  readonly measure: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
  readonly stateChangedAt: string;
  readonly snoozedUntil: string | null;
  readonly reason: string | null;
  readonly dismissedMeasure: number | null;
  readonly occurrences: number;
}

/** One step of a signal's history. */
export interface SignalEvent {
  readonly id: string;
  readonly signalId: string;
  readonly at: string;
  readonly kind: "opened" | "updated" | "acknowledged" | "snoozed" | "dismissed" | "resolved" | "reopened";
  readonly state: SignalState;
  readonly measure: number | null;
  readonly reason: string | null;
}

const rowToSignal = (r: Selectable<SignalsTable>): StoredSignal => ({
  ...r,
  pattern: r.pattern as Pattern,
  state: r.state as SignalState,
  severity: r.severity as Severity,
  escalationLevel: r.escalationLevel as EscalationLevel,
  evidence: JSON.parse(r.evidence) as Evidence,
  measure: Number(r.measure),
  dismissedMeasure: r.dismissedMeasure === null ? null : Number(r.dismissedMeasure),
  occurrences: Number(r.occurrences),
});

const rowToEvent = (r: Selectable<SignalEventsTable>): SignalEvent => ({
  ...r,
  kind: r.kind as SignalEvent["kind"],
  state: r.state as SignalState,
  measure: r.measure === null ? null : Number(r.measure),
});

/** Inserts or replaces signals by id (one per engagement and key). */
export const saveSignals = (db: Conn, signals: readonly StoredSignal[]) =>
  upsertRows(
    db,
    "signals",
    signals.map((s) => ({ ...s, evidence: JSON.stringify(s.evidence) })),
  );

/** Appends signal events; an event already stored (same id) is left as it is. */
export const addSignalEvents = (db: Conn, events: readonly SignalEvent[]) =>
  upsertRows(
    db,
    "signalEvents",
    events.map((e) => ({ ...e })),
    ["id"],
  );

export const getSignal = async (db: Conn, id: string): Promise<StoredSignal | undefined> => {
  const row = await db.selectFrom("signals").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? rowToSignal(row) : undefined;
};

/** An engagement's signals (in the given states, when given), most recently seen first. */
export const listSignals = async (
  db: Conn,
  engagementId: string,
  states?: readonly SignalState[],
): Promise<StoredSignal[]> => {
  let query = db.selectFrom("signals").selectAll().where("engagementId", "=", engagementId);
  if (states && states.length > 0) query = query.where("state", "in", [...states]);
  const rows = await query
    .orderBy("lastSeenAt", "desc")
    .orderBy("firstSeenAt", "desc")
    .orderBy("id")
    .execute();
  return rows.map(rowToSignal);
};

/** Every engagement's signals of one pattern (for cross-engagement memory). */
export const listSignalsOfPattern = async (db: Conn, pattern: Pattern): Promise<StoredSignal[]> =>
  (await db.selectFrom("signals").selectAll().where("pattern", "=", pattern).orderBy("id").execute()).map(
    rowToSignal,
  );

/** A signal's history, oldest first. */
export const listSignalEvents = async (db: Conn, signalId: string): Promise<SignalEvent[]> =>
  (
    await db
      .selectFrom("signalEvents")
      .selectAll()
      .where("signalId", "=", signalId)
      .orderBy("at")
      .orderBy("id")
      .execute()
  ).map(rowToEvent);

/** Where an engagement's notifications go. */
export interface NotificationSettings {
  readonly engagementId: string;
  readonly slackWebhookUrl: string | null;
  readonly emailRecipients: readonly string[];
  readonly minSeverity: Severity;
  readonly digestMinutes: number;
}

const rowToSettings = (r: Selectable<NotificationSettingsTable>): NotificationSettings => ({
  ...r,
  emailRecipients: JSON.parse(r.emailRecipients) as string[],
  minSeverity: r.minSeverity as Severity,
  digestMinutes: Number(r.digestMinutes),
});

export const saveNotificationSettings = (db: Conn, s: NotificationSettings) =>
  upsertRows(
    db,
    "notificationSettings",
    [{ ...s, emailRecipients: JSON.stringify(s.emailRecipients) }],
    ["engagementId"],
  );

export const getNotificationSettings = async (
  db: Conn,
  engagementId: string,
): Promise<NotificationSettings | undefined> => {
  const row = await db
    .selectFrom("notificationSettings")
    .selectAll()
    .where("engagementId", "=", engagementId)
    .executeTakeFirst();
  return row ? rowToSettings(row) : undefined;
};

/** One notification sent or attempted. */
export interface SentNotification {
  readonly id: string;
  readonly engagementId: string;
  readonly channel: "slack" | "email";
  readonly recipient: string;
  readonly subjectKeys: readonly string[];
  readonly sentAt: string;
  readonly status: "sent" | "failed";
  readonly error: string | null;
}

const rowToSent = (r: Selectable<NotificationsSentTable>): SentNotification => ({
  ...r,
  channel: r.channel as SentNotification["channel"],
  status: r.status as SentNotification["status"],
  subjectKeys: JSON.parse(r.subjectKeys) as string[],
});

export const logNotification = (db: Conn, n: SentNotification) =>
  upsertRows(db, "notificationsSent", [{ ...n, subjectKeys: JSON.stringify(n.subjectKeys) }]);

/** Notifications of an engagement, newest first (of one channel and recipient, when given). */
export const listNotifications = async (
  db: Conn,
  engagementId: string,
  filter: { readonly channel?: string; readonly recipient?: string } = {},
): Promise<SentNotification[]> => {
  let query = db.selectFrom("notificationsSent").selectAll().where("engagementId", "=", engagementId);
  if (filter.channel) query = query.where("channel", "=", filter.channel);
  if (filter.recipient) query = query.where("recipient", "=", filter.recipient);
  return (await query.orderBy("sentAt", "desc").orderBy("id").execute()).map(rowToSent);
};
