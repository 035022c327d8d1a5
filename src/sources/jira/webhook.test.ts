import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sprintsReport } from "../../app/metrics.ts";
import type { StartedSprintReport } from "../../engine/sprints.ts";
import { createApp } from "../../server/app.ts";
import { loadEvents, loadItemStateAsOf } from "../../store/history.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { jiraIds } from "./convert.ts";
import { ENGAGEMENT, type JiraHarness, openJiraHarness, SOURCE } from "./testing/harness.ts";
import { currentFields, DONE } from "./testing/model.ts";
import { scenarioModel } from "./testing/scenario.ts";
import { issueUpdatedBody, issueWebhookBody, sprintWebhookBody } from "./testing/server.ts";
import { jiraSignature } from "./webhook.ts";

const SECRET_ENV = "BATON_TEST_JIRA_WEBHOOK_SECRET";
const SECRET = "whsec-51c2";
const item = (n: number) => jiraIds.item(SOURCE, String(10000 + n));
const sprint = (n: number) => jiraIds.sprint(SOURCE, String(n));

describe.each(TEST_BACKENDS)("Jira webhooks on $name", (backend) => {
  // Opening the first store of a backend (PGlite builds its template) is setup, not the test.
  beforeAll(async () => {
    await (await backend.open()).close();
  });
  let h: JiraHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const setUp = async () => {
    process.env[SECRET_ENV] = SECRET;
    h = await openJiraHarness(backend, scenarioModel(), {}, { webhookSecretEnv: SECRET_ENV });
    await h.sync();
    const app = createApp(h.store, { now: () => new Date("2026-01-24T12:00:00.000Z") });
    const post = (body: string, headers: Record<string, string> = {}) =>
      app.request(`/webhooks/jira/${SOURCE}`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "x-hub-signature": jiraSignature(SECRET, body),
          ...headers,
        },
      });
    return { h, post };
  };

  it("records a pushed status change within the item's history, once per delivery", async () => {
    const { h, post } = await setUp();
    const body = issueUpdatedBody(h.jira.model, "ACME-4", {
      at: "2026-01-23T15:00:00.000Z",
      set: { status: DONE, points: 2 },
    });
    const first = await post(body, { "x-atlassian-webhook-identifier": "d-1" });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({
      event: "jira:issue_updated",
      run: { mode: "webhook", converted: 1, failed: 0 },
    });
    expect(await loadItemStateAsOf(h.store.db, item(4), "2026-01-23T14:59:59.999Z")).toMatchObject({
      statusCategory: "in_progress",
      points: 1,
    });
    expect(await loadItemStateAsOf(h.store.db, item(4), "2026-01-23T15:00:00.000Z")).toMatchObject({
      statusCategory: "done",
      status: "已完成",
      points: 2,
    });
    const events = await loadEvents(h.store.db, ENGAGEMENT);
    const again = await post(body, { "x-atlassian-webhook-identifier": "d-1" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(await loadEvents(h.store.db, ENGAGEMENT)).toEqual(events);
  });

  it("refuses a delivery signed with another secret, or unsigned, and stores nothing", async () => {
    const { h, post } = await setUp();
    const before = await loadEvents(h.store.db, ENGAGEMENT);
    const body = issueUpdatedBody(h.jira.model, "ACME-4", {
      at: "2026-01-23T15:00:00.000Z",
      set: { status: DONE },
    });
    const wrong = await post(body, { "x-hub-signature": jiraSignature("not-the-secret", body) });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "unauthorized" } });
    const unsigned = await post(body, { "x-hub-signature": "" });
    expect(unsigned.status).toBe(401);
    expect(await loadEvents(h.store.db, ENGAGEMENT)).toEqual(before);
  });

  it("moves items between sprints, closes sprints and takes deleted issues out of their sprints", async () => {
    const { h, post } = await setUp();
    const model = h.jira.model;
    const moved = issueUpdatedBody(model, "ACME-7", {
      at: "2026-01-23T09:00:00.000Z",
      set: { sprints: [2, 3] },
    });
    expect((await post(moved)).status).toBe(202);
    expect((await loadItemStateAsOf(h.store.db, item(7), "2026-01-23T09:00:00.000Z")).sprints).toEqual([
      sprint(2),
      sprint(3),
    ]);

    const deleted = issueWebhookBody(model, "ACME-6", "jira:issue_deleted", "2026-01-23T10:00:00.000Z");
    expect(currentFields(model.issues[5]!).sprints).toEqual([2]);
    expect((await post(deleted)).status).toBe(202);
    expect((await loadItemStateAsOf(h.store.db, item(6), "2026-01-23T09:59:59.999Z")).sprints).toEqual([
      sprint(2),
    ]);
    expect((await loadItemStateAsOf(h.store.db, item(6), "2026-01-23T10:00:00.000Z")).sprints).toEqual([]);

    const closed = sprintWebhookBody(
      model,
      { ...model.sprints[1]!, state: "closed", completeDate: "2026-01-24T09:00:00.000Z" },
      "sprint_closed",
      "2026-01-24T09:00:00.000Z",
    );
    expect((await post(closed)).status).toBe(202);
    const { sprints } = await sprintsReport(
      h.store,
      ENGAGEMENT,
      { sprint: "Sprint 2" },
      new Date("2026-01-25T00:00:00Z"),
    );
    expect(sprints[0]).toMatchObject({ state: "closed", completedAt: "2026-01-24T09:00:00.000Z" });
    // The deleted issue left the sprint before it closed: removed, not carried over.
    expect((sprints[0] as StartedSprintReport).removed.entries.map((e) => e.itemId)).toContain(item(6));
  });

  it("acknowledges events Baton does not use without storing them", async () => {
    const { post } = await setUp();
    const response = await post(
      JSON.stringify({ timestamp: 1, webhookEvent: "comment_created", comment: {} }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ event: "comment_created", run: null });
  });
});
