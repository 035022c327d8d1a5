import type { Insertable } from "kysely";
import type { Database } from "./schema.ts";
import type { Db, Tx } from "./store.ts";

// Both SQLite (32,766) and PostgreSQL (65,535) cap bound parameters per statement.
const MAX_PARAMS = 30_000;

/**
 * Idempotent insert-or-update by key: re-writing the same rows leaves the table unchanged.
 * One statement per chunk; call inside a transaction for atomicity.
 */
export const upsertRows = async <T extends keyof Database & string>(
  db: Db | Tx,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  keys: readonly string[] = ["id"],
): Promise<void> => {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  const updates = columns.filter((c) => !keys.includes(c));
  const chunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    // Kysely cannot type a table chosen at run time; the row type above is what guards the shape.
    // biome-ignore lint/suspicious/noExplicitAny: dynamic table name, typed by the signature
    const query = (db as any)
      .insertInto(table)
      .values(rows.slice(i, i + chunk))
      // biome-ignore lint/suspicious/noExplicitAny: see above
      .onConflict((oc: any) =>
        updates.length === 0
          ? oc.columns(keys).doNothing()
          : oc.columns(keys).doUpdateSet(
              // biome-ignore lint/suspicious/noExplicitAny: see above
              (eb: any) => Object.fromEntries(updates.map((c) => [c, eb.ref(`excluded.${c}`)])),
            ),
      );
    await query.execute();
  }
};
