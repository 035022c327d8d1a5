import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addBlocker,
  addDependency,
  blockersAsOf,
  closeDependency,
  dependencyViews,
  milestoneCriticalPath,
  resolveBlocker,
} from "../../app/dependencies.ts";
import { closeMiss, listMissesOf, updateMiss } from "../../app/misses.ts";
import { parseTimeWindow } from "../../app/time-window.ts";
import { today } from "../../app/validate.ts";
import { notFound } from "../../errors.ts";
import { getBlocker, getDependency, getMiss } from "../../store/workflows.ts";
import { DELIVERY, INTERNAL, type ServerEnv } from "../policy.ts";
import {
  audit,
  CONFLICT,
  defineRoute,
  EngagementParam,
  ERRORS,
  json,
  objectBody,
  recordParam,
  report,
  requestBody,
} from "./define.ts";

const AsOfQuery = z.object({
  asOf: z.string().max(40).optional().openapi({ description: "Instant or date (default: now)" }),
});
const Blocker = report<unknown>("Blocker", "A blocker: from the tracker (flag, status) or marked by hand");
const Dependency = report<unknown>(
  "Dependency",
  "What an item or milestone waits on, who owes it and by when",
);
const Miss = report<unknown>(
  "MissedMilestone",
  "A missed milestone's record: cause, recovery plan, new date, customer communication",
);

const listBlockers = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/blockers",
    tags: ["Blockers"],
    summary: "What blocks the pod as of a moment, oldest first",
    request: { params: EngagementParam, query: AsOfQuery },
    responses: {
      200: json(z.object({ asOf: z.string(), blockers: z.array(Blocker) }), "The blockers"),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);
const markBlocker = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/blockers",
    tags: ["Blockers"],
    summary: "Mark a blocker by hand, with who must act to unblock it",
    request: { params: EngagementParam, body: requestBody("BlockerInput") },
    responses: { 201: json(Blocker, "Marked"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);
const resolveBlockerRoute = defineRoute(
  {
    method: "post",
    path: "/api/v1/blockers/{blockerId}/resolve",
    tags: ["Blockers"],
    summary: "Resolve a blocker marked by hand",
    request: { params: recordParam("blockerId", "blk-1a2b3c4d") },
    responses: { 200: json(Blocker, "Resolved"), ...CONFLICT, ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "blocker" },
);

const listDependencies = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/dependencies",
    tags: ["Dependencies"],
    summary: "An engagement's dependencies with readable labels and whether they are overdue",
    request: { params: EngagementParam },
    responses: { 200: json(z.object({ dependencies: z.array(Dependency) }), "The dependencies"), ...ERRORS },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);
const addDependencyRoute = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/dependencies",
    tags: ["Dependencies"],
    summary: "Record that an item or milestone waits on an item, milestone, another pod or an external party",
    request: { params: EngagementParam, body: requestBody("DependencyInput") },
    responses: { 201: json(Dependency, "Recorded"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);
const closeRoute = (verb: "met" | "cancel") =>
  defineRoute(
    {
      method: "post",
      path: `/api/v1/dependencies/{dependencyId}/${verb}`,
      tags: ["Dependencies"],
      summary: verb === "met" ? "The dependency was delivered" : "The dependency is no longer needed",
      request: { params: recordParam("dependencyId", "dep-1a2b3c4d") },
      responses: { 200: json(Dependency, "Closed"), ...CONFLICT, ...ERRORS },
    },
    { roles: DELIVERY, scope: "write", engagement: "dependency" },
  );
const met = closeRoute("met");
const cancel = closeRoute("cancel");
const criticalPath = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/milestones/{milestone}/critical-path",
    tags: ["Dependencies"],
    summary: "The chain of work and dependencies that decides a milestone's earliest finish",
    request: {
      params: EngagementParam.extend({
        milestone: z
          .string()
          .min(1)
          .max(200)
          .openapi({ param: { name: "milestone", in: "path" }, description: "Milestone id or name" }),
      }),
      query: AsOfQuery,
    },
    responses: {
      200: json(report<unknown>("CriticalPath", "Nodes, edges and the critical chain"), "The path"),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);

const listMisses = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/misses",
    tags: ["Missed milestones"],
    summary: "An engagement's missed-milestone records",
    request: { params: EngagementParam },
    responses: { 200: json(z.object({ misses: z.array(Miss) }), "The records"), ...ERRORS },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);
const MissParam = recordParam("missId", "miss-acme-mobile-m1-2026-03-01");
const updateMissRoute = defineRoute(
  {
    method: "patch",
    path: "/api/v1/misses/{missId}",
    tags: ["Missed milestones"],
    summary: "Write the cause, recovery plan, new date or customer communication of a missed milestone",
    request: { params: MissParam, body: requestBody("MissUpdate") },
    responses: { 200: json(Miss, "The record"), ...CONFLICT, ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "miss" },
);
const closeMissRoute = defineRoute(
  {
    method: "post",
    path: "/api/v1/misses/{missId}/close",
    tags: ["Missed milestones"],
    summary: "Close a missed-milestone record once all four parts are written",
    request: { params: MissParam },
    responses: { 200: json(Miss, "Closed"), ...CONFLICT, ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "miss" },
);

export const registerDependencyRoutes = (app: OpenAPIHono<ServerEnv>) => {
  app.openapi(listBlockers, async (c) => {
    const { asOf } = parseTimeWindow({ asOf: c.req.valid("query").asOf }, c.get("now")());
    return c.json({ asOf, blockers: await blockersAsOf(c.get("store"), c.get("engagement").id, asOf) }, 200);
  });
  app.openapi(markBlocker, async (c) => {
    const blocker = await addBlocker(
      c.get("store"),
      { ...(await objectBody(c)), engagement: c.get("engagement").id },
      c.get("now")(),
    );
    await audit(c, {
      action: "blocker.add",
      target: { type: "blocker", id: blocker.id },
      before: null,
      after: blocker,
    });
    return c.json(blocker as unknown, 201);
  });
  app.openapi(resolveBlockerRoute, async (c) => {
    const id = c.req.param("blockerId");
    const before = (await getBlocker(c.get("store").db, id)) ?? null;
    const after = await resolveBlocker(c.get("store"), id, c.get("now")());
    await audit(c, { action: "blocker.resolve", target: { type: "blocker", id }, before, after });
    return c.json(after as unknown, 200);
  });

  app.openapi(listDependencies, async (c) =>
    c.json(
      { dependencies: await dependencyViews(c.get("store"), c.get("engagement").id, today(c.get("now")())) },
      200,
    ),
  );
  app.openapi(addDependencyRoute, async (c) => {
    const dependency = await addDependency(
      c.get("store"),
      { ...(await objectBody(c)), engagement: c.get("engagement").id },
      c.get("now")(),
    );
    await audit(c, {
      action: "dependency.add",
      target: { type: "dependency", id: dependency.id },
      before: null,
      after: dependency,
    });
    return c.json(dependency as unknown, 201);
  });
  for (const [route, to] of [
    [met, "met"],
    [cancel, "cancelled"],
  ] as const) {
    app.openapi(route, async (c) => {
      const id = c.req.param("dependencyId");
      const before = (await getDependency(c.get("store").db, id)) ?? null;
      const after = await closeDependency(c.get("store"), id, to, c.get("now")());
      await audit(c, { action: `dependency.${to}`, target: { type: "dependency", id }, before, after });
      return c.json(after as unknown, 200);
    });
  }
  app.openapi(criticalPath, async (c) => {
    const { asOf } = parseTimeWindow({ asOf: c.req.valid("query").asOf }, c.get("now")());
    const path = await milestoneCriticalPath(
      c.get("store"),
      c.get("engagement").id,
      c.req.valid("param").milestone,
      asOf,
    );
    return c.json(path as unknown, 200);
  });

  app.openapi(listMisses, async (c) =>
    c.json({ misses: await listMissesOf(c.get("store"), c.get("engagement").id) }, 200),
  );
  app.openapi(updateMissRoute, async (c) => {
    const id = c.req.param("missId");
    const before = (await getMiss(c.get("store").db, id)) ?? null;
    if (!before) throw notFound("missed-milestone record", id);
    const after = await updateMiss(c.get("store"), id, await objectBody(c));
    await audit(c, { action: "miss.update", target: { type: "milestone_miss", id }, before, after });
    return c.json(after as unknown, 200);
  });
  app.openapi(closeMissRoute, async (c) => {
    const id = c.req.param("missId");
    const before = (await getMiss(c.get("store").db, id)) ?? null;
    const after = await closeMiss(c.get("store"), id, c.get("now")());
    await audit(c, { action: "miss.close", target: { type: "milestone_miss", id }, before, after });
    return c.json(after as unknown, 200);
  });
};
