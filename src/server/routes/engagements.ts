import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { recordChange } from "../../app/audit.ts";
import {
  addPodMember,
  assignDm,
  assignDmInput,
  createEngagement,
  createEngagementInput,
  listEngagementSummaries,
  podMemberInput,
  portfolioDmLoad,
  showEngagement,
} from "../../app/engagements.ts";
import { doraReport, engagementCharts, flowReport, reviewReport, sprintsReport } from "../../app/metrics.ts";
import { presentDmLoad, presentEngagementDetail, presentEngagementSummary } from "../../app/presenters.ts";
import { today } from "../../app/validate.ts";
import type { DoraReport } from "../../engine/dora.ts";
import type { FlowReport } from "../../engine/flow.ts";
import type { ReviewMetrics } from "../../engine/reviews.ts";
import type { SprintReport } from "../../engine/sprints.ts";
import { listAssignments, listMemberships, listPeople } from "../../store/engagements.ts";
import {
  DELIVERY,
  filterVisible,
  INTERNAL,
  LEADERSHIP,
  redactFor,
  requirePrincipal,
  type ServerEnv,
} from "../policy.ts";
import {
  DateQuery,
  defineRoute,
  EngagementParam,
  ERRORS,
  json,
  jsonBody,
  report,
  WindowQuery,
} from "./define.ts";

const Person = z.object({ id: z.string(), name: z.string() });
export const EngagementSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    customer: z.object({ id: z.string(), name: z.string() }),
    status: z.string(),
    dm: Person.nullable(),
    podSize: z.number(),
    sprintLengthDays: z.number(),
    reportDay: z.string(),
    reviewSla: z.object({ firstReviewHours: z.number() }),
    timeZone: z.string(),
    startDate: z.string(),
    dmLoadViolations: z
      .array(z.string())
      .readonly()
      .optional()
      .openapi({ description: "Staffing rules broken: for admins, directors and DMs only" }),
  })
  .openapi("EngagementSummary");

const EngagementDetailSchema = EngagementSummarySchema.extend({
  date: z.string(),
  pod: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      role: z.string(),
      allocationPct: z.number(),
      timeZone: z.string(),
      from: z.string(),
      to: z.string().nullable(),
    }),
  ),
  leadership: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      role: z.string(),
      from: z.string(),
      to: z.string().nullable(),
    }),
  ),
  sources: z
    .array(z.object({ id: z.string(), kind: z.string() }))
    .readonly()
    .optional()
    .openapi({ description: "Configured sources: not shown to customers" }),
  data: z
    .record(z.string(), z.number())
    .optional()
    .openapi({ description: "Stored row counts: not shown to customers" }),
}).openapi("EngagementDetail");

const Tag = ["Engagements"];

const list = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements",
    tags: Tag,
    summary: "Engagements in the caller's scope, with DM and DM-load rule violations",
    request: { query: DateQuery },
    responses: {
      200: json(
        z.object({ date: z.string(), engagements: z.array(EngagementSummarySchema) }),
        "The engagements the caller may see",
      ),
      ...ERRORS,
    },
  },
  { roles: "signedIn", scope: "read" },
);

const show = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}",
    tags: Tag,
    summary: "One engagement: pod, leadership, sources and stored data counts",
    request: { params: EngagementParam, query: DateQuery },
    responses: { 200: json(EngagementDetailSchema, "The engagement"), ...ERRORS },
  },
  { roles: "signedIn", scope: "read", engagement: "path" },
);

const create = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements",
    tags: Tag,
    summary: "Create an engagement (and its customer when new)",
    request: { body: jsonBody(createEngagementInput) },
    responses: {
      201: json(
        EngagementSummarySchema.pick({ id: true, name: true }).extend({ customerId: z.string() }),
        "Created",
      ),
      409: json(ERRORS[400].content["application/json"].schema, "The id is taken"),
      ...ERRORS,
    },
  },
  { roles: LEADERSHIP, scope: "write" },
);

const podBody = podMemberInput.omit({ engagement: true });
const addMember = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/pod",
    tags: Tag,
    summary: "Add a person to the pod from a date, with an allocation and a working calendar",
    request: { params: EngagementParam, body: jsonBody(podBody) },
    responses: {
      201: json(
        z.object({
          personId: z.string(),
          engagementId: z.string(),
          role: z.string(),
          allocationPct: z.number(),
          from: z.string(),
          to: z.string().nullable(),
        }),
        "The new membership",
      ),
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);

const dmBody = assignDmInput.omit({ engagement: true });
const assign = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/dm",
    tags: Tag,
    summary: "Make a person the DM (or sub-DM, engagement architect) from a date",
    request: { params: EngagementParam, body: jsonBody(dmBody) },
    responses: {
      201: json(
        z.object({ personId: z.string(), engagementId: z.string(), role: z.string(), from: z.string() }),
        "The new assignment",
      ),
      ...ERRORS,
    },
  },
  { roles: LEADERSHIP, scope: "write", engagement: "path" },
);

const metricRoute = <Q extends z.ZodObject>(metric: string, summary: string, query: Q) =>
  defineRoute(
    {
      method: "get",
      path: `/api/v1/engagements/{id}/${metric}`,
      tags: ["Metrics"],
      summary,
      description:
        "Metrics carry individual figures: for the vendor's people; customers see them in published reports.",
      request: { params: EngagementParam, query },
      responses: {
        200: json(report<unknown>(`${metric}Report`, `See METRICS.md: ${metric}`), summary),
        ...ERRORS,
      },
    },
    { roles: INTERNAL, scope: "read", engagement: "path" },
  );

const SprintQuery = WindowQuery.pick({ asOf: true }).extend({
  sprint: z.string().optional().openapi({ description: "One sprint by name or id" }),
});
const sprints = metricRoute(
  "sprints",
  "Sprint figures as of a moment",
  SprintQuery as unknown as typeof WindowQuery,
);
const flow = metricRoute("flow", "Flow metrics over a window as of a moment", WindowQuery);
const reviews = metricRoute("reviews", "Code-review clocks and SLA adherence", WindowQuery);
const dora = metricRoute("dora", "DORA's four keys over a window", WindowQuery);
const charts = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/charts",
    tags: ["Metrics"],
    summary:
      "The data of the cockpit's charts: burnups with forecasts, cycle times, review SLA, cumulative flow",
    description:
      "Each chart's data in the shape `src/charts` draws (see docs/web.md); window default: the 12 weeks before `asOf`.",
    request: { params: EngagementParam, query: WindowQuery },
    responses: {
      200: json(report<unknown>("EngagementCharts", "`{ asOf, charts: ChartData[] }`"), "The charts' data"),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);

const dmLoad = defineRoute(
  {
    method: "get",
    path: "/api/v1/dm-load",
    tags: ["Portfolio"],
    summary: "DM load across the portfolio and the staffing rules it breaks",
    request: { query: DateQuery },
    responses: { 200: json(report<unknown>("DmLoad", "Load per DM and violations"), "DM load"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "read" },
);

export const registerEngagementRoutes = (app: OpenAPIHono<ServerEnv>) => {
  app.openapi(list, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const store = c.get("store");
    const date = c.req.valid("query").date ?? today(c.get("now")());
    const visible = await filterVisible(
      store,
      user,
      today(c.get("now")()),
      await listEngagementSummaries(store, date),
      (s) => s.engagement.id,
    );
    return c.json(
      { date, engagements: visible.map((e) => redactFor(user, presentEngagementSummary(e))) },
      200,
    );
  });

  app.openapi(show, async (c) => {
    const date = c.req.valid("query").date ?? today(c.get("now")());
    const id = c.get("engagement").id;
    const user = requirePrincipal(c.get("principal")).user;
    return c.json(
      redactFor(user, presentEngagementDetail(await showEngagement(c.get("store"), id, date), date)),
      200,
    );
  });

  app.openapi(create, async (c) => {
    const now = c.get("now")();
    const store = c.get("store");
    // Use cases parse their own input; they get the body as sent, not the schema's output.
    const engagement = await createEngagement(store, await c.req.json(), now);
    await recordChange(store, requirePrincipal(c.get("principal")), now, {
      action: "engagement.create",
      target: { type: "engagement", id: engagement.id },
      engagementId: engagement.id,
      after: engagement,
    });
    return c.json({ id: engagement.id, name: engagement.name, customerId: engagement.customerId }, 201);
  });

  app.openapi(addMember, async (c) => {
    const now = c.get("now")();
    const store = c.get("store");
    const id = c.get("engagement").id;
    const before = await listMemberships(store.db, id);
    const { membership } = await addPodMember(store, { ...(await c.req.json()), engagement: id }, now);
    await recordChange(store, requirePrincipal(c.get("principal")), now, {
      action: "pod.add",
      target: { type: "pod_membership", id: membership.id },
      engagementId: id,
      before: before.find((m) => m.id === membership.id) ?? null,
      after: membership,
    });
    const { personId, engagementId, role, allocationPct, from, to } = membership;
    return c.json({ personId, engagementId, role, allocationPct, from, to }, 201);
  });

  app.openapi(assign, async (c) => {
    const now = c.get("now")();
    const store = c.get("store");
    const id = c.get("engagement").id;
    const before = await listAssignments(store.db, id);
    const assignment = await assignDm(store, { ...(await c.req.json()), engagement: id }, now);
    await recordChange(store, requirePrincipal(c.get("principal")), now, {
      action: "dm.assign",
      target: { type: "dm_assignment", id: assignment.id },
      engagementId: id,
      before,
      after: await listAssignments(store.db, id),
    });
    const { personId, engagementId, role, from } = assignment;
    return c.json({ personId, engagementId, role, from }, 201);
  });

  app.openapi(charts, async (c) =>
    c.json(
      (await engagementCharts(
        c.get("store"),
        c.get("engagement").id,
        c.req.valid("query"),
        c.get("now")(),
      )) as unknown,
      200,
    ),
  );
  app.openapi(sprints, async (c) => {
    const result = await sprintsReport(
      c.get("store"),
      c.get("engagement").id,
      c.req.valid("query"),
      c.get("now")(),
    );
    return c.json({ asOf: result.asOf, sprints: result.sprints as SprintReport[] }, 200);
  });
  app.openapi(flow, async (c) =>
    c.json(
      (await flowReport(c.get("store"), c.get("engagement").id, c.req.valid("query"), c.get("now")()))
        .report as FlowReport,
      200,
    ),
  );
  app.openapi(reviews, async (c) =>
    c.json(
      (await reviewReport(
        c.get("store"),
        c.get("engagement").id,
        c.req.valid("query"),
        c.get("now")(),
      )) as ReviewMetrics,
      200,
    ),
  );
  app.openapi(dora, async (c) =>
    c.json(
      (await doraReport(
        c.get("store"),
        c.get("engagement").id,
        c.req.valid("query"),
        c.get("now")(),
      )) as DoraReport,
      200,
    ),
  );

  app.openapi(dmLoad, async (c) => {
    const store = c.get("store");
    const date = c.req.valid("query").date ?? today(c.get("now")());
    const user = requirePrincipal(c.get("principal")).user;
    const names = new Map((await listPeople(store.db)).map((p) => [p.id, p.name]));
    const load = presentDmLoad(await portfolioDmLoad(store, date), names);
    if (user.role !== "dm") return c.json(load, 200);
    // A DM sees their own load and the rules their own engagements break.
    const own = load.dms.filter((d) => d.personId === user.personId);
    const ids = new Set(own.flatMap((d) => d.engagements.map((e) => e.id)));
    const violations = (await portfolioDmLoad(store, date)).violations.filter((v) =>
      "engagementId" in v ? ids.has(v.engagementId) : v.engagementIds.some((e) => ids.has(e)),
    );
    return c.json({ ...load, dms: own, violations }, 200);
  });
};
