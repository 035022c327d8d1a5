import { createToken, type Principal } from "../app/access.ts";
import { addPodMember, assignDm, createEngagement } from "../app/engagements.ts";
import { createUser } from "../app/users.ts";
import type { User, UserRole } from "../domain/types.ts";
import { createApp } from "../server/app.ts";
import type { JobRunner } from "../server/jobs/types.ts";
import { memoryLogger } from "../server/log.ts";
import { simulatorConfig, simulatorSource } from "../sources/simulator/index.ts";
import { saveSource } from "../store/ingestion.ts";
import type { Store } from "../store/store.ts";

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
