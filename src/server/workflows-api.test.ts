import { beforeEach, describe, expect, it } from "vitest";
import type { UserRole } from "../domain/types.ts";
import { listAudit } from "../store/audit.ts";
import { openStore, type Store } from "../store/store.ts";
import { bearer, type RecordIds, type ServerFixture, seedRecords, serverFixture } from "../testing/server.ts";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("DM workflows over HTTP", () => {
  let store: Store;
  let f: ServerFixture;
  let own: RecordIds;
  let foreign: RecordIds;
  beforeEach(async () => {
    store = await openStore(":memory:");
    f = await serverFixture(store);
    ({ own, foreign } = await seedRecords(store));
    return () => store.close();
  });

  const get = (role: UserRole, path: string) =>
    f.app.request(`/api/v1${path}`, { headers: bearer(f.tokens[role].read) });
  const send = (role: UserRole, method: string, path: string, body?: unknown) =>
    f.app.request(`/api/v1${path}`, {
      method,
      headers: bearer(f.tokens[role].write, { "content-type": "application/json" }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("lets the customer acknowledge their escalation and decide what is asked of them, as themselves", async () => {
    const listed = (await (await get("customer", "/engagements/acme-mobile/escalations")).json()) as {
      escalations: { id: string }[];
    };
    expect(listed.escalations.map((e) => e.id)).toEqual([own.escalationId]);

    const ack = await send("customer", "POST", `/escalations/${own.escalationId}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({ status: "acknowledged" });

    const wrong = await send("customer", "POST", `/decisions/${own.decisionId}/accept`, {
      decision: "daily",
    });
    expect(wrong.status).toBe(400);
    const decided = await send("customer", "POST", `/decisions/${own.decisionId}/accept`, {
      decision: "fortnightly",
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({
      status: "accepted",
      decision: "fortnightly",
      decidedBy: "The customer",
    });
    const audit = await listAudit(store.db, { limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["escalation.acknowledge", "decision.accept"]),
    );

    // Naming another customer's decision to supersede answers as if it did not exist.
    const proposed = (await (
      await send("dm", "POST", "/engagements/acme-mobile/decisions", {
        title: "Branching",
        context: "trunk or flow",
      })
    ).json()) as { id: string };
    const superseding = await send("dm", "POST", `/decisions/${proposed.id}/accept`, {
      decision: "trunk",
      decidedBy: "Dana",
      supersedes: foreign.decisionId,
    });
    expect(superseding.status).toBe(404);

    // Another customer's records answer exactly like records that do not exist.
    for (const path of [
      `/escalations/${foreign.escalationId}/acknowledge`,
      `/decisions/${foreign.decisionId}/accept`,
    ]) {
      const res = await send(
        "customer",
        "POST",
        path,
        path.includes("decision") ? { decision: "weekly" } : undefined,
      );
      expect(res.status).toBe(404);
    }
  });

  it("shows a customer the published report but answers 404 for its draft", async () => {
    const list = (await (await get("customer", "/engagements/acme-mobile/reports")).json()) as {
      reports: { id: string; status: string }[];
    };
    expect(list.reports.map((r) => [r.id, r.status])).toEqual([[own.reportId, "published"]]);
    expect((await get("customer", `/reports/${own.reportId}`)).status).toBe(200);
    const draft = await get("customer", `/reports/${own.draftId}`);
    expect(draft.status).toBe(404);
    expect(((await draft.json()) as ErrorBody).error.message).toBe(`report "${own.draftId}" not found`);
    expect((await get("customer", `/reports/${foreign.reportId}`)).status).toBe(404);
    const internal = (await (await get("dm", "/engagements/acme-mobile/reports")).json()) as {
      reports: { id: string }[];
    };
    expect(internal.reports.map((r) => r.id).sort()).toEqual([own.draftId, own.reportId].sort());
  });

  it("lets the DM prepare, edit and publish a weekly report as its next version", async () => {
    const prepared = await send("dm", "POST", "/engagements/acme-mobile/reports/weekly", {
      weekEnding: "2026-02-27",
    });
    expect(prepared.status).toBe(200);
    const { report } = (await prepared.json()) as { report: { id: string; markdown: string } };
    expect(report.id).toBe(own.draftId);
    const edited = await send("dm", "PUT", `/reports/${report.id}`, {
      markdown: `${report.markdown}\n\nThanks!`,
    });
    expect(edited.status).toBe(200);
    const published = await send("dm", "POST", `/reports/${report.id}/publish`);
    expect(await published.json()).toMatchObject({
      published: true,
      report: { id: `${own.draftId}-v2`, version: 2, status: "published", publishedBy: "The dm" },
    });
    // The customer now reads version 2 only; version 1 is superseded.
    const list = (await (await get("customer", "/engagements/acme-mobile/reports")).json()) as {
      reports: { id: string }[];
    };
    expect(list.reports.map((r) => r.id)).toEqual([`${own.draftId}-v2`]);
    expect((await get("customer", `/reports/${own.reportId}`)).status).toBe(404);
    expect(
      (await send("dm", "PUT", `/reports/${own.reportId}`, { markdown: "rewrite history" })).status,
    ).toBe(409);
  });

  it("lets the DM acknowledge and dismiss signals, and keeps them from the specialist's hands and customers' eyes", async () => {
    const ack = await send("dm", "POST", `/signals/${own.signalId}/acknowledge`, { reason: "on it" });
    expect(await ack.json()).toMatchObject({ state: "acknowledged", reason: "on it" });
    expect((await send("dm", "POST", `/signals/${own.signalId}/dismiss`, {})).status).toBe(400);
    const dismissed = await send("dm", "POST", `/signals/${own.signalId}/dismiss`, { reason: "planned for" });
    expect(await dismissed.json()).toMatchObject({ state: "dismissed" });
    const detail = (await (await get("specialist", `/signals/${own.signalId}`)).json()) as {
      events: { kind: string }[];
      similar?: unknown;
    };
    expect(detail.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["acknowledged", "dismissed"]));
    expect(detail.similar).toBeUndefined();
    expect((await send("specialist", "POST", `/signals/${own.signalId}/acknowledge`, {})).status).toBe(403);
    expect((await get("customer", `/signals/${own.signalId}`)).status).toBe(404);
    expect((await get("dm", `/signals/${foreign.signalId}`)).status).toBe(404);
  });

  it("searches within the caller's scope: customers find only what is customer-visible", async () => {
    const titles = async (role: UserRole) =>
      (
        (await (await get(role, "/search?q=release")).json()) as {
          results: { engagementId: string; kind: string }[];
        }
      ).results;
    expect(new Set((await titles("admin")).map((r) => r.engagementId))).toEqual(
      new Set(["acme-mobile", "globex-data"]),
    );
    const customer = await titles("customer");
    expect(customer).toContainEqual(
      expect.objectContaining({ engagementId: "acme-mobile", kind: "decision" }),
    );
    // Only their own engagement, and never what is internal (signals, misses, drafts).
    expect(customer.every((r) => r.engagementId === "acme-mobile")).toBe(true);
    expect(customer.filter((r) => ["signal", "miss"].includes(r.kind))).toEqual([]);
    expect((await get("admin", "/search?q=release&kind=nonsense")).status).toBe(400);
  });

  it("gives a DM their own scorecard only", async () => {
    expect((await get("dm", "/scorecards/dana-lee?from=2026-02-01&to=2026-02-28")).status).toBe(200);
    expect((await get("dm", "/scorecards/omar-field?from=2026-02-01&to=2026-02-28")).status).toBe(404);
    expect((await get("director", "/scorecards/omar-field?from=2026-02-01&to=2026-02-28")).status).toBe(200);
  });
});
