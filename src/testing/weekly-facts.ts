import type { WeeklyFacts } from "../reports/facts.ts";

/**
 * Hand-built weekly facts for tests of what is written from facts (the grounding check, narration):
 * a green week, a red one with every kind of ask, and an empty first week.
 */

/** A calm week: Beta on track, a sprint under way, two items delivered. */
export const greenWeek: WeeklyFacts = {
  kind: "weekly",
  engagement: { id: "acme-mobile", name: "Acme Mobile", customer: "Acme Corp" },
  dm: "Omar Farouk",
  asOf: "2026-12-04T23:59:59.999Z",
  week: { from: "2026-11-28", to: "2026-12-04" },
  rag: { status: "green", reasons: [] },
  milestones: [
    {
      name: "Beta",
      targetDate: "2026-12-18",
      closed: false,
      scopeItems: 12,
      remainingItems: 4,
      percentComplete: 8 / 12,
      p50: "2026-12-09",
      p85: "2026-12-15",
      probability: 0.91,
      p85LastWeek: "2026-12-17",
      movementDays: -2,
      noForecast: null,
    },
  ],
  sprint: {
    name: "ACME Sprint 14",
    endsOn: "2026-12-11",
    plannedItems: 9,
    addedItems: 2,
    removedItems: 1,
    completedItems: 6,
    remainingItems: 4,
  },
  delivered: {
    items: 5,
    visible: [
      { key: "ACME-12", title: "Sign in with passkeys" },
      { key: "ACME-15", title: "Receipts as PDF" },
    ],
  },
  flow: { throughputPerWeek: 4.25, cycleTimeP50Days: 2.46, wip: 3 },
  reviewSla: { limitHours: 8, met: 9, breached: 1, adherence: 0.9 },
  escalations: [],
  decisionsAwaitingCustomer: [],
  overdueCustomerDependencies: [],
  risks: [],
  capacityChanges: [],
};

/** A bad week: Beta slipping, an escalation, a decision and a late dependency, someone leaving. */
export const redWeek: WeeklyFacts = {
  ...greenWeek,
  rag: {
    status: "red",
    reasons: [
      "Beta's 85 % forecast, 29 Dec 2026, is more than a week after its 18 Dec 2026 target",
      "open escalation: Payment sandbox keys",
      "1 item owed by the customer is overdue",
    ],
  },
  milestones: [
    {
      ...(greenWeek.milestones[0] as WeeklyFacts["milestones"][number]),
      p50: "2026-12-21",
      p85: "2026-12-29",
      probability: 0.35,
      movementDays: 12,
    },
  ],
  escalations: [
    {
      id: "esc-1a2b3c4d",
      title: "Payment sandbox keys",
      level: "L2",
      status: "open",
      ask: "Provide the sandbox keys",
      askedOf: "Acme CTO",
      dueDate: "2026-12-08",
    },
  ],
  decisionsAwaitingCustomer: [
    { id: "acme-mobile-adr-3", number: 3, title: "Payments provider", options: ["Stripe", "Adyen"] },
  ],
  overdueCustomerDependencies: [
    { title: "Brand assets", owner: "Acme Corp", dueDate: "2026-12-01", daysOverdue: 3 },
  ],
  risks: [{ signalId: "sig-3fcc61bb", pattern: "scope-drift", title: "Scope grew by 40 % in two weeks" }],
  capacityChanges: [{ name: "Lena Novak", change: "leaves", date: "2026-12-16" }],
};

/** A quiet start: no milestones, no sprint, no history yet. */
export const emptyWeek: WeeklyFacts = {
  ...greenWeek,
  dm: null,
  milestones: [],
  sprint: null,
  delivered: { items: 0, visible: [] },
  flow: { throughputPerWeek: null, cycleTimeP50Days: null, wip: 0 },
  reviewSla: { limitHours: 8, met: 0, breached: 0, adherence: null },
};
