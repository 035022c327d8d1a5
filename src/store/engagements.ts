import type { Selectable } from "kysely";
import type {
  Customer,
  DmAssignment,
  DmRole,
  Engagement,
  EngagementStatus,
  Person,
  PersonIdentity,
  PodMembership,
  PodRole,
  Weekday,
  WeekdayName,
} from "../domain/types.ts";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

const rowToEngagement = (r: Selectable<Database["engagements"]>): Engagement => ({
  id: r.id,
  customerId: r.customerId,
  name: r.name,
  status: r.status as EngagementStatus,
  sprintLengthDays: Number(r.sprintLengthDays),
  reportDay: r.reportDay as WeekdayName,
  reviewSla: { firstReviewHours: Number(r.reviewSlaHours) },
  timeZone: r.timeZone,
  startDate: r.startDate,
});

const rowToPerson = (r: Selectable<Database["people"]>): Person => ({
  id: r.id,
  name: r.name,
  email: r.email,
  calendar: {
    timeZone: r.timeZone,
    workingDays: r.workingDays
      .split(",")
      .filter(Boolean)
      .map((d) => Number(d) as Weekday),
    workStart: r.workStart,
    workEnd: r.workEnd,
    holidays: JSON.parse(r.holidays) as string[],
  },
});

const rowToMembership = (r: Selectable<Database["podMemberships"]>): PodMembership => ({
  id: r.id,
  engagementId: r.engagementId,
  personId: r.personId,
  role: r.role as PodRole,
  allocationPct: Number(r.allocationPct),
  from: r.fromDate,
  to: r.toDate,
});

const rowToAssignment = (r: Selectable<Database["dmAssignments"]>): DmAssignment => ({
  id: r.id,
  engagementId: r.engagementId,
  personId: r.personId,
  role: r.role as DmRole,
  from: r.fromDate,
  to: r.toDate,
});

export const saveCustomer = (db: Conn, customer: Customer) => upsertRows(db, "customers", [{ ...customer }]);

export const getCustomer = async (db: Conn, id: string): Promise<Customer | undefined> =>
  db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();

export const listCustomers = async (db: Conn): Promise<Customer[]> =>
  db.selectFrom("customers").selectAll().orderBy("id").execute();

export const saveEngagement = (db: Conn, e: Engagement) =>
  upsertRows(db, "engagements", [
    {
      id: e.id,
      customerId: e.customerId,
      name: e.name,
      status: e.status,
      sprintLengthDays: e.sprintLengthDays,
      reportDay: e.reportDay,
      reviewSlaHours: e.reviewSla.firstReviewHours,
      timeZone: e.timeZone,
      startDate: e.startDate,
    },
  ]);

export const getEngagement = async (db: Conn, id: string): Promise<Engagement | undefined> => {
  const row = await db.selectFrom("engagements").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToEngagement(row);
};

export const listEngagements = async (db: Conn): Promise<Engagement[]> =>
  (await db.selectFrom("engagements").selectAll().orderBy("id").execute()).map(rowToEngagement);

export const savePerson = (db: Conn, p: Person) =>
  upsertRows(db, "people", [
    {
      id: p.id,
      name: p.name,
      email: p.email,
      timeZone: p.calendar.timeZone,
      workingDays: p.calendar.workingDays.join(","),
      workStart: p.calendar.workStart,
      workEnd: p.calendar.workEnd,
      holidays: JSON.stringify(p.calendar.holidays),
    },
  ]);

export const getPerson = async (db: Conn, id: string): Promise<Person | undefined> => {
  const row = await db.selectFrom("people").selectAll().where("id", "=", id).executeTakeFirst();
  return row && rowToPerson(row);
};

export const findPersonByEmail = async (db: Conn, email: string): Promise<Person | undefined> => {
  const row = await db
    .selectFrom("people")
    .selectAll()
    .where("email", "=", email.toLowerCase())
    .orderBy("id")
    .executeTakeFirst();
  return row && rowToPerson(row);
};

export const listPeople = async (db: Conn, ids?: readonly string[]): Promise<Person[]> => {
  let query = db.selectFrom("people").selectAll();
  if (ids) {
    if (ids.length === 0) return [];
    query = query.where("id", "in", [...ids]);
  }
  return (await query.orderBy("id").execute()).map(rowToPerson);
};

export const saveIdentities = (db: Conn, identities: readonly PersonIdentity[]) =>
  upsertRows(
    db,
    "personIdentities",
    identities.map((i) => ({ ...i })),
    ["source", "externalId"],
  );

export const listIdentities = async (db: Conn): Promise<PersonIdentity[]> =>
  db.selectFrom("personIdentities").selectAll().orderBy("source").orderBy("externalId").execute();

export const saveMembership = (db: Conn, m: PodMembership) =>
  upsertRows(db, "podMemberships", [
    {
      id: m.id,
      engagementId: m.engagementId,
      personId: m.personId,
      role: m.role,
      allocationPct: m.allocationPct,
      fromDate: m.from,
      toDate: m.to,
    },
  ]);

export const listMemberships = async (db: Conn, engagementId?: string): Promise<PodMembership[]> => {
  let query = db.selectFrom("podMemberships").selectAll();
  if (engagementId) query = query.where("engagementId", "=", engagementId);
  return (await query.orderBy("engagementId").orderBy("fromDate").orderBy("id").execute()).map(
    rowToMembership,
  );
};

export const deleteMembership = async (db: Conn, id: string) => {
  await db.deleteFrom("podMemberships").where("id", "=", id).execute();
};

export const saveAssignment = (db: Conn, a: DmAssignment) =>
  upsertRows(db, "dmAssignments", [
    {
      id: a.id,
      engagementId: a.engagementId,
      personId: a.personId,
      role: a.role,
      fromDate: a.from,
      toDate: a.to,
    },
  ]);

export const listAssignments = async (db: Conn, engagementId?: string): Promise<DmAssignment[]> => {
  let query = db.selectFrom("dmAssignments").selectAll();
  if (engagementId) query = query.where("engagementId", "=", engagementId);
  return (await query.orderBy("engagementId").orderBy("fromDate").orderBy("id").execute()).map(
    rowToAssignment,
  );
};
