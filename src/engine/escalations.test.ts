import { describe, expect, it } from "vitest";
import type { Escalation } from "../domain/workflows.ts";
import { escalationPrecision, escalationWarnings, suggestLevel, titleSimilarity } from "./escalations.ts";

const escalation = (overrides: Partial<Escalation>): Escalation => ({
  id: "esc-1",
  engagementId: "acme-mobile",
  title: "Payment API keys not provided",
  level: "L2",
  suggestedLevel: "L2",
  levelReason: "",
  levelConfirmed: true,
  severity: "high",
  customerImpact: "low",
  impactDate: null,
  impact: "",
  ask: "",
  askedOf: "Acme CTO",
  dueDate: null,
  customerVisible: false,
  status: "open",
  resolution: null,
  warranted: null,
  signalId: null,
  mergedInto: null,
  raisedBy: "omar",
  createdAt: "2026-05-04T09:00:00.000Z",
  acknowledgedAt: null,
  resolvedAt: null,
  ...overrides,
});

describe("suggested escalation level", () => {
  const today = "2026-05-04";
  it("keeps a problem without customer impact in the pod", () => {
    expect(suggestLevel({ severity: "medium", customerImpact: "none", impactDate: null, today }).level).toBe(
      "L1",
    );
  });
  it("takes a problem the customer feels to customer leadership", () => {
    expect(
      suggestLevel({ severity: "medium", customerImpact: "low", impactDate: "2026-06-01", today }).level,
    ).toBe("L2");
  });
  it("goes to the director when the customer is hit hard within a week", () => {
    const s = suggestLevel({ severity: "high", customerImpact: "high", impactDate: "2026-05-08", today });
    expect(s).toEqual({ level: "L3", reason: "high customer impact within a week, impact in 4 days" });
  });
  it("goes to the director for anything critical", () => {
    expect(
      suggestLevel({ severity: "critical", customerImpact: "none", impactDate: null, today }).level,
    ).toBe("L3");
  });
  it("raises high severity landing soon to L2 even without customer impact", () => {
    expect(
      suggestLevel({ severity: "high", customerImpact: "none", impactDate: "2026-05-10", today }).level,
    ).toBe("L2");
    expect(
      suggestLevel({ severity: "high", customerImpact: "none", impactDate: "2026-07-10", today }).level,
    ).toBe("L1");
  });
});

describe("escalation warnings", () => {
  const draft = {
    engagementId: "acme-mobile",
    title: "API keys for payments not provided",
    level: "L2" as const,
    signalId: null,
    raisedBy: "omar",
  };
  const now = "2026-05-20T10:00:00.000Z";

  it("points to an open escalation about the same problem", () => {
    const warnings = escalationWarnings(draft, [escalation({})], now);
    expect(warnings).toEqual([expect.objectContaining({ kind: "duplicate", escalationId: "esc-1" })]);
  });

  it("warns when the pod already handles the problem at L1", () => {
    const warnings = escalationWarnings(draft, [escalation({ level: "L1" })], now);
    expect(warnings.map((w) => w.kind)).toEqual(["handled_at_l1"]);
  });

  it("says nothing about resolved or unrelated escalations", () => {
    const others = [
      escalation({ status: "resolved" }),
      escalation({ id: "esc-2", title: "Flaky CI on main", raisedBy: "lena" }),
    ];
    expect(escalationWarnings(draft, others, now)).toEqual([]);
  });

  it("matches by signal even when titles differ", () => {
    const warnings = escalationWarnings(
      { ...draft, signalId: "sig-9" },
      [escalation({ title: "Review queue", signalId: "sig-9" })],
      now,
    );
    expect(warnings.map((w) => w.kind)).toEqual(["duplicate"]);
  });

  it("notices a DM escalating far more often than usual this month", () => {
    const history = [
      escalation({ id: "a", title: "one", createdAt: "2026-03-03T09:00:00.000Z", status: "resolved" }),
      escalation({ id: "b", title: "two", createdAt: "2026-04-03T09:00:00.000Z", status: "resolved" }),
      escalation({ id: "c", title: "three", createdAt: "2026-05-02T09:00:00.000Z", status: "resolved" }),
      escalation({ id: "d", title: "four", createdAt: "2026-05-09T09:00:00.000Z", status: "resolved" }),
    ];
    const warnings = escalationWarnings({ ...draft, title: "five" }, history, now);
    expect(warnings).toEqual([expect.objectContaining({ kind: "unusually_often", count: 3, usual: 0 })]);
  });
});

describe("escalation precision", () => {
  it("is the share of rated, resolved escalations that were warranted", () => {
    const p = escalationPrecision([
      escalation({ status: "resolved", warranted: true }),
      escalation({ status: "resolved", warranted: true }),
      escalation({ status: "resolved", warranted: false }),
      escalation({ status: "resolved", warranted: null }),
      escalation({ status: "resolved", warranted: true, mergedInto: "x" }),
      escalation({ status: "open" }),
    ]);
    expect(p).toEqual({ rated: 3, warranted: 2, precision: 2 / 3, unrated: 1 });
  });
});

describe("title similarity", () => {
  it("ignores case, punctuation and filler words", () => {
    expect(titleSimilarity("The API keys are late!", "api keys late")).toBe(1);
    expect(titleSimilarity("API keys late", "API keys and staging late")).toBeCloseTo(3 / 4);
    expect(titleSimilarity("", "x")).toBe(0);
  });
});
