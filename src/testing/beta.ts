import { eventId } from "../domain/ids.ts";
import type { EventKind, HistoryEvent, Milestone, WorkItem } from "../domain/types.ts";
import { saveAssignment, savePerson } from "../store/engagements.ts";
import { writeDomainBatch } from "../store/history.ts";
import { saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import { seedEngagement } from "./fixtures.ts";

const SOURCE = "acme-tracker";

const item = (key: string, overrides: Partial<WorkItem> = {}): WorkItem => ({
  id: `item:${key}`,
  engagementId: "acme-mobile",
  sourceId: SOURCE,
  key,
  title: `Work ${key}`,
  type: "story",
  status: "To Do",
  statusCategory: "todo",
  createdAt: "2026-04-20T09:00:00.000Z",
  resolvedAt: null,
  points: null,
  assignee: null,
  parentId: "item:ACME-1",
  customerVisible: false,
  ...overrides,
});

let seq = 0;
const event = (
  entityId: string,
  instant: string,
  kind: EventKind,
  to: string | null,
  extra: Partial<HistoryEvent> = {},
): HistoryEvent => ({
  id: eventId(entityId, instant, kind, seq++),
  engagementId: "acme-mobile",
  sourceId: SOURCE,
  entity: entityId.startsWith("milestone") ? "milestone" : "item",
  entityId,
  at: instant,
  kind,
  from: null,
  to,
  fromLabel: null,
  toLabel: null,
  actor: null,
  actorIsBot: false,
  seq: 0,
  ...extra,
});

/**
 * Acme Mobile's Beta: epic ACME-1 with ACME-2 (done 30 Apr), ACME-3 (in progress since 1 May,
 * flagged on 4 May, Lena's) and ACME-4 (not started); target 15 May; Omar is the DM.
 */
export const seedBeta = async (store: Store) => {
  await seedEngagement(store.db, { timeZone: "UTC", startDate: "2026-04-01" });
  await savePerson(store.db, {
    id: "omar",
    name: "Omar Farouk",
    email: null,
    calendar: {
      timeZone: "UTC",
      workingDays: [1, 2, 3, 4, 5],
      workStart: "09:00",
      workEnd: "17:00",
      holidays: [],
    },
  });
  await saveAssignment(store.db, {
    id: "a1",
    engagementId: "acme-mobile",
    personId: "omar",
    role: "dm",
    from: "2026-04-01",
    to: null,
  });
  await saveSource(store.db, {
    id: SOURCE,
    engagementId: "acme-mobile",
    kind: "csv",
    config: {},
    createdAt: "2026-04-01T00:00:00.000Z",
  });
  const items = [
    item("ACME-1", { type: "epic", parentId: null }),
    item("ACME-2", { status: "Done", statusCategory: "done", resolvedAt: "2026-04-30T12:00:00.000Z" }),
    item("ACME-3", { status: "In Progress", statusCategory: "in_progress", assignee: "lena" }),
    item("ACME-4"),
  ];
  const created = "2026-04-20T09:00:00.000Z";
  const events: HistoryEvent[] = [
    ...items.map((i) => event(i.id, created, "created", "todo", { toLabel: "To Do" })),
    ...items.slice(1).map((i) => event(i.id, created, "parent", "item:ACME-1")),
    event("item:ACME-2", "2026-04-30T12:00:00.000Z", "status", "done", { from: "todo", toLabel: "Done" }),
    event("item:ACME-3", "2026-05-01T09:00:00.000Z", "status", "in_progress", {
      from: "todo",
      toLabel: "In Progress",
    }),
    event("item:ACME-3", "2026-05-01T09:00:00.000Z", "assignee", "lena"),
    event("item:ACME-3", "2026-05-04T10:00:00.000Z", "blocked", "true"),
    event("milestone:beta", "2026-04-20T09:00:00.000Z", "created", "2026-05-15"),
  ];
  const beta: Milestone = {
    id: "milestone:beta",
    engagementId: "acme-mobile",
    sourceId: SOURCE,
    name: "Beta",
    targetDate: "2026-05-15",
    epicId: "item:ACME-1",
    closedAt: null,
  };
  await store.db
    .transaction()
    .execute((tx) => writeDomainBatch(tx, SOURCE, { workItems: items, events, milestones: [beta] }));
};
