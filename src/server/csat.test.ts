import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csatLink, csatSecret, npsOf } from "../app/csat.ts";
import { prepareReport, publishReport } from "../app/reports.ts";
import type { MonthlyFacts } from "../reports/facts-kinds.ts";
import type { Store } from "../store/store.ts";
import { bearer, SERVER_NOW, type ServerFixture, serverFixture } from "../testing/server.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { createApp } from "./app.ts";

const BASE = "https://baton.example";

describe("NPS", () => {
  it("is the share of promoters (9–10) minus the share of detractors (0–6), in points", () => {
    expect(npsOf([])).toBeNull();
    expect(npsOf([10, 9, 8, 7])).toBe(50);
    expect(npsOf([10, 9, 8, 7, 6, 0])).toBe(0);
    expect(npsOf([0, 3, 6])).toBe(-100);
    expect(npsOf([9, 6, 8])).toBe(0);
    expect(npsOf([10, 10, 7])).toBe(67);
  });
});

describe.each(TEST_BACKENDS)("customer satisfaction on $name", (backend) => {
  let store: Store;
  let f: ServerFixture;
  // One fixture per backend; each test answers for its own month.
  beforeAll(async () => {
    store = await backend.open();
    f = await serverFixture(store);
  });
  afterAll(async () => store?.close());

  const answer = (body: unknown, token = f.tokens.customer.write) =>
    f.app.request("/api/v1/engagements/acme-mobile/csat", {
      method: "POST",
      headers: bearer(token, { "content-type": "application/json" }),
      body: JSON.stringify(body),
    });
  const responses = async (query = "") => {
    const res = await f.app.request(`/api/v1/engagements/acme-mobile/csat${query}`, {
      headers: bearer(f.tokens.dm.read),
    });
    expect(res.status).toBe(200);
    return res.json() as Promise<{
      months: { month: string; responses: number; nps: number | null; average: number | null }[];
      responses: {
        respondent: string;
        score: number;
        comment: string | null;
        via: string;
        history: unknown[];
      }[];
    }>;
  };

  it("records the customer's answer in the portal and replaces it when they answer again, keeping the first", async () => {
    const first = await answer({ month: "2026-03", score: 6, comment: "Slow start" });
    expect(first.status).toBe(200);
    const second = await answer({ month: "2026-03", score: 9 });
    expect(await second.json()).toMatchObject({
      respondent: "cio@acme.test",
      score: 9,
      comment: null,
      via: "portal",
      history: [{ score: 6, comment: "Slow start", via: "portal" }],
    });
    const seen = await responses("?month=2026-03");
    expect(seen.responses).toHaveLength(1);
    expect(seen.months).toEqual([{ month: "2026-03", responses: 1, nps: 100, average: 9 }]);
    expect((await answer({ month: "2026-03", score: 11 })).status).toBe(400);
  });

  it("takes an answer from the emailed link without sign-in, per recipient, and shows NPS over everyone", async () => {
    const secret = await csatSecret(store, SERVER_NOW);
    const link = (email: string) =>
      csatLink(BASE, secret, { engagementId: "acme-mobile", month: "2026-02", email });
    const path = (email: string) => link(email).slice(BASE.length);
    expect(link("cto@acme.test")).toMatch(/^https:\/\/baton\.example\/csat\/[\w-]+\.[\w-]+$/);

    const choose = await f.app.request(path("cto@acme.test"));
    expect(choose.status).toBe(200);
    expect(await choose.text()).toContain("How likely are you to recommend this team");

    // Opening the one-click link (as a mail scanner would) shows the choice and records nothing.
    const opened = await f.app.request(`${path("cto@acme.test")}?score=10`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toMatch(/value="10" required checked/);
    expect((await responses("?month=2026-02")).responses).toEqual([]);

    const send = (email: string, fields: Record<string, string>) =>
      f.app.request(path(email), { method: "POST", body: new URLSearchParams(fields) });
    const page = await send("cto@acme.test", { score: "10" });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("We recorded <strong>10</strong> for 2026-02 from cto@acme.test");
    await send("pm@acme.test", { score: "4" });
    await send("cto@acme.test", { score: "8", comment: "Great demos" });

    const seen = await responses("?month=2026-02");
    expect(seen.responses.map((r) => [r.respondent, r.score, r.comment, r.via, r.history.length])).toEqual([
      ["cto@acme.test", 8, "Great demos", "email", 1],
      ["pm@acme.test", 4, null, "email", 0],
    ]);
    // One passive (8), one detractor (4): NPS −50.
    expect(seen.months).toEqual([{ month: "2026-02", responses: 2, nps: -50, average: 6 }]);
  });

  it("refuses a changed, cut or expired link with a plain 400 page and records nothing", async () => {
    const secret = await csatSecret(store, SERVER_NOW);
    const good = csatLink(BASE, secret, {
      engagementId: "acme-mobile",
      month: "2026-04",
      email: "cto@acme.test",
    }).slice(BASE.length);
    const forged = csatLink(BASE, "not-the-server-secret", {
      engagementId: "acme-mobile",
      month: "2026-04",
      email: "cto@acme.test",
    }).slice(BASE.length);
    for (const path of [forged, good.slice(0, -4), good.replace("/csat/", "/csat/x")]) {
      const res = await f.app.request(path, { method: "POST", body: new URLSearchParams({ score: "10" }) });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("this answer link is not valid");
    }
    const late = createApp(store, { now: () => new Date("2026-07-01T00:00:00Z") });
    const expired = await late.request(good, { method: "POST", body: new URLSearchParams({ score: "10" }) });
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("this answer link expired on 2026-06-30");
    expect((await f.app.request(`${good}?score=eleven`)).status).toBe(400);
    expect(
      (await f.app.request(good, { method: "POST", body: new URLSearchParams({ score: "eleven" }) })).status,
    ).toBe(400);
    expect((await responses("?month=2026-04")).responses).toEqual([]);
  });

  it("puts last month's answers into the monthly review's facts, and ties an answer to the published review", async () => {
    await answer({ month: "2026-01", score: 10 });
    const { report } = await prepareReport(store, "acme-mobile", "monthly", "2026-02", SERVER_NOW);
    await publishReport(store, report.id, "Dana", SERVER_NOW);
    const answered = await answer({ month: "2026-02", score: 8 });
    expect(await answered.json()).toMatchObject({ reportId: "acme-mobile-monthly-2026-02-v1" });
    const facts = report.facts as MonthlyFacts;
    expect(facts.csat).toEqual({ month: "2026-01", responses: 1, nps: 100, average: 10 });
    expect(report.markdown).toContain(
      "1 person answered last month's question: NPS 100, average score 10.0 of 10.",
    );
    expect(report.markdown).toContain("How likely are you to recommend this team's work to a colleague?");
  });
});
