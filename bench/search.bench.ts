import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { type SearchScope, saveSearchDocuments, search } from "../src/app/search.ts";
import { createRng } from "../src/domain/random.ts";
import { saveCustomer, saveEngagement } from "../src/store/engagements.ts";
import { openStore, type Store } from "../src/store/store.ts";
import { testEngagement } from "../src/testing/fixtures.ts";
import { type Benchmark, type BenchResult, result } from "./harness.ts";

/**
 * Search over 100,000 documents (items, escalations, decisions) in 100 engagements of 20
 * customers, on SQLite and — when `BATON_TEST_POSTGRES_URL` is set — PostgreSQL: the p95 of 40
 * queries as a director, a DM and a customer would type them, beside the same queries answered
 * by scanning the documents with LIKE. Target: ≤ 50 ms.
 */

const DOCUMENTS = 100_000;
const ENGAGEMENTS = 100;
const CUSTOMERS = 20;

const VOCABULARY = (() => {
  const rng = (() => {
    const r = createRng(7);
    return () => r.next();
  })();
  const syllables = "ka lo mi ne ra to su vi po de la fo gi hu ja be ce di ex or an ti".split(" ");
  const real =
    "payment checkout login api keys staging release review migration database cache onboarding invoice export report dashboard search sprint customer mobile android ios backend frontend latency outage refactor test flaky deploy rollback security audit consent gdpr billing pricing".split(
      " ",
    );
  const words = new Set(real);
  while (words.size < 5000) {
    const n = 2 + Math.floor(rng() * 3);
    words.add(Array.from({ length: n }, () => syllables[Math.floor(rng() * syllables.length)]).join(""));
  }
  return [...words];
})();

/** Skewed choice: the most common word is in about a third of the documents, most words are rare. */
const pick = (rng: () => number) => VOCABULARY[Math.floor(VOCABULARY.length * rng() ** 2)] as string;
const phrase = (rng: () => number, n: number) => Array.from({ length: n }, () => pick(rng)).join(" ");

const populate = async (store: Store) => {
  const r = createRng(42);
  const rng = () => r.next();
  for (let c = 0; c < CUSTOMERS; c++)
    await saveCustomer(store.db, { id: `customer-${c}`, name: `Customer ${c}` });
  for (let e = 0; e < ENGAGEMENTS; e++)
    await saveEngagement(
      store.db,
      testEngagement({
        id: `engagement-${e}`,
        customerId: `customer-${e % CUSTOMERS}`,
        name: `Engagement ${e}`,
      }),
    );
  const kinds = ["item", "item", "item", "item", "escalation", "decision"] as const;
  const docs = Array.from({ length: DOCUMENTS }, (_, i) => {
    const e = i % ENGAGEMENTS;
    const kind = kinds[i % kinds.length] as string;
    return {
      id: `${kind}:${i}`,
      kind,
      engagementId: `engagement-${e}`,
      customerId: `customer-${e % CUSTOMERS}`,
      customerVisible: rng() < 0.3 ? 1 : 0,
      title: phrase(rng, 4 + Math.floor(rng() * 6)),
      body: phrase(rng, 10 + Math.floor(rng() * 40)),
      ref: `REF-${i}`,
      updatedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    };
  });
  await store.db.transaction().execute(async (tx) => {
    await saveSearchDocuments(tx, docs);
  });
};

const QUERIES = (() => {
  const r = createRng(99);
  const rng = () => r.next();
  return Array.from({ length: 40 }, (_, i) => phrase(rng, 1 + (i % 3)));
})();

const SCOPES: readonly { readonly name: string; readonly scope: SearchScope }[] = [
  { name: "director", scope: { engagementIds: null, customerVisibleOnly: false } },
  { name: "DM", scope: { engagementIds: ["engagement-3", "engagement-17"], customerVisibleOnly: false } },
  {
    name: "customer",
    scope: {
      engagementIds: Array.from(
        { length: ENGAGEMENTS / CUSTOMERS },
        (_, k) => `engagement-${5 + k * CUSTOMERS}`,
      ),
      customerVisibleOnly: true,
    },
  },
];

const p95 = (times: number[]) =>
  [...times].sort((a, b) => a - b)[Math.ceil(times.length * 0.95) - 1] as number;

/** The queries answered without the index: every word must appear, by LIKE over title and body. */
const likeScan = async (store: Store, text: string, scope: SearchScope) => {
  const words = text.split(" ");
  const conditions = words.map((w) => sql`(title like ${`%${w}%`} or body like ${`%${w}%`})`);
  const scopeSql = [
    scope.engagementIds === null ? sql`1 = 1` : sql`engagement_id in (${sql.join(scope.engagementIds)})`,
    scope.customerVisibleOnly ? sql`customer_visible = 1` : sql`1 = 1`,
  ];
  await sql`select id from search_documents where ${sql.join([...conditions, ...scopeSql], sql` and `)}
    order by updated_at desc limit 20`.execute(store.db);
};

const measure = async (store: Store, backend: string): Promise<BenchResult[]> => {
  const results: BenchResult[] = [];
  for (const { name, scope } of SCOPES) {
    const baton: number[] = [];
    const scan: number[] = [];
    for (const text of QUERIES) {
      await search(store, { text }, scope);
      let start = performance.now();
      await search(store, { text }, scope);
      baton.push(performance.now() - start);
      start = performance.now();
      await likeScan(store, text, scope);
      scan.push(performance.now() - start);
    }
    const worst = p95(baton);
    results.push(
      result(
        `search p95, ${DOCUMENTS / 1000}k docs, ${name} (${backend})`,
        worst,
        "ms",
        p95(scan),
        "LIKE scan, same queries",
        worst <= 50 ? "within the 50 ms target" : "OVER the 50 ms target",
      ),
    );
  }
  return results;
};

export const searchBenchmark: Benchmark = {
  name: "search",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "baton-bench-search-"));
    const results: BenchResult[] = [];
    const sqlite = await openStore(join(dir, "search.db"));
    try {
      await populate(sqlite);
      results.push(...(await measure(sqlite, "SQLite")));
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const url = process.env.BATON_TEST_POSTGRES_URL;
    if (url) {
      const schema = `baton_bench_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const postgres = await openStore({ kind: "postgres", url, schema });
      try {
        await populate(postgres);
        await sql`analyze search_documents`.execute(postgres.db);
        results.push(...(await measure(postgres, "PostgreSQL")));
      } finally {
        await postgres.close();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
    } else process.stderr.write("search: BATON_TEST_POSTGRES_URL not set, PostgreSQL skipped\n");
    return results;
  },
};
