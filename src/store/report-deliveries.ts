import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import type { ReportDeliveriesTable } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

/** Who receives an engagement's published reports. */
export interface ReportRecipients {
  readonly engagementId: string;
  readonly emails: readonly string[];
  readonly slackWebhookUrl: string | null;
  readonly updatedAt: string | null;
}

export type DeliveryChannel = "email" | "slack";
/** `sending` while one process holds it, so two instances never send the same delivery. */
export type DeliveryStatus = "queued" | "sending" | "sent" | "failed";

/** One published version over one channel to one recipient. */
export interface ReportDelivery {
  readonly id: string;
  readonly reportId: string;
  readonly engagementId: string;
  readonly channel: DeliveryChannel;
  readonly recipient: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly queuedAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
}

export const getReportRecipients = async (db: Conn, engagementId: string): Promise<ReportRecipients> => {
  const row = await db
    .selectFrom("reportRecipients")
    .selectAll()
    .where("engagementId", "=", engagementId)
    .executeTakeFirst();
  return row
    ? {
        engagementId,
        emails: JSON.parse(row.emails) as string[],
        slackWebhookUrl: row.slackWebhookUrl,
        updatedAt: row.updatedAt,
      }
    : { engagementId, emails: [], slackWebhookUrl: null, updatedAt: null };
};

export const saveReportRecipients = (db: Conn, r: ReportRecipients & { readonly updatedAt: string }) =>
  upsertRows(
    db,
    "reportRecipients",
    [
      {
        engagementId: r.engagementId,
        emails: JSON.stringify(r.emails),
        slackWebhookUrl: r.slackWebhookUrl,
        updatedAt: r.updatedAt,
      },
    ],
    ["engagementId"],
  );

/** The same id for the same version, channel and recipient, wherever it is computed. */
export const deliveryId = (reportId: string, channel: DeliveryChannel, recipient: string) =>
  `dlv-${createHash("sha256").update(`${reportId}\n${channel}\n${recipient}`).digest("hex").slice(0, 16)}`;

const rowToDelivery = (r: Selectable<ReportDeliveriesTable>): ReportDelivery => ({
  ...r,
  channel: r.channel as DeliveryChannel,
  status: r.status as DeliveryStatus,
  attempts: Number(r.attempts),
});

/** Adds the deliveries that do not exist yet; existing ones (sent or not) are left as they are. */
export const addDeliveries = async (db: Conn, deliveries: readonly ReportDelivery[]): Promise<void> => {
  if (deliveries.length === 0) return;
  await db
    .insertInto("reportDeliveries")
    .values([...deliveries])
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
};

export const listDeliveries = async (db: Conn, reportId: string): Promise<ReportDelivery[]> =>
  (
    await db
      .selectFrom("reportDeliveries")
      .selectAll()
      .where("reportId", "=", reportId)
      .orderBy("channel")
      .orderBy("recipient")
      .execute()
  ).map(rowToDelivery);

/** How long a delivery may stay `sending` before another process may try it again. */
export const STALE_SENDING_MS = 10 * 60_000;

/**
 * Takes a delivery for sending if it is still queued or failed: one conditional update, so of two
 * processes trying at once only one gets it. Returns the delivery as taken, or undefined.
 */
export const claimDelivery = async (
  db: Conn,
  id: string,
  at: string,
): Promise<ReportDelivery | undefined> => {
  // A process that died while sending leaves `sending` behind; after a while it may be taken again.
  const stale = new Date(Date.parse(at) - STALE_SENDING_MS).toISOString();
  const taken = await db
    .updateTable("reportDeliveries")
    .set((eb) => ({ status: "sending", attempts: eb("attempts", "+", 1), updatedAt: at }))
    .where("id", "=", id)
    .where((eb) =>
      eb.or([
        eb("status", "in", ["queued", "failed"]),
        eb.and([eb("status", "=", "sending"), eb("updatedAt", "<", stale)]),
      ]),
    )
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 0) return undefined;
  const row = await db.selectFrom("reportDeliveries").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToDelivery(row);
};

export const finishDelivery = async (
  db: Conn,
  id: string,
  outcome: { readonly at: string; readonly error: string | null },
): Promise<void> => {
  await db
    .updateTable("reportDeliveries")
    .set(
      outcome.error === null
        ? { status: "sent", lastError: null, sentAt: outcome.at, updatedAt: outcome.at }
        : { status: "failed", lastError: outcome.error, updatedAt: outcome.at },
    )
    .where("id", "=", id)
    .execute();
};
