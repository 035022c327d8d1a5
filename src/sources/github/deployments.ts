import type { DeploymentStatus, HistoryEvent, Instant } from "../../domain/types.ts";
import type { Conversion } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { configOf } from "./config.ts";
import { eventOf, instant } from "./events.ts";
import { githubIds } from "./ids.ts";
import type { GithubDeployment, GithubDeploymentStatus } from "./records.ts";

/**
 * GitHub's deployment states as Baton's: `success`; `failure` and `error` fail; `queued`,
 * `pending` and `in_progress` are pending. `inactive` (a later deployment superseded this one)
 * changes nothing: the deployment still succeeded.
 */
const deploymentStatusOf = (state: string): DeploymentStatus | null => {
  switch (state.toLowerCase()) {
    case "success":
      return "success";
    case "failure":
    case "error":
      return "failure";
    case "inactive":
      return null;
    default:
      return "pending";
  }
};

const byCreation = (a: GithubDeploymentStatus, b: GithubDeploymentStatus) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;

export const convertDeployment = (
  deployment: GithubDeployment,
  statuses: readonly GithubDeploymentStatus[],
  complete: boolean,
  created: boolean,
  source: SourceRow,
): Conversion => {
  const { repo } = configOf(source);
  const id = githubIds.deployment(source.id, repo, deployment.id);
  const event = eventOf(source, "deployment", id);
  const createdAt = instant(deployment.created_at, "created_at");
  const events: HistoryEvent[] = created
    ? [event({ at: createdAt, kind: "created", to: "pending", actor: deployment.creator })]
    : [];
  let status: DeploymentStatus = "pending";
  let finishedAt: Instant | null = null;
  for (const s of [...statuses].sort(byCreation)) {
    const next = deploymentStatusOf(s.state);
    // A polled list repeats nothing: only changes become events. A pushed status is one change.
    if (next === null || (complete && next === status)) continue;
    const at = instant(s.created_at, `status ${s.id} created_at`);
    events.push(
      event({
        at,
        kind: "deployment_status",
        from: status,
        to: next,
        toLabel: s.state,
        actor: s.creator,
        ref: `status:${s.id}`,
      }),
    );
    status = next;
    finishedAt = next === "pending" ? null : at;
  }
  return {
    batch: {
      deployments: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          environment: deployment.environment,
          status,
          ref: deployment.ref,
          createdAt,
          finishedAt,
          firstCommitAt: null,
        },
      ],
      events,
      ...(complete ? { replaceEventsOf: [id] } : {}),
    },
  };
};
