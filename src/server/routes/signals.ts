import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  acknowledgeSignal,
  backtestEngagementSignals,
  dismissSignal,
  engagementSignals,
  signalDetail,
  similarOccurrences,
  snoozeSignal,
} from "../../app/signals.ts";
import { DELIVERY, INTERNAL, requirePrincipal, type ServerEnv } from "../policy.ts";
import {
  audit,
  CONFLICT,
  defineRoute,
  EngagementParam,
  ERRORS,
  json,
  jsonBody,
  objectBody,
  recordParam,
  report,
} from "./define.ts";

const Tag = ["Signals"];
const SignalParam = recordParam("signalId", "sig-acme-mobile-3f2a9c10");
const Signal = report<unknown>(
  "Signal",
  "A stored signal: pattern, severity, measure, evidence and lifecycle state",
);

const list = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/signals",
    tags: Tag,
    summary: "An engagement's live signals (or every state with all=true), detected as of now or asOf",
    request: {
      params: EngagementParam,
      query: z.object({
        asOf: z
          .string()
          .max(40)
          .optional()
          .openapi({ description: "Show what the detectors find as of then; records nothing" }),
        all: z
          .enum(["true", "false"])
          .optional()
          .openapi({ description: "Include dismissed and resolved signals" }),
      }),
    },
    responses: {
      200: json(
        z.object({ asOf: z.string(), recorded: z.boolean(), signals: z.array(Signal) }),
        "The signals, newest first",
      ),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);

const show = defineRoute(
  {
    method: "get",
    path: "/api/v1/signals/{signalId}",
    tags: Tag,
    summary:
      "One signal with its history; for DMs, directors and admins also similar past occurrences elsewhere",
    request: { params: SignalParam },
    responses: {
      200: json(
        z.object({ signal: Signal, events: z.array(z.unknown()), similar: z.array(z.unknown()).optional() }),
        "The signal",
      ),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "signal" },
);

const reasonBody = z.strictObject({ reason: z.string().max(2000).optional() });
const snoozeBody = z.strictObject({
  until: z.string().min(1).max(40).openapi({ description: "A future instant or date (end of that day)" }),
  reason: z.string().max(2000).optional(),
});
const dismissBody = z.strictObject({ reason: z.string().min(1).max(2000) });

const change = <B extends z.ZodType>(verb: string, summary: string, body: B) =>
  defineRoute(
    {
      method: "post",
      path: `/api/v1/signals/{signalId}/${verb}`,
      tags: Tag,
      summary,
      request: { params: SignalParam, body: jsonBody(body) },
      responses: { 200: json(Signal, "The signal in its new state"), ...CONFLICT, ...ERRORS },
    },
    { roles: DELIVERY, scope: "write", engagement: "signal" },
  );
const acknowledge = change(
  "acknowledge",
  "Acknowledge a signal: it stays listed, marked as being handled",
  reasonBody,
);
const snooze = change(
  "snooze",
  "Hide a signal until a moment; it reopens then if its condition holds",
  snoozeBody,
);
const dismiss = change(
  "dismiss",
  "Dismiss a signal with a reason; it reopens only if it gets materially worse",
  dismissBody,
);

const backtest = defineRoute(
  {
    method: "get",
    path: "/api/v1/engagements/{id}/signals/backtest",
    tags: Tag,
    summary: "When each signal would have fired, replaying the detectors over the history",
    request: {
      params: EngagementParam,
      query: z.object({
        asOf: z.string().max(40).optional(),
        from: z.string().max(40).optional(),
        stepDays: z.coerce.number().int().min(1).max(31).optional(),
      }),
    },
    responses: {
      200: json(report<unknown>("SignalBacktest", "Findings per replayed moment"), "The backtest"),
      ...ERRORS,
    },
  },
  { roles: INTERNAL, scope: "read", engagement: "path" },
);

export const registerSignalRoutes = (app: OpenAPIHono<ServerEnv>) => {
  app.openapi(list, async (c) => {
    const { asOf, all } = c.req.valid("query");
    const result = await engagementSignals(
      c.get("store"),
      c.get("engagement").id,
      { asOf, all: all === "true" },
      c.get("now")(),
    );
    return c.json({ asOf: result.asOf, recorded: result.recorded, signals: [...result.signals] }, 200);
  });

  app.openapi(show, async (c) => {
    const store = c.get("store");
    const user = requirePrincipal(c.get("principal")).user;
    const id = c.req.param("signalId");
    const detail = await signalDetail(store, id);
    const similar = DELIVERY.includes(user.role)
      ? [...(await similarOccurrences(store, id, user, 3))]
      : undefined;
    return c.json(
      { signal: detail.signal, events: [...detail.events], ...(similar ? { similar } : {}) },
      200,
    );
  });

  const lifecycle = async (c: Context<ServerEnv>, verb: "acknowledge" | "snooze" | "dismiss") => {
    const store = c.get("store");
    const now = c.get("now")();
    const id = c.req.param("signalId") ?? "";
    const before = (await signalDetail(store, id)).signal;
    const body = (await objectBody(c)) as { reason?: string; until?: string };
    const after =
      verb === "acknowledge"
        ? await acknowledgeSignal(store, id, body.reason ?? null, now)
        : verb === "snooze"
          ? await snoozeSignal(store, id, { until: body.until ?? "", reason: body.reason ?? null }, now)
          : await dismissSignal(store, id, body.reason ?? "", now);
    await audit(c, { action: `signal.${verb}`, target: { type: "signal", id }, before, after });
    return after;
  };
  app.openapi(acknowledge, async (c) => c.json((await lifecycle(c, "acknowledge")) as unknown, 200));
  app.openapi(snooze, async (c) => c.json((await lifecycle(c, "snooze")) as unknown, 200));
  app.openapi(dismiss, async (c) => c.json((await lifecycle(c, "dismiss")) as unknown, 200));

  app.openapi(backtest, async (c) =>
    c.json(
      (await backtestEngagementSignals(
        c.get("store"),
        c.get("engagement").id,
        c.req.valid("query"),
        c.get("now")(),
      )) as unknown,
      200,
    ),
  );
};
