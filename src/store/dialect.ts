import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import SQLite from "better-sqlite3";
import { type Dialect, PostgresDialect, SqliteDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { BatonError } from "../errors.ts";

/**
 * The one place where SQLite and PostgreSQL differ. Business code never asks which dialect it
 * runs on; it asks this module for a connection.
 */
export type StoreTarget =
  | { readonly kind: "sqlite"; readonly path: string }
  | { readonly kind: "postgres"; readonly url: string; readonly schema?: string }
  | { readonly kind: "pglite"; readonly dataDir: string | null; readonly client?: PGlite };

export type DialectFamily = "sqlite" | "postgres";

/**
 * Reads a store location: `postgres://…`/`postgresql://…` for PostgreSQL, `pglite:` (in memory)
 * or `pglite:/dir` for in-process PostgreSQL, `:memory:`, `sqlite:path` or a plain file path for SQLite.
 */
export const parseStoreTarget = (location: string): StoreTarget => {
  const value = location.trim();
  if (value === "") throw new BatonError("config_invalid", "database location is empty");
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: "postgres", url: value };
  if (value.startsWith("pglite:")) {
    const dir = value.slice("pglite:".length);
    return { kind: "pglite", dataDir: dir === "" ? null : dir };
  }
  if (value.startsWith("sqlite:"))
    return { kind: "sqlite", path: value.slice("sqlite:".length) || ":memory:" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new BatonError(
      "config_invalid",
      `unsupported database URL "${value.replace(/\/\/[^@/]*@/, "//***@")}": use a SQLite file path, postgres://… or pglite:`,
    );
  }
  return { kind: "sqlite", path: value };
};

export const familyOf = (target: StoreTarget): DialectFamily =>
  target.kind === "sqlite" ? "sqlite" : "postgres";

/** Opens the driver for a target. The returned `close` releases what the dialect itself does not. */
export const createDialect = (target: StoreTarget): { dialect: Dialect; close: () => Promise<void> } => {
  switch (target.kind) {
    case "sqlite": {
      if (target.path !== ":memory:") mkdirSync(dirname(resolve(target.path)), { recursive: true });
      const database = new SQLite(target.path);
      database.pragma("journal_mode = WAL");
      database.pragma("foreign_keys = ON");
      database.pragma("busy_timeout = 5000");
      return { dialect: new SqliteDialect({ database }), close: async () => {} };
    }
    case "postgres": {
      const pool = new pg.Pool({
        connectionString: target.url,
        max: 10,
        ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
      });
      return { dialect: new PostgresDialect({ pool }), close: async () => {} };
    }
    case "pglite": {
      const client = target.client ?? new PGlite(target.dataDir ?? undefined);
      return {
        dialect: new PGliteDialect(client),
        close: async () => {
          if (!client.closed) await client.close();
        },
      };
    }
  }
};

/**
 * Copies a SQLite database to `destination` while other connections keep using it (SQLite's
 * online backup). PostgreSQL is backed up with its own tools: `pg_dump`.
 */
export const backupStore = async (target: StoreTarget, destination: string): Promise<number> => {
  if (target.kind !== "sqlite" || target.path === ":memory:")
    throw new BatonError(
      "invalid_input",
      target.kind === "sqlite"
        ? "an in-memory database has nothing to back up"
        : "baton backup copies SQLite files; back up PostgreSQL with pg_dump (see the README)",
    );
  let source: SQLite.Database;
  try {
    source = new SQLite(target.path, { readonly: true, fileMustExist: true });
  } catch {
    throw new BatonError("not_found", `no SQLite database at ${target.path}`);
  }
  try {
    mkdirSync(dirname(resolve(destination)), { recursive: true });
    const { totalPages } = await source.backup(destination);
    return totalPages;
  } finally {
    source.close();
  }
};
