import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../store/store.ts";
import { bearer, type ServerFixture, seedRecords, serverFixture } from "../testing/server.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";

describe.each(TEST_BACKENDS)(
  "preparing the monthly, milestone and sprint reports over the API on $name",
  (backend) => {
    let store: Store;
    let f: ServerFixture;
    beforeAll(async () => {
      store = await backend.open();
      f = await serverFixture(store);
      await seedRecords(store);
    });
    afterAll(async () => store?.close());

    const prepare = (kind: string, body: unknown) =>
      f.app.request(`/api/v1/engagements/acme-mobile/reports/${kind}`, {
        method: "POST",
        headers: bearer(f.tokens.dm.write, { "content-type": "application/json" }),
        body: JSON.stringify(body),
      });

    it("prepares each draft from its period, the default where there is one", async () => {
      const monthly = await prepare("monthly", {});
      expect(monthly.status).toBe(200);
      expect(await monthly.json()).toMatchObject({
        regenerated: true,
        report: {
          id: "acme-mobile-monthly-2026-02",
          kind: "monthly",
          status: "draft",
          facts: { month: "2026-02" },
        },
      });
      const sprint = await prepare("sprint", {});
      expect(sprint.status).toBe(200);
      expect(((await sprint.json()) as { report: { facts: unknown } }).report.facts).toMatchObject({
        kind: "sprint",
        sprint: { state: "closed" },
      });
    });

    it("answers 404 naming the milestone or sprint asked for and those that exist, and 400 for a bad month", async () => {
      const milestone = await prepare("milestone", { milestone: "Nope" });
      expect(milestone.status).toBe(404);
      expect(((await milestone.json()) as { error: { message: string } }).error.message).toMatch(
        /^milestone "Nope" not found in acme-mobile; its milestones are "/,
      );
      const sprint = await prepare("sprint", { sprint: "Sprint 99" });
      expect(sprint.status).toBe(404);
      expect(((await sprint.json()) as { error: { message: string } }).error.message).toMatch(
        /^sprint "Sprint 99" not found in acme-mobile; recent sprints are "/,
      );
      expect((await prepare("monthly", { month: "2026-2" })).status).toBe(400);
      expect((await prepare("monthly", { month: "2026-02", week: 1 })).status).toBe(400);
    });
  },
);
