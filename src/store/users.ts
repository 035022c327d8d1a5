import type { Selectable } from "kysely";
import type { User, UserRole } from "../domain/types.ts";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";
import { upsertRows } from "./upsert.ts";

type Conn = Db | Tx;

const rowToUser = (r: Selectable<Database["users"]>): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as UserRole,
  customerId: r.customerId,
  personId: r.personId,
});

export const saveUser = (db: Conn, user: User, passwordHash: string | null, createdAt: string) =>
  upsertRows(db, "users", [{ ...user, passwordHash, createdAt }]);

export const findUserByEmail = async (
  db: Conn,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> => {
  const row = await db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  return row && { user: rowToUser(row), passwordHash: row.passwordHash };
};

export const listUsers = async (db: Conn): Promise<User[]> =>
  (await db.selectFrom("users").selectAll().orderBy("role").orderBy("email").execute()).map(rowToUser);
