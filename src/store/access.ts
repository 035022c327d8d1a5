import type { Selectable } from "kysely";
import type { User, UserRole } from "../domain/types.ts";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";

type Conn = Db | Tx;

/** What a credential grants: `read` only, or `write` (which includes read). */
export type TokenScope = "read" | "write";

export interface ApiTokenInfo {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly scope: TokenScope;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const userOf = (r: Selectable<Database["users"]>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as UserRole,
  customerId: r.customerId,
  personId: r.personId,
});

const tokenOf = (r: Selectable<Database["apiTokens"]>): ApiTokenInfo => ({
  id: r.id,
  userId: r.userId,
  name: r.name,
  scope: r.scope as TokenScope,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});

export const getUser = async (db: Conn, id: string): Promise<User | undefined> => {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row && userOf(row);
};

export const insertSession = (db: Conn, session: Selectable<Database["sessions"]>) =>
  db.insertInto("sessions").values(session).execute();

/** The live session with this id (a hash) and its user, if it has not expired at `at`. */
export const findSession = async (
  db: Conn,
  id: string,
  at: string,
): Promise<{ user: User; csrfToken: string; expiresAt: string } | undefined> => {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.userId")
    .selectAll("users")
    .select(["sessions.csrfToken", "sessions.expiresAt"])
    .where("sessions.id", "=", id)
    .where("sessions.expiresAt", ">", at)
    .executeTakeFirst();
  return row && { user: userOf(row), csrfToken: row.csrfToken, expiresAt: row.expiresAt };
};

export const deleteSession = async (db: Conn, id: string) => {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
};

export const deleteExpiredSessions = async (db: Conn, at: string) => {
  await db.deleteFrom("sessions").where("expiresAt", "<=", at).execute();
};

export const insertToken = (db: Conn, row: Selectable<Database["apiTokens"]>) =>
  db.insertInto("apiTokens").values(row).execute();

/** The unrevoked token with this hash and its owner. */
export const findToken = async (
  db: Conn,
  tokenHash: string,
): Promise<{ user: User; token: ApiTokenInfo } | undefined> => {
  const row = await db
    .selectFrom("apiTokens")
    .innerJoin("users", "users.id", "apiTokens.userId")
    .selectAll("users")
    .select([
      "apiTokens.id as tokenId",
      "apiTokens.name as tokenName",
      "apiTokens.scope",
      "apiTokens.createdAt as tokenCreatedAt",
      "apiTokens.lastUsedAt",
    ])
    .where("apiTokens.tokenHash", "=", tokenHash)
    .where("apiTokens.revokedAt", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    user: userOf(row),
    token: {
      id: row.tokenId,
      userId: row.id,
      name: row.tokenName,
      scope: row.scope as TokenScope,
      createdAt: row.tokenCreatedAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: null,
    },
  };
};

export const touchToken = async (db: Conn, id: string, at: string) => {
  await db.updateTable("apiTokens").set({ lastUsedAt: at }).where("id", "=", id).execute();
};

export const listTokens = async (db: Conn, userId?: string): Promise<ApiTokenInfo[]> => {
  let query = db.selectFrom("apiTokens").selectAll().orderBy("createdAt").orderBy("id");
  if (userId !== undefined) query = query.where("userId", "=", userId);
  return (await query.execute()).map(tokenOf);
};

export const getToken = async (db: Conn, id: string): Promise<ApiTokenInfo | undefined> => {
  const row = await db.selectFrom("apiTokens").selectAll().where("id", "=", id).executeTakeFirst();
  return row && tokenOf(row);
};

export const revokeToken = async (db: Conn, id: string, at: string) => {
  await db.updateTable("apiTokens").set({ revokedAt: at }).where("id", "=", id).execute();
};

export type InvitationRow = Selectable<Database["invitations"]>;

export const insertInvitation = (db: Conn, row: InvitationRow) =>
  db.insertInto("invitations").values(row).execute();

export const findInvitation = async (db: Conn, tokenHash: string): Promise<InvitationRow | undefined> =>
  db.selectFrom("invitations").selectAll().where("tokenHash", "=", tokenHash).executeTakeFirst();

export const markInvitationAccepted = async (db: Conn, id: string, at: string) => {
  await db.updateTable("invitations").set({ acceptedAt: at }).where("id", "=", id).execute();
};
