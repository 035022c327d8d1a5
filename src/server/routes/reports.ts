import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { resolvePerson } from "../../app/engagements.ts";
import {
  editReport,
  prepareReport,
  prepareWeekly,
  publishedReports,
  publishReport,
  requireReport,
} from "../../app/reports.ts";
import { dmScorecard } from "../../app/scorecard.ts";
import { DOCUMENT_KINDS, type DocumentKind, search, searchScopeFor } from "../../app/search.ts";
import { today } from "../../app/validate.ts";
import { BatonError, notFound } from "../../errors.ts";
import type { NarratorConfig } from "../../reports/narrate.ts";
import { listReports, type StoredReport } from "../../store/reports.ts";
import type { JobRunner } from "../jobs/types.ts";
import { ALL_ROLES, DELIVERY, requirePrincipal, type ServerEnv } from "../policy.ts";
import {
  audit,
  CONFLICT,
  datePattern,
  defineRoute,
  EngagementParam,
  ERRORS,
  json,
  jsonBody,
  recordParam,
  report,
} from "./define.ts";
import { queueDelivery } from "./report-delivery.ts";

const Report = report<unknown>(
  "Report",
  "A report: the draft (version 0, status draft) or a published version (status published or superseded) with its facts, markdown and diff to the version before, and (for the vendor's people) its narration: whether a narrating model or the template wrote the text, and why",
);

/** How a report was written is for the vendor's people; a customer reads the report alone. */
const forReader = (report: StoredReport, role: string): StoredReport =>
  role === "customer" ? { ...report, narration: null } : report;

const ReportParam = recordParam("reportId", "acme-mobile-weekly-2026-02-27-v1");

const list = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/reports",
    tags: ["Reports"],
    summary:
      "An engagement's reports: drafts and every version for the vendor's people, the latest published versions for customers",
    request: { params: EngagementParam },
    responses: {
      200: json(z.object({ reports: z.array(Report) }), "The reports, newest period first"),
      ...ERRORS,
    },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "path" },
);

const prepare = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/reports/weekly",
    tags: ["Reports"],
    summary:
      "Prepare (or refresh) the weekly status draft, narrated when a narrating model is configured; a draft the DM edited keeps its text",
    request: {
      params: EngagementParam,
      body: jsonBody(
        z.strictObject({
          weekEnding: z.string().regex(datePattern, "must be YYYY-MM-DD").optional().openapi({
            description: "Last day of the week, in the engagement's time zone (default: today there)",
          }),
        }),
      ),
    },
    responses: { 200: json(z.object({ report: Report, regenerated: z.boolean() }), "The draft"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);

/** The kinds beyond the weekly status: each names its period with one optional field. */
const PERIOD_KINDS = [
  {
    kind: "monthly",
    field: "month",
    schema: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM"),
    summary: "Prepare (or refresh) the monthly review draft; a draft the DM edited keeps its text",
    description: "The month, YYYY-MM, in the engagement's time zone (default: the last complete month)",
  },
  {
    kind: "milestone",
    field: "milestone",
    schema: z.string().min(1).max(300),
    summary: "Prepare (or refresh) a milestone report draft; a draft the DM edited keeps its text",
    description: "The milestone, by name or id (required; an unknown one answers 404 listing the milestones)",
  },
  {
    kind: "sprint",
    field: "sprint",
    schema: z.string().min(1).max(300),
    summary: "Prepare (or refresh) a sprint review draft; a draft the DM edited keeps its text",
    description: "The sprint, by name (default: the last finished sprint)",
  },
] as const;

const preparePeriod = PERIOD_KINDS.map((k) => ({
  ...k,
  route: defineRoute(
    {
      method: "post",
      path: `/api/v1/engagements/{id}/reports/${k.kind}`,
      tags: ["Reports"],
      summary: k.summary,
      request: {
        params: EngagementParam,
        body: jsonBody(
          z.strictObject({ [k.field]: k.schema.optional().openapi({ description: k.description }) }),
        ),
      },
      responses: {
        200: json(z.object({ report: Report, regenerated: z.boolean() }), "The draft"),
        ...ERRORS,
      },
    },
    { roles: DELIVERY, scope: "write", engagement: "path" },
  ),
}));

const show = defineRoute(
  {
    method: "get",
    path: "/api/v1/reports/{reportId}",
    tags: ["Reports"],
    summary:
      "One report; customers may read published versions only (drafts and superseded versions answer 404)",
    request: { params: ReportParam },
    responses: { 200: json(Report, "The report"), ...ERRORS },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "report" },
);

const edit = defineRoute(
  {
    method: "put",
    path: "/api/v1/reports/{reportId}",
    tags: ["Reports"],
    summary: "Replace a draft's markdown with the DM's text; published versions never change",
    request: {
      params: ReportParam,
      body: jsonBody(z.strictObject({ markdown: z.string().min(1).max(200_000) })),
    },
    responses: { 200: json(Report, "The draft"), ...CONFLICT, ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "report" },
);

const publish = defineRoute(
  {
    method: "post",
    path: "/api/v1/reports/{reportId}/publish",
    tags: ["Reports"],
    summary:
      "Publish a draft as the next version (the one before becomes superseded) and queue its delivery to the engagement's recipients; publishing unchanged text changes and sends nothing",
    request: { params: ReportParam },
    responses: {
      200: json(z.object({ report: Report, published: z.boolean() }), "The published version"),
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "write", engagement: "report" },
);

const searchRoute = defineRoute(
  {
    method: "get",
    path: "/api/v1/search",
    tags: ["Search"],
    summary:
      "Full-text search over work items, escalations, decisions and missed-milestone records in the caller's scope (customers: customer-visible documents of their customer)",
    request: {
      query: z.object({
        q: z
          .string()
          .min(1)
          .max(500)
          .openapi({ description: "Words to find; the last one matches as a prefix" }),
        engagement: z.string().max(200).optional(),
        kind: z
          .string()
          .max(100)
          .optional()
          .openapi({ description: `Comma-separated kinds: ${DOCUMENT_KINDS.join(", ")}` }),
        limit: z.coerce.number().int().min(1).max(100).optional(),
      }),
    },
    responses: {
      200: json(
        z.object({
          results: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              engagementId: z.string(),
              title: z.string(),
              ref: z.string(),
              updatedAt: z.string(),
              snippet: z.string(),
              rank: z.number(),
            }),
          ),
        }),
        "Matches, best first",
      ),
      ...ERRORS,
    },
  },
  { roles: "signedIn", scope: "read" },
);

const scorecard = defineRoute(
  {
    method: "get",
    path: "/api/v1/scorecards/{dm}",
    tags: ["Portfolio"],
    summary:
      "A DM's scorecard over a period: milestones, forecast calibration, review SLA, escalation precision, retention",
    request: {
      params: z.object({
        dm: z
          .string()
          .min(1)
          .max(200)
          .openapi({
            param: { name: "dm", in: "path" },
            description: "Person id, email or name",
            example: "dana-lee",
          }),
      }),
      query: z.object({
        from: z.string().regex(datePattern, "must be YYYY-MM-DD"),
        to: z.string().regex(datePattern, "must be YYYY-MM-DD"),
      }),
    },
    responses: {
      200: json(report<unknown>("DmScorecard", "See docs/workflows.md"), "The scorecard"),
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "read" },
);

export const registerReportRoutes = (
  app: OpenAPIHono<ServerEnv>,
  jobs: JobRunner,
  narrator: NarratorConfig | null = null,
) => {
  app.openapi(list, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const id = c.get("engagement").id;
    const reports =
      user.role === "customer"
        ? await publishedReports(c.get("store"), id)
        : await listReports(c.get("store").db, id);
    return c.json({ reports: reports.map((r) => forReader(r, user.role)) }, 200);
  });

  app.openapi(prepare, async (c) => {
    const store = c.get("store");
    const { weekEnding } = c.req.valid("json");
    const prepared = await prepareWeekly(store, c.get("engagement").id, weekEnding, c.get("now")(), {
      narrator,
    });
    await audit(c, {
      action: "report.prepare",
      target: { type: "report", id: prepared.report.id },
      before: null,
      after: { id: prepared.report.id, regenerated: prepared.regenerated },
    });
    return c.json(prepared, 200);
  });

  for (const k of preparePeriod)
    app.openapi(k.route, async (c) => {
      const body = c.req.valid("json") as Record<string, string | undefined>;
      const prepared = await prepareReport(
        c.get("store"),
        c.get("engagement").id,
        k.kind,
        body[k.field],
        c.get("now")(),
        { narrator },
      );
      await audit(c, {
        action: "report.prepare",
        target: { type: "report", id: prepared.report.id },
        before: null,
        after: { id: prepared.report.id, regenerated: prepared.regenerated },
      });
      return c.json(prepared, 200);
    });

  app.openapi(show, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    return c.json(forReader(await requireReport(c.get("store"), c.req.param("reportId")), user.role), 200);
  });

  app.openapi(edit, async (c) => {
    const store = c.get("store");
    const id = c.req.param("reportId");
    const before = await requireReport(store, id);
    const after = await editReport(store, id, c.req.valid("json").markdown, c.get("now")());
    await audit(c, {
      action: "report.edit",
      target: { type: "report", id },
      before: { markdown: before.markdown },
      after: { markdown: after.markdown },
    });
    return c.json(after, 200);
  });

  app.openapi(publish, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const publication = await publishReport(
      c.get("store"),
      c.req.param("reportId"),
      user.name,
      c.get("now")(),
    );
    if (publication.published) {
      await audit(c, {
        action: "report.publish",
        target: { type: "report", id: publication.report.id },
        before: null,
        after: { id: publication.report.id, version: publication.report.version },
      });
      await queueDelivery(c.get("store"), jobs, publication.report.id, c.get("now")());
    }
    return c.json(publication, 200);
  });

  app.openapi(searchRoute, async (c) => {
    const store = c.get("store");
    const user = requirePrincipal(c.get("principal")).user;
    const query = c.req.valid("query");
    const kinds = query.kind
      ?.split(",")
      .map((k) => k.trim())
      .filter((k) => k !== "");
    const unknown = kinds?.filter((k) => !DOCUMENT_KINDS.includes(k as DocumentKind)) ?? [];
    if (unknown.length > 0)
      throw new BatonError(
        "invalid_input",
        `unknown kind ${unknown.join(", ")}: use ${DOCUMENT_KINDS.join(", ")}`,
      );
    const scope = await searchScopeFor(store, user, today(c.get("now")()));
    const results = await search(
      store,
      {
        text: query.q,
        ...(kinds && kinds.length > 0 ? { kinds: kinds as DocumentKind[] } : {}),
        ...(query.engagement ? { engagement: query.engagement } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      },
      scope,
    );
    return c.json({ results: results.map(({ customerId: _, ...r }) => r) }, 200);
  });

  app.openapi(scorecard, async (c) => {
    const store = c.get("store");
    const user = requirePrincipal(c.get("principal")).user;
    const ref = c.req.valid("param").dm;
    const person = await resolvePerson(store, ref);
    // A DM sees their own card only; anyone else's answers as if it did not exist.
    if (user.role === "dm" && person.id !== user.personId) throw notFound("person", ref);
    return c.json(await dmScorecard(store, person.id, c.req.valid("query")), 200);
  });
};
