import { z } from "zod";
import { type DmLoadReport, evaluateDmLoad } from "../domain/dm-load.ts";
import { slugify } from "../domain/ids.ts";
import { addDays, laterDate } from "../domain/time.ts";
import type { DmAssignment, DmRole, Engagement, Person, PodMembership, PodRole } from "../domain/types.ts";
import { conflict, invalidInput, notFound } from "../errors.ts";
import {
  findPersonByEmail,
  getCustomer,
  getEngagement,
  getPerson,
  listAssignments,
  listCustomers,
  listEngagements,
  listMemberships,
  listPeople,
  saveAssignment,
  saveCustomer,
  saveEngagement,
  saveIdentities,
  saveMembership,
  savePerson,
} from "../store/engagements.ts";
import { countDomainRows } from "../store/history.ts";
import { listSources } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";
import {
  calendarDate,
  clockTime,
  parseInput,
  timeZone,
  today,
  weekdayName,
  workingDays,
} from "./validate.ts";

export const createEngagementInput = z.strictObject({
  name: z.string().trim().min(1, "is required"),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be lower-case letters, digits and dashes")
    .optional(),
  customer: z.string().trim().min(1, "is required"),
  sprintLengthDays: z.coerce.number().int().min(1).max(42).default(14),
  reportDay: weekdayName.default("fri"),
  reviewSlaHours: z.coerce.number().positive().max(240).default(8),
  timeZone: timeZone.default("UTC"),
  startDate: calendarDate.optional(),
});

/** Creates an engagement (and its customer, when new). Fails if the id is taken. */
export const createEngagement = async (store: Store, input: unknown, now: Date): Promise<Engagement> => {
  const data = parseInput(createEngagementInput, input, "engagement");
  const id = data.id ?? slugify(data.name);
  if (await getEngagement(store.db, id)) throw conflict(`engagement "${id}" already exists`);
  const customerId = slugify(data.customer);
  const engagement: Engagement = {
    id,
    customerId,
    name: data.name,
    status: "active",
    sprintLengthDays: data.sprintLengthDays,
    reportDay: data.reportDay,
    reviewSla: { firstReviewHours: data.reviewSlaHours },
    timeZone: data.timeZone,
    startDate: data.startDate ?? today(now),
  };
  await store.db.transaction().execute(async (tx) => {
    if (!(await getCustomer(tx, customerId))) await saveCustomer(tx, { id: customerId, name: data.customer });
    await saveEngagement(tx, engagement);
  });
  return engagement;
};

export const requireEngagement = async (store: Store, id: string): Promise<Engagement> => {
  const engagement = await getEngagement(store.db, id);
  if (!engagement) throw notFound("engagement", id);
  return engagement;
};

export const podMemberInput = z.strictObject({
  engagement: z.string().min(1, "is required"),
  name: z.string().trim().min(1, "is required"),
  email: z.email("must be an email address").optional(),
  github: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, "must be a GitHub login")
    .optional(),
  role: z.enum(["specialist", "tech_lead", "qa", "designer"]).default("specialist"),
  allocation: z.coerce
    .number()
    .min(1, "must be between 1 and 100")
    .max(100, "must be between 1 and 100")
    .default(100),
  timeZone: timeZone.default("UTC"),
  workingDays: workingDays.default([1, 2, 3, 4, 5]),
  workStart: clockTime.default("09:00"),
  workEnd: clockTime.default("17:00"),
  holidays: z.array(calendarDate).default([]),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});

/**
 * Finds the person by email, else by the id their name gives; creates or updates their calendar.
 * One person, many accounts: the email is what ties them together.
 */
const upsertPerson = async (
  store: Store,
  data: {
    name: string;
    email?: string | undefined;
    timeZone: string;
    workingDays: readonly (1 | 2 | 3 | 4 | 5 | 6 | 7)[];
    workStart: string;
    workEnd: string;
    holidays: readonly string[];
  },
): Promise<Person> => {
  const email = data.email?.toLowerCase() ?? null;
  const existing =
    (email && (await findPersonByEmail(store.db, email))) || (await getPerson(store.db, slugify(data.name)));
  if (existing && email && existing.email && existing.email !== email) {
    throw conflict(
      `another person is already called "${data.name}" (${existing.email}); use a distinct name`,
    );
  }
  const person: Person = {
    id: existing?.id ?? slugify(data.name),
    name: data.name,
    email: email ?? existing?.email ?? null,
    calendar: {
      timeZone: data.timeZone,
      workingDays: data.workingDays,
      workStart: data.workStart,
      workEnd: data.workEnd,
      holidays: data.holidays,
    },
  };
  if (person.calendar.workStart >= person.calendar.workEnd) {
    throw invalidInput(`invalid pod member: workStart ${person.calendar.workStart} must be before workEnd`);
  }
  await savePerson(store.db, person);
  return person;
};

/** Adds a person to a pod from a date, with an allocation and a working calendar. */
export const addPodMember = async (
  store: Store,
  input: unknown,
  now: Date,
): Promise<{ person: Person; membership: PodMembership }> => {
  const data = parseInput(podMemberInput, input, "pod member");
  await requireEngagement(store, data.engagement);
  const from = data.from ?? today(now);
  if (data.to && data.to < from)
    throw invalidInput(`invalid pod member: to ${data.to} is before from ${from}`);
  const person = await upsertPerson(store, data);
  // Review requests name GitHub logins: the login leads their clocks to this person's calendar.
  if (data.github)
    await saveIdentities(store.db, [{ source: "github", externalId: data.github, personId: person.id }]);
  const membership: PodMembership = {
    id: `${data.engagement}:${person.id}:${from}`,
    engagementId: data.engagement,
    personId: person.id,
    role: data.role as PodRole,
    allocationPct: data.allocation,
    from,
    to: data.to ?? null,
  };
  await saveMembership(store.db, membership);
  return { person, membership };
};

export const removePodMemberInput = z.strictObject({
  engagement: z.string().min(1, "is required"),
  person: z.string().min(1, "is required"),
  date: calendarDate.optional(),
});

/**
 * Rotates a person out of a pod: their open memberships end the day before `date`. History is
 * kept, so pod size and capacity as of earlier dates stay right.
 */
export const removePodMember = async (store: Store, input: unknown, now: Date): Promise<PodMembership[]> => {
  const data = parseInput(removePodMemberInput, input, "pod removal");
  await requireEngagement(store, data.engagement);
  const date = data.date ?? today(now);
  const person = await resolvePerson(store, data.person);
  const open = (await listMemberships(store.db, data.engagement)).filter(
    (m) => m.personId === person.id && (m.to === null || m.to >= date),
  );
  if (open.length === 0) throw notFound(`current pod membership in ${data.engagement} for`, data.person);
  const ended = open.map((m) => ({ ...m, to: laterDate(m.from, addDays(date, -1)) }));
  for (const m of ended) await saveMembership(store.db, m);
  return ended;
};

/** A person by id, email or name. */
export const resolvePerson = async (store: Store, ref: string): Promise<Person> => {
  const person =
    (await getPerson(store.db, ref)) ??
    (ref.includes("@") ? await findPersonByEmail(store.db, ref) : undefined) ??
    (await getPerson(store.db, slugify(ref)));
  if (!person) throw notFound("person", ref);
  return person;
};

export const assignDmInput = z.strictObject({
  engagement: z.string().min(1, "is required"),
  name: z.string().trim().min(1, "is required"),
  email: z.email("must be an email address").optional(),
  role: z.enum(["dm", "sub_dm", "engagement_architect"]).default("dm"),
  timeZone: timeZone.default("UTC"),
  from: calendarDate.optional(),
});

/**
 * Makes a person the engagement's DM (or sub-DM / engagement architect) from a date. The previous
 * holder of the same role hands over the day before.
 */
export const assignDm = async (store: Store, input: unknown, now: Date): Promise<DmAssignment> => {
  const data = parseInput(assignDmInput, input, "DM assignment");
  await requireEngagement(store, data.engagement);
  const from = data.from ?? today(now);
  const existing = data.email
    ? await findPersonByEmail(store.db, data.email)
    : await getPerson(store.db, slugify(data.name));
  const person =
    existing ??
    (await upsertPerson(store, {
      name: data.name,
      email: data.email,
      timeZone: data.timeZone,
      workingDays: [1, 2, 3, 4, 5],
      workStart: "09:00",
      workEnd: "17:00",
      holidays: [],
    }));
  const assignment: DmAssignment = {
    id: `${data.engagement}:${data.role}:${person.id}:${from}`,
    engagementId: data.engagement,
    personId: person.id,
    role: data.role as DmRole,
    from,
    to: null,
  };
  await store.db.transaction().execute(async (tx) => {
    for (const previous of await listAssignments(tx, data.engagement)) {
      if (previous.role !== assignment.role || previous.id === assignment.id) continue;
      if (previous.to !== null && previous.to < from) continue;
      await saveAssignment(tx, {
        ...previous,
        to: laterDate(previous.from, addDays(from, -1)),
      });
    }
    await saveAssignment(tx, assignment);
  });
  return assignment;
};

/** The DM-load rules evaluated on a date across the whole portfolio. */
export const portfolioDmLoad = async (store: Store, date: string): Promise<DmLoadReport> => {
  const names = new Map((await listPeople(store.db)).map((p) => [p.id, p.name]));
  return evaluateDmLoad(
    await listEngagements(store.db),
    await listMemberships(store.db),
    await listAssignments(store.db),
    date,
    (id) => names.get(id) ?? id,
  );
};

/** An engagement with what a listing shows: customer, DM, pod size and its DM-load violations. */
export interface EngagementSummary {
  readonly engagement: Engagement;
  readonly customerName: string;
  readonly dm: { readonly id: string; readonly name: string } | null;
  readonly podSize: number;
  readonly violations: readonly string[];
}

export const listEngagementSummaries = async (store: Store, date: string): Promise<EngagementSummary[]> => {
  // One read of each table serves both the listing and the DM-load rules.
  const [engagements, customers, assignments, people, memberships] = await Promise.all([
    listEngagements(store.db),
    listCustomers(store.db),
    listAssignments(store.db),
    listPeople(store.db),
    listMemberships(store.db),
  ]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  const personName = new Map(people.map((p) => [p.id, p.name]));
  const load = evaluateDmLoad(engagements, memberships, assignments, date, (id) => personName.get(id) ?? id);
  return engagements.map((engagement) => {
    const dm = assignments.find(
      (a) =>
        a.engagementId === engagement.id &&
        a.role === "dm" &&
        a.from <= date &&
        (a.to === null || a.to >= date),
    );
    return {
      engagement,
      customerName: customerName.get(engagement.customerId) ?? engagement.customerId,
      dm: dm ? { id: dm.personId, name: personName.get(dm.personId) ?? dm.personId } : null,
      podSize: load.podSizes[engagement.id] ?? 0,
      violations: load.violations
        .filter((v) =>
          "engagementId" in v ? v.engagementId === engagement.id : v.engagementIds.includes(engagement.id),
        )
        .map((v) => v.message),
    };
  });
};

/** Everything `engagement show` presents. */
export interface EngagementDetail extends EngagementSummary {
  readonly pod: readonly (PodMembership & { readonly name: string; readonly timeZone: string })[];
  readonly leadership: readonly (DmAssignment & { readonly name: string })[];
  readonly sources: readonly { readonly id: string; readonly kind: string }[];
  readonly data: Awaited<ReturnType<typeof countDomainRows>>;
}

export const showEngagement = async (store: Store, id: string, date: string): Promise<EngagementDetail> => {
  await requireEngagement(store, id);
  const summary = (await listEngagementSummaries(store, date)).find((s) => s.engagement.id === id)!;
  const [memberships, assignments, sources, data] = await Promise.all([
    listMemberships(store.db, id),
    listAssignments(store.db, id),
    listSources(store.db, id),
    countDomainRows(store.db, id),
  ]);
  const people = new Map(
    (
      await listPeople(
        store.db,
        [...memberships, ...assignments].map((m) => m.personId),
      )
    ).map((p) => [p.id, p]),
  );
  return {
    ...summary,
    pod: memberships.map((m) => ({
      ...m,
      name: people.get(m.personId)?.name ?? m.personId,
      timeZone: people.get(m.personId)?.calendar.timeZone ?? "UTC",
    })),
    leadership: assignments.map((a) => ({ ...a, name: people.get(a.personId)?.name ?? a.personId })),
    sources: sources.map((s) => ({ id: s.id, kind: s.kind })),
    data,
  };
};
