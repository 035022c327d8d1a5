import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../app/access.ts";
import type { UserRole } from "../domain/types.ts";
import type { Store } from "../store/store.ts";
import { bearer, ROLES, SERVER_NOW, type ServerFixture, serverFixture } from "../testing/server.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { DECLARED_ROUTES } from "./routes/define.ts";

/**
 * The authorization matrix: every declared route × every role × the caller's own engagement
 * (or token) and a foreign one. Each cell is either allowed (the route answers) or refused
 * (401/403/404), and a refused answer — or an allowed list — must not mention the foreign customer.
 */
type Expectation = { readonly own: readonly UserRole[]; readonly foreign?: readonly UserRole[] };

const ALL = ROLES;
const LEADERS: readonly UserRole[] = ["admin", "director"];
const DELIVERY: readonly UserRole[] = ["admin", "director", "dm"];
const INTERNAL: readonly UserRole[] = ["admin", "director", "dm", "specialist"];

const EXPECTED: Record<string, Expectation | "public"> = {
  "POST /api/v1/session": "public",
  "POST /api/v1/invitations/accept": "public",
  "GET /api/v1/session": { own: ALL },
  "DELETE /api/v1/session": { own: ALL },
  "GET /api/v1/tokens": { own: ALL },
  "POST /api/v1/tokens": { own: ALL },
  "DELETE /api/v1/tokens/{tokenId}": { own: ALL, foreign: ["admin"] },
  "POST /api/v1/invitations": { own: LEADERS },
  "GET /api/v1/engagements": { own: ALL },
  "POST /api/v1/engagements": { own: LEADERS },
  "GET /api/v1/engagements/{id}": { own: ALL, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/pod": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/dm": { own: LEADERS, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/sprints": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/flow": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/reviews": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/dora": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/calendar.ics": { own: ALL, foreign: LEADERS },
  "GET /api/v1/dm-load": { own: DELIVERY },
  "GET /api/v1/audit": { own: LEADERS },
  "GET /api/v1/jobs": { own: LEADERS },
  "GET /api/v1/sources/{sourceId}/jobs": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/sources/{sourceId}/sync": { own: DELIVERY, foreign: LEADERS },
};

/** What only the foreign customer's engagement contains. */
const FOREIGN_MARKERS = ["Globex", "globex-data-sim", "Omar Field", "Kim Spec", "GLX-"];

let counter = 0;
const bodyFor = (key: string): unknown => {
  counter += 1;
  switch (key) {
    case "POST /api/v1/engagements":
      return { name: `Matrix ${counter}`, customer: "Acme" };
    case "POST /api/v1/engagements/{id}/pod":
      return { name: `Pod Person ${counter}`, from: "2026-03-02" };
    case "POST /api/v1/engagements/{id}/dm":
      return { name: `Support ${counter}`, role: "engagement_architect", from: "2026-03-02" };
    case "POST /api/v1/tokens":
      return { name: `matrix ${counter}` };
    case "POST /api/v1/invitations":
      return { email: `invitee${counter}@acme.test`, customer: "acme" };
    default:
      return undefined;
  }
};

describe.each(TEST_BACKENDS)("the authorization matrix on $name", (backend) => {
  let store: Store;
  let f: ServerFixture;
  beforeAll(async () => {
    store = await backend.open();
    f = await serverFixture(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it("has an expectation for every declared route, and no expectation without a route", () => {
    const declared = DECLARED_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(declared).toEqual(Object.keys(EXPECTED).sort());
  });

  const call = async (key: string, role: UserRole, side: "own" | "foreign", token: string) => {
    const [method, template] = key.split(" ") as [string, string];
    let tokenId = "";
    if (template.includes("{tokenId}")) {
      const owner = side === "own" ? role : role === "director" ? "admin" : "director";
      tokenId = (
        await createToken(
          store,
          { user: f.users[owner], via: "cli", scope: "write" },
          { name: "victim" },
          SERVER_NOW,
        )
      ).info.id;
    }
    const path = template
      .replace("{id}", side === "own" ? "acme-mobile" : "globex-data")
      .replace("{sourceId}", side === "own" ? "acme-mobile-sim" : "globex-data-sim")
      .replace("{tokenId}", tokenId);
    const body = bodyFor(key);
    const res = await f.app.request(path, {
      method,
      headers: bearer(token, body === undefined ? {} : { "content-type": "application/json" }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return Object.assign(res, { path });
  };

  it("allows exactly the expected roles on own and foreign engagements, with 0 leaks", async () => {
    const leaks: string[] = [];
    let cells = 0;
    for (const [key, expectation] of Object.entries(EXPECTED)) {
      if (expectation === "public") continue;
      const sides: ("own" | "foreign")[] = expectation.foreign ? ["own", "foreign"] : ["own"];
      for (const role of ROLES) {
        for (const side of sides) {
          cells += 1;
          const allowed = (side === "own" ? expectation.own : (expectation.foreign ?? [])).includes(role);
          const res = await call(key, role, side, f.tokens[role].write);
          const text = await res.text();
          const refused = [401, 403, 404].includes(res.status);
          if (res.status >= 500) leaks.push(`${key} ${role} ${side}: ${res.status} ${text.slice(0, 200)}`);
          else if (allowed === refused)
            leaks.push(
              `${key} ${role} ${side}: expected ${allowed ? "allowed" : "refused"}, got ${res.status} ${text.slice(0, 200)}`,
            );
          const seesForeign = side === "foreign" && allowed;
          const mayMention = seesForeign || LEADERS.includes(role);
          if (!mayMention) {
            // The id the caller sent may be echoed back ("not found"); anything else is a leak.
            const mention = FOREIGN_MARKERS.find((m) => !res.path.includes(m) && text.includes(m));
            if (mention) leaks.push(`${key} ${role} ${side}: answer mentions "${mention}"`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(cells).toBeGreaterThan(100);
  });

  it("refuses every protected route without credentials, and every state change with a read-only token", async () => {
    const problems: string[] = [];
    for (const [key, expectation] of Object.entries(EXPECTED)) {
      if (expectation === "public") continue;
      const [method, template] = key.split(" ") as [string, string];
      const path = template
        .replace("{id}", "acme-mobile")
        .replace("{sourceId}", "acme-mobile-sim")
        .replace("{tokenId}", "tok_x");
      const anonymous = await f.app.request(path, { method });
      if (anonymous.status !== 401) problems.push(`${key} anonymous: ${anonymous.status}`);
      if (method === "GET") continue;
      for (const role of expectation.own) {
        const res = await call(key, role, "own", f.tokens[role].read);
        if (res.status !== 403) problems.push(`${key} ${role} read token: ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps the browser pages behind sign-in and shows a customer only their customer", async () => {
    expect((await f.app.request("/")).status).toBe(302);
    expect((await f.app.request("/logout", { method: "POST" })).status).toBe(401);
    for (const role of ROLES) {
      const page = await (await f.app.request("/", { headers: bearer(f.tokens[role].read) })).text();
      expect(page).toContain("Acme Mobile");
      if (!LEADERS.includes(role)) expect(FOREIGN_MARKERS.filter((m) => page.includes(m))).toEqual([]);
    }
  });
});
