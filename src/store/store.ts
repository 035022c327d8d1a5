import { CamelCasePlugin, Kysely, type Transaction } from "kysely";
import {
  createDialect,
  type DialectFamily,
  familyOf,
  parseStoreTarget,
  type StoreTarget,
} from "./dialect.ts";
import { migrateToLatest } from "./migrations.ts";
import type { Database } from "./schema.ts";

/** Baton's typed query layer over one database. */
export type Db = Kysely<Database>;
/** A query layer bound to an open transaction. */
export type Tx = Transaction<Database>;

/** An open, migrated database. */
export interface Store {
  readonly db: Db;
  readonly family: DialectFamily;
  /** Where it lives, with any password masked, for messages. */
  readonly description: string;
  close(): Promise<void>;
}

const describe = (target: StoreTarget): string => {
  switch (target.kind) {
    case "sqlite":
      return `SQLite ${target.path}`;
    case "postgres":
      return `PostgreSQL ${target.url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@")}`;
    case "pglite":
      return `PGlite ${target.dataDir ?? "(in memory)"}`;
  }
};

/** Opens (creating if needed) and migrates the database at `location` or `target`. */
export const openStore = async (location: string | StoreTarget): Promise<Store> => {
  const target = typeof location === "string" ? parseStoreTarget(location) : location;
  const { dialect, close } = createDialect(target);
  const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin()] });
  try {
    await migrateToLatest(
      db as unknown as Kysely<unknown>,
      target.kind === "postgres" ? target.schema : undefined,
    );
  } catch (error) {
    await db.destroy();
    await close();
    throw error;
  }
  return {
    db,
    family: familyOf(target),
    description: describe(target),
    close: async () => {
      await db.destroy();
      await close();
    },
  };
};

/** Default location: `DATABASE_URL`, else `BATON_DB`, else `./.baton/baton.db`. */
export const defaultStoreLocation = (env: NodeJS.ProcessEnv = process.env): string =>
  env.DATABASE_URL || env.BATON_DB || ".baton/baton.db";
