import { at, podHistory } from "../engine/signals/fixture.ts";
import { writeDomainBatch } from "../store/history.ts";
import { saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import { seedEngagement } from "./fixtures.ts";

/**
 * Stores the steady signal-test pod as engagement `pod`, with one problem: item S7I1 starts on
 * day 84 (2026-03-30) and sits untouched until it is finished on day 130 (2026-05-15).
 */
export const seedStuckPod = async (store: Store): Promise<void> => {
  await seedEngagement(store.db, { id: "pod", customerId: "cust", timeZone: "UTC", startDate: "2026-01-05" });
  await saveSource(store.db, {
    id: "fixture",
    engagementId: "pod",
    kind: "csv",
    config: {},
    createdAt: "2026-01-01T00:00:00.000Z",
  });
  const { batch } = podHistory({
    sprints: 10,
    tweak: (sprint, index) => (sprint === 6 && index === 0 ? { unfinished: true, author: "ana" } : undefined),
    extra: (b) => b.status("s7i1", at(130), "in_progress", "done", "ana"),
  });
  await store.db.transaction().execute((tx) => writeDomainBatch(tx, "fixture", batch));
};
