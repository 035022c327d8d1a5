import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { User } from "../domain/types.ts";
import { saveCustomer, saveEngagement } from "../store/engagements.ts";
import type { Store } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { acceptDecision, proposeDecision } from "./decisions.ts";
import { raiseEscalation } from "./escalations.ts";
import { reindexEngagement, search, searchScopeFor } from "./search.ts";

const now = new Date("2026-05-04T10:00:00.000Z");
const everything = { engagementIds: null, customerVisibleOnly: false };

const user = (overrides: Partial<User>): User => ({
  id: "u",
  email: "u@example.com",
  name: "U",
  role: "director",
  customerId: null,
  personId: null,
  ...overrides,
});

describe.each(TEST_BACKENDS)("search on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await seedBeta(store);
    // A second customer's engagement with a record using the same words.
    await saveCustomer(store.db, { id: "globex", name: "Globex" });
    await saveEngagement(
      store.db,
      testEngagement({ id: "globex-web", customerId: "globex", name: "Globex Web" }),
    );
    await raiseEscalation(
      store,
      {
        engagement: "globex-web",
        title: "Payment gateway keys expired",
        ask: "rotate keys",
        askedOf: "Globex ops",
      },
      now,
    );
    await raiseEscalation(
      store,
      {
        engagement: "acme-mobile",
        title: "Payment API keys not provided",
        ask: "provide sandbox keys",
        askedOf: "Acme CTO",
        impact: "Checkout cannot be tested before Beta",
        level: "L2",
        customerVisible: true,
      },
      now,
    );
    const decision = await proposeDecision(
      store,
      {
        engagement: "acme-mobile",
        title: "Payments provider",
        context: "Checkout needs a payment provider",
        options: ["Stripe", "Adyen"],
      },
      now,
    );
    await acceptDecision(
      store,
      decision.id,
      { decision: "Stripe, for its sandbox", decidedBy: "Acme CTO" },
      now,
    );
    await reindexEngagement(store, "acme-mobile");
  });
  afterEach(async () => store?.close());

  it("finds records by their words, with the match highlighted, ranked", async () => {
    const results = await search(store, { text: "payment keys" }, everything);
    expect(results.map((r) => `${r.kind} ${r.engagementId}`).sort()).toEqual([
      "escalation acme-mobile",
      "escalation globex-web",
    ]);
    expect(results.every((r) => r.snippet.includes("[keys]"))).toBe(true);
  });

  it("matches word forms and the start of the last word as it is typed", async () => {
    const results = await search(store, { text: "stri" }, everything);
    expect(results.map((r) => r.ref)).toEqual(["acme-mobile-adr-1"]);
    expect((await search(store, { text: "payments" }, everything)).length).toBe(3);
    expect((await search(store, { text: "ACME-3" }, everything)).map((r) => r.ref)).toEqual(["ACME-3"]);
  });

  it("never returns another customer's records, and only customer-visible ones to a customer", async () => {
    const acme = await searchScopeFor(store, user({ role: "customer", customerId: "acme" }), "2026-05-04");
    const results = await search(store, { text: "payment" }, acme);
    expect(results.map((r) => r.id)).toEqual([expect.stringMatching(/^escalation:esc-/)]);
    expect(results.every((r) => r.customerId === "acme")).toBe(true);
    const dm = await searchScopeFor(store, user({ role: "dm", personId: "omar" }), "2026-05-04");
    expect(new Set((await search(store, { text: "payment" }, dm)).map((r) => r.engagementId))).toEqual(
      new Set(["acme-mobile"]),
    );
    expect(await search(store, { text: "payment", engagement: "globex-web" }, dm)).toEqual([]);
  });

  it("treats search syntax in the query as plain words", async () => {
    for (const text of ['"payment', "keys*", "payment OR (", "api:keys", "NEAR(payment keys)", "it's"])
      await expect(search(store, { text }, everything)).resolves.toBeInstanceOf(Array);
    await expect(search(store, { text: "?!" }, everything)).rejects.toThrow(
      'search "?!" has no words to look for',
    );
  });

  it("follows changes: an escalation raised later is found at once", async () => {
    await raiseEscalation(
      store,
      {
        engagement: "acme-mobile",
        title: "Staging database unreachable",
        ask: "restore",
        askedOf: "Acme IT",
      },
      now,
    );
    expect((await search(store, { text: "staging" }, everything)).map((r) => r.kind)).toEqual(["escalation"]);
  });
});
