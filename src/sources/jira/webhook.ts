import { createHmac, timingSafeEqual } from "node:crypto";
import { type AcceptedDelivery, type WebhookDelivery, WebhookRejected } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { parseJiraConfig } from "./config.ts";
import { JIRA_STREAMS, type WebhookPageParams } from "./extract.ts";
import { isObject } from "./read.ts";

/** The webhook events Baton stores; others are acknowledged and ignored. */
const STORED = /^(jira:issue_(created|updated|deleted)|sprint_(created|updated|started|closed))$/;

/** `sha256=<hex>` of the body under the secret, as Jira sends in `X-Hub-Signature`. */
export const jiraSignature = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Verifies a Jira webhook delivery by its HMAC-SHA256 signature (`X-Hub-Signature`, sent when the
 * webhook has a secret) and turns it into one page of the `webhook` stream.
 */
export const receiveJira = (
  delivery: WebhookDelivery,
  source: SourceRow,
  env: NodeJS.ProcessEnv = process.env,
): AcceptedDelivery => {
  const config = parseJiraConfig(source.config);
  if (config.webhookSecretEnv === undefined)
    throw new WebhookRejected(
      "unauthorized",
      `source ${source.id} has no webhook secret: add one with --webhook-secret-env and set the same secret on the Jira webhook`,
    );
  const secret = env[config.webhookSecretEnv];
  if (secret === undefined || secret === "")
    throw new WebhookRejected(
      "unauthorized",
      `the environment variable ${config.webhookSecretEnv} holding source ${source.id}'s webhook secret is not set on this server`,
    );
  const signature = delivery.headers["x-hub-signature"];
  if (signature === undefined)
    throw new WebhookRejected("unauthorized", "the delivery has no X-Hub-Signature header");
  if (!sameText(signature, jiraSignature(secret, delivery.body)))
    throw new WebhookRejected(
      "unauthorized",
      "the X-Hub-Signature does not match the body under the source's secret",
    );

  let body: unknown;
  try {
    body = JSON.parse(delivery.body);
  } catch {
    throw new WebhookRejected("invalid_input", "the delivery body is not JSON");
  }
  const event = isObject(body) && typeof body.webhookEvent === "string" ? body.webhookEvent : null;
  if (event === null) throw new WebhookRejected("invalid_input", "the delivery has no webhookEvent");
  const deliveryId = delivery.headers["x-atlassian-webhook-identifier"] ?? null;
  if (!STORED.test(event)) return { deliveryId, event, pages: [] };
  const params: WebhookPageParams = {
    event,
    context: {
      pointsField: config.storyPointsField ?? null,
      sprintField: null,
      flaggedField: null,
      epicLinkField: null,
      statuses: {},
    },
  };
  return {
    deliveryId,
    event,
    pages: [
      {
        stream: JIRA_STREAMS.webhook,
        url: `webhook:${event}`,
        params: { ...params },
        payload: delivery.body,
      },
    ],
  };
};
