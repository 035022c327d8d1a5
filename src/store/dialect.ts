import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import SQLite from "better-sqlite3";
import {
  type Dialect,
  type Kysely,
  PostgresDialect,
  type RawBuilder,
  SqliteAdapter,
  SqliteDialect,
  sql,
} from "kysely";
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

/** The family of an open connection (for the few statements that must differ, below). */
export const familyOfDb = (db: Kysely<unknown>): DialectFamily =>
  db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";

// --- full-text search ---------------------------------------------------------------------------
// SQLite: an FTS5 index over search_documents kept in step by triggers, ranked by BM25.
// PostgreSQL: a generated tsvector column with a GIN index, ranked by ts_rank. Both stem English
// (porter / the english configuration) so "escalations" finds "escalation".

/**
 * Scope tokens: each document's engagement, customer visibility and kind as words in a third FTS5
 * column, so a scoped query intersects posting lists instead of filtering every match.
 */
const scopeToken = (prefix: string, value: string) => `${prefix}${Buffer.from(value).toString("hex")}`;
export const searchScopeText = (doc: { engagementId: string; customerVisible: number; kind: string }) =>
  [
    scopeToken("e", doc.engagementId),
    doc.customerVisible ? "visyes" : "visno",
    scopeToken("k", doc.kind),
  ].join(" ");

/** Creates the full-text index over `search_documents` (title weighted above body). */
export const createSearchIndex = async (db: Kysely<unknown>): Promise<void> => {
  if (familyOfDb(db) === "sqlite") {
    await sql`create virtual table search_fts using fts5(title, body, scope, content='search_documents', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`insert into search_fts(search_fts, rank) values ('rank', 'bm25(4.0, 1.0, 0.0)')`.execute(db);
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, title, body, scope) values (new.rowid, new.title, new.body, new.scope); end`.execute(
      db,
    );
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, title, body, scope) values ('delete', old.rowid, old.title, old.body, old.scope); end`.execute(
      db,
    );
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, title, body, scope) values ('delete', old.rowid, old.title, old.body, old.scope);
      insert into search_fts(rowid, title, body, scope) values (new.rowid, new.title, new.body, new.scope); end`.execute(
      db,
    );
    return;
  }
  await sql`alter table search_documents add column tsv tsvector generated always as
    (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) stored`.execute(
    db,
  );
  await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
};

export interface SearchRow {
  readonly id: string;
  readonly kind: string;
  readonly engagementId: string;
  readonly customerId: string;
  readonly title: string;
  readonly ref: string;
  readonly updatedAt: string;
  readonly snippet: string;
  readonly rank: number;
}

export interface SearchFilter {
  /** Words to find; every word must match, the last one as a prefix (search as you type). */
  readonly words: readonly string[];
  /** Only these engagements; null for all. */
  readonly engagementIds: readonly string[] | null;
  readonly customerVisibleOnly: boolean;
  readonly kinds: readonly string[] | null;
  readonly limit: number;
}

const inList = (column: string, values: readonly string[]): RawBuilder<unknown> =>
  values.length === 0 ? sql`1 = 0` : sql`${sql.ref(column)} in (${sql.join(values)})`;

/** Ranked matches with a highlighted snippet (`[match]`), best first. */
export const searchDocuments = async <DB>(db: Kysely<DB>, filter: SearchFilter): Promise<SearchRow[]> => {
  const family = familyOfDb(db as unknown as Kysely<unknown>);
  const scope = [
    filter.engagementIds === null ? sql`1 = 1` : inList("d.engagement_id", filter.engagementIds),
    filter.customerVisibleOnly ? sql`d.customer_visible = 1` : sql`1 = 1`,
    filter.kinds === null ? sql`1 = 1` : inList("d.kind", filter.kinds),
  ];
  const where = sql.join(scope, sql` and `);
  const last = filter.words.length - 1;
  if (family === "sqlite") {
    // Each word quoted, so user input can never be FTS5 syntax; the last one a prefix. The scope is
    // part of the match, and FTS5 sorts by its configured BM25 rank before the join.
    const quote = (w: string) => `"${w.replaceAll('"', '""')}"`;
    const words = filter.words.map((w, i) => `${quote(w)}${i === last ? "*" : ""}`).join(" ");
    const any = (tokens: readonly string[]) =>
      tokens.length === 0 ? null : `scope : (${tokens.join(" OR ")})`;
    const parts = [
      `{title body} : (${words})`,
      filter.engagementIds === null ? "" : any(filter.engagementIds.map((e) => scopeToken("e", e))),
      filter.customerVisibleOnly ? "scope : visyes" : "",
      filter.kinds === null ? "" : any(filter.kinds.map((k) => scopeToken("k", k))),
    ];
    if (parts.includes(null)) return [];
    const match = parts.filter(Boolean).join(" AND ");
    const result = await sql<SearchRow>`
      select d.id, d.kind, d.engagement_id as "engagementId", d.customer_id as "customerId", d.title, d.ref,
        d.updated_at as "updatedAt", top.snippet, top.rank
      from (
        select rowid, rank, snippet(search_fts, -1, '[', ']', '…', 16) as snippet
        from search_fts where search_fts match ${match} order by rank limit ${filter.limit}
      ) top cross join search_documents d on d.rowid = top.rowid
      order by top.rank, d.updated_at desc`.execute(db);
    return result.rows.map((r) => ({ ...r, rank: -Number(r.rank) }));
  }
  const query = filter.words
    .map((w, i) => `'${w.replaceAll("'", "''").replaceAll("\\", "\\\\")}'${i === last ? ":*" : ""}`)
    .join(" & ");
  const result = await sql<SearchRow>`
    with q as (select to_tsquery('english', ${query}) as q),
    top as (
      select d.*, ts_rank(d.tsv, q.q) as rank from search_documents d, q
      where d.tsv @@ q.q and ${where}
      order by rank desc, d.updated_at desc
      limit ${filter.limit}
    )
    select top.id, top.kind, top.engagement_id as "engagementId", top.customer_id as "customerId", top.title,
      top.ref, top.updated_at as "updatedAt", top.rank,
      ts_headline('english', top.title || ' — ' || top.body, q.q,
        'StartSel=[, StopSel=], MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…') as snippet
    from top, q
    order by top.rank desc, top.updated_at desc`.execute(db);
  return result.rows.map((r) => ({ ...r, rank: Number(r.rank) }));
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
