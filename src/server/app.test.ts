import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncSource } from "../app/sources.ts";
import type { ChartData } from "../reports/chart-data.ts";
import { openStore, type Store } from "../store/store.ts";
import { bearer, emailOf, PASSWORD, type ServerFixture, serverFixture } from "../testing/server.ts";

interface ListBody {
  engagements: { id: string; dmLoadViolations: string[] }[];
}
interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

describe("the HTTP server", () => {
  let store: Store;
  let f: ServerFixture;

  beforeAll(async () => {
    store = await openStore(":memory:");
    f = await serverFixture(store);
  });
  afterAll(async () => {
    await store.close();
  });

  const signIn = async (email: string, password = PASSWORD, headers: Record<string, string> = {}) => {
    const res = await f.app.request("/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ email, password }),
    });
    const cookie = res.headers.get("set-cookie") ?? "";
    const body = (await res.json()) as { csrfToken: string };
    return { res, cookie, session: cookie.split(";")[0] ?? "", csrf: body.csrfToken };
  };

  it("answers health and readiness without signing in", async () => {
    expect(await (await f.app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect(await (await f.app.request("/readyz")).json()).toEqual({ status: "ready", database: "sqlite" });
  });

  it("asks for a session or a token, and refuses unknown tokens and wrong passwords alike", async () => {
    const anonymous = await f.app.request("/api/v1/engagements");
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as ErrorBody).error.code).toBe("unauthorized");
    const unknown = await f.app.request("/api/v1/engagements", { headers: bearer("baton_pat_nope") });
    expect(((await unknown.json()) as ErrorBody).error.message).toBe("this API token is unknown or revoked");
    const wrong = await signIn(emailOf("director"), "nope-nope-nope");
    expect(wrong.res.status).toBe(401);
    expect(wrong.cookie).toBe("");
  });

  it("shows a director every engagement", async () => {
    const res = await f.app.request("/api/v1/engagements", { headers: bearer(f.tokens.director.read) });
    const body = (await res.json()) as ListBody;
    expect(body.engagements.map((e) => e.id)).toEqual(["acme-mobile", "globex-data"]);
  });

  it("shows a customer only their own engagements, and hides the others' existence", async () => {
    const headers = bearer(f.tokens.customer.read);
    const list = (await (await f.app.request("/api/v1/engagements", { headers })).json()) as ListBody;
    expect(list.engagements.map((e) => e.id)).toEqual(["acme-mobile"]);
    expect((await f.app.request("/api/v1/engagements/acme-mobile", { headers })).status).toBe(200);
    const foreign = await f.app.request("/api/v1/engagements/globex-data", { headers });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({
      error: { code: "not_found", message: 'engagement "globex-data" not found', details: {} },
    });
    expect((await f.app.request("/api/v1/dm-load", { headers })).status).toBe(403);
  });

  it("keeps staffing rules from customers and specialists, and sources and data counts from customers", async () => {
    const listed = async (role: "customer" | "specialist" | "dm") =>
      (
        (await (
          await f.app.request("/api/v1/engagements", { headers: bearer(f.tokens[role].read) })
        ).json()) as {
          engagements: Record<string, unknown>[];
        }
      ).engagements[0];
    expect(await listed("customer")).not.toHaveProperty("dmLoadViolations");
    expect(await listed("specialist")).not.toHaveProperty("dmLoadViolations");
    expect(await listed("dm")).toHaveProperty("dmLoadViolations");
    const detail = async (role: "customer" | "specialist") =>
      (await (
        await f.app.request("/api/v1/engagements/acme-mobile", { headers: bearer(f.tokens[role].read) })
      ).json()) as Record<string, unknown>;
    expect(Object.keys(await detail("customer"))).not.toEqual(expect.arrayContaining(["sources"]));
    expect(await detail("customer")).not.toHaveProperty("data");
    expect(await detail("specialist")).toHaveProperty("sources");
  });

  it("serves metrics to the vendor's people and refuses them to customers", async () => {
    const director = bearer(f.tokens.director.read);
    for (const metric of ["sprints", "flow", "reviews", "dora"]) {
      const res = await f.app.request(`/api/v1/engagements/acme-mobile/${metric}?asOf=2026-03-01`, {
        headers: director,
      });
      expect(res.status).toBe(200);
    }
    const customer = bearer(f.tokens.customer.read);
    expect(
      (await f.app.request("/api/v1/engagements/acme-mobile/reviews", { headers: customer })).status,
    ).toBe(403);
    expect(
      (await f.app.request("/api/v1/engagements/globex-data/reviews", { headers: customer })).status,
    ).toBe(404);
    const bad = await f.app.request("/api/v1/engagements/acme-mobile/dora?asOf=soon", { headers: director });
    expect(bad.status).toBe(400);
  });

  it("gives the cockpit its charts' data, and the review bars add up to the review metrics", async () => {
    await syncSource(store, "acme-mobile-sim", {});
    const dm = bearer(f.tokens.dm.read);
    const query = "asOf=2026-03-01&from=2026-01-05&to=2026-03-01";
    const res = await f.app.request(`/api/v1/engagements/acme-mobile/charts?${query}`, { headers: dm });
    expect(res.status).toBe(200);
    const { charts } = (await res.json()) as { charts: ChartData[] };
    expect(charts.map((c) => c.kind)).toEqual(expect.arrayContaining(["cycle_time", "review_sla", "cfd"]));
    const bars = charts.find((c) => c.kind === "review_sla")!;
    const reviews = (await (
      await f.app.request(`/api/v1/engagements/acme-mobile/reviews?${query}`, { headers: dm })
    ).json()) as { sla: { met: number; breached: number } };
    expect(reviews.sla.met + reviews.sla.breached).toBeGreaterThan(10);
    expect(bars.weeks.reduce((n, w) => n + w.met, 0)).toBe(reviews.sla.met);
    expect(bars.weeks.reduce((n, w) => n + w.breached, 0)).toBe(reviews.sla.breached);
    const customer = bearer(f.tokens.customer.read);
    expect(
      (await f.app.request("/api/v1/engagements/acme-mobile/charts", { headers: customer })).status,
    ).toBe(403);
  });

  it("names a bad query parameter with a 400", async () => {
    const res = await f.app.request("/api/v1/engagements?date=yesterday", {
      headers: bearer(f.tokens.director.read),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({
      code: "invalid_input",
      message: 'invalid request query: date: must be YYYY-MM-DD (got "yesterday")',
    });
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await f.app.request("/api/v1/nothing-here", { headers: bearer(f.tokens.director.read) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).error.code).toBe("not_found");
  });

  it("signs a browser in with an HttpOnly, SameSite=Lax cookie, Secure behind TLS", async () => {
    const plain = await signIn(emailOf("dm"));
    expect(plain.res.status).toBe(200);
    expect(plain.cookie).toMatch(/HttpOnly/);
    expect(plain.cookie).toMatch(/SameSite=Lax/);
    expect(plain.cookie).not.toMatch(/Secure/);
    const proxied = await signIn(emailOf("dm"), PASSWORD, { "x-forwarded-proto": "https" });
    expect(proxied.cookie).toMatch(/Secure/);
    const me = await f.app.request("/api/v1/session", { headers: { cookie: plain.session } });
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(emailOf("dm"));
  });

  it("refuses a browser's state change without the session's CSRF token", async () => {
    const { session, csrf } = await signIn(emailOf("dm"));
    const body = JSON.stringify({ name: "Ada Pod", allocation: 50, from: "2026-03-02" });
    const forged = await f.app.request("/api/v1/engagements/acme-mobile/pod", {
      method: "POST",
      headers: { cookie: session, "content-type": "application/json" },
      body,
    });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as ErrorBody).error.message).toContain("CSRF");
    const real = await f.app.request("/api/v1/engagements/acme-mobile/pod", {
      method: "POST",
      headers: { cookie: session, "content-type": "application/json", "x-csrf-token": csrf },
      body,
    });
    expect(real.status).toBe(201);
  });

  it("signs out: the cookie stops working", async () => {
    const { session, csrf } = await signIn(emailOf("specialist"));
    const out = await f.app.request("/api/v1/session", {
      method: "DELETE",
      headers: { cookie: session, "x-csrf-token": csrf },
    });
    expect(out.status).toBe(200);
    expect((await f.app.request("/api/v1/engagements", { headers: { cookie: session } })).status).toBe(401);
  });

  it("shows a token once, lists it without its secret, and stops accepting it once revoked", async () => {
    const created = await f.app.request("/api/v1/tokens", {
      method: "POST",
      headers: bearer(f.tokens.dm.write, { "content-type": "application/json" }),
      body: JSON.stringify({ name: "laptop script", scope: "read" }),
    });
    expect(created.status).toBe(201);
    const { token, info } = (await created.json()) as { token: string; info: { id: string } };
    expect(token).toMatch(/^baton_pat_/);
    const listed = await (await f.app.request("/api/v1/tokens", { headers: bearer(token) })).text();
    expect(listed).toContain("laptop script");
    expect(listed).not.toContain(token);
    expect(
      await store.db.selectFrom("apiTokens").select("tokenHash").where("id", "=", info.id).executeTakeFirst(),
    ).not.toMatchObject({ tokenHash: token });
    const readOnly = await f.app.request("/api/v1/tokens", {
      method: "POST",
      headers: bearer(token, { "content-type": "application/json" }),
      body: JSON.stringify({ name: "escalate", scope: "write" }),
    });
    expect(readOnly.status).toBe(403);
    const revoked = await f.app.request(`/api/v1/tokens/${info.id}`, {
      method: "DELETE",
      headers: bearer(f.tokens.dm.write),
    });
    expect(revoked.status).toBe(200);
    expect((await f.app.request("/api/v1/engagements", { headers: bearer(token) })).status).toBe(401);
  });

  it("serves the OpenAPI 3.1 document and a readable reference page", async () => {
    const doc = (await (await f.app.request("/api/v1/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { "x-baton-access"?: unknown }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/engagements/{id}"]?.get?.["x-baton-access"]).toEqual({
      roles: "signedIn",
      scope: "read",
      engagement: "path",
    });
    const page = await (await f.app.request("/api/v1/reference")).text();
    expect(page).toContain("/api/v1/engagements/{id}/calendar.ics");
  });

  it("sends browsers to a sign-in form, then shows the portfolio behind it", async () => {
    const home = await f.app.request("/");
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe("/login");
    expect(await (await f.app.request("/login")).text()).toContain('name="password"');
    const form = new URLSearchParams({ email: "cio@acme.test", password: PASSWORD });
    const posted = await f.app.request("/login", { method: "POST", body: form });
    expect(posted.status).toBe(303);
    const cookie = (posted.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const page = await (await f.app.request("/", { headers: { cookie } })).text();
    expect(page).toContain("Acme Mobile");
    expect(page).not.toContain("Globex");
    expect(page).not.toContain("DM load");
    const wrong = await f.app.request("/login", {
      method: "POST",
      body: new URLSearchParams({ email: "cio@acme.test", password: "x" }),
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("email or password is wrong");
  });

  it("lets a director invite a customer's person, who then signs in and sees only their customer", async () => {
    const invited = await f.app.request("/api/v1/invitations", {
      method: "POST",
      headers: bearer(f.tokens.director.write, { "content-type": "application/json" }),
      body: JSON.stringify({ email: "pm@globex.test", customer: "globex" }),
    });
    expect(invited.status).toBe(201);
    const { token } = (await invited.json()) as { token: string };
    const accept = (password: string) =>
      f.app.request("/api/v1/invitations/accept", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, name: "Globex PM", password }),
      });
    expect((await accept("long-enough-pass")).status).toBe(201);
    expect((await accept("long-enough-pass")).status).toBe(400);
    const { session } = await signIn("pm@globex.test", "long-enough-pass");
    const list = (await (
      await f.app.request("/api/v1/engagements", { headers: { cookie: session } })
    ).json()) as ListBody;
    expect(list.engagements.map((e) => e.id)).toEqual(["globex-data"]);
  });

  it("records who changed what, before and after, for directors to read", async () => {
    await f.app.request("/api/v1/engagements/acme-mobile/dm", {
      method: "POST",
      headers: bearer(f.tokens.director.write, { "content-type": "application/json" }),
      body: JSON.stringify({ name: "Lee Dana", from: "2026-03-02", role: "sub_dm" }),
    });
    type Entry = {
      id: string;
      action: string;
      actor: { email: string; via: string };
      before: unknown[];
      after: unknown[];
    };
    const seen: Entry[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await f.app.request(`/api/v1/audit?limit=2${query}`, {
        headers: bearer(f.tokens.director.read),
      });
      const page = (await res.json()) as { entries: Entry[]; nextCursor: string | null };
      seen.push(...page.entries);
      cursor = page.nextCursor;
    }
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.map((e) => e.action)).toEqual(
      expect.arrayContaining(["invitation.create", "invitation.accept", "token.revoke", "pod.add"]),
    );
    const assigned = seen.find((e) => e.action === "dm.assign");
    expect(assigned).toMatchObject({ actor: { email: emailOf("director"), via: "token" } });
    expect(assigned?.after.length).toBe((assigned?.before.length ?? 0) + 1);
    expect((await f.app.request("/api/v1/audit", { headers: bearer(f.tokens.dm.read) })).status).toBe(403);
  });
});
