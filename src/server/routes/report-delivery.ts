import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  configureReportRecipients,
  deliveryStatus,
  maskedRecipient,
  queueDeliveries,
  reportRecipients,
} from "../../app/report-delivery.ts";
import { renderReport } from "../../app/report-formats.ts";
import { requireReport } from "../../app/reports.ts";
import type { ReportDelivery, ReportRecipients } from "../../store/report-deliveries.ts";
import type { Store } from "../../store/store.ts";
import type { JobRunner } from "../jobs/types.ts";
import { ALL_ROLES, DELIVERY, type ServerEnv } from "../policy.ts";
import { audit, defineRoute, EngagementParam, ERRORS, json, jsonBody, recordParam } from "./define.ts";

const ReportParam = recordParam("reportId", "acme-mobile-weekly-2026-02-27-v1");

/** Queues a published version's deliveries and the job that sends them. */
export const queueDelivery = async (store: Store, jobs: JobRunner, reportId: string, now: Date) => {
  const deliveries = await queueDeliveries(store, reportId, now);
  if (deliveries.some((d) => d.status !== "sent")) await jobs.requestDelivery(reportId, null);
};

const DeliverySchema = z
  .object({
    id: z.string(),
    reportId: z.string(),
    channel: z.enum(["email", "slack"]),
    recipient: z.string().openapi({ description: "The email address, or the Slack webhook's host" }),
    status: z.enum(["queued", "sending", "sent", "failed"]),
    attempts: z.number(),
    lastError: z.string().nullable(),
    queuedAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi("ReportDelivery");

const RecipientsSchema = z
  .object({
    engagementId: z.string(),
    emails: z.array(z.string()),
    slack: z
      .string()
      .nullable()
      .openapi({ description: "The Slack webhook's host and last characters; the URL itself is a secret" }),
    updatedAt: z.string().nullable(),
  })
  .openapi("ReportRecipients");

/** What the API shows of a delivery and of the recipients: never a webhook URL, which is a secret. */
const deliveryView = (d: ReportDelivery) => ({
  id: d.id,
  reportId: d.reportId,
  channel: d.channel,
  recipient: maskedRecipient(d.channel, d.recipient),
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  queuedAt: d.queuedAt,
  sentAt: d.sentAt,
});
const recipientsView = (r: ReportRecipients) => ({
  engagementId: r.engagementId,
  emails: [...r.emails],
  slack: r.slackWebhookUrl ? maskedRecipient("slack", r.slackWebhookUrl) : null,
  updatedAt: r.updatedAt,
});

const html = defineRoute(
  {
    method: "get",
    path: "/api/v1/reports/{reportId}/html",
    tags: ["Reports"],
    summary: "One report as an email-safe HTML document with its charts (same access as the report)",
    request: { params: ReportParam },
    responses: {
      200: { description: "HTML document", content: { "text/html": { schema: z.string() } } },
      ...ERRORS,
    },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "report" },
);

const pdf = defineRoute(
  {
    method: "get",
    path: "/api/v1/reports/{reportId}/pdf",
    tags: ["Reports"],
    summary: "One report as an A4 PDF printed by Chromium (same access as the report)",
    request: { params: ReportParam },
    responses: {
      200: {
        description: "PDF document",
        content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...ERRORS,
    },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "report" },
);

const getRecipients = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/report-recipients",
    tags: ["Reports"],
    summary: "Who receives the engagement's published reports",
    request: { params: EngagementParam },
    responses: { 200: json(RecipientsSchema, "The recipients"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "read", engagement: "path" },
);

const patchRecipients = defineRoute(
  {
    method: "patch",
    path: "/api/v1/engagements/{id}/report-recipients",
    tags: ["Reports"],
    summary: "Add or remove email recipients, set or remove the Slack incoming webhook",
    request: {
      params: EngagementParam,
      body: jsonBody(
        z.strictObject({
          addEmails: z.array(z.string().max(320)).max(100).optional(),
          removeEmails: z.array(z.string().max(320)).max(100).optional(),
          slackWebhookUrl: z
            .string()
            .max(2000)
            .nullable()
            .optional()
            .openapi({ description: "A Slack incoming-webhook URL; null removes Slack" }),
        }),
      ),
    },
    responses: { 200: json(RecipientsSchema, "The recipients now"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);

const deliveries = defineRoute(
  {
    method: "get",
    path: "/api/v1/reports/{reportId}/deliveries",
    tags: ["Reports"],
    summary: "Where a published version was sent, with each delivery's status, attempts and last error",
    request: { params: ReportParam },
    responses: { 200: json(z.object({ deliveries: z.array(DeliverySchema) }), "The deliveries"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "read", engagement: "report" },
);

const deliver = defineRoute(
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/deliver",
    tags: ["Reports"],
    summary:
      "Queue sending a published version to every recipient it has not reached yet (retries failures, reaches recipients added since)",
    request: { params: ReportParam },
    responses: {
      202: json(z.object({ deliveries: z.array(DeliverySchema) }), "Queued; the job sends them"),
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "write", engagement: "report" },
);

export const registerReportDeliveryRoutes = (app: OpenAPIHono<ServerEnv>, jobs: JobRunner) => {
  app.openapi(html, async (c) => {
    const report = await requireReport(c.get("store"), c.req.valid("param").reportId);
    const rendered = await renderReport(report, "html");
    return c.body(rendered.body as string, 200, {
      "content-type": rendered.contentType,
      // The document has no scripts; this makes sure a browser would run none.
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    });
  });

  app.openapi(pdf, async (c) => {
    const report = await requireReport(c.get("store"), c.req.valid("param").reportId);
    const rendered = await renderReport(report, "pdf");
    return c.body(new Uint8Array(rendered.body as Buffer), 200, {
      "content-type": rendered.contentType,
      "content-disposition": `inline; filename="${report.id}.pdf"`,
    });
  });

  app.openapi(getRecipients, async (c) =>
    c.json(recipientsView(await reportRecipients(c.get("store"), c.get("engagement").id)), 200),
  );

  app.openapi(patchRecipients, async (c) => {
    const store = c.get("store");
    const id = c.get("engagement").id;
    const body = c.req.valid("json");
    const before = recipientsView(await reportRecipients(store, id));
    const after = recipientsView(
      await configureReportRecipients(
        store,
        id,
        {
          ...(body.addEmails ? { addEmails: body.addEmails } : {}),
          ...(body.removeEmails ? { removeEmails: body.removeEmails } : {}),
          ...(body.slackWebhookUrl !== undefined ? { slackWebhookUrl: body.slackWebhookUrl } : {}),
        },
        c.get("now")(),
      ),
    );
    await audit(c, { action: "report.recipients", target: { type: "engagement", id }, before, after });
    return c.json(after, 200);
  });

  app.openapi(deliveries, async (c) =>
    c.json(
      {
        deliveries: (await deliveryStatus(c.get("store"), c.req.valid("param").reportId)).map(deliveryView),
      },
      200,
    ),
  );

  app.openapi(deliver, async (c) => {
    const store = c.get("store");
    const id = c.req.valid("param").reportId;
    const now = c.get("now")();
    const queued = await queueDeliveries(store, id, now);
    if (queued.some((d) => d.status !== "sent")) await jobs.requestDelivery(id, now.getTime());
    await audit(c, {
      action: "report.deliver",
      target: { type: "report", id },
      before: null,
      after: { pending: queued.filter((d) => d.status !== "sent").length },
    });
    return c.json({ deliveries: queued.map(deliveryView) }, 202);
  });
};
