import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { runSync } from "../src/ingest/pipeline.ts";
import { connectorFor } from "../src/sources/registry.ts";
import { sampleConfig, simulatorSource } from "../src/sources/simulator/index.ts";
import { eventToRow, loadEvents } from "../src/store/history.ts";
import { saveSource } from "../src/store/ingestion.ts";
import { openStore } from "../src/store/store.ts";
import { seedEngagement } from "../src/testing/fixtures.ts";
import { type Benchmark, result } from "./harness.ts";

const SCALE = Number(process.env.BATON_BENCH_INGEST_SCALE ?? 20);

/**
 * The whole ingestion path (collect → raw layer → extract → convert → upsert, page by page in
 * transactions) for one simulated engagement into a SQLite file, against the floor: inserting
 * just the resulting event rows with one prepared statement in one transaction.
 */
export const ingestBenchmark: Benchmark = {
  name: "ingest",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-"));
    try {
      const store = await openStore(join(dir, "baton.db"));
      await seedEngagement(store.db, { timeZone: "UTC" });
      await saveSource(
        store.db,
        simulatorSource({
          id: "acme-sim",
          engagementId: "acme-mobile",
          config: sampleConfig({ scale: SCALE }),
          createdAt: "2026-01-05T00:00:00.000Z",
        }),
      );
      const start = performance.now();
      const run = await runSync(store, connectorFor, "acme-sim");
      const batonMs = performance.now() - start;
      const rows = (await loadEvents(store.db, "acme-mobile")).map(eventToRow);
      await store.close();

      const baseline = new SQLite(join(dir, "floor.db"));
      baseline.pragma("journal_mode = WAL");
      baseline.exec(`create table events (id text primary key, engagement_id text not null, source_id text not null,
        entity text not null, entity_id text not null, at text not null, kind text not null, from_value text,
        to_value text, from_label text, to_label text, actor text, actor_is_bot integer not null, seq integer not null);
        create index events_engagement on events (engagement_id, entity, at);
        create index events_entity on events (entity_id, at);
        create index events_source on events (source_id);`);
      const insert = baseline.prepare(
        "insert into events values (@id, @engagementId, @sourceId, @entity, @entityId, @at, @kind, @fromValue, @toValue, @fromLabel, @toLabel, @actor, @actorIsBot, @seq)",
      );
      const floorStart = performance.now();
      baseline.transaction(() => {
        for (const row of rows) insert.run(row);
      })();
      const floorMs = performance.now() - floorStart;
      baseline.close();

      const perSecond = (ms: number) => (rows.length / ms) * 1000;
      return [
        result(
          `ingest ${rows.length.toLocaleString("en")} events (${run.converted.toLocaleString("en")} records), SQLite`,
          batonMs,
          "ms",
          floorMs,
          "bare event inserts",
          `${Math.round(perSecond(batonMs)).toLocaleString("en")} events/s incl. generation, raw layer, entities`,
        ),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
