import { describe, expect, it } from "vitest";
import type { WeeklyFacts } from "./facts.ts";
import { groundingCheck } from "./grounding.ts";
import { weeklyMarkdown } from "./markdown.ts";

/** A calm week: Beta on track, a sprint under way, two items delivered. */
const green: WeeklyFacts = {
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
const red: WeeklyFacts = {
  ...green,
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
      ...(green.milestones[0] as WeeklyFacts["milestones"][number]),
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
const empty: WeeklyFacts = {
  ...green,
  dm: null,
  milestones: [],
  sprint: null,
  delivered: { items: 0, visible: [] },
  flow: { throughputPerWeek: null, cycleTimeP50Days: null, wip: 0 },
  reviewSla: { limitHours: 8, met: 0, breached: 0, adherence: null },
};

const check = (text: string, facts: WeeklyFacts = green) =>
  groundingCheck(text, facts, weeklyMarkdown(facts));

const texts = (text: string, facts: WeeklyFacts = green) =>
  check(text, facts).unsupported.map((u) => [u.kind, u.text]);

describe("grounding check", () => {
  it.each([
    ["green", green],
    ["red", red],
    ["empty", empty],
  ])("accepts the template written from the %s facts, word for word", (_name, facts) => {
    expect(check(weeklyMarkdown(facts), facts)).toEqual({ ok: true, unsupported: [] });
  });

  it("rejects a number the facts do not hold, saying where it is", () => {
    const text = "We delivered 42 items this week.";
    expect(check(text)).toEqual({
      ok: false,
      unsupported: [{ kind: "number", text: "42", at: text.indexOf("42") }],
    });
  });

  it("rejects a date the facts do not hold, in any of the forms prose uses", () => {
    expect(texts("Beta ships on 5 Jan 2027.")).toEqual([["date", "5 Jan 2027"]]);
    expect(texts("Beta ships on January 5th, 2027.")).toEqual([["date", "January 5th, 2027"]]);
    expect(texts("Beta ships on 2027-01-05.")).toEqual([["date", "2027-01-05"]]);
    expect(texts("Beta ships on Dec 19.")).toEqual([["date", "Dec 19"]]);
    expect(texts("Beta ships on 19 December.")).toEqual([["date", "19 December"]]);
    expect(texts("Beta ships in March 2027.")).toEqual([["date", "March 2027"]]);
  });

  it("rejects a person or company the facts never name", () => {
    expect(texts("The keys came from Alice on Monday.")).toEqual([["name", "Alice"]]);
    expect(texts("We thank the Globex team.")).toEqual([["name", "Globex"]]);
    expect(texts("Omar Farouk and Alice Smith met.")).toEqual([["name", "Alice Smith"]]);
  });

  it("rejects invented item keys, escalation levels and decision numbers", () => {
    expect(texts("ACME-99 is done and ADR-7 is open.", red)).toEqual([
      ["name", "ACME-99"],
      ["name", "ADR-7"],
    ]);
    expect(texts("ACME-12 is done and ADR-3 waits for you (L2).", red)).toEqual([]);
  });

  it("accepts a rephrased week that uses only the facts' numbers, dates and names", () => {
    const text = [
      "Beta remains on track: at 85 % confidence it lands by 15 Dec, three days before its",
      "18 December target, and two days earlier than last week's forecast. 67% of its 12 items are",
      "done, with 4 left; the chance of making the target is 91 percent.",
      "",
      "This week the pod delivered five items, including ACME-12 (Sign in with passkeys), against",
      "about 4.3 a week lately. ACME Sprint 14 has 6 of 10 items done and ends on Friday, Dec 11th.",
      "Reviews: 90 % started within 8 working hours (9 of 10). Work typically takes 2.5 days",
      "from start to done, with 3 items in progress. Omar Farouk, for Acme Corp.",
    ].join("\n");
    expect(check(text)).toEqual({ ok: true, unsupported: [] });
  });

  it("rejects a percentage that is not a share in the facts, even when the number is", () => {
    // 12 is Beta's scope, not a percentage of anything.
    expect(texts("Code review is at 12 % adherence.")).toEqual([["number", "12 %"]]);
    expect(texts("Code review is at 95% adherence.")).toEqual([["number", "95%"]]);
  });

  it("accepts days between a report date and a fact's date, and whole weeks of them", () => {
    // 4 Dec (week end) to 18 Dec (target): 14 days, two weeks; 4 Dec to 11 Dec (sprint end): 7 days.
    expect(check("Beta is due in 14 days, two weeks from today; the sprint ends in 7 days.").ok).toBe(true);
    expect(texts("Beta is due in 23 days.")).toEqual([["number", "23"]]);
  });

  it("does not read list numbering, headings' title case or sentence openers as claims", () => {
    const text = "## Coming Up Next\n\n1. Sprint review.\n2. Thanks for the keys.\nTogether we ship Beta.";
    expect(check(text)).toEqual({ ok: true, unsupported: [] });
  });

  it("rejects a link the facts do not hold", () => {
    expect(texts("See https://evil.example/pay for details.")).toEqual([
      ["name", "https://evil.example/pay"],
    ]);
  });

  it("reports every unsupported claim in the order written", () => {
    const text = "Alice says 42 items ship on 5 Jan 2027 at 99 %.";
    expect(texts(`Today ${text}`)).toEqual([
      ["name", "Alice"],
      ["number", "42"],
      ["date", "5 Jan 2027"],
      ["number", "99 %"],
    ]);
  });
});
