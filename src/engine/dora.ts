import type { Deployment, DeploymentStatus, Instant } from "../domain/types.ts";
import type { EngagementHistory } from "./history.ts";
import { canonicalMs } from "./instants.ts";
import { hoursBetween, median, percentiles, round2 } from "./stats.ts";
import { countUpTo, K, type Timeline } from "./timeline.ts";

/** A deployment as it stood at `asOf`: its status and when it finished, from its own events. */
export interface DeploymentAsOf {
  readonly id: string;
  readonly environment: string;
  readonly ref: string;
  readonly status: DeploymentStatus;
  readonly createdAt: Instant;
  /** The instant of the event that settled it (success or failure); null while pending. */
  readonly finishedAt: Instant | null;
  /** Events that produced the status. */
  readonly evidence: readonly string[];
}

/** One change (a merged pull request) and the production deployment that shipped it. */
export interface ChangeLeadTime {
  readonly pullRequestId: string;
  readonly firstCommitAt: Instant;
  readonly mergedAt: Instant;
  readonly deploymentId: string;
  readonly deployedAt: Instant;
  readonly hours: number;
}

/** A failed deployment and the next successful one in the same environment. */
export interface Recovery {
  readonly failedDeploymentId: string;
  readonly failedAt: Instant;
  readonly recoveredByDeploymentId: string | null;
  readonly recoveredAt: Instant | null;
  /** Hours to recovery; null while not yet recovered as of asOf. */
  readonly hours: number | null;
}

export interface DoraReport {
  readonly asOf: Instant;
  readonly from: Instant;
  readonly to: Instant;
  /** Which environments counted as production. */
  readonly environments: readonly string[];
  readonly deployments: {
    readonly total: number;
    readonly successful: number;
    readonly failed: number;
    readonly ids: readonly string[];
  };
  /** Successful production deployments per week over the window. */
  readonly deploymentFrequencyPerWeek: number;
  readonly changeLeadTimeHours: {
    readonly median: number | null;
    readonly p85: number | null;
    readonly count: number;
  };
  readonly changes: readonly ChangeLeadTime[];
  /** Failed ÷ all settled production deployments in the window; null with none. */
  readonly changeFailureRate: number | null;
  readonly recoveryHours: { readonly median: number | null; readonly count: number };
  readonly recoveries: readonly Recovery[];
}

export interface DoraOptions {
  readonly from: Instant;
  readonly to: Instant;
  /** Which environments are production (default: names starting with "prod", any case). */
  readonly isProduction?: (environment: string) => boolean;
}

const PRODUCTION = (environment: string) => /^prod/i.test(environment);

/** A deployment's status as of `asOf`, read from its `created` and `deployment_status` events. */
export const deploymentAsOf = (
  history: EngagementHistory,
  deployment: Deployment,
  asOf: Instant,
): DeploymentAsOf | null => {
  let status: DeploymentStatus | null = null;
  let finishedAt: Instant | null = null;
  const evidence: string[] = [];
  for (const event of history.eventsOf(deployment.id)) {
    if (event.at > asOf) break;
    if (event.kind === "created") status = (event.to as DeploymentStatus | null) ?? "pending";
    else if (event.kind === "deployment_status") {
      status = event.to as DeploymentStatus;
      finishedAt = status === "pending" ? null : event.at;
    } else continue;
    evidence.push(event.id);
  }
  if (status === null) {
    // A source that sends no history: fall back to the row, still honouring asOf.
    if (deployment.createdAt > asOf) return null;
    const settled = deployment.finishedAt !== null && deployment.finishedAt <= asOf;
    status = settled ? deployment.status : "pending";
    finishedAt = settled ? deployment.finishedAt : null;
  }
  return {
    id: deployment.id,
    environment: deployment.environment,
    ref: deployment.ref,
    status,
    createdAt: deployment.createdAt,
    finishedAt,
    evidence,
  };
};

/** Index of the first of the sorted finish times that is at or after `ms`. */
const firstAtOrAfter = (finishes: Float64Array, ms: number): number => {
  let lo = 0;
  let hi = finishes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (finishes[mid]! < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** The index of a pull request's last `merged` event at or before `asOf` (−1 if not merged then). */
const mergeAsOf = ({ times, kinds }: Timeline, asOfMs: number): number => {
  for (let i = countUpTo(times, asOfMs) - 1; i >= 0; i--) if (kinds[i] === K.merged) return i;
  return -1;
};

/**
 * Sorts changes by deployment instant, stably (changes shipped at the same instant keep their
 * order), from each change's index in the finish-sorted deployments: one numeric sort of
 * (finish rank, position) keys instead of comparing instants as text.
 */
const sortByDeployment = (
  changes: ChangeLeadTime[],
  shippedBy: readonly number[],
  finishes: Float64Array,
) => {
  const n = changes.length;
  // Deployments finishing at the same instant share a rank, so their changes keep their order.
  const rank = new Float64Array(finishes.length);
  for (let i = 1; i < finishes.length; i++) rank[i] = finishes[i] === finishes[i - 1] ? rank[i - 1]! : i;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = rank[shippedBy[i]!]! * n + i;
  keys.sort();
  const sorted = Array.from(keys, (key) => changes[key % n]!);
  for (let i = 0; i < n; i++) changes[i] = sorted[i]!;
};

/**
 * DORA's four keys over a window, as of `asOf` (METRICS.md): deployment frequency, change lead
 * time (a merged PR's first commit → the first successful production deployment after its merge),
 * change failure rate (failed ÷ settled production deployments) and failed-deployment recovery
 * time (a failure → the next success in the same environment). Pure.
 */
export const doraMetrics = (history: EngagementHistory, asOf: Instant, options: DoraOptions): DoraReport => {
  const isProduction = options.isProduction ?? PRODUCTION;
  const to = options.to < asOf ? options.to : asOf;
  const from = options.from;
  const production = history.deployments
    .filter((d) => isProduction(d.environment))
    .map((d) => deploymentAsOf(history, d, asOf))
    .filter((d): d is DeploymentAsOf => d !== null && d.finishedAt !== null)
    .sort((a, b) =>
      a.finishedAt! < b.finishedAt! ? -1 : a.finishedAt! > b.finishedAt! ? 1 : a.id < b.id ? -1 : 1,
    );
  const inWindow = production.filter((d) => d.finishedAt! >= from && d.finishedAt! <= to);
  const successful = inWindow.filter((d) => d.status === "success");
  const failed = inWindow.filter((d) => d.status === "failure");
  const weeks = Math.max(hoursBetween(from, to) / (24 * 7), 1 / 7);

  const successes = production.filter((d) => d.status === "success");
  const finishes = Float64Array.from(successes, (d) => canonicalMs(d.finishedAt!));
  const asOfMs = canonicalMs(asOf);
  const changes: ChangeLeadTime[] = [];
  /** The index in `successes` of the deployment that shipped each change. */
  const shippedBy: number[] = [];
  const pullRequests = history.pullRequests;
  for (let i = 0; i < pullRequests.length; i++) {
    const pr = pullRequests[i]!;
    if (pr.firstCommitAt === null) continue;
    const timeline = history.timelines.pullRequests[i]!;
    const merge = mergeAsOf(timeline, asOfMs);
    if (merge < 0) continue;
    const mergedAt = timeline.events[merge]!.at;
    const shippedIndex = firstAtOrAfter(finishes, timeline.times[merge]!);
    const shipped = successes[shippedIndex];
    if (!shipped || shipped.finishedAt! < from || shipped.finishedAt! > to) continue;
    shippedBy.push(shippedIndex);
    changes.push({
      pullRequestId: pr.id,
      firstCommitAt: pr.firstCommitAt,
      mergedAt,
      deploymentId: shipped.id,
      deployedAt: shipped.finishedAt!,
      hours: round2((finishes[shippedIndex]! - canonicalMs(pr.firstCommitAt)) / 3_600_000),
    });
  }
  sortByDeployment(changes, shippedBy, finishes);

  const recoveries: Recovery[] = failed.map((failure) => {
    const next = production.find(
      (d) =>
        d.status === "success" &&
        d.environment === failure.environment &&
        d.finishedAt! > failure.finishedAt!,
    );
    return {
      failedDeploymentId: failure.id,
      failedAt: failure.finishedAt!,
      recoveredByDeploymentId: next?.id ?? null,
      recoveredAt: next?.finishedAt ?? null,
      hours: next ? round2(hoursBetween(failure.finishedAt!, next.finishedAt!)) : null,
    };
  });
  const recovered = recoveries.flatMap((r) => (r.hours === null ? [] : [r.hours]));
  const leadTimes = changes.map((c) => c.hours);
  const [leadMedian = null, leadP85 = null] = percentiles(leadTimes, [50, 85]);
  const settled = successful.length + failed.length;
  const roundOrNull = (n: number | null) => (n === null ? null : round2(n));

  return {
    asOf,
    from,
    to,
    environments: [...new Set(production.map((d) => d.environment))].sort(),
    deployments: {
      total: inWindow.length,
      successful: successful.length,
      failed: failed.length,
      ids: inWindow.map((d) => d.id),
    },
    deploymentFrequencyPerWeek: round2(successful.length / weeks),
    changeLeadTimeHours: {
      median: roundOrNull(leadMedian),
      p85: roundOrNull(leadP85),
      count: leadTimes.length,
    },
    changes,
    changeFailureRate: settled === 0 ? null : round2(failed.length / settled),
    recoveryHours: { median: roundOrNull(median(recovered)), count: recovered.length },
    recoveries,
  };
};
