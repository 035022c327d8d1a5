import type { SimulatorConfig } from "./config.ts";
import type {
  ChangeDraft,
  DeploymentDraft,
  ItemDraft,
  MilestoneDraft,
  PullRequestDraft,
  SprintDraft,
} from "./model.ts";
import type {
  SimChange,
  SimDeployment,
  SimItem,
  SimMilestone,
  SimPullRequest,
  SimSprint,
} from "./records.ts";

/**
 * Freezing drafts into records as they stand at the simulated "now": changes after the cutoff are
 * dropped and every current field is read back from the remaining history, so a record never
 * shows a state its own changelog does not explain.
 */
const iso = (ms: number) => new Date(ms).toISOString();

const cut = (history: readonly ChangeDraft[], cutoff: number): SimChange[] =>
  history
    .filter((c) => c.at <= cutoff)
    // Stable: changes at one instant keep the order they happened in.
    .sort((a, b) => a.at - b.at)
    .map((c) => ({
      at: iso(c.at),
      kind: c.kind,
      from: c.from,
      to: c.to,
      fromLabel: c.fromLabel,
      toLabel: c.toLabel,
      actor: c.actor,
      bot: c.bot,
    }));

const last = (history: readonly SimChange[], kind: SimChange["kind"]): SimChange | undefined => {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.kind === kind) return history[i];
  return undefined;
};

export const itemRecord = (item: ItemDraft, cutoff: number): SimItem | null => {
  if (item.createdAt > cutoff) return null;
  const history = cut(item.history, cutoff);
  const status = last(history, "status");
  const category = (status?.to ?? "todo") as SimItem["statusCategory"];
  const points = last(history, "estimate")?.to ?? null;
  return {
    key: item.key,
    type: item.type,
    title: item.title,
    status: status?.toLabel ?? "To Do",
    statusCategory: category,
    createdAt: iso(item.createdAt),
    resolvedAt: category === "done" ? status!.at : null,
    points: points === null ? null : Number(points),
    assignee: last(history, "assignee")?.to ?? null,
    parentKey: last(history, "parent")?.to ?? null,
    history,
  };
};

export const sprintRecord = (sprint: SprintDraft, planner: string, cutoff: number): SimSprint | null => {
  if (sprint.createdAt > cutoff) return null;
  const history = cut(
    [
      {
        at: sprint.createdAt,
        kind: "created",
        from: null,
        to: "future",
        fromLabel: null,
        toLabel: null,
        actor: planner,
        bot: false,
      },
      {
        at: sprint.startAt,
        kind: "sprint_state",
        from: "future",
        to: "active",
        fromLabel: null,
        toLabel: null,
        actor: planner,
        bot: false,
      },
      {
        at: sprint.completedAt,
        kind: "sprint_state",
        from: "active",
        to: "closed",
        fromLabel: null,
        toLabel: null,
        actor: planner,
        bot: false,
      },
    ],
    cutoff,
  );
  const state = (last(history, "sprint_state")?.to ?? "future") as SimSprint["state"];
  return {
    number: sprint.number,
    name: sprint.name,
    state,
    startAt: iso(sprint.startAt),
    endAt: iso(sprint.endAt),
    completedAt: state === "closed" ? iso(sprint.completedAt) : null,
    goal: sprint.goal,
    history,
  };
};

export const pullRequestRecord = (
  pr: PullRequestDraft,
  config: SimulatorConfig,
  cutoff: number,
): SimPullRequest | null => {
  const history = cut(pr.history, cutoff);
  const created = history[0];
  if (created?.kind !== "created") return null;
  const merged = last(history, "merged");
  const closed = last(history, "closed");
  const ready = last(history, "ready_for_review");
  return {
    repo: config.repo,
    number: pr.number,
    title: pr.title,
    author: pr.author,
    state: merged ? "merged" : closed ? "closed" : "open",
    draft: created.to === "draft" && !ready,
    createdAt: created.at,
    mergedAt: merged?.at ?? null,
    closedAt: merged?.at ?? closed?.at ?? null,
    firstCommitAt: iso(pr.firstCommitAt),
    additions: pr.additions,
    deletions: pr.deletions,
    changedFiles: pr.changedFiles,
    baseBranch: "main",
    itemKeys: pr.itemKeys,
    history,
  };
};

export const deploymentRecord = (deployment: DeploymentDraft, cutoff: number): SimDeployment | null => {
  if (deployment.createdAt > cutoff) return null;
  const history = cut(deployment.history, cutoff);
  const status = last(history, "deployment_status");
  return {
    id: deployment.id,
    environment: "production",
    status: (status?.to ?? "pending") as SimDeployment["status"],
    ref: deployment.ref,
    createdAt: iso(deployment.createdAt),
    finishedAt: status?.at ?? null,
    firstCommitAt: deployment.firstCommitAt === null ? null : iso(deployment.firstCommitAt),
    history,
  };
};

export const milestoneRecord = (
  milestone: MilestoneDraft,
  epic: SimItem | undefined,
  cutoff: number,
): SimMilestone | null => {
  if (milestone.kickoffAt > cutoff || !epic) return null;
  const history = cut(milestone.history, cutoff);
  return {
    id: milestone.id,
    name: milestone.name,
    targetDate: last(history, "target_date")?.to ?? history[0]!.to!,
    epicKey: milestone.epicKey,
    closedAt: epic.statusCategory === "done" ? epic.resolvedAt : null,
    history,
  };
};
