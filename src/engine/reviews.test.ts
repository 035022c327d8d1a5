import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventId } from "../domain/ids.ts";
import type {
  Engagement,
  EventKind,
  HistoryEvent,
  Person,
  PersonIdentity,
  PullRequest,
  WorkingCalendar,
} from "../domain/types.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { buildHistory, type EngagementHistory } from "./history.ts";
import { type ReviewMetrics, type ReviewRequestClock, reviewMetrics } from "./reviews.ts";

const engagement: Engagement = testEngagement();

const nineToFive = (timeZone: string): WorkingCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: "09:00",
  workEnd: "17:00",
  holidays: [],
});

const person = (id: string, timeZone: string): Person => ({
  id,
  name: id,
  email: `${id}@example.com`,
  calendar: nineToFive(timeZone),
});
const people = [
  person("p-alice", "Europe/Berlin"),
  person("p-bob", "Europe/Berlin"),
  person("p-carol", "America/New_York"),
];
const identities: PersonIdentity[] = [
  { source: "github", externalId: "alice", personId: "p-alice" },
  { source: "github", externalId: "bob", personId: "p-bob" },
  { source: "github", externalId: "carol", personId: "p-carol" },
  // Carol's second GitHub account: her reviews from it are still the author's own.
  { source: "github", externalId: "carol-work", personId: "p-carol" },
];
// `dave` maps to no person: his clock runs on the engagement's default calendar (Berlin, 9–17).

/** One step of a pull request's history: [UTC instant, kind, actor, to]. */
type Step = readonly [string, EventKind, string | null, (string | null)?];

interface PrFixture {
  readonly pr: PullRequest;
  readonly events: readonly HistoryEvent[];
}

const prId = (n: number) => `github:pr:acme:${n}`;
const botLike = new Set(["renovate"]);

/** A pull request and its events, tersely: seq is the step's position, bots by `[bot]` or name. */
const pullRequest = (
  n: number,
  author: string,
  firstCommitAt: string | null,
  steps: readonly Step[],
  size: readonly [number, number, number] = [100, 20, 4],
): PrFixture => {
  const id = prId(n);
  const events = steps.map(
    ([at, kind, actor, to], seq): HistoryEvent => ({
      id: eventId(id, at, kind, seq),
      engagementId: engagement.id,
      sourceId: "acme",
      entity: "pr",
      entityId: id,
      at,
      kind,
      from: null,
      to: to ?? null,
      fromLabel: null,
      toLabel: null,
      actor,
      actorIsBot: actor !== null && (actor.endsWith("[bot]") || botLike.has(actor)),
      seq,
    }),
  );
  const created = steps.find(([, kind]) => kind === "created");
  return {
    pr: {
      id,
      engagementId: engagement.id,
      sourceId: "acme",
      repo: "acme/app",
      number: n,
      title: `PR ${n}`,
      author,
      state: "open",
      draft: false,
      createdAt: created?.[0] ?? steps[0]![0],
      mergedAt: null,
      closedAt: null,
      firstCommitAt,
      additions: size[0],
      deletions: size[1],
      changedFiles: size[2],
      baseBranch: "main",
      itemKeys: [],
    },
    events,
  };
};

const historyOf = (fixtures: readonly PrFixture[]): EngagementHistory =>
  buildHistory({
    engagement,
    pullRequests: fixtures.map((f) => f.pr),
    people,
    identities,
    events: fixtures.flatMap((f) => f.events),
  });

const idOf = (fixture: PrFixture, index: number) => fixture.events[index]!.id;

// Local Berlin time is UTC+1 until 2026-03-29, UTC+2 after; New York is UTC−5 until 2026-03-08, UTC−4 after.
const plain = pullRequest(1, "alice", "2026-03-02T08:00:00.000Z", [
  ["2026-03-02T10:00:00.000Z", "created", "alice", "open"],
  ["2026-03-02T10:00:00.000Z", "review_requested", "alice", "bob"],
  ["2026-03-02T10:05:00.000Z", "commented", "ci-bot[bot]"],
  ["2026-03-02T13:00:00.000Z", "reviewed", "bob", "approved"],
  ["2026-03-02T14:00:00.000Z", "merged", "alice"],
]);
const teamRequest = pullRequest(2, "bob", "2026-03-02T15:00:00.000Z", [
  ["2026-03-03T08:00:00.000Z", "created", "bob", "open"],
  ["2026-03-03T08:00:00.000Z", "review_requested", "bob", "team:mobile"],
  ["2026-03-03T08:05:00.000Z", "reviewed", "lint-bot[bot]", "commented"],
  ["2026-03-03T14:00:00.000Z", "reviewed", "carol", "changes_requested"],
  ["2026-03-03T15:00:00.000Z", "commented", "bob"],
  ["2026-03-04T09:00:00.000Z", "reviewed", "carol", "approved"],
  ["2026-03-04T10:00:00.000Z", "merged", "bob"],
]);
const selfReviewed = pullRequest(3, "carol", null, [
  ["2026-03-04T14:00:00.000Z", "created", "carol", "open"],
  ["2026-03-04T14:30:00.000Z", "reviewed", "carol-work", "approved"],
  ["2026-03-04T14:40:00.000Z", "reviewed", "renovate", "approved"],
  ["2026-03-04T15:00:00.000Z", "merged", "carol"],
]);
const draftFirst = pullRequest(4, "alice", "2026-03-02T09:00:00.000Z", [
  ["2026-03-02T10:00:00.000Z", "created", "alice", "draft"],
  ["2026-03-02T12:00:00.000Z", "commented", "dave"],
  ["2026-03-03T09:00:00.000Z", "ready_for_review", "alice"],
  ["2026-03-03T09:00:00.000Z", "review_requested", "alice", "bob"],
  ["2026-03-03T10:00:00.000Z", "converted_to_draft", "alice"],
  ["2026-03-03T12:00:00.000Z", "ready_for_review", "alice"],
  ["2026-03-03T13:00:00.000Z", "reviewed", "bob", "approved"],
  ["2026-03-03T15:00:00.000Z", "merged", "alice"],
]);
const fridayEvening = pullRequest(5, "bob", null, [
  ["2026-03-06T16:00:00.000Z", "created", "bob", "open"],
  ["2026-03-06T16:00:00.000Z", "review_requested", "bob", "alice"],
  ["2026-03-09T09:00:00.000Z", "reviewed", "alice", "approved"],
  ["2026-03-09T10:00:00.000Z", "merged", "bob"],
]);
const lateInNewYork = pullRequest(6, "alice", null, [
  ["2026-03-04T08:00:00.000Z", "created", "alice", "open"],
  ["2026-03-04T08:00:00.000Z", "review_requested", "alice", "carol"],
  ["2026-03-05T20:00:00.000Z", "reviewed", "carol", "approved"],
  ["2026-03-06T09:00:00.000Z", "merged", "alice"],
]);
const withdrawn = pullRequest(7, "carol", null, [
  ["2026-03-09T08:00:00.000Z", "created", "carol", "open"],
  ["2026-03-09T08:00:00.000Z", "review_requested", "carol", "dave"],
  ["2026-03-09T10:00:00.000Z", "review_request_removed", "carol", "dave"],
  ["2026-03-09T10:00:00.000Z", "review_requested", "carol", "alice"],
  ["2026-03-09T12:00:00.000Z", "reviewed", "alice", "commented"],
  ["2026-03-09T13:00:00.000Z", "reviewed", "alice", "approved"],
  ["2026-03-09T14:00:00.000Z", "merged", "carol"],
]);
const reRequested = pullRequest(8, "dave", null, [
  ["2026-03-10T08:00:00.000Z", "created", "dave", "open"],
  ["2026-03-10T08:00:00.000Z", "review_requested", "dave", "bob"],
  ["2026-03-10T08:30:00.000Z", "review_requested", "dave", "bob"],
  ["2026-03-10T10:00:00.000Z", "reviewed", "bob", "changes_requested"],
  ["2026-03-10T11:00:00.000Z", "commented", "dave"],
  ["2026-03-10T12:00:00.000Z", "review_requested", "dave", "bob"],
  ["2026-03-11T09:00:00.000Z", "reviewed", "bob", "approved"],
  ["2026-03-11T10:00:00.000Z", "merged", "dave"],
]);
const acrossDst = pullRequest(9, "alice", null, [
  ["2026-03-27T15:00:00.000Z", "created", "alice", "open"],
  ["2026-03-27T15:00:00.000Z", "review_requested", "alice", "bob"],
  ["2026-03-30T08:00:00.000Z", "reviewed", "bob", "approved"],
  ["2026-03-30T09:00:00.000Z", "merged", "alice"],
]);
const stillOpen = pullRequest(10, "bob", null, [
  ["2026-04-01T08:00:00.000Z", "created", "bob", "open"],
  ["2026-04-01T08:00:00.000Z", "review_requested", "bob", "alice"],
  ["2026-04-01T12:00:00.000Z", "reviewed", "alice", "approved"],
]);
const saturday = pullRequest(11, "carol", null, [
  ["2026-03-14T10:00:00.000Z", "created", "carol", "open"],
  ["2026-03-14T10:00:00.000Z", "review_requested", "carol", "alice"],
  ["2026-03-16T08:30:00.000Z", "reviewed", "alice", "approved"],
  ["2026-03-16T09:00:00.000Z", "merged", "carol"],
]);
const future = pullRequest(12, "alice", null, [["2026-04-05T08:00:00.000Z", "created", "alice", "open"]]);
const abandoned = pullRequest(13, "dave", null, [
  ["2026-03-16T08:00:00.000Z", "created", "dave", "open"],
  ["2026-03-16T08:00:00.000Z", "review_requested", "dave", "carol"],
  ["2026-03-16T09:00:00.000Z", "closed", "dave"],
]);

const fixtures = [
  plain,
  teamRequest,
  selfReviewed,
  draftFirst,
  fridayEvening,
  lateInNewYork,
  withdrawn,
  reRequested,
  acrossDst,
  stillOpen,
  saturday,
  future,
  abandoned,
];
const history = historyOf(fixtures);
const ASOF = "2026-04-01T10:00:00.000Z";
const metrics = reviewMetrics(history, ASOF);

const prOf = (m: ReviewMetrics, fixture: PrFixture) => m.pullRequests.find((p) => p.prId === fixture.pr.id);
const requestsOf = (m: ReviewMetrics, fixture: PrFixture): readonly ReviewRequestClock[] =>
  m.requests.filter((r) => r.prId === fixture.pr.id);

describe("pull-request clocks", () => {
  it("measures coding, pickup, review and merge time, ignoring bot comments", () => {
    const pr = prOf(metrics, plain)!;
    expect(pr.codingTime).toMatchObject({ hours: 2, eventIds: [idOf(plain, 0)] });
    expect(pr.pickupTime).toEqual({
      startAt: "2026-03-02T10:00:00.000Z",
      endAt: "2026-03-02T13:00:00.000Z",
      hours: 3,
      pausedHours: 0,
      eventIds: [idOf(plain, 0), idOf(plain, 3)],
    });
    expect(pr.reviewTime?.hours).toBe(1);
    expect(pr.timeToMerge?.hours).toBe(4);
    expect(pr).toMatchObject({ lines: 120, changedFiles: 4, phase: "merged", reviewers: ["bob"] });
    expect(pr.unreviewedMerge).toBe(false);
  });

  it("does not count a bot's review as pickup", () => {
    const pr = prOf(metrics, teamRequest)!;
    expect(pr.pickupTime?.hours).toBe(6);
    expect(pr.reviewTime?.hours).toBe(20);
    expect(pr.timeToMerge?.hours).toBe(26);
    expect(pr.codingTime?.hours).toBe(17);
    expect(pr.reviewers).toEqual(["carol"]);
  });

  it("flags a merge reviewed only by its author (on another account) and a bot", () => {
    const pr = prOf(metrics, selfReviewed)!;
    expect(pr.unreviewedMerge).toBe(true);
    expect(pr.pickupTime).toBeNull();
    expect(pr.reviewTime).toBeNull();
    expect(pr.reviewers).toEqual([]);
    expect(metrics.unreviewedMerges).toEqual([
      {
        prId: selfReviewed.pr.id,
        repo: "acme/app",
        number: 3,
        author: "carol",
        mergedAt: "2026-03-04T15:00:00.000Z",
        eventIds: [idOf(selfReviewed, 3), idOf(selfReviewed, 1), idOf(selfReviewed, 2)],
      },
    ]);
  });

  it("excludes draft time from every review clock, but counts the leading draft as coding", () => {
    const pr = prOf(metrics, draftFirst)!;
    expect(pr.readyAt).toBe("2026-03-03T09:00:00.000Z");
    expect(pr.codingTime?.hours).toBe(24);
    // Dave's comment on the draft is not pickup; the two hours back in draft are paused.
    expect(pr.pickupTime).toMatchObject({ hours: 2, pausedHours: 2 });
    expect(pr.timeToMerge).toMatchObject({ hours: 4, pausedHours: 2 });
    expect(pr.reviewTime?.hours).toBe(2);
    const [request] = requestsOf(metrics, draftFirst);
    expect(request).toMatchObject({ status: "met", hours: 2, workingHours: 2 });
    // 1 h before the pause, then 7 h from Tue 13:00: Tue 13–17 and Wed 09–12 Berlin.
    expect(request?.dueAt).toBe("2026-03-04T11:00:00.000Z");
  });

  it("does not count a pull request created after as-of", () => {
    expect(prOf(metrics, future)).toBeUndefined();
    expect(metrics.pullRequests).toHaveLength(12);
  });
});

describe("review requests on the reviewer's calendar", () => {
  it("counts one working hour from Friday 17:00 to Monday 10:00 in Berlin", () => {
    const [request] = requestsOf(metrics, fridayEvening);
    expect(request).toMatchObject({
      reviewer: "alice",
      status: "met",
      hours: 65,
      workingHours: 1,
      timeZone: "Europe/Berlin",
      reviewedBy: "alice",
      reviewState: "approved",
      // Eight hours from Monday 09:00 run out at 17:00; the clock next moves on Tuesday 09:00.
      dueAt: "2026-03-10T08:00:00.000Z",
      eventIds: [idOf(fridayEvening, 1), idOf(fridayEvening, 2)],
    });
  });

  it("lets any team member, but no bot, satisfy a team request on the engagement calendar", () => {
    const [request] = requestsOf(metrics, teamRequest);
    expect(request).toMatchObject({
      reviewer: "team:mobile",
      team: true,
      status: "met",
      workingHours: 6,
      reviewedBy: "carol",
      reviewState: "changes_requested",
      timeZone: "Europe/Berlin",
    });
  });

  it("knows a breach the moment the clock passes the limit, while the request is still open", () => {
    // Requested Wed 03:00 in New York: the clock runs Wed 09–17 EST, so it is due Thu 09:00 EST.
    const due = "2026-03-05T14:00:00.000Z";
    const atDue = requestsOf(reviewMetrics(history, due), lateInNewYork)[0];
    expect(atDue).toMatchObject({
      status: "open",
      dueAt: due,
      workingHours: 8,
      timeZone: "America/New_York",
    });
    const after = reviewMetrics(history, "2026-03-05T14:30:00.000Z");
    expect(requestsOf(after, lateInNewYork)[0]).toMatchObject({
      status: "breached",
      endedBy: null,
      workingHours: 8.5,
    });
    expect(after.sla).toMatchObject({ breached: 1, breachedOpen: 1 });
    expect(after.reviewers.find((r) => r.reviewer === "p-carol")).toMatchObject({
      openRequests: 1,
      overdueRequests: 1,
    });
    // The late review keeps it breached: 8 h Wednesday + 6 h Thursday.
    expect(requestsOf(metrics, lateInNewYork)[0]).toMatchObject({ status: "breached", workingHours: 14 });
  });

  it("withdraws a removed request and starts a fresh clock for the next reviewer", () => {
    const [dave, alice] = requestsOf(metrics, withdrawn);
    expect(dave).toMatchObject({
      status: "withdrawn",
      endedBy: "request_removed",
      workingHours: 2,
      dueAt: "2026-03-10T08:00:00.000Z",
      eventIds: [idOf(withdrawn, 1), idOf(withdrawn, 2)],
    });
    expect(alice).toMatchObject({ status: "met", workingHours: 2, reviewState: "commented" });
    expect(prOf(metrics, withdrawn)?.pickupTime?.hours).toBe(4);
  });

  it("folds a repeated request into the open one and starts a new clock after a review", () => {
    const requests = requestsOf(metrics, reRequested);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      status: "met",
      workingHours: 2,
      eventIds: [idOf(reRequested, 1), idOf(reRequested, 2), idOf(reRequested, 3)],
    });
    // Re-requested Tue 13:00 Berlin, reviewed Wed 10:00: 4 h + 1 h.
    expect(requests[1]).toMatchObject({
      status: "met",
      workingHours: 5,
      requestedAt: "2026-03-10T12:00:00.000Z",
    });
  });

  it("runs the clock across the spring-forward weekend", () => {
    const [request] = requestsOf(metrics, acrossDst);
    expect(request).toMatchObject({
      status: "met",
      hours: 65,
      workingHours: 2,
      // Fri 16–17 CET, then Mon 09:00–16:00 CEST.
      dueAt: "2026-03-30T14:00:00.000Z",
    });
  });

  it("ignores a review that lands after as-of", () => {
    const [request] = requestsOf(metrics, stillOpen);
    expect(request).toMatchObject({
      status: "open",
      endedBy: null,
      workingHours: 2,
      dueAt: "2026-04-02T08:00:00.000Z",
    });
    expect(prOf(metrics, stillOpen)).toMatchObject({ phase: "ready", pickupTime: null, reviewers: [] });
  });

  it("starts the clock of a Saturday request on Monday morning", () => {
    const [request] = requestsOf(metrics, saturday);
    expect(request).toMatchObject({ status: "met", workingHours: 0.5, hours: 46.5 });
  });

  it("withdraws a request whose pull request was closed within the limit", () => {
    const [request] = requestsOf(metrics, abandoned);
    expect(request).toMatchObject({ status: "withdrawn", endedBy: "closed", workingHours: 0 });
    expect(prOf(metrics, abandoned)?.phase).toBe("closed");
  });
});

describe("aggregates", () => {
  it("computes SLA adherence over requests with a known outcome", () => {
    expect(metrics.sla).toMatchObject({
      limitHours: 8,
      requests: 13,
      met: 9,
      breached: 1,
      breachedOpen: 0,
      open: 1,
      withdrawn: 2,
      adherence: 0.9,
    });
    expect(metrics.sla.evidence.breached).toEqual([idOf(lateInNewYork, 1)]);
    expect(metrics.sla.evidence.open).toEqual([idOf(stillOpen, 1)]);
  });

  it("gives median and P85 of each clock, with the samples behind them", () => {
    expect(metrics.timeToFirstReview).toMatchObject({ count: 10, median: 2 });
    expect(metrics.timeToFirstReview.p85).toBeCloseTo(5.65, 9);
    expect(metrics.pickupTime).toMatchObject({ count: 9, median: 6 });
    expect(metrics.pickupTime.p85).toBeCloseTo(61.3, 9);
    expect(metrics.timeToMerge).toMatchObject({ count: 10, median: 26 });
    expect(metrics.timeToMerge.p85).toBeCloseTo(60.05, 9);
    expect(metrics.reviewTime).toMatchObject({ count: 9, median: 2 });
    expect(metrics.reviewTime.p85).toBeCloseTo(18.6, 9);
    expect(metrics.pickupTime.samples.find((s) => s.prId === plain.pr.id)).toEqual({
      id: plain.pr.id,
      prId: plain.pr.id,
      value: 3,
      eventIds: [idOf(plain, 0), idOf(plain, 3)],
    });
  });

  it("reports each reviewer's load by person, teams on their own", () => {
    const rows = metrics.reviewers.map((r) => [
      r.reviewer,
      r.openRequests,
      r.reviewsGiven,
      r.medianTimeToFirstReview,
    ]);
    expect(rows).toEqual([
      ["p-alice", 1, 4, 1],
      ["p-bob", 0, 5, 2],
      ["p-carol", 0, 3, 14],
      ["team:mobile", 0, 0, 6],
    ]);
    expect(metrics.reviewers[0]?.openRequestIds).toEqual([idOf(stillOpen, 1)]);
  });

  it("windows requests by when they were made and pull-request clocks by when they stopped", () => {
    const week = reviewMetrics(history, ASOF, {
      from: "2026-03-09T00:00:00.000Z",
      to: "2026-03-15T23:59:59.999Z",
    });
    expect(week.window).toEqual({ from: "2026-03-09T00:00:00.000Z", to: "2026-03-15T23:59:59.999Z" });
    expect(week.sla).toMatchObject({ requests: 5, met: 4, withdrawn: 1, breached: 0, adherence: 1 });
    expect(week.timeToMerge.samples.map((s) => s.value)).toEqual([66, 6, 26]);
    expect(week.timeToMerge.median).toBe(26);
    expect(week.unreviewedMerges).toEqual([]);
    expect(week.pullRequests).toHaveLength(12);
    expect(week.reviewers.find((r) => r.reviewer === "p-bob")?.reviewsGiven).toBe(2);
  });

  it("caps the window at as-of", () => {
    expect(reviewMetrics(history, ASOF, { to: "2027-01-01T00:00:00.000Z" }).window.to).toBe(ASOF);
  });
});

const truncated = (fixtures: readonly PrFixture[], asOf: string): EngagementHistory =>
  historyOf(fixtures.map((f) => ({ pr: f.pr, events: f.events.filter((e) => e.at <= asOf) })));

const START = Date.parse("2026-03-02T00:00:00.000Z");
const instantIn = (days: number) =>
  fc.integer({ min: 0, max: days * 1440 }).map((m) => new Date(START + m * 60_000).toISOString());

const accounts = ["alice", "bob", "carol", "carol-work", "dave", "ci-bot[bot]", "renovate"] as const;
const kinds: readonly EventKind[] = [
  "review_requested",
  "review_request_removed",
  "reviewed",
  "commented",
  "ready_for_review",
  "converted_to_draft",
  "merged",
  "closed",
  "reopened",
];
const randomPr = (n: number) =>
  fc
    .record({
      author: fc.constantFrom("alice", "bob", "carol", "dave"),
      draft: fc.boolean(),
      created: instantIn(40),
      steps: fc.array(
        fc.record({
          minutes: fc.integer({ min: 0, max: 20 * 1440 }),
          kind: fc.constantFrom(...kinds),
          actor: fc.constantFrom(...accounts),
          target: fc.constantFrom("alice", "bob", "carol", "dave", "team:mobile", "lint[bot]"),
          state: fc.constantFrom("approved", "changes_requested", "commented", "pending"),
        }),
        { maxLength: 12 },
      ),
    })
    .map(({ author, draft, created, steps }) =>
      pullRequest(n, author, created, [
        [created, "created", author, draft ? "draft" : "open"],
        ...steps.map(({ minutes, kind, actor, target, state }): Step => {
          const at = new Date(Date.parse(created) + minutes * 60_000).toISOString();
          const to = kind.startsWith("review_request") ? target : kind === "reviewed" ? state : null;
          return [at, kind, actor, to];
        }),
      ]),
    );

describe("time travel", () => {
  it("ignores every event after as-of (hand-built history)", () => {
    fc.assert(
      fc.property(instantIn(35), (asOf) => {
        expect(reviewMetrics(history, asOf)).toEqual(reviewMetrics(truncated(fixtures, asOf), asOf));
      }),
      { numRuns: 60 },
    );
  });

  it("ignores every event after as-of (generated histories)", () => {
    fc.assert(
      fc.property(fc.tuple(randomPr(1), randomPr(2), randomPr(3)), instantIn(60), (prs, asOf) => {
        const full = historyOf(prs);
        expect(reviewMetrics(full, asOf)).toEqual(reviewMetrics(truncated(prs, asOf), asOf));
      }),
      { numRuns: 150 },
    );
  });

  it("calls an open request breached exactly when as-of is past its deadline, and never un-breaches", () => {
    fc.assert(
      fc.property(fc.tuple(randomPr(1), randomPr(2)), instantIn(60), instantIn(60), (prs, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const h = historyOf(prs);
        const before = reviewMetrics(h, early);
        const after = reviewMetrics(h, late);
        for (const request of before.requests) {
          if (request.endedBy === null && request.dueAt !== null) {
            expect(request.status === "breached").toBe(early > request.dueAt);
          }
          if (request.status === "breached") {
            expect(after.requests.find((r) => r.id === request.id)?.status).toBe("breached");
          }
          expect(request.workingHours).toBeLessThanOrEqual(request.hours + 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });
});
