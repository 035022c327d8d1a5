import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { Kysely } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { migrateToLatest } from "../store/migrations.ts";
import { openStore, type Store } from "../store/store.ts";

/**
 * The databases every storage test runs on: SQLite and PGlite always, and the real PostgreSQL
 * server when `BATON_TEST_POSTGRES_URL` is set (`.ci/run` sets it). Each store is fresh: a new
 * in-memory database, or a new schema on the server, dropped on close.
 */
export interface TestBackend {
  readonly name: "sqlite" | "pglite" | "postgres";
  open(): Promise<Store>;
}

export const POSTGRES_TEST_URL = process.env.BATON_TEST_POSTGRES_URL ?? "";

const openPostgres = async (): Promise<Store> => {
  const schema = `baton_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const store = await openStore({ kind: "postgres", url: POSTGRES_TEST_URL, schema });
  return {
    ...store,
    close: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
};

// Starting PGlite costs seconds; cloning a migrated template costs a fraction of that.
let pgliteTemplate: Promise<PGlite> | undefined;
const openPglite = async (): Promise<Store> => {
  pgliteTemplate ??= (async () => {
    const template = new PGlite();
    // The template stays open for the life of the test process; this Kysely is never destroyed.
    await migrateToLatest(new Kysely<unknown>({ dialect: new PGliteDialect(template) }));
    return template;
  })();
  const client = (await (await pgliteTemplate).clone()) as PGlite;
  return openStore({ kind: "pglite", dataDir: null, client });
};

export const TEST_BACKENDS: readonly TestBackend[] = [
  { name: "sqlite", open: () => openStore(":memory:") },
  { name: "pglite", open: openPglite },
  ...(POSTGRES_TEST_URL ? [{ name: "postgres" as const, open: openPostgres }] : []),
];

if (POSTGRES_TEST_URL) {
  console.info(`storage tests run on: ${TEST_BACKENDS.map((b) => b.name).join(", ")} (${POSTGRES_TEST_URL})`);
} else {
  console.warn(
    "storage tests: BATON_TEST_POSTGRES_URL is not set; running on sqlite and pglite, not on a PostgreSQL server",
  );
}
