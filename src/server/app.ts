import { randomBytes } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { acceptInvitation, endSession } from "../app/access.ts";
import { listEngagementSummaries } from "../app/engagements.ts";
import { afterIngest } from "../app/sources.ts";
import { invalidIssues, today } from "../app/validate.ts";
import { BatonError, httpStatusOf } from "../errors.ts";
import type { ConnectorLookup } from "../ingest/pipeline.ts";
import type { NarratorConfig } from "../reports/narrate.ts";
import { connectorFor } from "../sources/registry.ts";
import type { Store } from "../store/store.ts";
import { type AuthOptions, authenticate, clearSessionCookie, signIn } from "./auth.ts";
import { localJobRunner } from "./jobs/local.ts";
import type { JobRunner } from "./jobs/types.ts";
import { jsonLogger, type Logger } from "./log.ts";
import { renderInvitePage, renderLoginPage, renderPortfolioPage, renderReferencePage } from "./pages.ts";
import { authorize, filterVisible, type ServerEnv } from "./policy.ts";
import { signInRateLimit, webhookRateLimit } from "./rate-limit.ts";
import { registerAccessRoutes } from "./routes/access.ts";
import { registerCsatPages, registerCsatRoutes } from "./routes/csat.ts";
import { registerDependencyRoutes } from "./routes/dependencies.ts";
import { registerEngagementRoutes } from "./routes/engagements.ts";
import { registerEscalationRoutes } from "./routes/escalations.ts";
import { registerOperationRoutes } from "./routes/operations.ts";
import { registerReportDeliveryRoutes } from "./routes/report-delivery.ts";
import { registerReportRoutes } from "./routes/reports.ts";
import { registerSignalRoutes } from "./routes/signals.ts";
import { registerWebRoutes } from "./routes/web.ts";
import { mountWebApp } from "./web-assets.ts";
import { mountWebhooks } from "./webhooks.ts";

export interface AppOptions {
  readonly now?: () => Date;
  /** Unexpected errors, as text (tests); `logger` takes precedence. */
  readonly log?: (message: string) => void;
  readonly logger?: Logger;
  /** Connectors by source kind (default: every connector Baton ships). */
  readonly connectors?: ConnectorLookup;
  readonly auth?: Partial<AuthOptions>;
  /** The job runner whose jobs the API shows and queues (default: the in-process queue, not started). */
  readonly jobs?: JobRunner;
  readonly bodyLimitBytes?: number;
  readonly webhookRatePerMinute?: number;
  readonly signInRatePerMinute?: number;
  /** The model that narrates report drafts (default: none, the templates write them). */
  readonly narrator?: NarratorConfig | null;
  /** The built web app (`dist/web`): served at `/` with its routes; without it `/` is the plain portfolio page. */
  readonly webRoot?: string;
}

const API_VERSION = "0.1.0";

/**
 * Baton's HTTP surface. Every API route is declared once (request and response schemas plus
 * who may call it), authorized by `policy.ts`, calls one use case and returns a presenter's
 * output; errors leave through one handler as `{ error: { code, message, details } }`.
 */
export const createApp = (store: Store, options: AppOptions = {}) => {
  const now = options.now ?? (() => new Date());
  const logger =
    options.logger ??
    (options.log
      ? jsonLogger("warn", (line) => options.log?.(line.trimEnd()), now)
      : jsonLogger("warn", undefined, now));
  const auth: AuthOptions = { secureCookies: "auto", sessionHours: 12, ...options.auth };
  const jobs =
    options.jobs ??
    localJobRunner(store, {
      syncIntervalMs: 0,
      retries: 3,
      retryDelayMs: 30_000,
      pollMs: 1000,
      instance: "api",
      handler: async () => null,
      log: logger,
      now,
    });

  const app = new OpenAPIHono<ServerEnv>({
    // Schema failures become the same invalid_input error every other surface gives.
    defaultHook: (result) => {
      if (!result.success)
        throw invalidIssues(
          `request ${result.target}`,
          result.error.issues,
          (result as { data?: unknown }).data,
        );
    },
  });

  app.onError((error, c) => {
    if (error instanceof BatonError) {
      return c.json(
        { error: { code: error.code, message: error.message, details: error.details ?? {} } },
        httpStatusOf(error.code),
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code =
        error.status === 413 ? "payload_too_large" : error.status === 401 ? "unauthorized" : "invalid_input";
      const message =
        error.message === "Malformed JSON in request body"
          ? "the request body is not valid JSON"
          : error.message;
      return c.json({ error: { code, message, details: {} } }, error.status);
    }
    logger.error("internal error", {
      method: c.req.method,
      path: c.req.path,
      requestId: c.get("requestId"),
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return c.json(
      { error: { code: "internal", message: "Baton failed to answer; the error was logged", details: {} } },
      500,
    );
  });
  app.notFound((c) =>
    c.json(
      { error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}`, details: {} } },
      404,
    ),
  );

  app.use("*", async (c, next) => {
    const started = performance.now();
    c.set("store", store);
    c.set("now", now);
    c.set("requestId", c.req.header("x-request-id")?.slice(0, 100) || randomBytes(8).toString("hex"));
    await next();
    logger.info("request", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get("requestId"),
      ...(c.get("principal") ? { user: c.get("principal")?.user.id } : {}),
    });
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    await store.db.selectFrom("engagements").select("id").limit(1).execute();
    return c.json({ status: "ready", database: store.family });
  });

  // Webhooks authenticate by the sender's signature or secret, checked by the source's connector.
  app.use(
    "/webhooks/:kind/:sourceId",
    webhookRateLimit(options.webhookRatePerMinute ?? 600, () => now().getTime()),
  );
  mountWebhooks(app, store, options.connectors ?? connectorFor, {
    now,
    onIngested: async (run) => {
      logger.info("webhook ingested", { source: run.sourceId, run: run.id, status: run.status });
      await afterIngest(store, run.sourceId, run, now(), { reindex: false });
    },
  });

  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  const limitBodies = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw new BatonError("payload_too_large", `request bodies are limited to ${limit} bytes`, {
        limitBytes: limit,
      });
    },
  });
  app.use("/api/*", limitBodies);
  app.use("/login", limitBodies);
  app.use("/logout", limitBodies);
  app.use("/invite/*", limitBodies);
  app.use("*", authenticate);
  const signInLimit = signInRateLimit(options.signInRatePerMinute ?? 20, () => now().getTime());
  app.on("POST", ["/api/v1/session", "/login", "/api/v1/invitations/accept", "/invite/*"], signInLimit);

  registerAccessRoutes(app, auth);
  registerEngagementRoutes(app);
  registerOperationRoutes(app, jobs);
  registerSignalRoutes(app);
  registerEscalationRoutes(app);
  registerDependencyRoutes(app);
  registerReportRoutes(app, jobs, options.narrator ?? null);
  registerCsatRoutes(app);
  registerReportDeliveryRoutes(app, jobs);
  registerWebRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "baton_session",
    description:
      "Browser session from POST /api/v1/session or the /login form; state changes need X-CSRF-Token",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "token", {
    type: "http",
    scheme: "bearer",
    description: "Personal API token (`baton user token create`, POST /api/v1/tokens)",
  });
  const documentConfig = {
    openapi: "3.1.0",
    info: {
      title: "Baton API",
      version: API_VERSION,
      description:
        "Delivery metrics, review SLAs, forecasts and reports for engineering pods. Errors: `{ error: { code, message, details } }`.",
    },
  };
  app.doc31("/api/v1/openapi.json", documentConfig);
  app.get("/api/v1/reference", (c) => c.html(renderReferencePage(app.getOpenAPI31Document(documentConfig))));

  // Browser pages.
  if (options.webRoot === undefined)
    app.get("/", async (c) => {
      const principal = c.get("principal");
      if (!principal) return c.redirect("/login", 302);
      const date = today(now());
      const summaries = await listEngagementSummaries(store, date);
      const visible = await filterVisible(store, principal.user, date, summaries, (s) => s.engagement.id);
      return c.html(renderPortfolioPage(principal.user, date, visible, principal.csrfToken ?? null));
    });
  app.get("/login", (c) => c.html(renderLoginPage(null)));
  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === "string" ? form.email : "";
    const password = typeof form.password === "string" ? form.password : "";
    try {
      await signIn(c, { email, password }, auth);
    } catch (error) {
      if (error instanceof BatonError && error.code === "unauthorized")
        return c.html(renderLoginPage(error.message, email), 401);
      throw error;
    }
    return c.redirect("/", 303);
  });
  app.post("/logout", authorize({ roles: "signedIn", scope: "write" }), async (c) => {
    await endSession(store, c.get("principal")?.sessionId ?? "");
    clearSessionCookie(c);
    return c.redirect("/login", 303);
  });
  registerCsatPages(app);
  app.get("/invite/:token", (c) => c.html(renderInvitePage(c.req.param("token"), null)));
  app.post("/invite/:token", async (c) => {
    const token = c.req.param("token");
    const form = await c.req.parseBody();
    const name = typeof form.name === "string" ? form.name : "";
    const password = typeof form.password === "string" ? form.password : "";
    try {
      const user = await acceptInvitation(store, { token, name, password }, now());
      await signIn(c, { email: user.email, password }, auth);
    } catch (error) {
      if (error instanceof BatonError && error.code === "invalid_input")
        return c.html(renderInvitePage(token, error.message), 400);
      throw error;
    }
    return c.redirect("/", 303);
  });
  if (options.webRoot !== undefined) mountWebApp(app, options.webRoot);

  return app;
};
