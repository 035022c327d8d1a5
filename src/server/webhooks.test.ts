import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WorkItem } from "../domain/types.ts";
import { type Connector, RecordError, WebhookRejected } from "../ingest/connector.ts";
import { listRuns, saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import { seedEngagement } from "../testing/fixtures.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { createApp } from "./app.ts";

interface Pushed {
  readonly key: string;
  readonly title: string;
}

/** A source that pushes `{key, title}` items with a shared secret in `x-secret`. */
const pushConnector: Connector<Pushed> = {
  kind: "push",
  validateConfig: () => {},
  collect: async () => {},
  extract: (raw) => {
    const items = JSON.parse(raw.payload) as Pushed[];
    return { records: items.map((record) => ({ sourceRecordId: record.key, record })), problems: [] };
  },
  convert: (record, source) => {
    if (!record.title) throw new RecordError(`${record.key} has no title`);
    const item: WorkItem = {
      id: `${source.id}:${record.key}`,
      engagementId: source.engagementId,
      sourceId: source.id,
      key: record.key,
      title: record.title,
      type: "story",
      status: "To Do",
      statusCategory: "todo",
      createdAt: "2026-03-02T09:00:00.000Z",
      resolvedAt: null,
      points: null,
      assignee: null,
      parentId: null,
      customerVisible: false,
    };
    return { batch: { workItems: [item] } };
  },
  receive: (delivery, source) => {
    if (delivery.headers["x-secret"] !== source.config.secret)
      throw new WebhookRejected("unauthorized", "the x-secret header does not match the source's secret");
    const event = delivery.headers["x-event"] ?? "items";
    const pages =
      event === "ping"
        ? []
        : [{ stream: "webhook:items", url: "webhook", params: {}, payload: delivery.body }];
    return { deliveryId: delivery.headers["x-delivery"] ?? null, event, pages };
  },
};

const itemKeys = async (store: Store) =>
  (await store.db.selectFrom("workItems").select("key").orderBy("key").execute()).map((r) => r.key);

const lookup = (kind: string) => {
  if (kind !== "push") throw new Error(`unexpected kind ${kind}`);
  return pushConnector as unknown as Connector<unknown>;
};

describe.each(TEST_BACKENDS)("webhook deliveries on $name", (backend) => {
  let store: Store;
  afterEach(async () => store?.close());

  type Post = (body: string, headers: Record<string, string>, path?: string) => Promise<Response>;
  let post: Post;
  beforeEach(async () => {
    store = await backend.open();
    await seedEngagement(store.db);
    await saveSource(store.db, {
      id: "acme-push",
      engagementId: "acme-mobile",
      kind: "push",
      config: { secret: "s3cret" },
      createdAt: "2026-03-01T00:00:00.000Z",
    });
    const app = createApp(store, { connectors: lookup, now: () => new Date("2026-03-04T12:00:00.000Z") });
    post = async (body, headers, path = "/webhooks/push/acme-push") =>
      app.request(path, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
  });

  it("stores a verified delivery and converts it like a polled page", async () => {
    const response = await post(JSON.stringify([{ key: "ACME-1", title: "Login" }]), {
      "x-secret": "s3cret",
      "x-delivery": "d-1",
    });
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: true, duplicate: false, run: { mode: "webhook", converted: 1 } });
    expect(await itemKeys(store)).toEqual(["ACME-1"]);
  });

  it("rejects a wrong secret with 401 and stores nothing", async () => {
    const response = await post(JSON.stringify([{ key: "ACME-1", title: "Login" }]), { "x-secret": "guess" });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    expect(await itemKeys(store)).toEqual([]);
    expect(await store.db.selectFrom("rawRecords").select("id").execute()).toEqual([]);
    expect(await listRuns(store.db, "acme-push")).toEqual([]);
  });

  it("acknowledges a repeated delivery without storing it again", async () => {
    const payload = JSON.stringify([{ key: "ACME-1", title: "Login" }]);
    await post(payload, { "x-secret": "s3cret", "x-delivery": "d-1" });
    const again = await post(JSON.stringify([{ key: "ACME-2", title: "Other" }]), {
      "x-secret": "s3cret",
      "x-delivery": "d-1",
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, run: null });
    expect(await itemKeys(store)).toEqual(["ACME-1"]);
    expect(await listRuns(store.db, "acme-push")).toHaveLength(1);
  });

  it("answers 404 for an unknown source or a source of another kind", async () => {
    expect((await post("[]", { "x-secret": "s3cret" }, "/webhooks/push/nope")).status).toBe(404);
    expect((await post("[]", { "x-secret": "s3cret" }, "/webhooks/github/acme-push")).status).toBe(404);
  });

  it("reports a bad record in the run and keeps the good ones", async () => {
    const response = await post(
      JSON.stringify([
        { key: "ACME-1", title: "Login" },
        { key: "ACME-2", title: "" },
      ]),
      { "x-secret": "s3cret" },
    );
    const body = (await response.json()) as { run: { problems: unknown[] } };
    expect(body.run).toMatchObject({ status: "partial", converted: 1, failed: 1 });
    expect(body.run.problems[0]).toMatchObject({ sourceRecordId: "ACME-2", reason: "ACME-2 has no title" });
  });

  it("accepts an event the source ignores without a run", async () => {
    const response = await post("{}", { "x-secret": "s3cret", "x-event": "ping", "x-delivery": "p-1" });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ event: "ping", run: null });
  });
});

describe("webhook size limit", () => {
  it("refuses a body over the limit with 413 before reading the source", async () => {
    const store = await TEST_BACKENDS[0]!.open();
    try {
      const app = createApp(store, { connectors: lookup });
      const response = await app.request("/webhooks/push/acme-push", {
        method: "POST",
        body: "x".repeat(26 * 1024 * 1024),
        headers: { "content-length": String(26 * 1024 * 1024) },
      });
      expect(response.status).toBe(413);
    } finally {
      await store.close();
    }
  });
});
