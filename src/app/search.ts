import type { Insertable } from "kysely";
import type { User, WorkItem } from "../domain/types.ts";
import type { Decision, Escalation, MilestoneMiss } from "../domain/workflows.ts";
import { BatonError } from "../errors.ts";
import { type SearchRow, searchDocuments, searchScopeText } from "../store/dialect.ts";
import { getEngagement, listAssignments, listEngagements, listMemberships } from "../store/engagements.ts";
import { listReports, type StoredReport } from "../store/reports.ts";
import type { SearchDocumentsTable } from "../store/schema.ts";
import { listSignals, type StoredSignal } from "../store/signals.ts";
import type { Db, Store, Tx } from "../store/store.ts";
import { upsertRows } from "../store/upsert.ts";
import { listDecisions, listEscalations, listMisses } from "../store/workflows.ts";

/**
 * Full-text search across what Baton holds about engagements — work items, escalations,
 * decisions, missed-milestone records — ranked, with snippets, and never beyond what the caller
 * may see: every document carries its engagement, customer and customer visibility.
 */

export type DocumentKind = "item" | "escalation" | "decision" | "miss" | "signal" | "report";
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  "item",
  "escalation",
  "decision",
  "miss",
  "signal",
  "report",
];

type Doc = Omit<Insertable<SearchDocumentsTable>, "scope">;

/** Stores search documents (new or changed), with the scope words the index filters on. */
export const saveSearchDocuments = async (db: Db | Tx, docs: readonly Doc[]): Promise<void> => {
  for (let i = 0; i < docs.length; i += 2000)
    await upsertRows(
      db,
      "searchDocuments",
      docs.slice(i, i + 2000).map((d) => ({ ...d, scope: searchScopeText(d) })),
    );
};

const lines = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join("\n");

export const itemDocument = (item: WorkItem, customerId: string): Doc => ({
  id: `item:${item.id}`,
  kind: "item",
  engagementId: item.engagementId,
  customerId,
  customerVisible: item.customerVisible ? 1 : 0,
  title: `${item.key} ${item.title}`,
  // "ACME-12" also as words, so every full-text parser finds it by "acme 12".
  body: `${item.key.replace(/[^\p{L}\p{N}]+/gu, " ")} · ${item.type} · ${item.status}`,
  ref: item.key,
  updatedAt: item.resolvedAt ?? item.createdAt,
});

export const escalationDocument = (e: Escalation, customerId: string): Doc => ({
  id: `escalation:${e.id}`,
  kind: "escalation",
  engagementId: e.engagementId,
  customerId,
  customerVisible: e.customerVisible ? 1 : 0,
  title: e.title,
  body: lines(
    `${e.level} ${e.status}; ask: ${e.ask} (of ${e.askedOf})`,
    e.impact,
    e.resolution && `Resolution: ${e.resolution}`,
  ),
  ref: e.id,
  updatedAt: e.resolvedAt ?? e.acknowledgedAt ?? e.createdAt,
});

export const decisionDocument = (d: Decision, customerId: string): Doc => ({
  id: `decision:${d.id}`,
  kind: "decision",
  engagementId: d.engagementId,
  customerId,
  customerVisible: d.customerVisible ? 1 : 0,
  title: `ADR-${d.number} ${d.title}`,
  body: lines(
    d.context,
    ...d.options.map((o) => `Option: ${o}`),
    d.decision && `Decision: ${d.decision}`,
    d.consequences && `Consequences: ${d.consequences}`,
  ),
  ref: d.id,
  updatedAt: d.decidedAt ?? d.createdAt,
});

// Miss records are the DM's accountability, not the customer's reading.
export const missDocument = (m: MilestoneMiss, customerId: string): Doc => ({
  id: `miss:${m.id}`,
  kind: "miss",
  engagementId: m.engagementId,
  customerId,
  customerVisible: 0,
  title: `${m.milestoneName} missed ${m.targetDate}`,
  body: lines(
    m.cause && `Cause: ${m.cause}`,
    m.recoveryPlan && `Recovery: ${m.recoveryPlan}`,
    m.customerCommunication && `Customer told: ${m.customerCommunication}`,
  ),
  ref: m.id,
  updatedAt: m.closedAt ?? m.openedAt,
});

// Signals are for the vendor's people: their evidence names individuals.
export const signalDocument = (signal: StoredSignal, customerId: string): Doc => ({
  id: `signal:${signal.id}`,
  kind: "signal",
  engagementId: signal.engagementId,
  customerId,
  customerVisible: 0,
  title: signal.title,
  body: lines(signal.summary, `Suggested: ${signal.suggestedAction}`, `${signal.state}, ${signal.severity}`),
  ref: signal.id,
  updatedAt: signal.lastSeenAt,
});

/** Drafts are internal; a published version is the customer's reading, superseded ones are not. */
export const reportDocument = (report: StoredReport, customerId: string): Doc => ({
  id: `report:${report.id}`,
  kind: "report",
  engagementId: report.engagementId,
  customerId,
  customerVisible: report.status === "published" ? 1 : 0,
  title: report.markdown.match(/^# (.*)$/m)?.[1] ?? `${report.kind} ${report.period}`,
  body: report.markdown,
  ref: report.id,
  updatedAt: report.updatedAt,
});

const customerOf = async (db: Db | Tx, engagementId: string) => {
  const engagement = await getEngagement(db, engagementId);
  if (!engagement) throw new BatonError("not_found", `engagement "${engagementId}" not found`);
  return engagement.customerId;
};

/** Re-indexes one changed record; called by the use cases that change records. */
export const indexRecord = async (
  db: Db | Tx,
  record:
    | { readonly kind: "escalation"; readonly value: Escalation }
    | { readonly kind: "decision"; readonly value: Decision }
    | { readonly kind: "miss"; readonly value: MilestoneMiss }
    | { readonly kind: "report"; readonly value: StoredReport },
): Promise<void> => {
  const customerId = await customerOf(db, record.value.engagementId);
  const doc = (() => {
    switch (record.kind) {
      case "escalation":
        return escalationDocument(record.value, customerId);
      case "decision":
        return decisionDocument(record.value, customerId);
      case "miss":
        return missDocument(record.value, customerId);
      case "report":
        return reportDocument(record.value, customerId);
    }
  })();
  await saveSearchDocuments(db, [doc]);
};

/** Rebuilds an engagement's documents from its records, atomically. Returns how many. */
export const reindexEngagement = async (store: Store, engagementId: string): Promise<number> => {
  const customerId = await customerOf(store.db, engagementId);
  const items = await store.db
    .selectFrom("workItems")
    .selectAll()
    .where("engagementId", "=", engagementId)
    .execute();
  const docs: Doc[] = [
    ...items.map((i) =>
      itemDocument({ ...i, customerVisible: Number(i.customerVisible) === 1 } as WorkItem, customerId),
    ),
    ...(await listEscalations(store.db, engagementId)).map((e) => escalationDocument(e, customerId)),
    ...(await listDecisions(store.db, engagementId)).map((d) => decisionDocument(d, customerId)),
    ...(await listMisses(store.db, engagementId)).map((m) => missDocument(m, customerId)),
    ...(await listSignals(store.db, engagementId)).map((x) => signalDocument(x, customerId)),
    ...(await listReports(store.db, engagementId)).map((r) => reportDocument(r, customerId)),
  ];
  await store.db.transaction().execute(async (tx) => {
    await tx.deleteFrom("searchDocuments").where("engagementId", "=", engagementId).execute();
    await saveSearchDocuments(tx, docs);
  });
  return docs.length;
};

/** What a caller may search: engagements (null = all) and whether only customer-visible documents. */
export interface SearchScope {
  readonly engagementIds: readonly string[] | null;
  readonly customerVisibleOnly: boolean;
}

/**
 * A user's search scope: directors and admins everything; DMs the engagements they lead; specialists
 * their pods; customers only their customer's engagements and only what is customer-visible.
 */
export const searchScopeFor = async (store: Store, user: User, date: string): Promise<SearchScope> => {
  const current = (r: { from: string; to: string | null }) =>
    r.from <= date && (r.to === null || r.to >= date);
  switch (user.role) {
    case "admin":
    case "director":
      return { engagementIds: null, customerVisibleOnly: false };
    case "customer":
      return {
        engagementIds: (await listEngagements(store.db))
          .filter((e) => e.customerId === user.customerId)
          .map((e) => e.id),
        customerVisibleOnly: true,
      };
    case "dm":
      return {
        engagementIds: (await listAssignments(store.db))
          .filter((a) => a.personId === user.personId && current(a))
          .map((a) => a.engagementId),
        customerVisibleOnly: false,
      };
    case "specialist":
      return {
        engagementIds: (await listMemberships(store.db))
          .filter((m) => m.personId === user.personId && current(m))
          .map((m) => m.engagementId),
        customerVisibleOnly: false,
      };
  }
};

export interface SearchInput {
  readonly text: string;
  readonly kinds?: readonly DocumentKind[];
  /** Narrow to one engagement (within the scope). */
  readonly engagement?: string;
  readonly limit?: number;
}

export interface SearchResult extends SearchRow {}

/** Words of a query: letters and digits in any script; at most eight. */
export const queryWords = (text: string): string[] =>
  (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);

export const search = async (
  store: Store,
  input: SearchInput,
  scope: SearchScope,
): Promise<SearchResult[]> => {
  const words = queryWords(input.text);
  if (words.length === 0)
    throw new BatonError("invalid_input", `search "${input.text}" has no words to look for`);
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new BatonError("invalid_input", `limit ${limit} must be a whole number from 1 to 100`);
  let engagementIds = scope.engagementIds;
  if (input.engagement) {
    if (engagementIds !== null && !engagementIds.includes(input.engagement)) return [];
    engagementIds = [input.engagement];
  }
  const query = (kinds: readonly string[]) =>
    searchDocuments(store.db, {
      words,
      engagementIds,
      customerVisibleOnly: scope.customerVisibleOnly,
      kinds,
      limit,
    });
  // What people wrote (escalations, decisions, miss records) outranks work items that match as
  // well: there are few of them and they are what a DM searches for.
  const kinds = input.kinds ?? DOCUMENT_KINDS;
  const written = kinds.filter((k) => k !== "item");
  const [records, items] = await Promise.all([
    written.length > 0 ? query(written) : [],
    kinds.includes("item") ? query(["item"]) : [],
  ]);
  return [...records.map((r) => ({ ...r, rank: r.rank * WRITTEN_BOOST })), ...items]
    .sort((a, b) => b.rank - a.rank || (a.updatedAt < b.updatedAt ? 1 : -1))
    .slice(0, limit);
};

const WRITTEN_BOOST = 2;
