import { acceptDecision, proposeDecision } from "../app/decisions.ts";
import { addBlocker, addDependency } from "../app/dependencies.ts";
import {
  acknowledgeEscalation,
  raiseEscalation,
  rateEscalation,
  resolveEscalation,
} from "../app/escalations.ts";
import { loadHistory } from "../app/history.ts";
import { openMissedMilestones } from "../app/misses.ts";
import { replayItem } from "../engine/as-of.ts";
import type { Store } from "../store/store.ts";
import { listEscalations } from "../store/workflows.ts";

const daysBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T10:00:00Z`) - days * 86_400_000);
const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/** An open item of the engagement at `asOf`, for records that point at real work. */
const openItemKey = async (
  store: Store,
  engagementId: string,
  asOf: string,
  category: "todo" | "in_progress",
) => {
  const history = await loadHistory(store, engagementId);
  const item = history.items.find(
    (i) =>
      i.type.toLowerCase() !== "epic" && replayItem(history.eventsOf(i.id), asOf).statusCategory === category,
  );
  return item?.key ?? null;
};

/**
 * The DMs' own records in the demo: an escalation waiting on the customer, a decision the
 * customer is asked to make, an overdue dependency they owe, a resolved and rated escalation,
 * a hand-marked blocker, and the records missed milestones open. Seeded once: a second run
 * leaves existing records alone.
 */
export const seedDemoWorkflows = async (store: Store, endDate: string): Promise<void> => {
  if ((await listEscalations(store.db)).length > 0) return;
  const asOf = `${endDate}T10:00:00.000Z`;
  const now = daysBefore(endDate, 0);

  const acme = await raiseEscalation(
    store,
    {
      engagement: "acme-mobile",
      title: "Payment sandbox keys not provided",
      severity: "high",
      customerImpact: "high",
      impactDate: dateOf(daysBefore(endDate, -10)),
      impact: "Checkout cannot be tested end to end; the release date is at risk",
      ask: "provide sandbox API keys for the payment provider",
      askedOf: "Acme CTO",
      dueDate: dateOf(daysBefore(endDate, -3)),
      level: "L2",
      customerVisible: true,
    },
    daysBefore(endDate, 4),
  );
  const waiting = await openItemKey(store, "acme-mobile", asOf, "todo");
  if (waiting)
    await addDependency(
      store,
      {
        engagement: "acme-mobile",
        title: "sandbox API keys for payments",
        item: waiting,
        onKind: "external",
        owner: "Acme",
        dueDate: dateOf(daysBefore(endDate, 2)),
        customerOwed: true,
      },
      daysBefore(endDate, 6),
    );
  await proposeDecision(
    store,
    {
      engagement: "acme-mobile",
      title: "Payments provider for checkout",
      context: "Checkout needs a payment provider before the release; both support the required markets.",
      options: ["Stripe: faster integration, higher fees", "Adyen: lower fees, two more weeks of work"],
      askCustomer: true,
      links: [acme.escalation.id],
    },
    daysBefore(endDate, 3),
  );

  const hero = await raiseEscalation(
    store,
    {
      engagement: "acme-payments",
      title: "One engineer reviews most payment changes",
      severity: "medium",
      customerImpact: "none",
      ask: "pair a second reviewer on the ledger service",
      askedOf: "Pod tech lead",
      level: "L1",
    },
    daysBefore(endDate, 30),
  );
  await resolveEscalation(
    store,
    hero.escalation.id,
    { resolution: "Second reviewer trained; review load now split 60/40" },
    daysBefore(endDate, 12),
  );
  await rateEscalation(store, hero.escalation.id, true);
  const ledger = await proposeDecision(
    store,
    {
      engagement: "acme-payments",
      title: "Ledger writes go through one service",
      context: "Two services wrote balances, and reconciliation failed twice.",
      options: ["Single ledger service", "Keep both with nightly reconciliation"],
    },
    daysBefore(endDate, 40),
  );
  await acceptDecision(
    store,
    ledger.id,
    {
      decision: "Single ledger service",
      decidedBy: "Priya Raman with Acme's payments lead",
      consequences: "Other services call the ledger API; direct table writes are removed.",
    },
    daysBefore(endDate, 38),
  );

  const review = await raiseEscalation(
    store,
    {
      engagement: "globex-data",
      title: "Review queue waits two days for the data lead",
      severity: "high",
      customerImpact: "low",
      ask: "name a second approver for pipeline changes",
      askedOf: "Globex engineering manager",
      level: "L2",
    },
    daysBefore(endDate, 5),
  );
  await acknowledgeEscalation(store, review.escalation.id, daysBefore(endDate, 4));
  const stuck = await openItemKey(store, "globex-data", asOf, "in_progress");
  if (stuck)
    await addBlocker(
      store,
      {
        engagement: "globex-data",
        title: "Production read replica access not granted",
        owner: "Globex IT",
        item: stuck,
        since: daysBefore(endDate, 3).toISOString(),
      },
      now,
    );

  for (const id of [
    "acme-mobile",
    "acme-payments",
    "globex-data",
    "umbrella-ml",
    "initech-portal",
    "hooli-search",
  ])
    await openMissedMilestones(store, id, asOf);
};
