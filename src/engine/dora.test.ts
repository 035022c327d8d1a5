import { describe, expect, it } from "vitest";
import { eventId } from "../domain/ids.ts";
import type { Deployment, EventKind, HistoryEvent, PullRequest } from "../domain/types.ts";
import { testEngagement } from "../testing/fixtures.ts";
import { doraMetrics } from "./dora.ts";
import { buildHistory } from "./history.ts";

const event = (entityId: string, at: string, kind: EventKind, to: string | null, seq = 0): HistoryEvent => ({
  id: eventId(entityId, at, kind, seq),
  engagementId: "acme-mobile",
  sourceId: "s",
  entity: entityId.startsWith("pr") ? "pr" : "deployment",
  entityId,
  at,
  kind,
  from: null,
  to,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq,
});

const deployment = (
  id: string,
  environment: string,
  createdAt: string,
  status: "success" | "failure",
  at: string,
) => ({
  row: {
    id,
    engagementId: "acme-mobile",
    sourceId: "s",
    environment,
    status,
    ref: "main",
    createdAt,
    finishedAt: at,
    firstCommitAt: null,
  } satisfies Deployment,
  events: [event(id, createdAt, "created", "pending"), event(id, at, "deployment_status", status)],
});

const pr = (id: string, firstCommitAt: string, mergedAt: string) => ({
  row: {
    id,
    engagementId: "acme-mobile",
    sourceId: "s",
    repo: "acme/app",
    number: Number(id.slice(3)),
    title: id,
    author: "ana",
    state: "merged",
    draft: false,
    createdAt: firstCommitAt,
    mergedAt,
    closedAt: mergedAt,
    firstCommitAt,
    additions: 10,
    deletions: 2,
    changedFiles: 1,
    baseBranch: "main",
    itemKeys: [],
  } satisfies PullRequest,
  events: [event(id, firstCommitAt, "created", "open"), event(id, mergedAt, "merged", null)],
});

// Two weeks: Mon 2 March – Mon 16 March 2026.
const deployments = [
  deployment("d1", "production", "2026-03-03T14:00:00.000Z", "success", "2026-03-03T14:20:00.000Z"),
  deployment("d2", "production", "2026-03-05T14:00:00.000Z", "failure", "2026-03-05T14:10:00.000Z"),
  deployment("d3", "production", "2026-03-05T16:00:00.000Z", "success", "2026-03-05T16:40:00.000Z"),
  deployment("d4", "staging", "2026-03-06T09:00:00.000Z", "failure", "2026-03-06T09:05:00.000Z"),
  deployment("d5", "production", "2026-03-10T14:00:00.000Z", "success", "2026-03-10T14:30:00.000Z"),
  deployment("d6", "production", "2026-03-12T14:00:00.000Z", "failure", "2026-03-12T14:15:00.000Z"),
];
const prs = [
  pr("pr-1", "2026-03-02T10:00:00.000Z", "2026-03-03T11:00:00.000Z"), // shipped by d1: 28 h 20 min
  pr("pr-2", "2026-03-04T09:00:00.000Z", "2026-03-05T12:00:00.000Z"), // d2 failed; shipped by d3: 31 h 40 min
  pr("pr-3", "2026-03-09T09:00:00.000Z", "2026-03-10T13:00:00.000Z"), // shipped by d5: 29 h 30 min
  pr("pr-4", "2026-03-11T09:00:00.000Z", "2026-03-12T13:00:00.000Z"), // d6 failed; not shipped yet
];

const history = buildHistory({
  engagement: testEngagement(),
  deployments: deployments.map((d) => d.row),
  pullRequests: prs.map((p) => p.row),
  events: [...deployments, ...prs].flatMap((x) => x.events),
});

const WINDOW = { from: "2026-03-02T00:00:00.000Z", to: "2026-03-16T00:00:00.000Z" };

describe("DORA metrics", () => {
  it("count successful production deployments per week, ignoring other environments", () => {
    const report = doraMetrics(history, "2026-03-16T00:00:00.000Z", WINDOW);
    expect(report.environments).toEqual(["production"]);
    expect(report.deployments).toMatchObject({ total: 5, successful: 3, failed: 2 });
    expect(report.deploymentFrequencyPerWeek).toBe(1.5);
  });

  it("measure change lead time from first commit to the deployment that shipped the change", () => {
    const report = doraMetrics(history, "2026-03-16T00:00:00.000Z", WINDOW);
    expect(report.changes.map((c) => [c.pullRequestId, c.deploymentId, c.hours])).toEqual([
      ["pr-1", "d1", 28.33],
      ["pr-2", "d3", 31.67],
      ["pr-3", "d5", 29.5],
    ]);
    // P85 by linear interpolation: 29.5 + 0.7 × (31.67 − 29.5) = 31.02.
    expect(report.changeLeadTimeHours).toEqual({ median: 29.5, p85: 31.02, count: 3 });
  });

  it("rate failures among settled production deployments and time the recoveries", () => {
    const report = doraMetrics(history, "2026-03-16T00:00:00.000Z", WINDOW);
    expect(report.changeFailureRate).toBe(0.4);
    expect(report.recoveries).toEqual([
      {
        failedDeploymentId: "d2",
        failedAt: "2026-03-05T14:10:00.000Z",
        recoveredByDeploymentId: "d3",
        recoveredAt: "2026-03-05T16:40:00.000Z",
        hours: 2.5,
      },
      {
        failedDeploymentId: "d6",
        failedAt: "2026-03-12T14:15:00.000Z",
        recoveredByDeploymentId: null,
        recoveredAt: null,
        hours: null,
      },
    ]);
    expect(report.recoveryHours).toEqual({ median: 2.5, count: 1 });
  });

  it("as of a moment, know only what had happened by then", () => {
    const midway = doraMetrics(history, "2026-03-05T15:00:00.000Z", WINDOW);
    expect(midway.deployments).toMatchObject({ total: 2, successful: 1, failed: 1 });
    expect(midway.changes.map((c) => c.pullRequestId)).toEqual(["pr-1"]);
    expect(midway.recoveries[0]).toMatchObject({ failedDeploymentId: "d2", recoveredByDeploymentId: null });
    expect(midway.to).toBe("2026-03-05T15:00:00.000Z");
  });

  it("report no failure rate rather than zero when nothing was deployed", () => {
    const empty = doraMetrics(history, "2026-03-02T12:00:00.000Z", WINDOW);
    expect(empty.changeFailureRate).toBeNull();
    expect(empty.deploymentFrequencyPerWeek).toBe(0);
  });
});
