import { eventId } from "../src/domain/ids.ts";
import type { EventKind, HistoryEvent } from "../src/domain/types.ts";
import { ItemTimeline, replayItem } from "../src/engine/as-of.ts";
import { type Benchmark, result, timeBest } from "./harness.ts";

const KINDS: readonly EventKind[] = [
  "status",
  "estimate",
  "assignee",
  "blocked",
  "sprint_added",
  "sprint_removed",
];

/** A deterministic history of `n` events for one item, one event an hour. */
const history = (n: number): HistoryEvent[] =>
  Array.from({ length: n }, (_, i) => {
    const at = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
    const kind: EventKind = i === 0 ? "created" : KINDS[i % KINDS.length]!;
    return {
      id: eventId("item:1", at, kind, 0),
      engagementId: "e",
      sourceId: "s",
      entity: "item",
      entityId: "item:1",
      at,
      kind,
      from: kind === "sprint_removed" ? `sprint-${i % 3}` : null,
      to: kind === "status" ? (["todo", "in_progress", "done"] as const)[i % 3]! : String(i % 5),
      fromLabel: null,
      toLabel: null,
      actor: null,
      actorIsBot: false,
      seq: 0,
    };
  });

/**
 * A burndown asks every item's state once a day. Baseline: replaying the history for each
 * query; Baton: the indexed timeline built once, then a binary search per query.
 */
export const asOfBenchmark: Benchmark = {
  name: "as-of",
  async run() {
    const events = history(200);
    const queries = Array.from({ length: 2_000 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 200) * 3_600_000 + 1_800_000).toISOString(),
    );
    const naive = await timeBest(() => {
      for (const q of queries) replayItem(events, q);
    });
    const indexed = await timeBest(() => {
      const timeline = new ItemTimeline(events);
      for (const q of queries) timeline.stateAt(q);
    });
    return [
      result(
        "2,000 as-of queries on a 200-event item",
        indexed,
        "ms",
        naive,
        "replay per query",
        "timeline built once per run",
      ),
    ];
  },
};
