import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { auditPage, recordChange } from "../../app/audit.ts";
import { engagementCalendar } from "../../app/calendar.ts";
import type { JobRunner } from "../jobs/types.ts";
import { ALL_ROLES, DELIVERY, LEADERSHIP, requirePrincipal, type ServerEnv } from "../policy.ts";
import { defineRoute, EngagementParam, ERRORS, json, PageQuery, SourceParam } from "./define.ts";

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.object({ id: z.string(), email: z.string(), via: z.string() }),
    action: z.string().openapi({ example: "pod.add" }),
    target: z.object({ type: z.string(), id: z.string() }),
    engagementId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi("AuditEntry");

const JobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["sync", "deliver-report"]),
    sourceId: z.string().openapi({ description: "The source a sync job syncs; empty for other kinds" }),
    reportId: z
      .string()
      .nullable()
      .openapi({ description: "The published report version a deliver-report job sends" }),
    state: z.enum(["queued", "running", "retrying", "succeeded", "failed"]),
    attempts: z.number(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
    output: z.unknown(),
  })
  .openapi("Job");

const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/, "must be a date or a UTC instant")
  .optional();

const audit = defineRoute(
  {
    method: "get",
    path: "/api/v1/audit",
    tags: ["Operations"],
    summary: "The audit log: every change made by a person, newest first",
    request: {
      query: PageQuery.extend({
        engagement: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: "Only changes to this engagement" }),
        from: isoInstant.openapi({ description: "Changes at or after" }),
        to: isoInstant.openapi({ description: "Changes before" }),
      }),
    },
    responses: {
      200: json(
        z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
        "A page",
      ),
      ...ERRORS,
    },
  },
  { roles: LEADERSHIP, scope: "read" },
);

const jobs = defineRoute(
  {
    method: "get",
    path: "/api/v1/jobs",
    tags: ["Operations"],
    summary: "Background jobs, newest first, with their state and attempts",
    request: { query: PageQuery.pick({ limit: true }) },
    responses: { 200: json(z.object({ jobs: z.array(JobSchema) }), "Jobs"), ...ERRORS },
  },
  { roles: LEADERSHIP, scope: "read" },
);

const sourceJobs = defineRoute(
  {
    method: "get",
    path: "/api/v1/sources/{sourceId}/jobs",
    tags: ["Operations"],
    summary: "Jobs of one source",
    request: { params: SourceParam, query: PageQuery.pick({ limit: true }) },
    responses: { 200: json(z.object({ jobs: z.array(JobSchema) }), "Jobs"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "read", engagement: "source" },
);

const requestSync = defineRoute(
  {
    method: "post",
    path: "/api/v1/sources/{sourceId}/sync",
    tags: ["Operations"],
    summary: "Queue a sync of one source now",
    request: { params: SourceParam },
    responses: { 202: json(JobSchema, "Queued"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "source" },
);

const calendar = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/calendar.ics",
    tags: ["Engagements"],
    summary: "The engagement's cadence as an iCalendar feed",
    description:
      "Sprint starts and ends, sprint reviews, the weekly report day and milestone dates. Calendar apps cannot send headers: subscribe with `?token=<read token>`.",
    request: {
      params: EngagementParam,
      query: z.object({ token: z.string().optional().openapi({ description: "A personal API token" }) }),
    },
    responses: {
      200: { description: "RFC 5545 calendar", content: { "text/calendar": { schema: z.string() } } },
      ...ERRORS,
    },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "path" },
);

export const registerOperationRoutes = (app: OpenAPIHono<ServerEnv>, jobRunner: JobRunner) => {
  app.openapi(audit, async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await auditPage(c.get("store"), {
        limit: q.limit,
        cursor: q.cursor,
        engagement: q.engagement,
        from: q.from,
        to: q.to,
      }),
      200,
    );
  });
  app.openapi(jobs, async (c) =>
    c.json({ jobs: await jobRunner.list({ limit: c.req.valid("query").limit }) }, 200),
  );
  app.openapi(sourceJobs, async (c) =>
    c.json(
      {
        jobs: await jobRunner.list({
          limit: c.req.valid("query").limit,
          sourceId: c.req.valid("param").sourceId,
        }),
      },
      200,
    ),
  );
  app.openapi(requestSync, async (c) => {
    const sourceId = c.req.valid("param").sourceId;
    const job = await jobRunner.requestSync(sourceId);
    await recordChange(c.get("store"), requirePrincipal(c.get("principal")), c.get("now")(), {
      action: "source.sync_requested",
      target: { type: "source", id: sourceId },
      engagementId: c.get("engagement").id,
      after: { job: job.id },
    });
    return c.json(job, 202);
  });
  app.openapi(calendar, async (c) => {
    const text = await engagementCalendar(c.get("store"), c.get("engagement"), c.get("now")());
    return c.body(text, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `inline; filename="${c.get("engagement").id}.ics"`,
    });
  });
};
