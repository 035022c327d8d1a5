import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BatonError } from "../../errors.ts";
import type { Connector } from "../../ingest/connector.ts";
import { reconvert, runSync } from "../../ingest/pipeline.ts";
import { countDomainRows, dumpDomainTables } from "../../store/history.ts";
import { countRawRecords, type RawRecord, saveSource } from "../../store/ingestion.ts";
import type { Store } from "../../store/store.ts";
import { seedEngagement } from "../../testing/fixtures.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { SIM_PAGE_SIZE } from "./collect.ts";
import type { SimulatorConfig } from "./config.ts";
import { simulatorConnector, simulatorSource } from "./connector.ts";
import { sampleConfig } from "./sample.ts";
import { countSimulated, simulateEngagement } from "./simulate.ts";

const lookup = (kind: string) => {
  if (kind !== simulatorConnector.kind) throw new Error(`no connector ${kind}`);
  return simulatorConnector as Connector<unknown>;
};

// A shorter engagement keeps the storage tests quick on every backend.
const CONFIG = sampleConfig({ endDate: "2026-03-27", onsetDate: "2026-02-16" });
const EXPECTED = countSimulated(simulateEngagement(CONFIG));
const NOW = () => new Date("2026-05-01T08:00:00.000Z");

const seed = async (store: Store, config: SimulatorConfig = CONFIG) => {
  await seedEngagement(store.db, {
    sprintLengthDays: config.sprintLengthDays,
    timeZone: config.timeZone,
    startDate: config.startDate,
  });
  await saveSource(
    store.db,
    simulatorSource({
      id: "acme-sim",
      engagementId: "acme-mobile",
      config,
      createdAt: "2026-01-01T00:00:00.000Z",
    }),
  );
};

describe("simulator config", () => {
  it("names the bad key when a config is invalid", () => {
    const bad = (patch: Record<string, unknown>) => () =>
      simulatorConnector.validateConfig({ ...CONFIG, ...patch });
    expect(bad({ scenario: "chaos" })).toThrow(/scenario/);
    expect(bad({ startDate: "2026-13-01" })).toThrow(/startDate must be a date/);
    expect(bad({ onsetDate: "2025-01-01" })).toThrow(/onsetDate must lie between/);
    expect(bad({ people: [CONFIG.people[0]] })).toThrow(/people/);
    expect(bad({ colour: "red" })).toThrow(/colour/);
    try {
      bad({ seed: -1 })();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BatonError);
      expect((error as BatonError).code).toBe("config_invalid");
      expect((error as BatonError).message).toMatch(/^simulator config: seed /);
    }
  });

  it("accepts its own output and fills defaults", () => {
    expect(() => simulatorConnector.validateConfig({ ...CONFIG })).not.toThrow();
    expect(CONFIG).toMatchObject({ scale: 1, sprintLengthDays: 14, timeZone: "UTC", repo: "acme/app" });
  });
});

describe("simulator extract", () => {
  const raw = (payload: string, stream = "items"): RawRecord => ({
    id: "r",
    sourceId: "acme-sim",
    stream,
    url: `simulator://acme-sim/${stream}?page=0`,
    params: {},
    fetchedAt: "2026-05-01T00:00:00.000Z",
    fetchSeq: 0,
    contentHash: "h",
    payload,
  });
  const source = simulatorSource({
    id: "acme-sim",
    engagementId: "acme-mobile",
    config: CONFIG,
    createdAt: "x",
  });

  it("reports one problem per bad record, naming its id and what is wrong", () => {
    const good = simulateEngagement(CONFIG).items[0]!;
    const payload = JSON.stringify([
      good,
      { ...good, key: "ACME-999", points: -3 },
      { ...good, key: "ACME-998", history: "no" },
    ]);
    const result = simulatorConnector.extract(raw(payload), source);
    expect(result.records.map((r) => r.sourceRecordId)).toEqual([good.key]);
    expect(result.problems).toEqual([
      expect.objectContaining({
        stage: "extract",
        sourceRecordId: "ACME-999",
        location: "items[1]",
        reason: expect.stringMatching(/^points: /),
      }),
      expect.objectContaining({ sourceRecordId: "ACME-998", reason: expect.stringMatching(/^history: /) }),
    ]);
  });

  it("reports a payload that is not JSON", () => {
    const result = simulatorConnector.extract(raw("{nope"), source);
    expect(result.problems[0]).toMatchObject({ stage: "extract", reason: expect.stringMatching(/not JSON/) });
  });
});

describe.each(TEST_BACKENDS)("simulator ingestion on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it("lands every generated record and event through the ingestion pipeline, with progress", async () => {
    await seed(store);
    const progress: string[] = [];
    const summary = await runSync(store, lookup, "acme-sim", {
      now: NOW,
      onProgress: (p) => progress.push(`${p.stream}:${p.done}/${p.total}`),
    });
    const records =
      EXPECTED.sprints + EXPECTED.milestones + EXPECTED.items + EXPECTED.pullRequests + EXPECTED.deployments;
    expect(summary).toMatchObject({ status: "succeeded", converted: records, failed: 0 });
    expect(await countDomainRows(store.db, "acme-mobile")).toEqual({
      workItems: EXPECTED.items,
      sprints: EXPECTED.sprints,
      pullRequests: EXPECTED.pullRequests,
      deployments: EXPECTED.deployments,
      milestones: EXPECTED.milestones,
      events: EXPECTED.events,
    });
    expect(progress).toContain(`items:1/${Math.ceil(EXPECTED.items / SIM_PAGE_SIZE)}`);
  });

  it("re-syncing and reconverting leave every domain table byte-identical", async () => {
    await seed(store);
    await runSync(store, lookup, "acme-sim", { now: NOW });
    const first = await dumpDomainTables(store.db);
    const rawCount = await countRawRecords(store.db, "acme-sim");
    await runSync(store, lookup, "acme-sim", { now: NOW });
    expect(await dumpDomainTables(store.db)).toBe(first);
    await runSync(store, lookup, "acme-sim", { full: true, now: NOW });
    expect(await dumpDomainTables(store.db)).toBe(first);
    expect(await reconvert(store, lookup, "acme-sim", NOW)).toMatchObject({ status: "succeeded", failed: 0 });
    expect(await dumpDomainTables(store.db)).toBe(first);
    expect(await countRawRecords(store.db, "acme-sim")).toBe(rawCount);
  });

  it("resumes an interrupted sync and ends with the same data as one uninterrupted sync", async () => {
    await seed(store);
    const controller = new AbortController();
    let pages = 0;
    const interrupted = await runSync(store, lookup, "acme-sim", {
      now: NOW,
      signal: controller.signal,
      onProgress: () => {
        if (++pages === 3) controller.abort();
      },
    });
    expect(interrupted.status).toBe("interrupted");
    expect(interrupted.converted).toBeGreaterThan(0);
    const resumed = await runSync(store, lookup, "acme-sim", { now: NOW });
    expect(resumed.status).toBe("succeeded");
    const afterResume = await dumpDomainTables(store.db);

    const fresh = await backend.open();
    try {
      await seed(fresh);
      await runSync(fresh, lookup, "acme-sim", { now: NOW });
      expect(afterResume).toBe(await dumpDomainTables(fresh.db));
    } finally {
      await fresh.close();
    }
  });
});
