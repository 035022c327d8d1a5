import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventKind, HistoryEvent, PullRequest, WorkingCalendar } from "../domain/types.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { addWorkingMs } from "./calendar.ts";
import { buildHistory } from "./history.ts";
import { type ReviewContext, reviewContext, reviewMetrics, reviewPullRequest } from "./reviews.ts";

const engagement = testEngagement();
const START = Date.parse("2026-03-02T00:00:00.000Z");

const event = (
  prId: string,
  seq: number,
  at: number,
  kind: EventKind,
  actor: string | null,
  to: string | null,
): HistoryEvent => ({
  id: `${prId}:${seq}`,
  engagementId: engagement.id,
  sourceId: "acme",
  entity: "pr",
  entityId: prId,
  at: new Date(at).toISOString(),
  kind,
  from: null,
  to,
  fromLabel: null,
  toLabel: null,
  actor,
  actorIsBot: false,
  seq,
});

const pullRequest = (n: number, author: string, createdAt: number): PullRequest => ({
  id: `github:pr:acme:${n}`,
  engagementId: engagement.id,
  sourceId: "acme",
  repo: "acme/app",
  number: n,
  title: `PR ${n}`,
  author,
  state: "open",
  draft: false,
  createdAt: new Date(createdAt).toISOString(),
  mergedAt: null,
  closedAt: null,
  firstCommitAt: new Date(createdAt - 3_600_000).toISOString(),
  additions: n,
  deletions: 1,
  changedFiles: 1,
  baseBranch: "main",
  itemKeys: [],
});

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
const accounts = ["alice", "bob", "carol", "team:web"] as const;

/** A pull request with events at random milliseconds, with or without a `created` event. */
const randomPr = (n: number) =>
  fc
    .record({
      author: fc.constantFrom("alice", "bob", "carol"),
      created: fc.integer({ min: 0, max: 20 * 86_400_000 }),
      withCreated: fc.boolean(),
      draft: fc.boolean(),
      steps: fc.array(
        fc.record({
          after: fc.integer({ min: 0, max: 10 * 86_400_000 }),
          kind: fc.constantFrom(...kinds),
          actor: fc.constantFrom(...accounts),
          state: fc.constantFrom("approved", "commented", "pending"),
        }),
        { maxLength: 10 },
      ),
    })
    .map(({ author, created, withCreated, draft, steps }) => {
      const pr = pullRequest(n, author, START + created);
      const list = steps
        .map((s) => ({ ...s, at: START + created + s.after }))
        .sort((a, b) => a.at - b.at)
        .map((s, i) => {
          const to = s.kind.startsWith("review_request") ? s.actor : s.kind === "reviewed" ? s.state : null;
          const actor = s.actor.startsWith("team:") ? author : s.actor;
          return event(pr.id, i + 1, s.at, s.kind, actor, to);
        });
      const events = withCreated
        ? [event(pr.id, 0, START + created, "created", author, draft ? "draft" : "open"), ...list]
        : list;
      return { pr, events };
    });

const nineToFive = (timeZone: string): WorkingCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: "09:00",
  workEnd: "17:00",
  holidays: [],
});

describe("replaying many pull requests in a row", () => {
  it("gives each the clocks it gets replayed alone", () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.nat(), { minLength: 1, maxLength: 6 })
          .chain((ns) => fc.tuple(...ns.map((_, i) => randomPr(i + 1)))),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (prs, asOfOffset) => {
          const history = buildHistory({
            engagement,
            pullRequests: prs.map((p) => p.pr),
            events: prs.flatMap((p) => p.events),
          });
          const asOf = new Date(START + asOfOffset).toISOString();
          const ctx = reviewContext(history);
          const alone = prs
            .map((p) => reviewPullRequest(p.pr, history.eventsOf(p.pr.id), asOf, ctx))
            .filter((review) => review !== null);
          expect(reviewMetrics(history, asOf).pullRequests).toEqual(alone);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("review request deadlines", () => {
  it("are written exactly as Date#toISOString writes them", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 0, max: 80 * 3_600_000 }),
        fc.constantFrom("Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"),
        (offset, limitMs, timeZone) => {
          const calendar = nineToFive(timeZone);
          const ctx: ReviewContext = {
            limitHours: limitMs / 3_600_000,
            calendarOf: () => calendar,
            personOf: (account) => account,
          };
          const requestedAt = START + offset;
          const pr = pullRequest(1, "alice", requestedAt);
          const events = [
            event(pr.id, 0, requestedAt, "created", "alice", "open"),
            event(pr.id, 1, requestedAt, "review_requested", "alice", "bob"),
          ];
          const review = reviewPullRequest(pr, events, new Date(requestedAt).toISOString(), ctx);
          const due = addWorkingMs(calendar, requestedAt, ctx.limitHours * 3_600_000);
          expect(review?.requests[0]?.dueAt).toBe(new Date(due).toISOString());
        },
      ),
      { numRuns: 300 },
    );
  });
});
