import { Hono } from "hono";
import { listEngagementSummaries, portfolioDmLoad, showEngagement } from "../app/engagements.ts";
import { doraReport, flowReport, reviewReport, sprintsReport } from "../app/metrics.ts";
import { presentDmLoad, presentEngagementDetail, presentEngagementSummary } from "../app/presenters.ts";
import { today } from "../app/validate.ts";
import { BatonError, httpStatusOf, notFound } from "../errors.ts";
import type { ConnectorLookup } from "../ingest/pipeline.ts";
import { connectorFor } from "../sources/registry.ts";
import { getEngagement, listPeople } from "../store/engagements.ts";
import type { Store } from "../store/store.ts";
import { type AuthEnv, basicAuth, maySeeCustomer } from "./auth.ts";
import { renderPortfolioPage } from "./pages.ts";
import { mountWebhooks } from "./webhooks.ts";

export interface AppOptions {
  readonly now?: () => Date;
  readonly log?: (message: string) => void;
  /** Connectors by source kind (default: every connector Baton ships). */
  readonly connectors?: ConnectorLookup;
}

/**
 * Baton's HTTP surface. Routes validate, authorize, call one use case and return a presenter's
 * output; errors leave through one handler as `{ error: { code, message, details } }`.
 */
export const createApp = (store: Store, options: AppOptions = {}) => {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.error(message));
  const app = new Hono<AuthEnv>();

  app.onError((error, c) => {
    if (error instanceof BatonError) {
      return c.json(
        { error: { code: error.code, message: error.message, details: error.details ?? {} } },
        httpStatusOf(error.code),
      );
    }
    log(
      `internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
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

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    await store.db.selectFrom("engagements").select("id").limit(1).execute();
    return c.json({ status: "ready", database: store.family });
  });

  // Webhooks authenticate by the sender's signature or secret, checked by the source's connector.
  mountWebhooks(app, store, options.connectors ?? connectorFor, { now });

  const auth = basicAuth(store);
  app.use("/api/*", auth);
  app.use("/", auth);

  const dateOf = (value: string | undefined) => {
    if (value === undefined) return today(now());
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
      throw new BatonError("invalid_input", `date "${value}" must be YYYY-MM-DD`);
    return value;
  };

  app.get("/api/v1/engagements", async (c) => {
    const user = c.get("user");
    const date = dateOf(c.req.query("date"));
    const visible = (await listEngagementSummaries(store, date)).filter((s) =>
      maySeeCustomer(user, s.engagement.customerId),
    );
    return c.json({ date, engagements: visible.map(presentEngagementSummary) });
  });

  app.get("/api/v1/engagements/:id", async (c) => {
    const user = c.get("user");
    const id = c.req.param("id");
    const engagement = await getEngagement(store.db, id);
    // A customer asking for another customer's engagement learns nothing, not even that it exists.
    if (!engagement || !maySeeCustomer(user, engagement.customerId)) throw notFound("engagement", id);
    const date = dateOf(c.req.query("date"));
    return c.json(presentEngagementDetail(await showEngagement(store, id, date), date));
  });

  // Metrics carry individual figures (review queues, reviewer load): for the vendor's people only.
  const requireInternal = async (user: AuthEnv["Variables"]["user"], id: string) => {
    const engagement = await getEngagement(store.db, id);
    if (!engagement || !maySeeCustomer(user, engagement.customerId)) throw notFound("engagement", id);
    if (user.role === "customer")
      throw new BatonError("forbidden", "metrics are published to customers in reports");
  };
  const windowOf = (c: { req: { query: (name: string) => string | undefined } }) => ({
    asOf: c.req.query("asOf"),
    from: c.req.query("from"),
    to: c.req.query("to"),
  });

  app.get("/api/v1/engagements/:id/sprints", async (c) => {
    const id = c.req.param("id");
    await requireInternal(c.get("user"), id);
    const { asOf, sprints } = await sprintsReport(
      store,
      id,
      { asOf: c.req.query("asOf"), sprint: c.req.query("sprint") },
      now(),
    );
    return c.json({ asOf, sprints });
  });
  app.get("/api/v1/engagements/:id/flow", async (c) => {
    const id = c.req.param("id");
    await requireInternal(c.get("user"), id);
    return c.json((await flowReport(store, id, windowOf(c), now())).report);
  });
  app.get("/api/v1/engagements/:id/reviews", async (c) => {
    const id = c.req.param("id");
    await requireInternal(c.get("user"), id);
    return c.json(await reviewReport(store, id, windowOf(c), now()));
  });
  app.get("/api/v1/engagements/:id/dora", async (c) => {
    const id = c.req.param("id");
    await requireInternal(c.get("user"), id);
    return c.json(await doraReport(store, id, windowOf(c), now()));
  });

  app.get("/api/v1/dm-load", async (c) => {
    const user = c.get("user");
    if (user.role === "customer" || user.role === "specialist") {
      throw new BatonError("forbidden", "DM load is visible to DMs, directors and admins");
    }
    const date = dateOf(c.req.query("date"));
    const names = new Map((await listPeople(store.db)).map((p) => [p.id, p.name]));
    return c.json(presentDmLoad(await portfolioDmLoad(store, date), names));
  });

  app.get("/", async (c) => {
    const user = c.get("user");
    const date = today(now());
    const visible = (await listEngagementSummaries(store, date)).filter((s) =>
      maySeeCustomer(user, s.engagement.customerId),
    );
    return c.html(renderPortfolioPage(user, date, visible));
  });

  return app;
};
