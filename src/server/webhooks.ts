import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { BatonError, notFound } from "../errors.ts";
import { WebhookRejected } from "../ingest/connector.ts";
import { type ConnectorLookup, ingestPushed } from "../ingest/pipeline.ts";
import type { RunSummary } from "../store/ingestion.ts";
import { deliverySeen, getSource, recordDelivery } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";

/** GitHub caps payloads at 25 MB; Jira's are far smaller. Anything larger is not a delivery. */
export const WEBHOOK_BODY_LIMIT_BYTES = 25 * 1024 * 1024;

export interface WebhookOptions {
  readonly now: () => Date;
  /** Called after a delivery was stored, e.g. to run signals on the fresh data. */
  readonly onIngested?: (run: RunSummary) => void | Promise<void>;
}

export interface WebhookResponse {
  readonly accepted: true;
  readonly duplicate: boolean;
  readonly event: string;
  readonly run: RunSummary | null;
}

/**
 * `POST /webhooks/:kind/:sourceId`: the connector of the source's kind verifies the delivery
 * (signature or secret) before anything is stored; a delivery id seen before is acknowledged and
 * ignored; the rest enters the raw layer and converts exactly like polled pages.
 */
export const mountWebhooks = <E extends object>(
  app: Hono<E & { Variables: Record<string, unknown> }>,
  store: Store,
  lookup: ConnectorLookup,
  options: WebhookOptions,
) => {
  app.post(
    "/webhooks/:kind/:sourceId",
    bodyLimit({
      maxSize: WEBHOOK_BODY_LIMIT_BYTES,
      onError: () => {
        throw new BatonError(
          "payload_too_large",
          `webhook bodies are limited to ${WEBHOOK_BODY_LIMIT_BYTES / 1024 / 1024} MB`,
        );
      },
    }),
    async (c) => {
      const kind = c.req.param("kind");
      const sourceId = c.req.param("sourceId");
      const source = await getSource(store.db, sourceId);
      // A caller guessing ids learns nothing about sources of other kinds.
      if (!source || source.kind !== kind) throw notFound(`${kind} source`, sourceId);
      const connector = lookup(source.kind);
      if (!connector.receive) throw new BatonError("invalid_input", `${kind} sources do not accept webhooks`);

      const headers: Record<string, string> = {};
      c.req.raw.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const body = await c.req.text();
      let accepted: ReturnType<NonNullable<typeof connector.receive>>;
      try {
        accepted = connector.receive({ headers, body }, source);
      } catch (error) {
        if (error instanceof WebhookRejected) throw new BatonError(error.code, error.message);
        throw error;
      }
      const { deliveryId, event, pages } = accepted;
      if (deliveryId !== null && (await deliverySeen(store.db, sourceId, deliveryId)))
        return c.json({ accepted: true, duplicate: true, event, run: null } satisfies WebhookResponse, 200);

      const run = pages.length > 0 ? await ingestPushed(store, lookup, sourceId, pages, options.now) : null;
      if (deliveryId !== null)
        await recordDelivery(store.db, {
          sourceId,
          deliveryId,
          event,
          receivedAt: options.now().toISOString(),
          runId: run?.id ?? "",
        });
      if (run) await options.onIngested?.(run);
      return c.json({ accepted: true, duplicate: false, event, run } satisfies WebhookResponse, 202);
    },
  );
};
