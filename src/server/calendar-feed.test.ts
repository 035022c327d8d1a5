import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncSource } from "../app/sources.ts";
import { openStore, type Store } from "../store/store.ts";
import { type ServerFixture, serverFixture } from "../testing/server.ts";

describe("the calendar feed over HTTP", () => {
  let store: Store;
  let f: ServerFixture;
  beforeAll(async () => {
    store = await openStore(":memory:");
    f = await serverFixture(store);
    await syncSource(store, "acme-mobile-sim", {});
  });
  afterAll(async () => {
    await store.close();
  });

  it("serves a customer their engagement's cadence with a token in the URL, as calendar apps subscribe", async () => {
    const res = await f.app.request(
      `/api/v1/engagements/acme-mobile/calendar.ics?token=${f.tokens.customer.read}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const text = await res.text();
    expect(text).toContain("BEGIN:VCALENDAR\r\n");
    expect(text).toMatch(/SUMMARY:ACME Sprint \d+ starts/);
    expect(text).toContain("SUMMARY:Milestone: ");
    expect(
      (await f.app.request(`/api/v1/engagements/globex-data/calendar.ics?token=${f.tokens.customer.read}`))
        .status,
    ).toBe(404);
  });

  it("accepts tokens in the URL only for calendar feeds", async () => {
    expect((await f.app.request(`/api/v1/engagements?token=${f.tokens.director.read}`)).status).toBe(401);
    expect(
      (await f.app.request("/api/v1/engagements/acme-mobile/calendar.ics?token=baton_pat_wrong")).status,
    ).toBe(401);
  });
});
