import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveMembership, savePerson } from "../store/engagements.ts";
import { saveForecast } from "../store/forecasts.ts";
import type { Store } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { raiseEscalation, rateEscalation, resolveEscalation } from "./escalations.ts";
import { openMissedMilestones } from "./misses.ts";
import { dmScorecard } from "./scorecard.ts";

const calendar = {
  timeZone: "UTC",
  workingDays: [1, 2, 3, 4, 5] as const,
  workStart: "09:00",
  workEnd: "17:00",
  holidays: [],
};

describe.each(TEST_BACKENDS.slice(0, 1))("DM scorecard on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await seedBeta(store);
  });
  afterEach(async () => store?.close());

  it("counts the DM's missed milestone, rated escalations and the specialists who stayed", async () => {
    for (const [id, to] of [
      ["lena", null],
      ["ben", "2026-05-20"],
    ] as const) {
      await savePerson(store.db, {
        id,
        name: id,
        email: null,
        calendar: { ...calendar, workingDays: [1, 2, 3, 4, 5] },
      });
      await saveMembership(store.db, {
        id: `m-${id}`,
        engagementId: "acme-mobile",
        personId: id,
        role: "specialist",
        allocationPct: 100,
        from: "2026-04-01",
        to,
      });
    }
    const now = new Date("2026-05-04T10:00:00.000Z");
    for (const [title, warranted] of [
      ["Staging down", true],
      ["Flaky CI", false],
    ] as const) {
      const { escalation } = await raiseEscalation(
        store,
        { engagement: "acme-mobile", title, ask: "fix", askedOf: "Acme IT" },
        now,
      );
      await resolveEscalation(store, escalation.id, { resolution: "done" }, now);
      await rateEscalation(store, escalation.id, warranted);
    }
    await saveForecast(store.db, {
      id: "f1",
      engagementId: "acme-mobile",
      milestoneId: "milestone:beta",
      kind: "when",
      asOf: "2026-05-01T00:00:00.000Z",
      madeAt: "2026-05-01T00:00:00.000Z",
      p50: "2026-05-12",
      p85: "2026-05-14",
      p95: "2026-05-20",
      targetDate: "2026-05-15",
      probability: 0.9,
      inputs: {},
      result: {},
    });
    await openMissedMilestones(store, "acme-mobile", "2026-05-16T08:00:00.000Z");

    const card = await dmScorecard(store, "omar", { from: "2026-04-01", to: "2026-06-30" });
    expect(card).toMatchObject({
      dm: { id: "omar", name: "Omar Farouk" },
      engagements: ["acme-mobile"],
      milestones: { hit: 0, missed: 1, openMissRecords: 1 },
      // Beta never closed: its forecast has no outcome yet.
      forecastCalibration: { forecasts: 0, held: 0, share: null },
      escalations: { raised: 2, rated: 2, warranted: 1, precision: 0.5 },
      satisfaction: { answers: 0, average: null, nps: null },
      retention: { atStart: 2, stayed: 1, share: 0.5 },
    });
    const before = await dmScorecard(store, "omar", { from: "2026-01-01", to: "2026-03-31" });
    expect(before.engagements).toEqual([]);
    expect(before.milestones.details).toEqual([]);
  });
});
