import { type Change, changesToEvents } from "../../domain/changes.ts";
import { sourceRecordId } from "../../domain/ids.ts";
import type { Instant, Sprint, StatusCategory, WorkItem } from "../../domain/types.ts";
import type { Conversion } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import type { CsvRow } from "./extract.ts";

/** Id of the work item a CSV key becomes. */
export const csvItemId = (sourceId: string, key: string) => sourceRecordId("csv", "item", sourceId, key);

/** Id of a sprint named in a CSV: names that differ only in case or punctuation are one sprint. */
export const csvSprintId = (sourceId: string, slug: string) =>
  sourceRecordId("csv", "sprint", sourceId, slug);

/**
 * The history a row implies, oldest first: created in To Do (with its estimate, assignee and
 * sprint), started, finished. When the dates do not reach the row's current status (a Done row
 * without a finished date, an In Progress row without a started date, a reopened item), one more
 * transition to the current status follows at the last known instant, so the history always ends
 * where the file says the item stands.
 */
const changesOf = (row: CsvRow, sprintId: string | null): Change[] => {
  const { item, labels } = row;
  const changes: Change[] = [{ at: item.created, kind: "created", to: "todo", toLabel: labels.todo }];
  if (item.points !== null) changes.push({ at: item.created, kind: "estimate", to: String(item.points) });
  if (item.assignee !== null) changes.push({ at: item.created, kind: "assignee", to: item.assignee });
  if (sprintId !== null) changes.push({ at: item.created, kind: "sprint_added", to: sprintId });

  let category: StatusCategory = "todo";
  let label = labels.todo;
  let last = item.created;
  const move = (at: Instant, to: StatusCategory, toLabel: string) => {
    changes.push({ at, kind: "status", from: category, to, fromLabel: label, toLabel });
    category = to;
    label = toLabel;
    last = at;
  };
  if (item.started !== null) move(item.started, "in_progress", labels.in_progress);
  if (item.finished !== null) move(item.finished, "done", labels.done);
  if (category !== item.statusCategory || label !== item.status) move(last, item.statusCategory, item.status);
  return changes;
};

/**
 * Converts one row into its work item, its sprint (when this row declares it) and its whole
 * synthetic history, which replaces whatever history the item had from this source.
 */
export const convertCsv = (row: CsvRow, source: SourceRow): Conversion => {
  const { item } = row;
  const id = csvItemId(source.id, item.key);
  const sprintId = row.sprint === null ? null : csvSprintId(source.id, row.sprint.slug);
  const events = changesToEvents(source, "item", id, changesOf(row, sprintId));
  const workItem: WorkItem = {
    id,
    engagementId: source.engagementId,
    sourceId: source.id,
    key: item.key,
    title: item.title,
    type: item.type,
    status: item.status,
    statusCategory: item.statusCategory,
    createdAt: item.created,
    resolvedAt: item.statusCategory === "done" ? item.finished : null,
    points: item.points,
    assignee: item.assignee,
    parentId: null,
    customerVisible: true,
  };
  const sprints: Sprint[] =
    row.sprint !== null && sprintId !== null && row.sprint.declares
      ? [
          {
            id: sprintId,
            engagementId: source.engagementId,
            sourceId: source.id,
            name: row.sprint.name,
            state: row.sprint.state,
            startAt: null,
            endAt: null,
            completedAt: null,
            goal: null,
          },
        ]
      : [];
  return { batch: { workItems: [workItem], sprints, events, replaceEventsOf: [id] } };
};
