import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../app/access.ts";
import type { UserRole } from "../domain/types.ts";
import type { Store } from "../store/store.ts";
import {
  bearer,
  fillPath,
  type RecordIds,
  ROLES,
  SERVER_NOW,
  type ServerFixture,
  seedRecords,
  serverFixture,
} from "../testing/server.ts";
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
/** Delivery roles and the customer, who acknowledges escalations and decides what is asked of them. */
const WITH_CUSTOMER: readonly UserRole[] = ["admin", "director", "dm", "customer"];

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
  "GET /api/v1/engagements/{id}/charts": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/reviews": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/dora": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/calendar.ics": { own: ALL, foreign: LEADERS },
  "GET /api/v1/dm-load": { own: DELIVERY },
  "GET /api/v1/portfolio": { own: DELIVERY },
  "GET /api/v1/engagements/{id}/cockpit": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/milestones/{milestone}/whatif": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/audit": { own: LEADERS },
  "GET /api/v1/jobs": { own: LEADERS },
  "GET /api/v1/sources/{sourceId}/jobs": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/sources/{sourceId}/sync": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/signals": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/signals/backtest": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/signals/{signalId}": { own: INTERNAL, foreign: LEADERS },
  "POST /api/v1/signals/{signalId}/acknowledge": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/signals/{signalId}/snooze": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/signals/{signalId}/dismiss": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/escalations": { own: ALL, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/escalations": { own: DELIVERY, foreign: LEADERS },
  "PATCH /api/v1/escalations/{escalationId}": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/escalations/{escalationId}/acknowledge": { own: WITH_CUSTOMER, foreign: LEADERS },
  "POST /api/v1/escalations/{escalationId}/resolve": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/escalations/{escalationId}/rate": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/escalations/{escalationId}/merge": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/escalation-precision": { own: LEADERS },
  "GET /api/v1/engagements/{id}/decisions": { own: ALL, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/decisions": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/decisions/{decisionId}/accept": { own: WITH_CUSTOMER, foreign: LEADERS },
  "POST /api/v1/decisions/{decisionId}/reject": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/blockers": { own: INTERNAL, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/blockers": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/blockers/{blockerId}/resolve": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/dependencies": { own: INTERNAL, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/dependencies": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/dependencies/{dependencyId}/met": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/dependencies/{dependencyId}/cancel": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/milestones/{milestone}/critical-path": { own: INTERNAL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/misses": { own: INTERNAL, foreign: LEADERS },
  "PATCH /api/v1/misses/{missId}": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/misses/{missId}/close": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/search": { own: ALL },
  "GET /api/v1/scorecards/{dm}": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/reports": { own: ALL, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/reports/weekly": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/reports/monthly": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/reports/milestone": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/reports/sprint": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/engagements/{id}/csat": { own: ["customer"] },
  "GET /api/v1/engagements/{id}/csat": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/reports/{reportId}": { own: ALL, foreign: LEADERS },
  "GET /api/v1/reports/{reportId}/html": { own: ALL, foreign: LEADERS },
  "GET /api/v1/reports/{reportId}/pdf": { own: ALL, foreign: LEADERS },
  "GET /api/v1/engagements/{id}/report-recipients": { own: DELIVERY, foreign: LEADERS },
  "PATCH /api/v1/engagements/{id}/report-recipients": { own: DELIVERY, foreign: LEADERS },
  "GET /api/v1/reports/{reportId}/deliveries": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/reports/{reportId}/deliver": { own: DELIVERY, foreign: LEADERS },
  "PUT /api/v1/reports/{reportId}": { own: DELIVERY, foreign: LEADERS },
  "POST /api/v1/reports/{reportId}/publish": { own: DELIVERY, foreign: LEADERS },
};

/** Query strings a route needs to get past validation to its answer. */
const QUERIES: Record<string, string> = {
  "GET /api/v1/search": "?q=sprint",
  "GET /api/v1/scorecards/{dm}": "?from=2026-02-01&to=2026-02-28",
  "GET /api/v1/engagements/{id}/milestones/{milestone}/whatif": "?cutScope=2",
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
    case "POST /api/v1/signals/{signalId}/acknowledge":
      return {};
    case "POST /api/v1/signals/{signalId}/snooze":
      return { until: "2026-03-10" };
    case "POST /api/v1/signals/{signalId}/dismiss":
      return { reason: "known and planned for" };
    case "POST /api/v1/engagements/{id}/escalations":
      return { title: `Matrix ${counter}`, ask: "decide", askedOf: "CTO", force: true };
    case "PATCH /api/v1/escalations/{escalationId}":
      return { impact: "two days" };
    case "POST /api/v1/escalations/{escalationId}/resolve":
      return { resolution: "keys arrived" };
    case "POST /api/v1/escalations/{escalationId}/rate":
      return { warranted: true };
    case "POST /api/v1/escalations/{escalationId}/merge":
      return { into: "" };
    case "POST /api/v1/engagements/{id}/decisions":
      return { title: `Matrix ${counter}`, context: "a choice" };
    case "POST /api/v1/decisions/{decisionId}/accept":
      return { decision: "weekly" };
    case "POST /api/v1/decisions/{decisionId}/reject":
      return { reason: "not now", decidedBy: "Dana" };
    case "POST /api/v1/engagements/{id}/blockers":
      return { title: `Matrix ${counter}`, owner: "IT" };
    case "POST /api/v1/engagements/{id}/dependencies":
      return { title: `Matrix ${counter}`, onKind: "external", owner: "Agency", dueDate: "2026-04-01" };
    case "PATCH /api/v1/misses/{missId}":
      return { cause: "late design" };
    case "POST /api/v1/engagements/{id}/reports/weekly":
      return { weekEnding: "2026-02-27" };
    case "POST /api/v1/engagements/{id}/reports/monthly":
      return { month: "2026-02" };
    case "POST /api/v1/engagements/{id}/reports/milestone":
    case "POST /api/v1/engagements/{id}/reports/sprint":
      return {};
    case "PUT /api/v1/reports/{reportId}":
      return { markdown: "# Week" };
    case "POST /api/v1/engagements/{id}/csat":
      return { month: "2026-02", score: 9 };
    case "PATCH /api/v1/engagements/{id}/report-recipients":
      return { addEmails: [`matrix${counter}@acme.test`] };
    default:
      return undefined;
  }
};

describe.each(TEST_BACKENDS)("the authorization matrix on $name", (backend) => {
  let store: Store;
  let f: ServerFixture;
  let ids: { own: RecordIds; foreign: RecordIds };
  beforeAll(async () => {
    store = await backend.open();
    f = await serverFixture(store);
    ids = await seedRecords(store);
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
    const path =
      fillPath(template, side === "own" ? "acme-mobile" : "globex-data", ids[side])
        .replace("{sourceId}", side === "own" ? "acme-mobile-sim" : "globex-data-sim")
        .replace("{tokenId}", tokenId) + (QUERIES[key] ?? "");
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
      const path = fillPath(template, "acme-mobile", ids.own)
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
