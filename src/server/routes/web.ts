import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { cockpitView, portfolioView } from "../../app/cockpit.ts";
import { listEngagementSummaries } from "../../app/engagements.ts";
import { presentEngagementSummary } from "../../app/presenters.ts";
import { today } from "../../app/validate.ts";
import { whatIf } from "../../app/whatif.ts";
import { DELIVERY, filterVisible, INTERNAL, requirePrincipal, type ServerEnv } from "../policy.ts";
import { defineRoute, EngagementParam, ERRORS, json, report } from "./define.ts";

/**
 * The two views the web app needs in one answer each, so a page does not download every pull
 * request and work item to show a handful of figures: the portfolio and the DM's cockpit.
 */
const portfolio = defineRoute(
  {
    method: "get",
    path: "/api/v1/portfolio",
    tags: ["Portfolio"],
    summary:
      "Every engagement in scope with its RAG status, next milestone forecast, review-SLA adherence and open signals by severity",
    responses: {
      200: json(
        report<unknown>("Portfolio", "Rows of the portfolio, computed as of the current hour"),
        "Rows",
      ),
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "read" },
);

const cockpit = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/cockpit",
    tags: ["Portfolio"],
    summary:
      "An engagement at a glance: weekly facts, flow (cycle time, throughput, WIP aging), open review requests with their SLA clock, reviewer load and forecast history",
    request: { params: EngagementParam },
    responses: {
      200: json(report<unknown>("Cockpit", "The cockpit of one engagement"), "Cockpit"),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);

const phrase = (description: string) => z.string().min(1).max(200).optional().openapi({ description });

const whatIfRoute = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/milestones/{milestone}/whatif",
    tags: ["Portfolio"],
    summary:
      "A milestone's forecast beside a staffing or scope scenario, with what it takes to hold the target; records nothing",
    request: {
      params: EngagementParam.extend({
        milestone: z
          .string()
          .min(1)
          .max(200)
          .openapi({ param: { name: "milestone", in: "path" }, description: "Milestone id or name" }),
      }),
      query: z.object({
        add: phrase('A specialist to add: "backend specialist, 100%, from 2026-04-01"'),
        rotateOut: phrase('A pod member leaving: "Ana Lima, 2026-04-15"'),
        timeOff: phrase('Time off: "Ben Okafor, 2026-05-01..2026-05-14"'),
        cutScope: z.coerce
          .number()
          .int()
          .min(0)
          .max(100_000)
          .optional()
          .openapi({ description: "Items cut" }),
      }),
    },
    responses: {
      200: json(
        report<unknown>("WhatIf", "Baseline, scenario, their difference and a recommendation"),
        "What if",
      ),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);

export const registerWebRoutes = (app: OpenAPIHono<ServerEnv>) => {
  app.openapi(portfolio, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const store = c.get("store");
    const now = c.get("now")();
    const date = today(now);
    const visible = await filterVisible(
      store,
      user,
      date,
      await listEngagementSummaries(store, date),
      (s) => s.engagement.id,
    );
    const rows = await portfolioView(store, visible, now);
    return c.json(
      {
        date,
        engagements: rows.map((r) => ({
          ...presentEngagementSummary(r),
          rag: r.rag,
          nextMilestone: r.nextMilestone,
          reviews: r.reviewSla,
          signals: r.signals,
          openEscalations: r.openEscalations,
        })),
      },
      200,
    );
  });
  app.openapi(whatIfRoute, async (c) => {
    const q = c.req.valid("query");
    const result = await whatIf(
      c.get("store"),
      c.get("engagement").id,
      {
        milestone: c.req.valid("param").milestone,
        ...(q.add ? { add: [q.add] } : {}),
        ...(q.rotateOut ? { rotateOut: [q.rotateOut] } : {}),
        ...(q.timeOff ? { timeOff: [q.timeOff] } : {}),
        ...(q.cutScope !== undefined ? { cutScope: q.cutScope } : {}),
        seed: 1,
      },
      c.get("now")(),
    );
    return c.json(result as unknown, 200);
  });
  app.openapi(cockpit, async (c) =>
    c.json(await cockpitView(c.get("store"), c.get("engagement").id, c.get("now")()), 200),
  );
};
