import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  acceptDecision,
  listDecisionsOf,
  proposeDecision,
  rejectDecision,
  requireDecision,
} from "../../app/decisions.ts";
import {
  acknowledgeEscalation,
  escalationPrecisionReport,
  listEscalationsOf,
  mergeEscalation,
  raiseEscalation,
  rateEscalation,
  requireEscalation,
  resolveEscalation,
  updateEscalation,
} from "../../app/escalations.ts";
import { BatonError, notFound } from "../../errors.ts";
import { getDecision, getEscalation } from "../../store/workflows.ts";
import { ALL_ROLES, DELIVERY, LEADERSHIP, requirePrincipal, type ServerEnv } from "../policy.ts";
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

const Escalation = report<unknown>("Escalation", "An escalation: level, ask, whom it is asked of, status");
const Decision = report<unknown>("Decision", "A decision record (ADR): context, options, outcome");
const EscalationParam = recordParam("escalationId", "esc-1a2b3c4d");
const DecisionParam = recordParam("decisionId", "acme-mobile-adr-1");
const CUSTOMER_TOO = ["admin", "director", "dm", "customer"] as const;

const listEscalations = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/escalations",
    tags: ["Escalations"],
    summary: "An engagement's escalations; customers see the customer-visible ones only",
    request: {
      params: EngagementParam,
      query: z.object({ status: z.enum(["open", "acknowledged", "resolved", "live"]).optional() }),
    },
    responses: { 200: json(z.object({ escalations: z.array(Escalation) }), "The escalations"), ...ERRORS },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "path" },
);

const raise = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/escalations",
    tags: ["Escalations"],
    summary: "Raise an escalation; Baton suggests the level and warns about duplicates",
    request: { params: EngagementParam, body: requestBody("EscalationInput") },
    responses: {
      201: json(
        z.object({ escalation: Escalation, suggestion: z.unknown(), warnings: z.array(z.unknown()) }),
        "Raised",
      ),
      ...CONFLICT,
      ...ERRORS,
    },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);

const update = defineRoute(
  {
    method: "patch",
    path: "/api/v1/escalations/{escalationId}",
    tags: ["Escalations"],
    summary: "Change the level, visibility, due date, ask or impact of an open escalation",
    request: { params: EscalationParam, body: requestBody("EscalationUpdate") },
    responses: { 200: json(Escalation, "The escalation"), ...CONFLICT, ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "escalation" },
);

const escalationStep = (verb: string, summary: string, roles: typeof DELIVERY, body: string | null) =>
  defineRoute(
    {
      method: "post",
      path: `/api/v1/escalations/{escalationId}/${verb}`,
      tags: ["Escalations"],
      summary,
      request: { params: EscalationParam, ...(body ? { body: requestBody(body) } : {}) },
      responses: { 200: json(Escalation, "The escalation"), ...CONFLICT, ...ERRORS },
    },
    { roles, scope: "write", engagement: "escalation" },
  );
const acknowledge = escalationStep(
  "acknowledge",
  "The person asked has seen the escalation and taken it on (customers: their customer-visible ones)",
  CUSTOMER_TOO,
  null,
);
const resolve = escalationStep("resolve", "Close an escalation with how it ended", DELIVERY, "Resolution");
const rate = escalationStep(
  "rate",
  "Record whether raising a resolved escalation was warranted",
  DELIVERY,
  "Rating",
);
const merge = escalationStep(
  "merge",
  "Fold a duplicate into the escalation that carries the problem",
  DELIVERY,
  "Merge",
);

const precision = defineRoute(
  {
    method: "get",
    path: "/api/v1/escalation-precision",
    tags: ["Escalations"],
    summary: "Escalation precision per DM and per engagement",
    responses: { 200: json(z.object({ rows: z.array(z.unknown()) }), "Precision rows"), ...ERRORS },
  },
  { roles: LEADERSHIP, scope: "read" },
);

const listDecisions = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/decisions",
    tags: ["Decisions"],
    summary: "An engagement's decisions; customers see the customer-visible ones only",
    request: {
      params: EngagementParam,
      query: z.object({ pendingCustomer: z.enum(["true", "false"]).optional() }),
    },
    responses: { 200: json(z.object({ decisions: z.array(Decision) }), "The decisions"), ...ERRORS },
  },
  { roles: ALL_ROLES, scope: "read", engagement: "path" },
);

const propose = defineRoute(
  {
    method: "post",
    path: "/api/v1/engagements/{id}/decisions",
    tags: ["Decisions"],
    summary: "Propose a decision (numbered ADR-1, ADR-2, …), optionally asking the customer to decide",
    request: { params: EngagementParam, body: requestBody("Proposal") },
    responses: { 201: json(Decision, "Proposed"), ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "path" },
);

const accept = defineRoute(
  {
    method: "post",
    path: "/api/v1/decisions/{decisionId}/accept",
    tags: ["Decisions"],
    summary:
      "Accept a proposed decision. A customer may decide one that asks them: `decision` must be one of its options, and they are recorded as the decider",
    request: { params: DecisionParam, body: requestBody("Acceptance") },
    responses: { 200: json(Decision, "Accepted"), ...CONFLICT, ...ERRORS },
  },
  { roles: CUSTOMER_TOO, scope: "write", engagement: "decision" },
);

const reject = defineRoute(
  {
    method: "post",
    path: "/api/v1/decisions/{decisionId}/reject",
    tags: ["Decisions"],
    summary: "Reject a proposed decision with the reason",
    request: { params: DecisionParam, body: requestBody("Rejection") },
    responses: { 200: json(Decision, "Rejected"), ...CONFLICT, ...ERRORS },
  },
  { roles: DELIVERY, scope: "write", engagement: "decision" },
);

export const registerEscalationRoutes = (app: OpenAPIHono<ServerEnv>) => {
  app.openapi(listEscalations, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const all = await listEscalationsOf(c.get("store"), {
      engagement: c.get("engagement").id,
      ...c.req.valid("query"),
    });
    return c.json(
      { escalations: user.role === "customer" ? all.filter((e) => e.customerVisible) : all },
      200,
    );
  });

  app.openapi(raise, async (c) => {
    const raised = await raiseEscalation(
      c.get("store"),
      { ...(await objectBody(c)), engagement: c.get("engagement").id },
      c.get("now")(),
    );
    const e = raised.escalation;
    await audit(c, {
      action: "escalation.raise",
      target: { type: "escalation", id: e.id },
      before: null,
      after: e,
    });
    return c.json({ ...raised, warnings: [...raised.warnings] }, 201);
  });

  app.openapi(update, async (c) => {
    const id = c.req.param("escalationId");
    const before = await requireEscalation(c.get("store"), id);
    const after = await updateEscalation(c.get("store"), id, await objectBody(c));
    await audit(c, { action: "escalation.update", target: { type: "escalation", id }, before, after });
    return c.json(after as unknown, 200);
  });

  const step = async (
    c: Parameters<typeof audit>[0],
    action: string,
    act: (id: string) => Promise<unknown>,
  ): Promise<unknown> => {
    const id = c.req.param("escalationId") ?? "";
    const before = await requireEscalation(c.get("store"), id);
    const after = await act(id);
    await audit(c, { action: `escalation.${action}`, target: { type: "escalation", id }, before, after });
    return after;
  };
  app.openapi(acknowledge, async (c) =>
    c.json(
      await step(c, "acknowledge", (id) => acknowledgeEscalation(c.get("store"), id, c.get("now")())),
      200,
    ),
  );
  app.openapi(resolve, async (c) => {
    const body = await objectBody(c);
    return c.json(
      await step(c, "resolve", (id) => resolveEscalation(c.get("store"), id, body, c.get("now")())),
      200,
    );
  });
  app.openapi(rate, async (c) => {
    const { warranted, ...rest } = await objectBody(c);
    if (typeof warranted !== "boolean" || Object.keys(rest).length > 0)
      throw new BatonError("invalid_input", 'send { "warranted": true | false } and nothing else');
    return c.json(await step(c, "rate", (id) => rateEscalation(c.get("store"), id, warranted)), 200);
  });
  app.openapi(merge, async (c) => {
    const { into, ...rest } = await objectBody(c);
    if (typeof into !== "string" || into === "" || Object.keys(rest).length > 0)
      throw new BatonError("invalid_input", 'send { "into": "<escalation id>" } and nothing else');
    // Only an escalation of the same engagement can be named; any other answers as nonexistent.
    const target = await getEscalation(c.get("store").db, into);
    if (!target || target.engagementId !== c.get("engagement").id) throw notFound("escalation", into);
    return c.json(
      await step(c, "merge", (id) => mergeEscalation(c.get("store"), id, into, c.get("now")())),
      200,
    );
  });

  app.openapi(precision, async (c) =>
    c.json({ rows: [...(await escalationPrecisionReport(c.get("store")))] }, 200),
  );

  app.openapi(listDecisions, async (c) => {
    const user = requirePrincipal(c.get("principal")).user;
    const decisions = await listDecisionsOf(c.get("store"), c.get("engagement").id, {
      pendingCustomer: c.req.valid("query").pendingCustomer === "true",
      customerVisibleOnly: user.role === "customer",
    });
    return c.json({ decisions }, 200);
  });

  app.openapi(propose, async (c) => {
    const decision = await proposeDecision(
      c.get("store"),
      { ...(await objectBody(c)), engagement: c.get("engagement").id },
      c.get("now")(),
    );
    await audit(c, {
      action: "decision.propose",
      target: { type: "decision", id: decision.id },
      before: null,
      after: decision,
    });
    return c.json(decision as unknown, 201);
  });

  app.openapi(accept, async (c) => {
    const store = c.get("store");
    const user = requirePrincipal(c.get("principal")).user;
    const id = c.req.param("decisionId");
    const before = await requireDecision(store, id);
    let body = await objectBody(c);
    if (user.role === "customer") {
      if (!before.askCustomer)
        throw new BatonError("forbidden", `decision ${id} is not asked of the customer`);
      const { decision, ...rest } = body;
      if (Object.keys(rest).length > 0 || typeof decision !== "string" || !before.options.includes(decision))
        throw new BatonError(
          "invalid_input",
          `send { "decision": one of the options } — options: ${before.options.join(" | ")}`,
          {
            options: before.options,
          },
        );
      // The customer decides as themselves: what they chose, under their own name.
      body = { decision, decidedBy: user.name };
    }
    // A superseded decision must be one of this engagement's: any other answers as nonexistent.
    if (typeof body.supersedes === "string") {
      const replaced = await getDecision(store.db, body.supersedes);
      if (!replaced || replaced.engagementId !== before.engagementId)
        throw notFound("decision", body.supersedes);
    }
    const after = await acceptDecision(store, id, body, c.get("now")());
    await audit(c, { action: "decision.accept", target: { type: "decision", id }, before, after });
    return c.json(after as unknown, 200);
  });

  app.openapi(reject, async (c) => {
    const store = c.get("store");
    const id = c.req.param("decisionId");
    const before = await requireDecision(store, id);
    const after = await rejectDecision(store, id, (await objectBody(c)) as never, c.get("now")());
    await audit(c, { action: "decision.reject", target: { type: "decision", id }, before, after });
    return c.json(after as unknown, 200);
  });
};
