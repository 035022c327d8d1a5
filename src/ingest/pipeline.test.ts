import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eventId, sourceRecordId } from "../domain/ids.ts";
import { parseInstant } from "../domain/time.ts";
import type { HistoryEvent, StatusCategory, WorkItem } from "../domain/types.ts";
import { replayItem } from "../engine/as-of.ts";
import { BatonError } from "../errors.ts";
import { dumpDomainTables, listWorkItems, loadEvents, loadItemStateAsOf } from "../store/history.ts";
import { countRawRecords, listRuns, type SourceRow, saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import { seedEngagement } from "../testing/fixtures.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { type Connector, RecordError } from "./connector.ts";
import { convertInMemory, reconvert, runSync } from "./pipeline.ts";

/**
 * A minimal connector over pages of JSON items held in its config, so the pipeline is exercised
 * end to end without any particular vendor. Items carry a status history.
 */
interface JsonItem {
  readonly key: string;
  readonly created: string;
  readonly transitions: readonly { readonly at: string; readonly status: string }[];
}

const CATEGORIES: Readonly<Record<string, StatusCategory>> = {
  Open: "todo",
  Doing: "in_progress",
  Done: "done",
};

const jsonConnector: Connector<JsonItem> = {
  kind: "json-test",
  validateConfig(config) {
    if (!Array.isArray(config.pages)) throw new BatonError("config_invalid", "pages must be an array");
  },
  async collect(ctx) {
    const pages = ctx.source.config.pages as unknown[][];
    const done = Number((await ctx.getCursor("items")) ?? -1);
    for (let i = done + 1; i < pages.length; i++) {
      await ctx.save({
        stream: "items",
        url: `test://items?page=${i}`,
        params: { page: i },
        payload: JSON.stringify(pages[i]),
        cursor: String(i),
      });
      ctx.progress({ stream: "items", done: i + 1, total: pages.length });
    }
  },
  extract(raw) {
    const records = (JSON.parse(raw.payload) as JsonItem[]).map((record, index) => ({
      sourceRecordId: record.key,
      location: `items[${index}]`,
      record,
    }));
    return { records, problems: [] };
  },
  convert(record, source) {
    const id = sourceRecordId("json", "item", source.id, record.key);
    const created = parseInstant(record.created);
    if (!created) throw new RecordError(`created "${record.created}" is not a timestamp`);
    const events: HistoryEvent[] = [];
    const push = (at: string, kind: HistoryEvent["kind"], to: string, label: string) =>
      events.push({
        id: eventId(id, at, kind, events.length),
        engagementId: source.engagementId,
        sourceId: source.id,
        entity: "item",
        entityId: id,
        at,
        kind,
        from: null,
        to,
        fromLabel: null,
        toLabel: label,
        actor: null,
        actorIsBot: false,
        seq: events.length,
      });
    push(created, "created", "todo", "Open");
    let last = "Open";
    for (const t of record.transitions) {
      const category = CATEGORIES[t.status];
      if (!category) throw new RecordError(`status "${t.status}" is not mapped to a category`);
      const at = parseInstant(t.at);
      if (!at) throw new RecordError(`transition time "${t.at}" is not a timestamp`);
      push(at, "status", category, t.status);
      last = t.status;
    }
    const item: WorkItem = {
      id,
      engagementId: source.engagementId,
      sourceId: source.id,
      key: record.key,
      title: `Item ${record.key}`,
      type: "story",
      status: last,
      statusCategory: CATEGORIES[last]!,
      createdAt: created,
      resolvedAt: null,
      points: null,
      assignee: null,
      parentId: null,
      customerVisible: true,
    };
    return { batch: { workItems: [item], events, replaceEventsOf: [id] } };
  },
};

const lookup = (kind: string) => {
  if (kind !== jsonConnector.kind) throw new Error(`no connector ${kind}`);
  return jsonConnector as Connector<unknown>;
};

const item = (key: string, ...transitions: [string, string][]) => ({
  key,
  created: "2026-03-02T09:00:00Z",
  transitions: transitions.map(([at, status]) => ({ at, status })),
});

const PAGES = [
  [item("A-1", ["2026-03-03", "Doing"], ["2026-03-05", "Done"]), item("A-2", ["2026-03-04", "Doing"])],
  [item("A-3"), item("A-4", ["2026-03-06T10:00:00+01:00", "Done"])],
  [item("A-5", ["2026-03-07", "Doing"])],
];

const seedSource = async (store: Store, pages: unknown[][] = PAGES): Promise<SourceRow> => {
  await seedEngagement(store.db);
  const source: SourceRow = {
    id: "acme-json",
    engagementId: "acme-mobile",
    kind: "json-test",
    config: { pages },
    createdAt: "2026-03-01T00:00:00.000Z",
  };
  await saveSource(store.db, source);
  return source;
};

describe.each(TEST_BACKENDS)("ingestion on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it("lands every record with its history and reports what it did", async () => {
    await seedSource(store);
    const progress: number[] = [];
    const summary = await runSync(store, lookup, "acme-json", { onProgress: (p) => progress.push(p.done) });
    expect(summary).toMatchObject({ status: "succeeded", fetched: 5, converted: 5, skipped: 0, failed: 0 });
    expect(progress).toEqual([1, 2, 3]);
    expect((await listWorkItems(store.db, "acme-mobile")).map((i) => i.key)).toEqual([
      "A-1",
      "A-2",
      "A-3",
      "A-4",
      "A-5",
    ]);
    expect(await countRawRecords(store.db, "acme-json")).toBe(3);
    const stored = await listRuns(store.db, "acme-json");
    expect(stored[0]).toMatchObject({ status: "succeeded", converted: 5 });
  });

  it("reconstructs an item as of any instant from stored events", async () => {
    await seedSource(store);
    await runSync(store, lookup, "acme-json");
    const id = sourceRecordId("json", "item", "acme-json", "A-1");
    expect((await loadItemStateAsOf(store.db, id, "2026-03-02T08:59:59.999Z")).exists).toBe(false);
    expect(await loadItemStateAsOf(store.db, id, "2026-03-04T00:00:00.000Z")).toMatchObject({
      statusCategory: "in_progress",
      status: "Doing",
    });
    const all = await loadEvents(store.db, "acme-mobile");
    for (const asOf of ["2026-03-03T00:00:00.000Z", "2026-03-05T00:00:00.000Z", "2026-03-09T00:00:00.000Z"]) {
      expect(await loadItemStateAsOf(store.db, id, asOf)).toEqual(
        replayItem(
          all.filter((e) => e.entityId === id),
          asOf,
        ),
      );
    }
  });

  it("reports a bad record with its id and reason, lands the rest, and writes nothing of the bad one", async () => {
    await seedSource(store, [
      [
        item("B-1", ["2026-03-03", "Doing"]),
        item("B-2", ["2026-03-03", "Doing"], ["2026-03-04", "Parked"]),
        item("B-3", ["yesterday", "Done"]),
        item("B-4"),
      ],
    ]);
    const summary = await runSync(store, lookup, "acme-json");
    expect(summary).toMatchObject({ status: "partial", converted: 2, failed: 2 });
    expect(summary.problems).toEqual([
      {
        stage: "convert",
        sourceRecordId: "B-2",
        location: "items[1]",
        reason: 'status "Parked" is not mapped to a category',
      },
      {
        stage: "convert",
        sourceRecordId: "B-3",
        location: "items[2]",
        reason: 'transition time "yesterday" is not a timestamp',
      },
    ]);
    expect((await listWorkItems(store.db, "acme-mobile")).map((i) => i.key)).toEqual(["B-1", "B-4"]);
    const events = await loadEvents(store.db, "acme-mobile");
    expect(events.filter((e) => /B-[23]/.test(e.entityId))).toEqual([]);
  });

  it("re-ingesting the same raw data leaves every domain table byte-identical", async () => {
    await seedSource(store);
    await runSync(store, lookup, "acme-json");
    const first = await dumpDomainTables(store.db);
    await runSync(store, lookup, "acme-json", { full: true });
    expect(await dumpDomainTables(store.db)).toBe(first);
    const rebuilt = await reconvert(store, lookup, "acme-json");
    expect(rebuilt).toMatchObject({ status: "succeeded", converted: 5 });
    expect(await dumpDomainTables(store.db)).toBe(first);
    expect(await countRawRecords(store.db, "acme-json")).toBe(3);
  });

  it("resumes an interrupted sync from the last committed page without losing or duplicating", async () => {
    await seedSource(store);
    const controller = new AbortController();
    const interrupted = await runSync(store, lookup, "acme-json", {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 1) controller.abort();
      },
    });
    expect(interrupted).toMatchObject({ status: "interrupted", converted: 2 });
    expect(await listWorkItems(store.db, "acme-mobile")).toHaveLength(2);

    const resumed = await runSync(store, lookup, "acme-json");
    expect(resumed).toMatchObject({ status: "succeeded", converted: 3 });
    const afterResume = await dumpDomainTables(store.db);

    const fresh = await backend.open();
    try {
      await seedSource(fresh);
      await runSync(fresh, lookup, "acme-json");
      expect(afterResume).toBe(await dumpDomainTables(fresh.db));
    } finally {
      await fresh.close();
    }
  });

  it("replaces an entity's history when the source's changelog shrank", async () => {
    await seedSource(store, [[item("C-1", ["2026-03-03", "Doing"], ["2026-03-04", "Done"])], [item("C-1")]]);
    await runSync(store, lookup, "acme-json");
    const events = await loadEvents(store.db, "acme-mobile");
    expect(events.map((e) => e.kind)).toEqual(["created"]);
  });

  it("converts in memory exactly what a sync stores", async () => {
    const source = await seedSource(store);
    await runSync(store, lookup, "acme-json");
    const { batch, problems } = await convertInMemory(jsonConnector as Connector<unknown>, source);
    expect(problems).toEqual([]);
    expect([...(batch.workItems ?? [])].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      await listWorkItems(store.db, "acme-mobile"),
    );
    const byId = (a: HistoryEvent, b: HistoryEvent) => a.id.localeCompare(b.id);
    expect([...(batch.events ?? [])].sort(byId)).toEqual(
      (await loadEvents(store.db, "acme-mobile")).sort(byId),
    );
  });

  it("keeps the later of two versions of one record in the same payload", async () => {
    await seedSource(store, [
      [item("D-1", ["2026-03-03", "Doing"], ["2026-03-04", "Done"]), item("D-1", ["2026-03-03", "Doing"])],
    ]);
    const summary = await runSync(store, lookup, "acme-json");
    expect(summary).toMatchObject({ status: "succeeded", converted: 2 });
    expect((await loadEvents(store.db, "acme-mobile")).map((e) => e.kind)).toEqual(["created", "status"]);
    expect((await listWorkItems(store.db, "acme-mobile")).map((i) => i.status)).toEqual(["Doing"]);
  });
});
