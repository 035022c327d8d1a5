import type { Selectable } from "kysely";
import type {
  Blocker,
  Decision,
  DecisionStatus,
  Dependency,
  DependencyStatus,
  Escalation,
  EscalationLevel,
  EscalationStatus,
  MilestoneMiss,
  MissStatus,
  PrerequisiteKind,
} from "../domain/workflows.ts";
import type { DecisionsTable, DependenciesTable, EscalationsTable, MilestoneMissesTable } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

const bool = (v: boolean) => (v ? 1 : 0);
const isTrue = (v: unknown) => Number(v) === 1;

// --- escalations -----------------------------------------------------------------------------

const rowToEscalation = (r: Selectable<EscalationsTable>): Escalation => ({
  ...r,
  level: r.level as EscalationLevel,
  suggestedLevel: r.suggestedLevel as EscalationLevel,
  severity: r.severity as Escalation["severity"],
  customerImpact: r.customerImpact as Escalation["customerImpact"],
  status: r.status as EscalationStatus,
  customerVisible: isTrue(r.customerVisible),
  levelConfirmed: isTrue(r.levelConfirmed),
  warranted: r.warranted === null ? null : isTrue(r.warranted),
});

export const saveEscalation = (db: Conn, e: Escalation) =>
  upsertRows(db, "escalations", [
    {
      ...e,
      customerVisible: bool(e.customerVisible),
      levelConfirmed: bool(e.levelConfirmed),
      warranted: e.warranted === null ? null : bool(e.warranted),
    },
  ]);

export const getEscalation = async (db: Conn, id: string): Promise<Escalation | undefined> => {
  const row = await db.selectFrom("escalations").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToEscalation(row);
};

/** Escalations, newest first; of one engagement when given. */
export const listEscalations = async (db: Conn, engagementId?: string): Promise<Escalation[]> => {
  let query = db.selectFrom("escalations").selectAll();
  if (engagementId) query = query.where("engagementId", "=", engagementId);
  return (await query.orderBy("createdAt", "desc").orderBy("id").execute()).map(rowToEscalation);
};

// --- blockers --------------------------------------------------------------------------------

export const saveBlocker = (db: Conn, b: Blocker) => upsertRows(db, "blockers", [{ ...b }]);

export const getBlocker = async (db: Conn, id: string): Promise<Blocker | undefined> =>
  (await db.selectFrom("blockers").selectAll().where("id", "=", id).executeTakeFirst()) as
    | Blocker
    | undefined;

export const listBlockers = async (db: Conn, engagementId: string): Promise<Blocker[]> =>
  (await db
    .selectFrom("blockers")
    .selectAll()
    .where("engagementId", "=", engagementId)
    .orderBy("since")
    .orderBy("id")
    .execute()) as Blocker[];

// --- dependencies ----------------------------------------------------------------------------

const rowToDependency = (r: Selectable<DependenciesTable>): Dependency => ({
  ...r,
  dependentKind: r.dependentKind as Dependency["dependentKind"],
  prerequisiteKind: r.prerequisiteKind as PrerequisiteKind,
  status: r.status as DependencyStatus,
  customerOwed: isTrue(r.customerOwed),
});

export const saveDependency = (db: Conn, d: Dependency) =>
  upsertRows(db, "dependencies", [{ ...d, customerOwed: bool(d.customerOwed) }]);

export const getDependency = async (db: Conn, id: string): Promise<Dependency | undefined> => {
  const row = await db.selectFrom("dependencies").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToDependency(row);
};

export const listDependencies = async (db: Conn, engagementId: string): Promise<Dependency[]> =>
  (
    await db
      .selectFrom("dependencies")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("createdAt")
      .orderBy("id")
      .execute()
  ).map(rowToDependency);

// --- decisions -------------------------------------------------------------------------------

const rowToDecision = (r: Selectable<DecisionsTable>): Decision => ({
  ...r,
  number: Number(r.number),
  status: r.status as DecisionStatus,
  options: JSON.parse(r.options) as string[],
  links: JSON.parse(r.links) as string[],
  customerVisible: isTrue(r.customerVisible),
  askCustomer: isTrue(r.askCustomer),
});

export const saveDecision = (db: Conn, d: Decision) =>
  upsertRows(db, "decisions", [
    {
      ...d,
      options: JSON.stringify(d.options),
      links: JSON.stringify(d.links),
      customerVisible: bool(d.customerVisible),
      askCustomer: bool(d.askCustomer),
    },
  ]);

export const getDecision = async (db: Conn, id: string): Promise<Decision | undefined> => {
  const row = await db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToDecision(row);
};

export const listDecisions = async (db: Conn, engagementId: string): Promise<Decision[]> =>
  (
    await db
      .selectFrom("decisions")
      .selectAll()
      .where("engagementId", "=", engagementId)
      .orderBy("number")
      .execute()
  ).map(rowToDecision);

/** The next decision number of an engagement (1 for the first). */
export const nextDecisionNumber = async (db: Conn, engagementId: string): Promise<number> => {
  const row = await db
    .selectFrom("decisions")
    .select((eb) => eb.fn.max("number").as("last"))
    .where("engagementId", "=", engagementId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
};

// --- missed milestones -----------------------------------------------------------------------

const rowToMiss = (r: Selectable<MilestoneMissesTable>): MilestoneMiss => ({
  ...r,
  status: r.status as MissStatus,
});

export const saveMiss = (db: Conn, m: MilestoneMiss) => upsertRows(db, "milestoneMisses", [{ ...m }]);

/** Opens a miss record unless one exists for the same milestone and target date; true if opened. */
export const openMissOnce = async (db: Conn, m: MilestoneMiss): Promise<boolean> => {
  const result = await db
    .insertInto("milestoneMisses")
    .values({ ...m })
    .onConflict((oc) => oc.columns(["milestoneId", "targetDate"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
};

export const getMiss = async (db: Conn, id: string): Promise<MilestoneMiss | undefined> => {
  const row = await db.selectFrom("milestoneMisses").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToMiss(row);
};

/** Missed-milestone records, of one engagement when given, oldest first. */
export const listMisses = async (db: Conn, engagementId?: string): Promise<MilestoneMiss[]> => {
  let query = db.selectFrom("milestoneMisses").selectAll();
  if (engagementId) query = query.where("engagementId", "=", engagementId);
  return (await query.orderBy("openedAt").orderBy("id").execute()).map(rowToMiss);
};
