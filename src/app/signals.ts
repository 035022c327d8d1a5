import { createHash } from "node:crypto";
import type { UserRole } from "../domain/types.ts";
import { backtestSignals, type SignalBacktest } from "../engine/signals/backtest.ts";
import { detectSignals } from "../engine/signals/index.ts";
import type { Finding, Pattern } from "../engine/signals/types.ts";
import { BatonError, invalidInput, notFound } from "../errors.ts";
import { listAssignments, listEngagements, listMemberships } from "../store/engagements.ts";
import { listMilestones } from "../store/history.ts";
import { getSource } from "../store/ingestion.ts";
import {
  addSignalEvents,
  getSignal,
  listSignalEvents,
  listSignals,
  listSignalsOfPattern,
  type SignalEvent,
  type SignalState,
  type StoredSignal,
  saveSignals,
} from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { requireEngagement } from "./engagements.ts";
import { loadHistory } from "./history.ts";
import { parseTimeWindow } from "./time-window.ts";

/**
 * Signals as a use case: run the detectors over an engagement's history, keep one stored signal
 * per condition with its lifecycle (open → acknowledged / snoozed / dismissed → resolved when the
 * condition clears), replay the detectors over history, and recall how the same pattern went in
 * other engagements.
 */

/** A dismissed signal reopens only when its measure is at least this much worse. */
export const MATERIALLY_WORSE = 1.25;

/** The states in which a signal still asks for attention. */
export const LIVE_STATES: readonly SignalState[] = ["open", "acknowledged", "snoozed"];

/** What one run of the detectors changed. */
export interface SignalRun {
  readonly engagementId: string;
  readonly asOf: string;
  readonly opened: readonly string[];
  readonly reopened: readonly string[];
  readonly updated: readonly string[];
  readonly resolved: readonly string[];
  /** Detectors that failed; the others still ran. */
  readonly failures: readonly { readonly pattern: Pattern; readonly message: string }[];
}

/** A short, stable id a DM can type: `sig-` and 8 hex digits of the engagement and condition key. */
export const signalId = (engagementId: string, key: string) =>
  `sig-${createHash("sha1").update(`${engagementId}\n${key}`).digest("hex").slice(0, 8)}`;

const eventId = (signal: string, at: string, kind: SignalEvent["kind"]) => `${signal}@${at}:${kind}`;

const fromFinding = (
  engagementId: string,
  f: Finding,
  asOf: string,
  previous: StoredSignal | undefined,
): StoredSignal => ({
  id: signalId(engagementId, f.key),
  engagementId,
  key: f.key,
  pattern: f.pattern,
  state: previous?.state ?? "open",
  severity: f.severity,
  escalationLevel: f.escalationLevel,
  title: f.title,
  summary: f.summary,
  suggestedAction: f.suggestedAction,
  evidence: f.evidence,
  measure: f.measure,
  firstSeenAt: previous?.firstSeenAt ?? asOf,
  lastSeenAt: asOf,
  resolvedAt: previous?.resolvedAt ?? null,
  stateChangedAt: previous?.stateChangedAt ?? asOf,
  snoozedUntil: previous?.snoozedUntil ?? null,
  reason: previous?.reason ?? null,
  dismissedMeasure: previous?.dismissedMeasure ?? null,
  occurrences: previous?.occurrences ?? 1,
});

/** The staffing the DM-load rules read: every engagement, membership and DM assignment. */
const loadStaffing = async (store: Store) => {
  const [engagements, memberships, assignments] = await Promise.all([
    listEngagements(store.db),
    listMemberships(store.db),
    listAssignments(store.db),
  ]);
  return { engagements, memberships, assignments };
};

/**
 * Runs every detector as of `asOf` (default now) and records the outcome: a new condition opens a
 * signal, a known one is updated in place (one signal per condition key), a condition that
 * cleared resolves its signal, a snooze that ran out reopens it, and a dismissed signal stays
 * dismissed unless its measure got materially worse. Idempotent for the same history and instant.
 */
export const runSignals = async (
  store: Store,
  engagementId: string,
  input: { readonly asOf?: string | undefined } = {},
  now: Date = new Date(),
): Promise<SignalRun> => {
  const { asOf } = parseTimeWindow({ asOf: input.asOf }, now);
  const history = await loadHistory(store, engagementId);
  const result = detectSignals(history, asOf, { staffing: await loadStaffing(store) });
  const opened: string[] = [];
  const reopened: string[] = [];
  const updated: string[] = [];
  const resolved: string[] = [];
  await store.db.transaction().execute(async (tx) => {
    const existing = new Map((await listSignals(tx, engagementId)).map((s) => [s.key, s]));
    const rows: StoredSignal[] = [];
    const events: SignalEvent[] = [];
    const event = (s: StoredSignal, kind: SignalEvent["kind"], reason: string | null = null) =>
      events.push({
        id: eventId(s.id, asOf, kind),
        signalId: s.id,
        at: asOf,
        kind,
        state: s.state,
        measure: s.measure,
        reason,
      });
    for (const f of result.findings) {
      const previous = existing.get(f.key);
      existing.delete(f.key);
      const next = fromFinding(engagementId, f, asOf, previous);
      if (!previous) {
        rows.push(next);
        event(next, "opened");
        opened.push(next.id);
        continue;
      }
      const reopen = (reason: string) => {
        const row: StoredSignal = {
          ...next,
          state: "open",
          stateChangedAt: asOf,
          resolvedAt: null,
          snoozedUntil: null,
          occurrences: previous.occurrences + 1,
          firstSeenAt: previous.state === "resolved" ? asOf : previous.firstSeenAt,
        };
        rows.push(row);
        event(row, "reopened", reason);
        reopened.push(row.id);
      };
      if (previous.state === "resolved") reopen("the condition is back");
      else if (
        previous.state === "dismissed" &&
        f.measure >= (previous.dismissedMeasure ?? previous.measure) * MATERIALLY_WORSE &&
        f.measure > (previous.dismissedMeasure ?? previous.measure)
      ) {
        reopen(`materially worse than when dismissed (${previous.dismissedMeasure} → ${f.measure})`);
      } else if (
        previous.state === "snoozed" &&
        previous.snoozedUntil !== null &&
        previous.snoozedUntil <= asOf
      )
        reopen(`snooze ended ${previous.snoozedUntil}`);
      else {
        rows.push(next);
        if (next.measure !== previous.measure || next.severity !== previous.severity) event(next, "updated");
        updated.push(next.id);
      }
    }
    for (const stale of existing.values()) {
      if (!LIVE_STATES.includes(stale.state)) continue;
      const row: StoredSignal = { ...stale, state: "resolved", resolvedAt: asOf, stateChangedAt: asOf };
      rows.push(row);
      event(row, "resolved", "the condition cleared");
      resolved.push(row.id);
    }
    await saveSignals(tx, rows);
    await addSignalEvents(tx, events);
  });
  return { engagementId, asOf, opened, reopened, updated, resolved, failures: result.failures };
};

/**
 * Runs the signals of a source's engagement after its sync or a pushed update. Never throws: a
 * failure is returned as a message, so it can be reported without failing the sync.
 */
export const refreshSignalsAfterIngest = async (
  store: Store,
  sourceId: string,
  now: Date = new Date(),
): Promise<SignalRun | { readonly error: string }> => {
  try {
    const source = await getSource(store.db, sourceId);
    if (!source) return { error: `source "${sourceId}" not found` };
    return await runSignals(store, source.engagementId, {}, now);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
};

/** A signal as presented: the stored row and its item keys for reading. */
export interface SignalView extends StoredSignal {
  /** Work-item keys (`ACME-12`) of the evidence items, in the same order. */
  readonly itemKeys: readonly string[];
}

/**
 * An engagement's signals, newest first: the live ones (open, acknowledged, snoozed) or, with
 * `all`, every state. Without `asOf` the detectors run first (as of now) and their outcome is
 * recorded; with `asOf` nothing is recorded and the result shows what the detectors find as of
 * that instant (each finding as an open signal, with the stored lifecycle where one exists).
 */
export const engagementSignals = async (
  store: Store,
  engagementId: string,
  input: { readonly asOf?: string | undefined; readonly all?: boolean } = {},
  now: Date = new Date(),
): Promise<{
  readonly asOf: string;
  readonly recorded: boolean;
  readonly signals: readonly SignalView[];
}> => {
  await requireEngagement(store, engagementId);
  const history = await loadHistory(store, engagementId);
  const keys = new Map(history.items.map((i) => [i.id, i.key]));
  const view = (s: StoredSignal): SignalView => ({
    ...s,
    itemKeys: s.evidence.items.map((id) => keys.get(id) ?? id),
  });
  if (input.asOf !== undefined) {
    const { asOf } = parseTimeWindow({ asOf: input.asOf }, now);
    const stored = new Map((await listSignals(store.db, engagementId)).map((s) => [s.key, s]));
    const found = detectSignals(history, asOf, { staffing: await loadStaffing(store) }).findings;
    return {
      asOf,
      recorded: false,
      signals: found.map((f) => {
        const previous = stored.get(f.key);
        return view({
          ...fromFinding(engagementId, f, asOf, undefined),
          ...(previous ? { state: previous.state, reason: previous.reason } : {}),
        });
      }),
    };
  }
  const run = await runSignals(store, engagementId, {}, now);
  const signals = await listSignals(store.db, engagementId, input.all ? undefined : LIVE_STATES);
  return { asOf: run.asOf, recorded: true, signals: signals.map(view) };
};

const requireSignal = async (store: Store, id: string): Promise<StoredSignal> => {
  const signal = await getSignal(store.db, id);
  if (!signal) throw notFound("signal", id);
  return signal;
};

/** One signal with its history, oldest event first. */
export const signalDetail = async (store: Store, id: string) => {
  const signal = await requireSignal(store, id);
  return { signal, events: await listSignalEvents(store.db, id) };
};

const transition = async (
  store: Store,
  id: string,
  kind: "acknowledged" | "snoozed" | "dismissed",
  change: Partial<StoredSignal>,
  reason: string | null,
  now: Date,
): Promise<StoredSignal> => {
  const signal = await requireSignal(store, id);
  if (signal.state === "resolved") {
    throw new BatonError(
      "conflict",
      `signal "${id}" is resolved: its condition cleared on ${signal.resolvedAt}`,
    );
  }
  const at = now.toISOString();
  const row: StoredSignal = { ...signal, ...change, state: kind, stateChangedAt: at, reason };
  await store.db.transaction().execute(async (tx) => {
    await saveSignals(tx, [row]);
    await addSignalEvents(tx, [
      { id: eventId(id, at, kind), signalId: id, at, kind, state: kind, measure: row.measure, reason },
    ]);
  });
  return row;
};

/** The DM has seen the signal and is handling it: it stays listed, marked acknowledged. */
export const acknowledgeSignal = (store: Store, id: string, reason: string | null, now: Date = new Date()) =>
  transition(store, id, "acknowledged", { snoozedUntil: null }, reason, now);

/** Hides the signal until `until` (a date means the end of that day); it reopens then if the condition holds. */
export const snoozeSignal = (
  store: Store,
  id: string,
  input: { readonly until: string; readonly reason?: string | null },
  now: Date = new Date(),
) => {
  const { asOf: until } = parseTimeWindow({ asOf: input.until }, now);
  if (until <= now.toISOString()) throw invalidInput(`--until ${input.until} must be in the future`);
  return transition(store, id, "snoozed", { snoozedUntil: until }, input.reason ?? null, now);
};

/** Dismisses the signal with a reason; it reopens only if its measure gets materially worse. */
export const dismissSignal = async (store: Store, id: string, reason: string, now: Date = new Date()) => {
  if (reason.trim() === "") throw invalidInput("dismissing a signal needs a --reason");
  const signal = await requireSignal(store, id);
  return transition(
    store,
    id,
    "dismissed",
    { snoozedUntil: null, dismissedMeasure: signal.measure },
    reason.trim(),
    now,
  );
};

/**
 * When each signal would have fired: the detectors replayed every `stepDays` (default 7) from
 * six weeks into the history up to `asOf` (default now), each time with only what was known then.
 */
export const backtestEngagementSignals = async (
  store: Store,
  engagementId: string,
  input: {
    readonly asOf?: string | undefined;
    readonly from?: string | undefined;
    readonly stepDays?: number;
  },
  now: Date = new Date(),
): Promise<SignalBacktest> => {
  const { asOf } = parseTimeWindow({ asOf: input.asOf }, now);
  const stepDays = input.stepDays ?? 7;
  if (!(stepDays >= 1 && stepDays <= 31))
    throw invalidInput(`--step-days ${stepDays} must be between 1 and 31`);
  const history = await loadHistory(store, engagementId);
  const from = input.from === undefined ? undefined : parseTimeWindow({ asOf: input.from }, now).asOf;
  return backtestSignals(history, {
    to: asOf,
    stepDays,
    ...(from ? { from } : {}),
    staffing: await loadStaffing(store),
  });
};

/** A past occurrence of the same pattern in another engagement, and how it ended. */
export interface PastOccurrence {
  readonly signalId: string;
  readonly engagementId: string;
  readonly title: string;
  readonly state: SignalState;
  readonly severity: StoredSignal["severity"];
  readonly measure: number;
  readonly firstSeenAt: string;
  /** Days from first seen to resolved; null while unresolved. */
  readonly daysToResolve: number | null;
  /** For milestone patterns: whether the milestone closed by its first target. */
  readonly milestone: {
    readonly name: string;
    readonly outcome: "hit" | "missed" | "open";
    readonly daysLate: number | null;
  } | null;
  /** 0–1: same severity and a close measure score higher. */
  readonly similarity: number;
}

const DIRECTORS: readonly UserRole[] = ["admin", "director", "dm"];

/**
 * The DM's pattern memory: the most similar occurrences of this signal's pattern in other
 * engagements of the portfolio, and how they ended. For DMs, directors and admins only; customer
 * data never reaches another customer's views.
 */
export const similarOccurrences = async (
  store: Store,
  id: string,
  viewer: { readonly role: UserRole },
  limit = 3,
): Promise<readonly PastOccurrence[]> => {
  if (!DIRECTORS.includes(viewer.role)) {
    throw new BatonError("forbidden", "cross-engagement memory is for DMs and directors only");
  }
  const signal = await requireSignal(store, id);
  const others = (await listSignalsOfPattern(store.db, signal.pattern)).filter(
    (s) => s.engagementId !== signal.engagementId,
  );
  const milestoneCache = new Map<string, Awaited<ReturnType<typeof listMilestones>>>();
  const occurrences: PastOccurrence[] = [];
  for (const other of others) {
    const scale = Math.max(Math.abs(signal.measure), Math.abs(other.measure), 1e-9);
    const closeness = 1 - Math.min(1, Math.abs(signal.measure - other.measure) / scale);
    const similarity =
      Math.round((0.7 * closeness + (other.severity === signal.severity ? 0.3 : 0)) * 100) / 100;
    const daysToResolve =
      other.resolvedAt === null
        ? null
        : Math.round(((Date.parse(other.resolvedAt) - Date.parse(other.firstSeenAt)) / 86_400_000) * 10) / 10;
    let milestone: PastOccurrence["milestone"] = null;
    const milestoneId = other.evidence.other.find((x) => x.includes("milestone"));
    if ((other.pattern === "milestone_slip" || other.pattern === "scope_drift") && milestoneId) {
      if (!milestoneCache.has(other.engagementId)) {
        milestoneCache.set(other.engagementId, await listMilestones(store.db, other.engagementId));
      }
      const row = milestoneCache.get(other.engagementId)!.find((m) => m.id === milestoneId);
      if (row) {
        const first = (other.evidence.series["target date history"]?.[0]?.value ?? null) as number | null;
        const target =
          first === null ? row.targetDate : new Date(first * 86_400_000).toISOString().slice(0, 10);
        const closed = row.closedAt?.slice(0, 10) ?? null;
        milestone = {
          name: row.name,
          outcome: closed === null ? "open" : closed <= target ? "hit" : "missed",
          daysLate:
            closed === null ? null : Math.round((Date.parse(closed) - Date.parse(target)) / 86_400_000),
        };
      }
    }
    occurrences.push({
      signalId: other.id,
      engagementId: other.engagementId,
      title: other.title,
      state: other.state,
      severity: other.severity,
      measure: other.measure,
      firstSeenAt: other.firstSeenAt,
      daysToResolve,
      milestone,
      similarity,
    });
  }
  return occurrences
    .sort((a, b) => b.similarity - a.similarity || (a.signalId < b.signalId ? -1 : 1))
    .slice(0, limit);
};
