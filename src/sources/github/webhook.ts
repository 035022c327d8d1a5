import { createHmac, timingSafeEqual } from "node:crypto";
import { type AcceptedDelivery, type WebhookDelivery, WebhookRejected } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { configOf } from "./config.ts";
import { WEBHOOK_EVENTS } from "./extract.ts";

/** `sha256=<hex>` of the body under the secret, as GitHub signs deliveries. */
export const signGithubDelivery = (secret: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;

/**
 * Verifies a GitHub delivery's `X-Hub-Signature-256` (HMAC SHA-256 of the raw body, compared in
 * constant time) with the secret from the environment variable the source names, then turns it
 * into one page. `ping` and events Baton does not read are acknowledged with no pages.
 */
export const receiveGithub = (delivery: WebhookDelivery, source: SourceRow): AcceptedDelivery => {
  const config = configOf(source);
  if (!config.webhookSecretEnv)
    throw new WebhookRejected(
      "unauthorized",
      `source ${source.id} has no webhook secret: add it with --webhook-secret-env when adding the source`,
    );
  const secret = process.env[config.webhookSecretEnv];
  if (!secret)
    throw new WebhookRejected(
      "unauthorized",
      `the environment variable ${config.webhookSecretEnv} holding source ${source.id}'s webhook secret is not set`,
    );
  const signature = delivery.headers["x-hub-signature-256"];
  if (!signature) throw new WebhookRejected("unauthorized", "the delivery has no X-Hub-Signature-256 header");
  const expected = Buffer.from(signGithubDelivery(secret, delivery.body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new WebhookRejected(
      "unauthorized",
      `the X-Hub-Signature-256 does not match the body signed with the secret in ${config.webhookSecretEnv}`,
    );

  const event = delivery.headers["x-github-event"];
  if (!event) throw new WebhookRejected("invalid_input", "the delivery has no X-GitHub-Event header");
  const deliveryId = delivery.headers["x-github-delivery"] ?? null;
  if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) return { deliveryId, event, pages: [] };
  try {
    JSON.parse(delivery.body);
  } catch {
    throw new WebhookRejected("invalid_input", `the ${event} delivery's body is not JSON`);
  }
  return {
    deliveryId,
    event,
    pages: [
      {
        stream: `webhook:${event}`,
        url: `webhook:${event}`,
        params: { delivery: deliveryId },
        payload: delivery.body,
      },
    ],
  };
};
