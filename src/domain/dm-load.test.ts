import { describe, expect, it } from "vitest";
import { evaluateDmLoad, podSize } from "./dm-load.ts";
import type { DmAssignment, Engagement, PodMembership } from "./types.ts";

const engagement = (id: string): Engagement => ({
  id,
  customerId: "acme",
  name: id,
  status: "active",
  sprintLengthDays: 14,
  reportDay: "fri",
  reviewSla: { firstReviewHours: 8 },
  timeZone: "Europe/Berlin",
  startDate: "2026-01-05",
});

const pod = (engagementId: string, count: number, allocationPct = 100): PodMembership[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${engagementId}-m${i}`,
    engagementId,
    personId: `${engagementId}-p${i}`,
    role: "specialist",
    allocationPct,
    from: "2026-01-01",
    to: null,
  }));

const lead = (engagementId: string, personId: string, role: DmAssignment["role"] = "dm"): DmAssignment => ({
  id: `${engagementId}-${personId}-${role}`,
  engagementId,
  personId,
  role,
  from: "2026-01-01",
  to: null,
});

const DATE = "2026-03-01";

describe("DM-load rules", () => {
  it("weights pod size by allocation and ignores members outside their dates", () => {
    const members = [
      ...pod("a", 4, 50),
      { ...pod("a", 1)[0]!, id: "gone", to: "2026-02-01" },
      { ...pod("a", 1)[0]!, id: "later", from: "2026-04-01" },
    ];
    expect(podSize(members, "a", DATE)).toBe(2);
  });

  it("accepts one DM running one pod of 4–8", () => {
    const report = evaluateDmLoad([engagement("a")], pod("a", 6), [lead("a", "dana")], DATE);
    expect(report.violations).toEqual([]);
    expect(report.loads).toEqual([{ personId: "dana", engagementIds: ["a"], load: 1 }]);
  });

  it("accepts a DM sharing two small pods", () => {
    const report = evaluateDmLoad(
      [engagement("a"), engagement("b")],
      [...pod("a", 2), ...pod("b", 3)],
      [lead("a", "dana"), lead("b", "dana")],
      DATE,
    );
    expect(report.violations).toEqual([]);
  });

  it("flags a DM with three small pods", () => {
    const report = evaluateDmLoad(
      [engagement("a"), engagement("b"), engagement("c")],
      [...pod("a", 2), ...pod("b", 3), ...pod("c", 2)],
      [lead("a", "dana"), lead("b", "dana"), lead("c", "dana")],
      DATE,
    );
    expect(report.violations.map((v) => v.kind)).toEqual(["dm_overloaded"]);
    expect(report.violations[0]!.message).toContain("a (2), b (3), c (2)");
  });

  it("flags a DM running a full pod and anything else", () => {
    const report = evaluateDmLoad(
      [engagement("a"), engagement("b")],
      [...pod("a", 5), ...pod("b", 2)],
      [lead("a", "dana"), lead("b", "dana")],
      DATE,
    );
    expect(report.violations).toMatchObject([{ kind: "dm_overloaded", personId: "dana", load: 1.5 }]);
  });

  it("asks for a sub-DM or engagement architect above 8 specialists", () => {
    const without = evaluateDmLoad([engagement("a")], pod("a", 9), [lead("a", "dana")], DATE);
    expect(without.violations).toMatchObject([{ kind: "pod_needs_support", engagementId: "a", podSize: 9 }]);
    const withArchitect = evaluateDmLoad(
      [engagement("a")],
      pod("a", 9),
      [lead("a", "dana"), lead("a", "eli", "engagement_architect")],
      DATE,
    );
    expect(withArchitect.violations).toEqual([]);
  });

  it("flags engagements with no DM or with two", () => {
    const report = evaluateDmLoad(
      [engagement("a"), engagement("b")],
      [...pod("a", 5), ...pod("b", 5)],
      [lead("b", "dana"), lead("b", "omar")],
      DATE,
    );
    expect(report.violations.map((v) => v.kind).sort()).toEqual(["multiple_dms", "no_dm"]);
  });

  it("ignores closed engagements", () => {
    const report = evaluateDmLoad([{ ...engagement("a"), status: "closed" }], pod("a", 5), [], DATE);
    expect(report.violations).toEqual([]);
  });
});
