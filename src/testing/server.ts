import { createToken, type Principal } from "../app/access.ts";
import { proposeDecision } from "../app/decisions.ts";
import { addBlocker, addDependency } from "../app/dependencies.ts";
import { addPodMember, assignDm, createEngagement } from "../app/engagements.ts";
import { raiseEscalation } from "../app/escalations.ts";
import { loadHistory } from "../app/history.ts";
import { prepareWeekly, publishReport } from "../app/reports.ts";
import { syncSource } from "../app/sources.ts";
import { createUser } from "../app/users.ts";
import type { User, UserRole } from "../domain/types.ts";
import type { MilestoneMiss } from "../domain/workflows.ts";
import type { NarratorConfig } from "../reports/narrate.ts";
import { createApp } from "../server/app.ts";
import type { JobRunner } from "../server/jobs/types.ts";
import { memoryLogger } from "../server/log.ts";
import { simulatorConfig, simulatorSource } from "../sources/simulator/index.ts";
import { saveSource } from "../store/ingestion.ts";
import { listSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { saveMiss } from "../store/workflows.ts";

/**
 * A small portfolio for server tests: two customers' engagements (acme-mobile and globex-data),
 * a DM and a specialist on acme-mobile, another DM on globex-data, one login per role (the
 * customer is Acme's), a simulator source per engagement, and read and write tokens per login.
 * "Own" is acme-mobile for the DM, the specialist and the customer; "foreign" is globex-data.
 */
export const SERVER_NOW = new Date("2026-03-02T10:00:00Z");
export const PASSWORD = "correct-horse-battery";
export const ROLES: readonly UserRole[] = ["admin", "director", "dm", "specialist", "customer"];

export interface ServerFixture {
  readonly store: Store;
  readonly app: ReturnType<typeof createApp>;
  readonly users: Record<UserRole, User>;
  readonly tokens: Record<UserRole, { read: string; write: string }>;
  readonly logger: ReturnType<typeof memoryLogger>;
}

export const emailOf = (role: UserRole) => (role === "customer" ? "cio@acme.test" : `${role}@baton.test`);

const source = (id: string, engagementId: string, prefix: string) =>
  simulatorSource({
    id,
    engagementId,
    createdAt: SERVER_NOW.toISOString(),
    config: simulatorConfig({
      seed: 7,
      startDate: "2026-02-02",
      endDate: "2026-02-27",
      keyPrefix: prefix,
      people: [
        { personId: "sam-spec", login: "sam", name: "Sam Spec", role: "specialist" },
        { personId: "kim-spec", login: "kim", name: "Kim Spec", role: "specialist" },
      ],
    }),
  });

export const serverFixture = async (
  store: Store,
  options: {
    jobs?: JobRunner;
    bodyLimitBytes?: number;
    webhookRatePerMinute?: number;
    signInRatePerMinute?: number;
    narrator?: NarratorConfig | null;
  } = {},
): Promise<ServerFixture> => {
  const now = SERVER_NOW;
  await createEngagement(store, { name: "Acme Mobile", customer: "Acme", startDate: "2026-01-05" }, now);
  await createEngagement(store, { name: "Globex Data", customer: "Globex", startDate: "2026-01-05" }, now);
  await assignDm(store, { engagement: "acme-mobile", name: "Dana Lee", from: "2026-01-05" }, now);
  await assignDm(store, { engagement: "globex-data", name: "Omar Field", from: "2026-01-05" }, now);
  await addPodMember(store, { engagement: "acme-mobile", name: "Sam Spec", from: "2026-01-05" }, now);
  await addPodMember(store, { engagement: "globex-data", name: "Kim Spec", from: "2026-01-05" }, now);
  await saveSource(store.db, source("acme-mobile-sim", "acme-mobile", "ACME"));
  await saveSource(store.db, source("globex-data-sim", "globex-data", "GLX"));
  const persons: Partial<Record<UserRole, string>> = { dm: "dana-lee", specialist: "sam-spec" };
  const users = {} as Record<UserRole, User>;
  const tokens = {} as Record<UserRole, { read: string; write: string }>;
  for (const role of ROLES) {
    users[role] = await createUser(
      store,
      {
        email: emailOf(role),
        name: `The ${role}`,
        role,
        password: PASSWORD,
        ...(role === "customer" ? { customer: "acme" } : {}),
        ...(persons[role] ? { person: persons[role] } : {}),
      },
      now,
    );
    const actor: Principal = { user: users[role], via: "cli", scope: "write" };
    tokens[role] = {
      read: (await createToken(store, actor, { name: "read", scope: "read" }, now)).token,
      write: (await createToken(store, actor, { name: "write", scope: "write" }, now)).token,
    };
  }
  const logger = memoryLogger();
  const app = createApp(store, { now: () => now, logger, signInRatePerMinute: 1000, ...options });
  return { store, app, users, tokens, logger };
};

export const bearer = (token: string, extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${token}`,
  ...extra,
});

/** One record of each kind a route addresses by id, in acme-mobile ("own") and globex-data ("foreign"). */
export type RecordIds = Record<
  | "signalId"
  | "escalationId"
  | "blockerId"
  | "dependencyId"
  | "decisionId"
  | "missId"
  | "reportId"
  | "draftId"
  | "milestone"
  | "dm",
  string
>;

/**
 * Fills both engagements with delivery data (their simulator sources, synced) and one record of
 * each kind: a customer-visible escalation, a decision asked of the customer, a blocker, a
 * dependency, a missed-milestone record, a signal, and a weekly report published once (its
 * draft stays a separate id).
 */
export const seedRecords = async (store: Store): Promise<{ own: RecordIds; foreign: RecordIds }> => {
  const now = SERVER_NOW;
  const seed = async (engagement: string, sourceId: string, dm: string): Promise<RecordIds> => {
    await syncSource(store, sourceId, { now: () => now });
    const history = await loadHistory(store, engagement);
    const milestone = history.milestones[0];
    if (!milestone) throw new Error(`the simulator gave ${engagement} no milestone`);
    const escalation = await raiseEscalation(
      store,
      {
        engagement,
        title: `Sandbox keys for ${engagement}`,
        ask: "provide sandbox API keys",
        askedOf: "the customer's CTO",
        level: "L2",
        customerVisible: true,
      },
      now,
    );
    const decision = await proposeDecision(
      store,
      {
        engagement,
        title: "Release train",
        context: "Weekly or fortnightly releases",
        options: ["weekly", "fortnightly"],
        askCustomer: true,
      },
      now,
    );
    const blocker = await addBlocker(store, { engagement, title: "Test devices", owner: "IT" }, now);
    const dependency = await addDependency(
      store,
      {
        engagement,
        title: "Design sign-off",
        milestone: milestone.id,
        onKind: "external",
        owner: "Design agency",
        dueDate: "2026-03-20",
      },
      now,
    );
    const miss: MilestoneMiss = {
      id: `miss-${engagement}-fixture`,
      engagementId: engagement,
      milestoneId: milestone.id,
      milestoneName: milestone.name,
      ownerId: dm,
      targetDate: "2026-02-20",
      openedAt: now.toISOString(),
      cause: null,
      recoveryPlan: null,
      newDate: null,
      customerCommunication: null,
      status: "open",
      closedAt: null,
    };
    await saveMiss(store.db, miss);
    const signal = (await listSignals(store.db, engagement))[0];
    if (!signal) throw new Error(`the simulator's history of ${engagement} raised no signal`);
    const draft = await prepareWeekly(store, engagement, "2026-02-27", now);
    const published = await publishReport(store, draft.report.id, "The dm", now);
    return {
      signalId: signal.id,
      escalationId: escalation.escalation.id,
      blockerId: blocker.id,
      dependencyId: dependency.id,
      decisionId: decision.id,
      missId: miss.id,
      reportId: published.report.id,
      draftId: draft.report.id,
      milestone: milestone.id,
      dm,
    };
  };
  return {
    own: await seed("acme-mobile", "acme-mobile-sim", "dana-lee"),
    foreign: await seed("globex-data", "globex-data-sim", "omar-field"),
  };
};

/** A route template with the ids of one side filled in. */
export const fillPath = (template: string, engagementId: string, ids: RecordIds) =>
  template
    .replace("{id}", engagementId)
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in ids ? ids[name as keyof RecordIds] : whole));
