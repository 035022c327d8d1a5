import type { Selectable } from "kysely";
import type {
  Deployment,
  DeploymentStatus,
  EntityKind,
  EventKind,
  HistoryEvent,
  Instant,
  Milestone,
  PullRequest,
  PullRequestState,
  Sprint,
  SprintState,
  StatusCategory,
  WorkItem,
} from "../domain/types.ts";
import { type ItemState, replayItem } from "../engine/as-of.ts";
import { type Database, DOMAIN_TABLES, type EventsTable } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

/** Converted source data, ready to be written in one transaction. */
export interface DomainBatch {
  readonly workItems?: readonly WorkItem[];
  readonly sprints?: readonly Sprint[];
  readonly pullRequests?: readonly PullRequest[];
  readonly deployments?: readonly Deployment[];
  readonly milestones?: readonly Milestone[];
  readonly events?: readonly HistoryEvent[];
  /**
   * Entities whose full history this batch carries: their previously stored events from the same
   * source are replaced, so a changelog that shrank (an edit undone at the source) leaves no ghosts.
   */
  readonly replaceEventsOf?: readonly string[];
}

const bool = (b: boolean) => (b ? 1 : 0);

/**
 * One row per id, the last one winning, as if the batch's records had been written one by one.
 * PostgreSQL refuses an upsert statement that touches the same row twice.
 */
const lastById = <T extends { readonly id: string }>(rows: readonly T[] | undefined): T[] => [
  ...new Map((rows ?? []).map((row) => [row.id, row])).values(),
];

export const eventToRow = (e: HistoryEvent): EventsTable => ({
  id: e.id,
  engagementId: e.engagementId,
  sourceId: e.sourceId,
  entity: e.entity,
  entityId: e.entityId,
  at: e.at,
  kind: e.kind,
  fromValue: e.from,
  toValue: e.to,
  fromLabel: e.fromLabel,
  toLabel: e.toLabel,
  actor: e.actor,
  actorIsBot: bool(e.actorIsBot),
  seq: e.seq,
});

export const rowToEvent = (r: Selectable<EventsTable>): HistoryEvent => ({
  id: r.id,
  engagementId: r.engagementId,
  sourceId: r.sourceId,
  entity: r.entity as EntityKind,
  entityId: r.entityId,
  at: r.at,
  kind: r.kind as EventKind,
  from: r.fromValue,
  to: r.toValue,
  fromLabel: r.fromLabel,
  toLabel: r.toLabel,
  actor: r.actor,
  actorIsBot: Number(r.actorIsBot) === 1,
  seq: Number(r.seq),
});

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export const rowToWorkItem = (r: Selectable<Database["workItems"]>): WorkItem => ({
  ...r,
  statusCategory: r.statusCategory as StatusCategory,
  points: num(r.points),
  customerVisible: Number(r.customerVisible) === 1,
});

export const rowToSprint = (r: Selectable<Database["sprints"]>): Sprint => ({
  ...r,
  state: r.state as SprintState,
});

export const rowToPullRequest = (r: Selectable<Database["pullRequests"]>): PullRequest => ({
  ...r,
  number: Number(r.number),
  state: r.state as PullRequestState,
  draft: Number(r.draft) === 1,
  additions: Number(r.additions),
  deletions: Number(r.deletions),
  changedFiles: Number(r.changedFiles),
  itemKeys: JSON.parse(r.itemKeys) as string[],
});

export const rowToDeployment = (r: Selectable<Database["deployments"]>): Deployment => ({
  ...r,
  status: r.status as DeploymentStatus,
});

export const rowToMilestone = (r: Selectable<Database["milestones"]>): Milestone => ({ ...r });

/**
 * Writes one source's converted batch. Call inside a transaction: the batch lands whole or not at
 * all. Entities listed in `replaceEventsOf` lose their earlier events from this source first.
 */
export const writeDomainBatch = async (tx: Tx, sourceId: string, batch: DomainBatch): Promise<void> => {
  const replaced = [...new Set(batch.replaceEventsOf ?? [])];
  for (let i = 0; i < replaced.length; i += 500) {
    await tx
      .deleteFrom("events")
      .where("sourceId", "=", sourceId)
      .where("entityId", "in", replaced.slice(i, i + 500))
      .execute();
  }
  await upsertRows(
    tx,
    "workItems",
    lastById(batch.workItems).map((w) => ({ ...w, customerVisible: bool(w.customerVisible) })),
  );
  await upsertRows(
    tx,
    "sprints",
    lastById(batch.sprints).map((s) => ({ ...s })),
  );
  await upsertRows(
    tx,
    "pullRequests",
    lastById(batch.pullRequests).map((p) => ({
      ...p,
      draft: bool(p.draft),
      itemKeys: JSON.stringify(p.itemKeys),
    })),
  );
  await upsertRows(
    tx,
    "deployments",
    lastById(batch.deployments).map((d) => ({ ...d })),
  );
  await upsertRows(
    tx,
    "milestones",
    lastById(batch.milestones).map((m) => ({ ...m })),
  );
  await upsertRows(tx, "events", lastById(batch.events).map(eventToRow));
};

/** Removes everything a source converted, before rebuilding it from raw data. */
export const deleteSourceDomainRows = async (tx: Tx, sourceId: string): Promise<void> => {
  for (const table of DOMAIN_TABLES) {
    await tx.deleteFrom(table).where("sourceId", "=", sourceId).execute();
  }
};

/** Every event of an engagement at or before `asOf` (all when omitted), in chronological order. */
export const loadEvents = async (
  db: Db,
  engagementId: string,
  options: { readonly asOf?: Instant; readonly entity?: EntityKind } = {},
): Promise<HistoryEvent[]> => {
  let query = db.selectFrom("events").selectAll().where("engagementId", "=", engagementId);
  if (options.asOf) query = query.where("at", "<=", options.asOf);
  if (options.entity) query = query.where("entity", "=", options.entity);
  const rows = await query.orderBy("at").orderBy("seq").orderBy("id").execute();
  return rows.map(rowToEvent);
};

/** One item's tracked fields as they stood at `asOf`, from events stored at or before it. */
export const loadItemStateAsOf = async (db: Db, itemId: string, asOf: Instant): Promise<ItemState> => {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("entityId", "=", itemId)
    .where("at", "<=", asOf)
    .execute();
  return replayItem(rows.map(rowToEvent), asOf);
};

export const listWorkItems = async (db: Db, engagementId: string): Promise<WorkItem[]> =>
  (
    await db
      .selectFrom("workItems")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("id")
      .execute()
  ).map(rowToWorkItem);

export const listSprints = async (db: Db, engagementId: string): Promise<Sprint[]> =>
  (
    await db
      .selectFrom("sprints")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("id")
      .execute()
  ).map(rowToSprint);

export const listPullRequests = async (db: Db, engagementId: string): Promise<PullRequest[]> =>
  (
    await db
      .selectFrom("pullRequests")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("id")
      .execute()
  ).map(rowToPullRequest);

export const listDeployments = async (db: Db, engagementId: string): Promise<Deployment[]> =>
  (
    await db
      .selectFrom("deployments")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("id")
      .execute()
  ).map(rowToDeployment);

export const listMilestones = async (db: Db, engagementId: string): Promise<Milestone[]> =>
  (
    await db
      .selectFrom("milestones")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("id")
      .execute()
  ).map(rowToMilestone);

/** Counts of converted records per engagement, for listings. */
export const countDomainRows = async (db: Db, engagementId: string) => {
  const count = async (table: (typeof DOMAIN_TABLES)[number]) => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("engagementId", "=", engagementId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return {
    workItems: await count("workItems"),
    sprints: await count("sprints"),
    pullRequests: await count("pullRequests"),
    deployments: await count("deployments"),
    milestones: await count("milestones"),
    events: await count("events"),
  };
};

/**
 * A canonical text dump of every domain table (rows sorted by id, columns by name), for proving
 * that two ingestions produced identical data.
 */
export const dumpDomainTables = async (db: Db): Promise<string> => {
  const parts: string[] = [];
  for (const table of DOMAIN_TABLES) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    const lines = rows
      .map((row) =>
        JSON.stringify(
          Object.keys(row)
            .sort()
            .map((k) => [k, normaliseValue(row[k])]),
        ),
      )
      .sort();
    parts.push(`# ${table} (${lines.length})`, ...lines);
  }
  return parts.join("\n");
};

// PostgreSQL returns doubles as numbers and integers as numbers; SQLite likewise. Normalise
// numeric strings anyway so the dump compares values, not driver habits.
const normaliseValue = (v: unknown) => (typeof v === "bigint" ? Number(v) : v);
