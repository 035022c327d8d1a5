import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignDm, createEngagement } from "../app/engagements.ts";
import { createUser } from "../app/users.ts";
import { openStore, type Store } from "../store/store.ts";
import { createApp } from "./app.ts";

interface ListBody {
  engagements: { id: string; dmLoadViolations: string[] }[];
}
interface ErrorBody {
  error: { code: string; message: string };
}
const NOW = new Date("2026-03-02T10:00:00Z");
const basic = (email: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`,
});

describe("the HTTP server", () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  const logged: string[] = [];

  beforeAll(async () => {
    store = await openStore(":memory:");
    await createEngagement(store, { name: "Acme Mobile", customer: "Acme", startDate: "2026-01-05" }, NOW);
    await createEngagement(store, { name: "Globex Data", customer: "Globex", startDate: "2026-01-05" }, NOW);
    await assignDm(store, { engagement: "acme-mobile", name: "Dana Lee", from: "2026-01-05" }, NOW);
    await createUser(
      store,
      { email: "director@baton.test", name: "Dir", role: "director", password: "director-pass" },
      NOW,
    );
    await createUser(
      store,
      {
        email: "cio@acme.test",
        name: "Acme CIO",
        role: "customer",
        customer: "acme",
        password: "customer-pass",
      },
      NOW,
    );
    app = createApp(store, { now: () => NOW, log: (m) => logged.push(m) });
  });
  afterAll(async () => {
    await store.close();
  });

  it("answers health and readiness without signing in", async () => {
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect(await (await app.request("/readyz")).json()).toEqual({ status: "ready", database: "sqlite" });
  });

  it("asks for credentials, and refuses wrong ones without saying which part was wrong", async () => {
    const anonymous = await app.request("/api/v1/engagements");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Basic");
    const wrong = await app.request("/api/v1/engagements", { headers: basic("director@baton.test", "nope") });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { code: "unauthorized", message: "email or password is wrong", details: {} },
    });
  });

  it("shows a director every engagement", async () => {
    const res = await app.request("/api/v1/engagements", {
      headers: basic("director@baton.test", "director-pass"),
    });
    const body = (await res.json()) as ListBody;
    expect(body.engagements.map((e) => e.id)).toEqual(["acme-mobile", "globex-data"]);
    expect(body.engagements[1]?.dmLoadViolations).toEqual(["globex-data has no DM"]);
  });

  it("shows a customer only their own engagements, and hides the others' existence", async () => {
    const headers = basic("cio@acme.test", "customer-pass");
    const list = (await (await app.request("/api/v1/engagements", { headers })).json()) as ListBody;
    expect(list.engagements.map((e) => e.id)).toEqual(["acme-mobile"]);
    const own = await app.request("/api/v1/engagements/acme-mobile", { headers });
    expect(own.status).toBe(200);
    const foreign = await app.request("/api/v1/engagements/globex-data", { headers });
    expect(foreign.status).toBe(404);
    expect((await app.request("/api/v1/dm-load", { headers })).status).toBe(403);
    const page = await (await app.request("/", { headers })).text();
    expect(page).toContain("Acme Mobile");
    expect(page).not.toContain("Globex");
    expect(page).not.toContain("DM load");
  });

  it("serves metrics to the vendor's people and refuses them to customers", async () => {
    const director = basic("director@baton.test", "director-pass");
    for (const metric of ["sprints", "flow", "reviews", "dora"]) {
      const res = await app.request(`/api/v1/engagements/acme-mobile/${metric}?asOf=2026-03-01`, {
        headers: director,
      });
      expect(res.status).toBe(200);
    }
    const flow = (await (
      await app.request("/api/v1/engagements/acme-mobile/flow", { headers: director })
    ).json()) as {
      wip: { count: number };
    };
    expect(flow.wip.count).toBe(0);
    const customer = basic("cio@acme.test", "customer-pass");
    expect((await app.request("/api/v1/engagements/acme-mobile/reviews", { headers: customer })).status).toBe(
      403,
    );
    expect((await app.request("/api/v1/engagements/globex-data/reviews", { headers: customer })).status).toBe(
      404,
    );
    const bad = await app.request("/api/v1/engagements/acme-mobile/dora?asOf=soon", { headers: director });
    expect(bad.status).toBe(400);
  });

  it("names a bad query parameter with a 400", async () => {
    const res = await app.request("/api/v1/engagements?date=yesterday", {
      headers: basic("director@baton.test", "director-pass"),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: "invalid_input",
      message: 'date "yesterday" must be YYYY-MM-DD',
    });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await app.request("/api/v1/nothing-here", {
      headers: basic("director@baton.test", "director-pass"),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
  });
});
