import {
  DOING,
  DONE,
  defaultFields,
  type JiraModel,
  type ModelChange,
  type ModelIssue,
  PEOPLE,
  REVIEW,
  STATUSES,
} from "./model.ts";

/**
 * The board the Jira tests sync: a closed, an active and a future sprint; an item removed from
 * sprint 1 and re-added, one re-estimated mid-sprint, one added after the start and carried over,
 * an issue whose changelog needs its own pagination, a flagged one under an epic, one that will
 * be deleted, and enough plain issues for several search pages. Statuses have Chinese names.
 */

const at = (day: number, time = "10:00") => `2026-01-${String(day).padStart(2, "0")}T${time}:00.000Z`;

const issue = (n: number, spec: Partial<ModelIssue> & Pick<ModelIssue, "created">): ModelIssue => ({
  id: String(10000 + n),
  key: `ACME-${n}`,
  type: "Story",
  summary: `Story ${n}`,
  initial: defaultFields(),
  changes: [],
  ...spec,
});

/** Changes every 10 minutes from 8:10 on Jan 4th: status back and forth, Rank noise, then done. */
const longChangelog = (count: number): ModelChange[] => {
  const changes: ModelChange[] = [];
  let moves = 0;
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.parse("2026-01-04T08:10:00.000Z") + i * 600_000).toISOString();
    if (i === count - 1) changes.push({ at, set: { status: DONE } });
    else if (i % 3 === 2) changes.push({ at, set: {}, noise: true });
    else changes.push({ at, set: { status: moves++ % 2 === 0 ? DOING : REVIEW } });
  }
  return changes;
};

export const scenarioModel = (): JiraModel => {
  const issues: ModelIssue[] = [
    issue(1, {
      created: at(3, "10:00"),
      initial: defaultFields({ sprints: [1], points: 3, assignee: "acc-ana" }),
      changes: [
        { at: at(6), set: { status: DOING } },
        { at: at(9, "15:00"), set: { status: DONE } },
      ],
    }),
    issue(2, {
      summary: "Removed from sprint 1 and added back",
      created: at(3, "10:05"),
      initial: defaultFields({ sprints: [1], points: 5 }),
      changes: [
        { at: at(7), set: { sprints: [] } },
        { at: at(12), set: { sprints: [1] } },
        { at: at(13), set: { status: DOING } },
        { at: at(15), set: { status: DONE } },
      ],
    }),
    issue(3, {
      summary: "Re-estimated mid-sprint",
      created: at(3, "10:10"),
      initial: defaultFields({ sprints: [1], points: 2 }),
      changes: [
        { at: at(8), set: { points: 8 } },
        { at: at(10), set: { status: DOING } },
        { at: at(16), set: { status: DONE } },
      ],
    }),
    issue(4, {
      summary: "Added after the start, carried over",
      type: "Bug",
      created: at(7, "11:00"),
      initial: defaultFields({ sprints: [1], points: 1 }),
      changes: [
        { at: at(12), set: { status: DOING } },
        { at: at(19), set: { sprints: [1, 2] } },
      ],
    }),
    issue(5, {
      summary: "A long changelog",
      created: "2026-01-04T08:00:00.000Z",
      changes: longChangelog(45),
    }),
    issue(6, {
      summary: "Deleted later",
      created: at(20, "10:00"),
      initial: defaultFields({ sprints: [2], points: 2 }),
    }),
    issue(7, {
      summary: "Flagged under an epic",
      created: at(20, "11:00"),
      initial: defaultFields({ sprints: [2], points: 3, parent: "10008" }),
      changes: [
        { at: at(21), set: { flagged: true, status: DOING } },
        { at: at(22), set: { flagged: false } },
        { at: at(22, "12:00"), set: { assignee: "acc-ben" } },
      ],
    }),
    issue(8, { type: "Epic", summary: "Payments epic", created: "2026-01-02T08:00:00.000Z" }),
  ];
  for (let n = 9; n <= 30; n++)
    issues.push(
      issue(n, {
        created: new Date(Date.parse("2026-01-05T00:30:00.000Z") + (n - 9) * 1_800_000).toISOString(),
        changes:
          n % 2 === 0
            ? [{ at: `2026-01-06T${String(n - 8).padStart(2, "0")}:00:00.000Z`, set: { status: DOING } }]
            : [],
      }),
    );
  return {
    board: 8,
    filterId: 10040,
    timeZone: "Asia/Shanghai",
    statuses: STATUSES,
    people: PEOPLE,
    sprints: [
      {
        id: 1,
        name: "Sprint 1",
        state: "closed",
        createdDate: at(2, "09:00"),
        startDate: at(5, "09:00"),
        endDate: at(19, "09:00"),
        completeDate: at(19, "10:00"),
        goal: "Payments",
      },
      {
        id: 2,
        name: "Sprint 2",
        state: "active",
        createdDate: at(2, "09:00"),
        startDate: at(19, "11:00"),
        endDate: "2026-02-02T09:00:00.000Z",
      },
      { id: 3, name: "Sprint 3", state: "future", createdDate: at(16, "09:00") },
    ],
    issues,
  };
};

/** The same board with one issue changed and one deleted, as a later incremental sync finds it. */
export const laterModel = (model: JiraModel): JiraModel => ({
  ...model,
  issues: model.issues.map((i) => {
    if (i.key === "ACME-6") return { ...i, deleted: true };
    if (i.key === "ACME-7") return { ...i, changes: [...i.changes, { at: at(23), set: { status: DONE } }] };
    return i;
  }),
});
