import { acceptDecision, proposeDecision } from "../app/decisions.ts";
import { addPodMember, assignDm, createEngagement } from "../app/engagements.ts";
import { raiseEscalation, resolveEscalation } from "../app/escalations.ts";
import { syncSource } from "../app/sources.ts";
import { simulatorConfig, simulatorSource } from "../sources/simulator/index.ts";
import { saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";

/**
 * The fixed engagement the golden report tests read: Acme Mobile in Berlin, a pod of five simulated
 * from 3 Nov 2025 to 6 Mar 2026 (seed 11, scope drift from 9 Feb), Dana Lee as DM; in February a
 * customer-visible escalation raised and resolved, an internal one that must never reach the
 * customer, a decision taken with the customer and one awaiting them. Clocks are fixed.
 */
export const GOLDEN_NOW = new Date("2026-03-06T17:00:00.000Z");
export const GOLDEN_END = "2026-03-06";
/** The internal escalation's title: no customer-facing report may contain it. */
export const INTERNAL_TITLE = "Internal: rotate Ben off the payments work";

const PEOPLE = ["Ana Lima", "Ben Okafor", "Chen Wei", "Dara Novak", "Eli Haddad"];
const at = (instant: string) => new Date(instant);

export const seedGolden = async (store: Store): Promise<void> => {
  const start = at("2025-11-03T09:00:00.000Z");
  await createEngagement(
    store,
    {
      id: "acme-mobile",
      name: "Acme Mobile",
      customer: "Acme",
      timeZone: "Europe/Berlin",
      startDate: "2025-11-03",
    },
    start,
  );
  await assignDm(store, { engagement: "acme-mobile", name: "Dana Lee", from: "2025-11-03" }, start);
  for (const name of PEOPLE)
    await addPodMember(store, { engagement: "acme-mobile", name, from: "2025-11-03" }, start);
  const source = simulatorSource({
    id: "acme-mobile-sim",
    engagementId: "acme-mobile",
    createdAt: "2025-11-03T00:00:00.000Z",
    config: simulatorConfig({
      seed: 11,
      scenario: "scope_drift",
      onsetDate: "2026-02-09",
      startDate: "2025-11-03",
      endDate: GOLDEN_END,
      keyPrefix: "ACME",
      timeZone: "Europe/Berlin",
      people: PEOPLE.map((name, i) => ({
        personId: name.toLowerCase().replace(" ", "-"),
        login: (name.split(" ")[0] as string).toLowerCase(),
        name,
        role: i === 0 ? ("tech_lead" as const) : ("specialist" as const),
      })),
    }),
  });
  await saveSource(store.db, source);
  await syncSource(store, source.id, { now: () => GOLDEN_NOW });

  const keys = await raiseEscalation(
    store,
    {
      engagement: "acme-mobile",
      title: "Payment sandbox keys not provided",
      severity: "high",
      customerImpact: "high",
      ask: "provide sandbox API keys for the payment provider",
      askedOf: "Acme CTO",
      dueDate: "2026-02-13",
      level: "L2",
      customerVisible: true,
    },
    at("2026-02-10T10:00:00.000Z"),
  );
  await resolveEscalation(
    store,
    keys.escalation.id,
    { resolution: "keys arrived on 12 Feb; checkout tests run end to end" },
    at("2026-02-12T15:00:00.000Z"),
  );
  await raiseEscalation(
    store,
    {
      engagement: "acme-mobile",
      title: INTERNAL_TITLE,
      severity: "medium",
      customerImpact: "none",
      ask: "agree the rotation with the director",
      askedOf: "Director of delivery",
      level: "L1",
    },
    at("2026-02-18T10:00:00.000Z"),
  );
  const provider = await proposeDecision(
    store,
    {
      engagement: "acme-mobile",
      title: "Payments provider for checkout",
      context: "Checkout needs a payment provider before the release.",
      options: ["Stripe: faster integration, higher fees", "Adyen: lower fees, two more weeks of work"],
      askCustomer: true,
    },
    at("2026-02-03T10:00:00.000Z"),
  );
  await acceptDecision(
    store,
    provider.id,
    { decision: "Stripe", decidedBy: "Acme CTO", consequences: "Checkout integrates Stripe Elements." },
    at("2026-02-05T10:00:00.000Z"),
  );
  await proposeDecision(
    store,
    {
      engagement: "acme-mobile",
      title: "Offline mode for the first release",
      context: "Offline support adds three weeks.",
      options: ["Ship online-only first", "Include offline mode"],
      askCustomer: true,
    },
    at("2026-02-24T10:00:00.000Z"),
  );
};
