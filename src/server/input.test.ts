import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/store.ts";
import {
  bearer,
  fillPath,
  type RecordIds,
  type ServerFixture,
  seedRecords,
  serverFixture,
} from "../testing/server.ts";
import { DECLARED_ROUTES } from "./routes/define.ts";

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

/** A route's path with real ids of acme-mobile's records in it. */
const realPath = (template: string, ids: RecordIds) =>
  fillPath(template, "acme-mobile", ids)
    .replace("{sourceId}", "acme-mobile-sim")
    .replace("{tokenId}", "tok_none");

describe("what the API does with bad input", () => {
  let store: Store;
  let f: ServerFixture;
  let ids: RecordIds;
  beforeAll(async () => {
    store = await openStore(":memory:");
    f = await serverFixture(store, { bodyLimitBytes: 4096 });
    ids = (await seedRecords(store)).own;
  });
  afterAll(async () => {
    await store.close();
  });

  const send = (path: string, method: string, body: string, type = "application/json") =>
    f.app.request(path, { method, headers: bearer(f.tokens.admin.write, { "content-type": type }), body });

  it("answers malformed JSON with a 400 that says so", async () => {
    const res = await send("/api/v1/engagements", "POST", '{"name": "Acme",');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toEqual({
      code: "invalid_input",
      message: "the request body is not valid JSON",
      details: {},
    });
  });

  it("names wrong types and unknown fields", async () => {
    const wrong = await send("/api/v1/tokens", "POST", JSON.stringify({ name: 42, scope: "admin" }));
    expect(wrong.status).toBe(400);
    const message = ((await wrong.json()) as ErrorBody).error.message;
    expect(message).toContain("name: Invalid input: expected string, received number (got 42)");
    expect(message).toContain('scope: Invalid option: expected one of "read"|"write" (got "admin")');
    const unknown = await send(
      "/api/v1/engagements",
      "POST",
      JSON.stringify({ name: "X", customer: "Y", owner: "me" }),
    );
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.message).toContain('Unrecognized key: "owner"');
  });

  it("refuses oversized bodies with a 413 before reading them", async () => {
    const res = await send(
      "/api/v1/engagements",
      "POST",
      JSON.stringify({ name: "x".repeat(10_000), customer: "Acme" }),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe("payload_too_large");
  });

  it("answers any generated body on any route with a 2xx or a clear 4xx, never a 5xx", async () => {
    // Every route that takes a JSON body, with real ids in its path.
    const bodyRoutes = DECLARED_ROUTES.filter((r) => r.method !== "GET").map((r) => ({
      method: r.method,
      path: realPath(r.path, ids),
    }));
    const anyJson = fc.oneof(
      fc.json(),
      fc.dictionary(
        fc.constantFrom(
          "name",
          "customer",
          "email",
          "scope",
          "allocation",
          "from",
          "role",
          "token",
          "password",
          "days",
          "title",
          "ask",
          "askedOf",
          "level",
          "customerVisible",
          "reason",
          "until",
          "resolution",
          "warranted",
          "into",
          "decision",
          "decidedBy",
          "options",
          "owner",
          "onKind",
          "milestone",
          "dueDate",
          "cause",
          "newDate",
          "markdown",
          "weekEnding",
          "extra",
        ),
        fc.jsonValue(),
      ),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        anyJson,
        fc.constantFrom("application/json", "text/plain", ""),
        async (route, body, type) => {
          const text = typeof body === "string" ? body : JSON.stringify(body);
          const res = await send(route.path, route.method, text, type);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            const parsed = (await res.json()) as ErrorBody;
            expect(parsed.error.code).toMatch(/^[a-z_]+$/);
            expect(parsed.error.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300, seed: 20260302 },
    );
  });

  it("answers generated query strings on every read route with a 2xx or a 4xx", async () => {
    const reads = DECLARED_ROUTES.filter((r) => r.method === "GET").map((r) => realPath(r.path, ids));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        fc.dictionary(
          fc.constantFrom(
            "date",
            "asOf",
            "from",
            "to",
            "limit",
            "cursor",
            "sprint",
            "engagement",
            "q",
            "kind",
            "status",
            "all",
            "stepDays",
            "pendingCustomer",
          ),
          fc.string(),
        ),
        async (path, query) => {
          const res = await f.app.request(`${path}?${new URLSearchParams(query)}`, {
            headers: bearer(f.tokens.admin.read),
          });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 200, seed: 20260302 },
    );
  });
});
