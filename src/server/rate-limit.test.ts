import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/store.ts";
import { type ServerFixture, serverFixture } from "../testing/server.ts";

describe("webhook rate limits", () => {
  let store: Store;
  let f: ServerFixture;
  beforeAll(async () => {
    store = await openStore(":memory:");
    f = await serverFixture(store, { webhookRatePerMinute: 2, signInRatePerMinute: 3 });
  });
  afterAll(async () => {
    await store.close();
  });

  const deliver = (source: string) =>
    f.app.request(`/webhooks/simulator/${source}`, { method: "POST", body: "{}" });

  it("refuses a source's deliveries beyond the limit with a 429 and Retry-After, without slowing other sources", async () => {
    expect((await deliver("acme-mobile-sim")).status).toBe(400);
    expect((await deliver("acme-mobile-sim")).status).toBe(400);
    const limited = await deliver("acme-mobile-sim");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("30");
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await deliver("globex-data-sim")).status).toBe(400);
  });

  it("slows password guessing: a client's sign-in attempts beyond the limit get a 429", async () => {
    const attempt = (client: string) =>
      f.app.request("/api/v1/session", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": client },
        body: JSON.stringify({ email: "admin@baton.test", password: "guess-guess" }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt("203.0.113.7")).status).toBe(401);
    expect((await attempt("203.0.113.7")).status).toBe(429);
    expect((await attempt("198.51.100.2")).status).toBe(401);
  });
});
