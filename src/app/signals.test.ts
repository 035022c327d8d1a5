import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { at } from "../engine/signals/fixture.ts";
import { listSignalEvents, listSignals, type StoredSignal, saveSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { seedEngagement } from "../testing/fixtures.ts";
import { seedStuckPod } from "../testing/signals.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import {
  acknowledgeSignal,
  backtestEngagementSignals,
  dismissSignal,
  engagementSignals,
  runSignals,
  signalId,
  similarOccurrences,
  snoozeSignal,
} from "./signals.ts";

const STUCK = signalId("pod", "silent_blocker:s7i1");
const NO_DM = signalId("pod", "dm_load:no_dm:pod");
const stuck = async (store: Store) => (await listSignals(store.db, "pod")).find((s) => s.id === STUCK);
const day = (d: number) => new Date(at(d, 12));

describe.each(TEST_BACKENDS)("signal lifecycle on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await seedStuckPod(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it("opens one signal per condition, however often the detectors run", async () => {
    const first = await runSignals(store, "pod", {}, day(116));
    // The pod has no DM on record: the DM-load rule says so too.
    expect([...first.opened].sort()).toEqual([STUCK, NO_DM].sort());
    const again = await runSignals(store, "pod", {}, day(116));
    expect(again).toMatchObject({ opened: [], reopened: [], resolved: [] });
    expect(await listSignals(store.db, "pod")).toHaveLength(2);
    expect(await stuck(store)).toMatchObject({
      id: STUCK,
      pattern: "silent_blocker",
      state: "open",
      firstSeenAt: at(116, 12),
      evidence: { items: ["s7i1"] },
    });
  });

  it("keeps a dismissed signal dismissed until its condition is materially worse", async () => {
    await runSignals(store, "pod", {}, day(116));
    const dismissed = await dismissSignal(store, STUCK, "waiting on the customer's legal review", day(116));
    expect(dismissed).toMatchObject({ state: "dismissed", reason: "waiting on the customer's legal review" });
    await runSignals(store, "pod", {}, day(118));
    expect((await stuck(store))?.state).toBe("dismissed");
    const worse = await runSignals(store, "pod", {}, day(126));
    expect(worse.reopened).toEqual([STUCK]);
    expect(await stuck(store)).toMatchObject({ state: "open", occurrences: 2 });
  });

  it("brings a snoozed signal back when the snooze ends, and resolves it when the item moves", async () => {
    await runSignals(store, "pod", {}, day(116));
    await acknowledgeSignal(store, STUCK, "asked Ana", new Date(at(116, 13)));
    await snoozeSignal(store, STUCK, { until: at(124), reason: "Ana is on leave" }, day(117));
    await runSignals(store, "pod", {}, day(118));
    expect(await stuck(store)).toMatchObject({
      state: "snoozed",
      snoozedUntil: at(124),
    });
    expect((await runSignals(store, "pod", {}, day(126))).reopened).toEqual([STUCK]);
    expect((await runSignals(store, "pod", {}, day(131))).resolved).toEqual([STUCK]);
    expect(await stuck(store)).toMatchObject({
      state: "resolved",
      resolvedAt: at(131, 12),
    });
    expect((await listSignalEvents(store.db, STUCK)).map((e) => e.kind)).toEqual([
      "opened",
      "acknowledged",
      "snoozed",
      "updated",
      "reopened",
      "resolved",
    ]);
    const live = (await engagementSignals(store, "pod", {}, day(132))).signals.map((s) => s.id);
    expect(live).toEqual([NO_DM]);
    expect((await engagementSignals(store, "pod", { all: true }, day(132))).signals).toHaveLength(2);
  });

  it("shows what the detectors found as of an earlier moment without recording it", async () => {
    const replay = await engagementSignals(store, "pod", { asOf: "2026-05-01" }, day(140));
    expect(replay.recorded).toBe(false);
    expect(replay.signals.map((s) => [s.id, s.itemKeys])).toEqual([
      [STUCK, ["S7I1"]],
      [NO_DM, []],
    ]);
    expect(await listSignals(store.db, "pod")).toEqual([]);
  });

  it("backtests when each condition would have fired", async () => {
    const result = await backtestEngagementSignals(store, "pod", { asOf: "2026-05-20" }, day(140));
    const quiet = result.signals.find((s) => s.key === "silent_blocker:s7i1");
    // S7I1 went quiet on 2026-03-30 and moved again on 2026-05-15.
    expect(quiet?.firstFiredAt.slice(0, 10)).toBe("2026-05-01");
    expect(quiet?.episodes).toHaveLength(1);
    expect(quiet?.episodes[0]?.clearedAt?.slice(0, 10)).toBe("2026-05-15");
  });

  it("recalls the same pattern in other engagements for DMs, never for customers", async () => {
    await runSignals(store, "pod", {}, day(116));
    await seedEngagement(store.db, { id: "pod2", customerId: "cust2", timeZone: "UTC" });
    const mine = await stuck(store);
    const past = (id: string, measure: number, resolvedAt: string | null): StoredSignal => ({
      ...mine!,
      id,
      key: `silent_blocker:${id}`,
      engagementId: "pod2",
      measure,
      state: resolvedAt ? "resolved" : "open",
      firstSeenAt: "2026-02-01T12:00:00.000Z",
      resolvedAt,
    });
    await saveSignals(store.db, [
      past("sig-far", 90, "2026-02-05T12:00:00.000Z"),
      past("sig-near", 25, "2026-02-11T12:00:00.000Z"),
    ]);
    const similar = await similarOccurrences(store, STUCK, { role: "dm" });
    expect(similar.map((s) => [s.signalId, s.daysToResolve])).toEqual([
      ["sig-near", 10],
      ["sig-far", 4],
    ]);
    await expect(similarOccurrences(store, STUCK, { role: "customer" })).rejects.toThrow(/DMs and directors/);
  });
});
