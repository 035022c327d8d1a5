import { eventId } from "../../domain/ids.ts";
import { parseInstant } from "../../domain/time.ts";
import type { EntityKind, HistoryEvent, Instant } from "../../domain/types.ts";
import { type Conversion, RecordError } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { simIds } from "./ids.ts";
import type {
  SimChange,
  SimDeployment,
  SimItem,
  SimMilestone,
  SimPullRequest,
  SimRecord,
  SimSprint,
} from "./records.ts";

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Generated instants are already canonical; anything else is normalised (or rejected) here. */
const instant = (value: string, what: string): Instant => {
  if (CANONICAL.test(value)) return value;
  const parsed = parseInstant(value);
  if (!parsed) throw new RecordError(`${what} "${value}" is not a timestamp`);
  return parsed;
};

const nullableInstant = (value: string | null, what: string): Instant | null =>
  value === null ? null : instant(value, what);

/**
 * Turns a record's changelog into history events. `mapRef` rewrites the simulator's references
 * (sprint numbers, item keys) into domain ids. Each event's seq is its position in the changelog,
 * which keeps same-instant changes in the order they happened and makes every id unique.
 */
const eventsOf = (
  source: SourceRow,
  entity: EntityKind,
  entityId: string,
  history: readonly SimChange[],
  mapRef: (change: SimChange, value: string | null) => string | null = (_, value) => value,
): HistoryEvent[] => {
  if (history.length === 0) throw new RecordError("has no history");
  return history.map((change, seq) => {
    const at = instant(change.at, `change ${seq} time`);
    return {
      id: eventId(entityId, at, change.kind, seq),
      engagementId: source.engagementId,
      sourceId: source.id,
      entity,
      entityId,
      at,
      kind: change.kind,
      from: mapRef(change, change.from),
      to: mapRef(change, change.to),
      fromLabel: change.fromLabel,
      toLabel: change.toLabel,
      actor: change.actor,
      actorIsBot: change.bot,
      seq,
    };
  });
};

const convertItem = (item: SimItem, source: SourceRow): Conversion => {
  const id = simIds.item(source.id, item.key);
  const mapRef = (change: SimChange, value: string | null) => {
    if (value === null) return null;
    if (change.kind === "sprint_added" || change.kind === "sprint_removed")
      return simIds.sprint(source.id, value);
    if (change.kind === "parent") return simIds.item(source.id, value);
    return value;
  };
  return {
    batch: {
      workItems: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          key: item.key,
          title: item.title,
          type: item.type,
          status: item.status,
          statusCategory: item.statusCategory,
          createdAt: instant(item.createdAt, "createdAt"),
          resolvedAt: nullableInstant(item.resolvedAt, "resolvedAt"),
          points: item.points,
          assignee: item.assignee,
          parentId: item.parentKey === null ? null : simIds.item(source.id, item.parentKey),
          // Internal chores are the pod's business, not the customer's.
          customerVisible: item.type !== "task",
        },
      ],
      events: eventsOf(source, "item", id, item.history, mapRef),
      replaceEventsOf: [id],
    },
  };
};

const convertSprint = (sprint: SimSprint, source: SourceRow): Conversion => {
  const id = simIds.sprint(source.id, sprint.number);
  return {
    batch: {
      sprints: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          name: sprint.name,
          state: sprint.state,
          startAt: instant(sprint.startAt, "startAt"),
          endAt: instant(sprint.endAt, "endAt"),
          completedAt: nullableInstant(sprint.completedAt, "completedAt"),
          goal: sprint.goal,
        },
      ],
      events: eventsOf(source, "sprint", id, sprint.history),
      replaceEventsOf: [id],
    },
  };
};

const convertPullRequest = (pr: SimPullRequest, source: SourceRow): Conversion => {
  const id = simIds.pullRequest(source.id, pr.repo, pr.number);
  return {
    batch: {
      pullRequests: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          repo: pr.repo,
          number: pr.number,
          title: pr.title,
          author: pr.author,
          state: pr.state,
          draft: pr.draft,
          createdAt: instant(pr.createdAt, "createdAt"),
          mergedAt: nullableInstant(pr.mergedAt, "mergedAt"),
          closedAt: nullableInstant(pr.closedAt, "closedAt"),
          firstCommitAt: instant(pr.firstCommitAt, "firstCommitAt"),
          additions: pr.additions,
          deletions: pr.deletions,
          changedFiles: pr.changedFiles,
          baseBranch: pr.baseBranch,
          itemKeys: pr.itemKeys,
        },
      ],
      events: eventsOf(source, "pr", id, pr.history),
      replaceEventsOf: [id],
    },
  };
};

const convertDeployment = (deployment: SimDeployment, source: SourceRow): Conversion => {
  const id = simIds.deployment(source.id, deployment.id);
  return {
    batch: {
      deployments: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          environment: deployment.environment,
          status: deployment.status,
          ref: deployment.ref,
          createdAt: instant(deployment.createdAt, "createdAt"),
          finishedAt: nullableInstant(deployment.finishedAt, "finishedAt"),
          firstCommitAt: nullableInstant(deployment.firstCommitAt, "firstCommitAt"),
        },
      ],
      events: eventsOf(source, "deployment", id, deployment.history),
      replaceEventsOf: [id],
    },
  };
};

const convertMilestone = (milestone: SimMilestone, source: SourceRow): Conversion => {
  const id = simIds.milestone(source.id, milestone.id);
  return {
    batch: {
      milestones: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          name: milestone.name,
          targetDate: milestone.targetDate,
          epicId: simIds.item(source.id, milestone.epicKey),
          closedAt: nullableInstant(milestone.closedAt, "closedAt"),
        },
      ],
      events: eventsOf(source, "milestone", id, milestone.history),
      replaceEventsOf: [id],
    },
  };
};

/** Converts one simulated record to domain rows and its full history, with deterministic ids. */
export const convertSimulated = (record: SimRecord, source: SourceRow): Conversion => {
  switch (record.stream) {
    case "items":
      return convertItem(record.item, source);
    case "sprints":
      return convertSprint(record.sprint, source);
    case "pull_requests":
      return convertPullRequest(record.pullRequest, source);
    case "deployments":
      return convertDeployment(record.deployment, source);
    case "milestones":
      return convertMilestone(record.milestone, source);
  }
};
