import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doraReport, reviewReport } from "../../app/metrics.ts";
import type { ReviewMetrics } from "../../engine/reviews-types.ts";
import { TEST_BACKENDS } from "../../testing/stores.ts";
import { REPO, repoFixture } from "./fixtures.ts";
import { type GithubTestServer, startGithubServer } from "./test-server.ts";
import { type GithubHarness, openGithubHarness, TOKEN } from "./test-support.ts";

/*
 * Review figures of the eleven pull requests in fixtures.ts, synced from the local GitHub server
 * through the real pipeline and computed by the same report the CLI and API show.
 *
 * Working hours: nobody is mapped to a person, so every clock runs on the engagement's calendar,
 * Europe/Berlin 09:00–17:00 Mon–Fri; in March 2026 (before 29 March) that is 08:00–16:00 UTC.
 * 2 March 2026 is a Monday. Pickup, review time and time to merge are wall-clock hours while the
 * pull request is ready (open, not a draft); time to first review is working hours per request.
 */

const ASOF = "2026-03-12T16:00:00.000Z";

interface Expected {
  readonly pickup: number | null;
  readonly review: number | null;
  readonly merge: number | null;
  /** Per request, in order: reviewer, status, working hours. */
  readonly requests: readonly (readonly [string, string, number])[];
}

const EXPECTED: Readonly<Record<number, Expected>> = {
  // Ready Mon 09:00; bob asked at 09:00 approves 11:30 (2.5 h, all within 08–16 UTC); merged 12:00.
  101: { pickup: 2.5, review: 0.5, merge: 3, requests: [["bob", "met", 2.5]] },
  // Opened as a draft at 10:00; carol asked at 10:30 while still a draft; ready at 14:00, so her
  // clock starts then: Mon 14–16 (2) + Tue 08–09 (1) = 3 working hours. Pickup Mon 14:00 → Tue
  // 09:00 = 19 h; review 09:00 → merge 10:00 = 1 h; ready → merge 20 h.
  102: { pickup: 19, review: 1, merge: 20, requests: [["carol", "met", 3]] },
  // Team mobile-core asked Mon 15:00; dave (a member) comments in a review Tue 10:00, which
  // satisfies the team request: Mon 15–16 (1) + Tue 08–10 (2) = 3. First review 10:00 → merge 11:30.
  103: { pickup: 19, review: 1.5, merge: 20.5, requests: [["team:mobile-core", "met", 3]] },
  // A bot comment (09:02) and a bot review (09:05) count for nothing; alice approves at 13:00.
  104: { pickup: 4, review: 0.5, merge: 4.5, requests: [["alice", "met", 4]] },
  // Only dave, the author, commented and reviewed: no pickup, no review, an unreviewed merge.
  105: { pickup: null, review: null, merge: 2, requests: [] },
  // Wed 08:00 → changes requested 12:00 (4); the author's reply at 13:00 is not pickup; asked
  // again 14:00 → approved Thu 09:00: Wed 14–16 (2) + Thu 08–09 (1) = 3. First review Wed 12:00
  // → merge Thu 09:30 = 21.5 h; ready Wed 08:00 → merge = 25.5 h.
  106: {
    pickup: 4,
    review: 21.5,
    merge: 25.5,
    requests: [
      ["bob", "met", 4],
      ["bob", "met", 3],
    ],
  },
  // Fri 14:00 → Tue 10:00 across a weekend: Fri 14–16 (2) + Mon (8) + Tue 08–10 (2) = 12 working
  // hours > the 8-hour SLA. Wall clock: 92 h to pickup, 93 h to merge.
  107: { pickup: 92, review: 1, merge: 93, requests: [["carol", "breached", 12]] },
  // Back to draft 10:00–13:00: the clocks pause. Ready 09–10 (1) + 13–15 (2) = 3 to the review;
  // to the merge 1 + 2.5 = 3.5.
  108: { pickup: 3, review: 0.5, merge: 3.5, requests: [["dave", "met", 3]] },
  // bob's comment at 11:00 is the pickup (1 h) but not a review; alice's request is removed at
  // 11:30 (1.5 h, withdrawn); bob approves 14:00 (4 h); merged 16:00.
  109: {
    pickup: 1,
    review: 2,
    merge: 6,
    requests: [
      ["alice", "withdrawn", 1.5],
      ["bob", "met", 4],
    ],
  },
  // Closed Tue 10:00 (ending carol's request after 1 h), reopened Wed 09:00, approved 11:00,
  // merged 12:00. Ready: Tue 09–10 (1) + Wed 09–11 (2) = 3 to pickup, + 1 to merge = 4.
  110: { pickup: 3, review: 1, merge: 4, requests: [["carol", "withdrawn", 1]] },
  // Still waiting: team asked Wed 13:00; as of Thu 16:00, Wed 13–16 (3) + Thu 08–16 (8) = 11.
  111: { pickup: null, review: null, merge: null, requests: [["team:mobile-core", "breached", 11]] },
};

const round = (n: number | undefined | null) =>
  n === undefined || n === null ? null : Math.round(n * 1000) / 1000;

describe.each(TEST_BACKENDS)("review figures of GitHub pull requests on $name", (backend) => {
  let server: GithubTestServer;
  let harness: GithubHarness;
  let metrics: ReviewMetrics;
  beforeAll(async () => {
    server = await startGithubServer(REPO, repoFixture(), { token: TOKEN });
    harness = await openGithubHarness(backend, { apiUrl: server.url });
    expect((await harness.sync()).status).toBe("succeeded");
    metrics = await reviewReport(
      harness.store,
      "acme-mobile",
      { asOf: ASOF, from: "2026-03-01" },
      new Date(ASOF),
    );
  });
  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  it.each(Object.keys(EXPECTED).map(Number))(
    "#%i: pickup, time to first review per request, review time and time to merge match the hand count",
    (number) => {
      const pr = metrics.pullRequests.find((p) => p.number === number)!;
      const expected = EXPECTED[number]!;
      expect({
        pickup: round(pr.pickupTime?.hours),
        review: round(pr.reviewTime?.hours),
        merge: round(pr.timeToMerge?.hours),
        requests: pr.requests.map((r) => [r.reviewer, r.status, round(r.workingHours)]),
      }).toEqual(expected);
    },
  );

  it("counts SLA adherence, the unreviewed merge and when the waiting request fell due", () => {
    expect(metrics.sla).toMatchObject({
      requests: 12,
      met: 8,
      breached: 2,
      breachedOpen: 1,
      withdrawn: 2,
      open: 0,
    });
    expect(metrics.sla.adherence).toBe(0.8);
    expect(metrics.unreviewedMerges.map((m) => m.number)).toEqual([105]);
    // 8 working hours from Wed 13:00 UTC: 3 on Wednesday, 5 on Thursday from 08:00.
    expect(metrics.requests.find((r) => r.prId.endsWith("#111"))!.dueAt).toBe("2026-03-12T13:00:00.000Z");
    // First commit 07:30 → ready 09:00.
    expect(metrics.pullRequests.find((p) => p.number === 101)!.codingTime?.hours).toBe(1.5);
  });

  it("feeds DORA: production deployments, the failure and its recovery, change lead times from first commits", async () => {
    const dora = await doraReport(
      harness.store,
      "acme-mobile",
      { asOf: ASOF, from: "2026-03-01" },
      new Date(ASOF),
    );
    expect(dora.deployments).toMatchObject({ total: 3, successful: 2, failed: 1 });
    // Failed Tue 12:05 → next success Wed 13:10 = 25 h 05 min.
    expect(dora.recoveries.map((r) => r.hours)).toEqual([25.08]);
    // #101: first commit Mon 07:30 → shipped by the Thursday 10:10 deployment = 74 h 40 min.
    expect(dora.changes.find((c) => c.pullRequestId.endsWith("#101"))?.hours).toBe(74.67);
    expect(dora.changes).toHaveLength(10);
  });
});
