import { type Change, changesToEvents } from "../../domain/changes.ts";
import { sourceRecordId } from "../../domain/ids.ts";
import type { Instant, Sprint, WorkItem } from "../../domain/types.ts";
import type { Conversion } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import type { JiraChange, JiraHistory, JiraIssue, JiraRecord, JiraSprint } from "./records.ts";

export const JIRA_KIND = "jira";

/** Deterministic ids: by Jira's issue and sprint ids, which survive key changes and renames. */
export const jiraIds = {
  item: (sourceId: string, issueId: string) => sourceRecordId(JIRA_KIND, "issue", sourceId, issueId),
  sprint: (sourceId: string, sprintId: string) => sourceRecordId(JIRA_KIND, "sprint", sourceId, sprintId),
};

/** The fields whose history Baton keeps, as they stood at one moment. */
type Tracked = Pick<JiraIssue, "status" | "points" | "assignee" | "sprints" | "flagged" | "parentId">;

/** Undoes one change: the value before it. */
const undo = (state: Tracked, change: JiraChange): Tracked => {
  switch (change.field) {
    case "status":
      return change.from === null ? state : { ...state, status: change.from };
    case "sprint":
      return { ...state, sprints: change.from };
    case "points":
      return { ...state, points: change.from };
    case "assignee":
      return { ...state, assignee: change.from };
    case "flagged":
      return { ...state, flagged: change.from };
    case "parent":
      return { ...state, parentId: change.from };
  }
};

/**
 * The issue as it was created: Jira gives only current fields, so every changelog entry is undone
 * from the newest back. A field never changed was created with its current value.
 */
export const initialState = (issue: JiraIssue): Tracked => {
  let state: Tracked = issue;
  for (const history of [...issue.histories].reverse())
    for (const change of [...history.changes].reverse()) state = undo(state, change);
  return state;
};

const num = (n: number | null) => (n === null ? null : String(n));

/** The events one changelog entry stands for. */
const changesOfHistory = (
  history: JiraHistory,
  item: (issueId: string) => string,
  sprint: (sprintId: string) => string,
): Change[] => {
  const { at, actor } = history;
  const out: Change[] = [];
  for (const change of history.changes) {
    switch (change.field) {
      case "status":
        if (change.to !== null)
          out.push({
            at,
            actor,
            kind: "status",
            from: change.from?.category ?? null,
            to: change.to.category,
            fromLabel: change.from?.name ?? null,
            toLabel: change.to.name,
          });
        break;
      case "sprint": {
        // Jira records the whole list before and after: membership is the set difference.
        for (const s of change.from)
          if (!change.to.includes(s))
            out.push({ at, actor, kind: "sprint_removed", from: sprint(s), to: null });
        for (const s of change.to)
          if (!change.from.includes(s)) out.push({ at, actor, kind: "sprint_added", to: sprint(s) });
        break;
      }
      case "points":
        out.push({ at, actor, kind: "estimate", from: num(change.from), to: num(change.to) });
        break;
      case "assignee":
        out.push({ at, actor, kind: "assignee", from: change.from, to: change.to });
        break;
      case "flagged":
        if (change.from !== change.to)
          out.push({ at, actor, kind: "blocked", from: String(change.from), to: String(change.to) });
        break;
      case "parent":
        out.push({
          at,
          actor,
          kind: "parent",
          from: change.from === null ? null : item(change.from),
          to: change.to === null ? null : item(change.to),
        });
        break;
    }
  }
  return out;
};

/** The whole history of an issue: created with its initial fields, then every changelog entry. */
const issueChanges = (issue: JiraIssue, source: SourceRow): Change[] => {
  const item = (issueId: string) => jiraIds.item(source.id, issueId);
  const sprint = (sprintId: string) => jiraIds.sprint(source.id, sprintId);
  const first = initialState(issue);
  const firstChange = issue.histories[0]?.at;
  // A changelog entry dated before the creation (clock skew, imports) moves the creation back.
  const at = firstChange !== undefined && firstChange < issue.created ? firstChange : issue.created;
  const changes: Change[] = [{ at, kind: "created", to: first.status.category, toLabel: first.status.name }];
  if (first.points !== null) changes.push({ at, kind: "estimate", to: num(first.points) });
  if (first.assignee !== null) changes.push({ at, kind: "assignee", to: first.assignee });
  if (first.flagged) changes.push({ at, kind: "blocked", from: "false", to: "true" });
  if (first.parentId !== null) changes.push({ at, kind: "parent", to: item(first.parentId) });
  for (const s of [...first.sprints].sort()) changes.push({ at, kind: "sprint_added", to: sprint(s) });
  for (const history of issue.histories) changes.push(...changesOfHistory(history, item, sprint));
  return changes;
};

const convertIssue = (issue: JiraIssue, source: SourceRow): Conversion => {
  const id = jiraIds.item(source.id, issue.id);
  const workItem: WorkItem = {
    id,
    engagementId: source.engagementId,
    sourceId: source.id,
    key: issue.key,
    title: issue.title,
    type: issue.type,
    status: issue.status.name,
    statusCategory: issue.status.category,
    createdAt: issue.created,
    resolvedAt: issue.resolved,
    points: issue.points,
    assignee: issue.assignee,
    parentId: issue.parentId === null ? null : jiraIds.item(source.id, issue.parentId),
    customerVisible: true,
  };
  const events = changesToEvents(source, "item", id, issueChanges(issue, source));
  // A polled issue carries its whole changelog, so it replaces the history stored before.
  return { batch: { workItems: [workItem], events, ...(issue.complete ? { replaceEventsOf: [id] } : {}) } };
};

/**
 * A sprint's life from its dates: created (future), activated, completed. Jira keeps these dates,
 * so the events can be rebuilt on every read.
 */
const sprintChanges = (sprint: JiraSprint): Change[] => {
  const started = sprint.state === "future" ? null : (sprint.activatedAt ?? sprint.startAt);
  const completed = sprint.state === "closed" ? (sprint.completedAt ?? sprint.endAt) : null;
  const candidates = [sprint.createdAt, started].filter((d): d is Instant => d !== null);
  if (candidates.length === 0) return [];
  const created = candidates.sort()[0]!;
  const changes: Change[] = [{ at: created, kind: "created", to: "future" }];
  if (started !== null) changes.push({ at: started, kind: "sprint_state", from: "future", to: "active" });
  if (started !== null && completed !== null)
    changes.push({
      // A completion dated before the start is read as a sprint closed the moment it started.
      at: [started, completed].sort()[1]!,
      kind: "sprint_state",
      from: "active",
      to: "closed",
    });
  return changes;
};

const convertSprint = (sprint: JiraSprint, source: SourceRow): Conversion => {
  const id = jiraIds.sprint(source.id, sprint.id);
  const row: Sprint = {
    id,
    engagementId: source.engagementId,
    sourceId: source.id,
    name: sprint.name,
    state: sprint.state,
    startAt: sprint.startAt,
    endAt: sprint.endAt,
    completedAt: sprint.completedAt,
    goal: sprint.goal,
  };
  return {
    batch: {
      sprints: [row],
      events: changesToEvents(source, "sprint", id, sprintChanges(sprint)),
      replaceEventsOf: [id],
    },
  };
};

/** Converts one Jira record into domain rows and history events, with deterministic ids. */
export const convertJira = (record: JiraRecord, source: SourceRow): Conversion => {
  switch (record.kind) {
    case "issue":
      return convertIssue(record.issue, source);
    case "sprint":
      return convertSprint(record.sprint, source);
    case "issue_change": {
      const id = jiraIds.item(source.id, record.issueId);
      const changes = changesOfHistory(
        record.history,
        (issueId) => jiraIds.item(source.id, issueId),
        (sprintId) => jiraIds.sprint(source.id, sprintId),
      );
      // A pushed change is one entry of the changelog: it adds to the stored history.
      return { batch: { events: changesToEvents(source, "item", id, changes) } };
    }
    case "issue_deleted": {
      const id = jiraIds.item(source.id, record.issueId);
      const changes = [...record.sprints].sort().map(
        (s): Change => ({
          at: record.at,
          kind: "sprint_removed",
          from: jiraIds.sprint(source.id, s),
          to: null,
        }),
      );
      if (changes.length === 0)
        return { skip: `${record.key} was deleted in Jira; it was in no sprint, its history is kept` };
      return { batch: { events: changesToEvents(source, "item", id, changes) } };
    }
  }
};
