import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedEngagement } from "../testing/fixtures.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { listForecasts, type StoredForecast, saveForecast } from "./forecasts.ts";
import type { Store } from "./store.ts";

const forecast = (asOf: string, p85: string, overrides: Partial<StoredForecast> = {}): StoredForecast => ({
  id: `acme-mobile:beta:when:${asOf}`,
  engagementId: "acme-mobile",
  milestoneId: "beta",
  kind: "when",
  asOf,
  madeAt: asOf,
  p50: "2026-05-01",
  p85,
  p95: "2026-06-01",
  targetDate: "2026-05-15",
  probability: 0.62,
  inputs: { trials: 10_000, seed: 7, windowWeeks: 12 },
  result: { histogram: [1, 2, 3] },
  ...overrides,
});

describe.each(TEST_BACKENDS)("forecast history on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await seedEngagement(store.db);
  });
  afterEach(async () => {
    await store.close();
  });

  it("keeps every forecast made, oldest first, so a report can show how it moved", async () => {
    await saveForecast(store.db, forecast("2026-04-10T00:00:00.000Z", "2026-05-20"));
    await saveForecast(store.db, forecast("2026-04-03T00:00:00.000Z", "2026-05-12"));
    await saveForecast(
      store.db,
      forecast("2026-04-03T00:00:00.000Z", "2026-05-09", {
        id: "acme-mobile:items:when:x",
        milestoneId: null,
      }),
    );
    const beta = await listForecasts(store.db, "acme-mobile", "beta");
    expect(beta.map((f) => [f.asOf.slice(0, 10), f.p85])).toEqual([
      ["2026-04-03", "2026-05-12"],
      ["2026-04-10", "2026-05-20"],
    ]);
    expect(beta[0]).toMatchObject({
      probability: 0.62,
      inputs: { trials: 10_000 },
      result: { histogram: [1, 2, 3] },
    });
    expect(await listForecasts(store.db, "acme-mobile")).toHaveLength(3);
  });

  it("replaces a forecast made again as of the same instant", async () => {
    await saveForecast(store.db, forecast("2026-04-10T00:00:00.000Z", "2026-05-20"));
    await saveForecast(store.db, forecast("2026-04-10T00:00:00.000Z", "2026-05-22", { probability: 0.5 }));
    const all = await listForecasts(store.db, "acme-mobile", "beta");
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ p85: "2026-05-22", probability: 0.5 });
  });
});
