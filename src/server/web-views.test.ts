import { beforeAll, describe, expect, it } from "vitest";
import { viewInstant } from "../app/cockpit.ts";
import type { UserRole } from "../domain/types.ts";
import { openStore, type Store } from "../store/store.ts";
import { bearer, SERVER_NOW, type ServerFixture, seedRecords, serverFixture } from "../testing/server.ts";

interface PortfolioBody {
  engagements: {
    id: string;
    rag: { status: string; reasons: string[] };
    nextMilestone: { name: string; p85: string | null } | null;
    reviews: { adherence: number | null };
    signals: { high: number; medium: number; low: number };
    openEscalations: number;
  }[];
}

describe("the web app's views", () => {
  let store: Store;
  let f: ServerFixture;
  beforeAll(async () => {
    store = await openStore(":memory:");
    f = await serverFixture(store);
    await seedRecords(store);
    return () => store.close();
  });
  const get = (role: UserRole, path: string) =>
    f.app.request(`/api/v1${path}`, { headers: bearer(f.tokens[role].read) });

  it("computes as of the start of the current hour", () => {
    expect(viewInstant(new Date("2026-03-02T10:47:13.250Z"))).toBe("2026-03-02T10:00:00.000Z");
  });

  it("gives the director one portfolio row per engagement and the DM only their own", async () => {
    const director = (await (await get("director", "/portfolio")).json()) as PortfolioBody;
    expect(director.engagements.map((e) => e.id).sort()).toEqual(["acme-mobile", "globex-data"]);
    const row = director.engagements.find((e) => e.id === "acme-mobile")!;
    expect(["green", "amber", "red"]).toContain(row.rag.status);
    // The fixture's customer-visible escalation counts and puts the engagement at risk.
    expect(row.openEscalations).toBe(1);
    expect(row.rag.reasons.join(" ")).toContain("Sandbox keys for acme-mobile");
    expect(row.signals.high + row.signals.medium + row.signals.low).toBeGreaterThan(0);
    const dm = (await (await get("dm", "/portfolio")).json()) as PortfolioBody;
    expect(dm.engagements.map((e) => e.id)).toEqual(["acme-mobile"]);
  });

  it("answers the cockpit with figures, the review requests still waiting, and each milestone's forecasts", async () => {
    const res = await get("dm", "/engagements/acme-mobile/cockpit");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      asOf: string;
      facts: { engagement: { id: string } };
      reviews: { openRequests: { dueAt: string | null; overdue: boolean }[] };
      flow: { wip: { key: string; ageDays: number }[] };
      milestones: { history: { p85: string | null }[] }[];
    };
    expect(body.asOf).toBe(viewInstant(SERVER_NOW));
    expect(body.facts.engagement.id).toBe("acme-mobile");
    for (const r of body.reviews.openRequests)
      expect(r.overdue).toBe(r.dueAt !== null && r.dueAt < body.asOf);
    for (const w of body.flow.wip) expect(w.key).toMatch(/^ACME-/);
    // Every milestone is listed with the forecasts recorded for it (none yet when it cannot be forecast).
    expect(body.milestones.length).toBeGreaterThan(0);
    for (const m of body.milestones) for (const h of m.history) expect(h.p85).not.toBeNull();
  });

  it("compares a what-if scenario with today's plan, and names a bad phrase", async () => {
    const milestones = (await (await get("dm", "/engagements/acme-mobile/cockpit")).json()) as {
      milestones: { id: string }[];
    };
    const id = encodeURIComponent(milestones.milestones[0]!.id);
    const ok = await get("dm", `/engagements/acme-mobile/milestones/${id}/whatif?cutScope=1`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveProperty("recommendation");
    const bad = await get("dm", `/engagements/acme-mobile/milestones/${id}/whatif?add=someone`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "role, 100%, from",
    );
  });
});
