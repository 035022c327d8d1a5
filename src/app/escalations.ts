import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  CUSTOMER_IMPACTS,
  ESCALATION_LEVELS,
  type Escalation,
  SEVERITIES,
  transition,
} from "../domain/workflows.ts";
import {
  type EscalationPrecision,
  type EscalationWarning,
  escalationPrecision,
  escalationWarnings,
  type LevelSuggestion,
  suggestLevel,
} from "../engine/escalations.ts";
import { BatonError, conflict, notFound } from "../errors.ts";
import { listAssignments, listEngagements } from "../store/engagements.ts";
import { getSignal } from "../store/signals.ts";
import type { Db, Store, Tx } from "../store/store.ts";
import { getEscalation, listEscalations, saveEscalation } from "../store/workflows.ts";
import { requireEngagement } from "./engagements.ts";
import { indexRecord } from "./search.ts";
import { calendarDate, parseInput, today } from "./validate.ts";

/** Stores the record and its search document together. */
const saveEscalationIndexed = async (db: Db | Tx, value: Parameters<typeof saveEscalation>[1]) => {
  await saveEscalation(db, value);
  await indexRecord(db, { kind: "escalation", value });
};

export const newId = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

/** The engagement's DM on a date (person id), or null. */
export const currentDm = async (store: Store, engagementId: string, date: string): Promise<string | null> => {
  const dm = (await listAssignments(store.db, engagementId)).find(
    (a) => a.role === "dm" && a.from <= date && (a.to === null || a.to >= date),
  );
  return dm?.personId ?? null;
};

const text = z.string().trim();

export const escalationInput = z.strictObject({
  engagement: text.min(1, "is required"),
  title: text.min(1, "is required"),
  severity: z.enum(SEVERITIES).default("medium"),
  customerImpact: z.enum(CUSTOMER_IMPACTS).default("none"),
  impactDate: calendarDate.optional(),
  impact: text.default(""),
  ask: text.min(1, "says what is asked (e.g. 'approve two more days of QA')"),
  askedOf: text.min(1, "names whom it is asked of"),
  dueDate: calendarDate.optional(),
  /** The DM's level; without it Baton's suggestion stands, unconfirmed. */
  level: z.enum(ESCALATION_LEVELS).optional(),
  customerVisible: z.boolean().default(false),
  signalId: text.optional(),
  raisedBy: text.optional(),
  /** Raise it even though it duplicates an open escalation. */
  force: z.boolean().default(false),
});

export interface RaisedEscalation {
  readonly escalation: Escalation;
  readonly suggestion: LevelSuggestion;
  readonly warnings: readonly EscalationWarning[];
}

/**
 * Raises an escalation. Baton suggests the level; the DM's `level` confirms or overrides it, and
 * only a confirmed level may be shown to the customer. An open escalation about the same problem
 * blocks a second one unless forced (merge instead); other warnings are returned with it.
 */
export const raiseEscalation = async (
  store: Store,
  input: unknown,
  now: Date,
  fromSignal?: LevelSuggestion,
): Promise<RaisedEscalation> => {
  const data = parseInput(escalationInput, input, "escalation");
  const engagement = await requireEngagement(store, data.engagement);
  const date = today(now);
  const judged = suggestLevel({
    severity: data.severity,
    customerImpact: data.customerImpact,
    impactDate: data.impactDate ?? null,
    today: date,
  });
  // A signal's own level counts when it is higher than what severity and impact alone suggest.
  const suggestion = fromSignal && fromSignal.level > judged.level ? fromSignal : judged;
  if (data.customerVisible && !data.level)
    throw new BatonError(
      "invalid_input",
      `confirm the level before the customer sees this escalation: Baton suggests ${suggestion.level} (${suggestion.reason}); pass the level you choose`,
    );
  const raisedBy = data.raisedBy ?? (await currentDm(store, engagement.id, date));
  const level = data.level ?? suggestion.level;
  const existing = await listEscalations(store.db);
  const warnings = escalationWarnings(
    { engagementId: engagement.id, title: data.title, level, signalId: data.signalId ?? null, raisedBy },
    existing,
    now.toISOString(),
  );
  const blocking = warnings.filter((w) => w.kind !== "unusually_often");
  if (blocking.length > 0 && !data.force)
    throw conflict(`${blocking.map((w) => w.message).join("; ")} (raise it anyway with force)`, {
      warnings: blocking,
    });
  const escalation: Escalation = {
    id: newId("esc"),
    engagementId: engagement.id,
    title: data.title,
    level,
    suggestedLevel: suggestion.level,
    levelReason: suggestion.reason,
    levelConfirmed: data.level !== undefined,
    severity: data.severity,
    customerImpact: data.customerImpact,
    impactDate: data.impactDate ?? null,
    impact: data.impact,
    ask: data.ask,
    askedOf: data.askedOf,
    dueDate: data.dueDate ?? null,
    customerVisible: data.customerVisible,
    status: "open",
    resolution: null,
    warranted: null,
    signalId: data.signalId ?? null,
    mergedInto: null,
    raisedBy,
    createdAt: now.toISOString(),
    acknowledgedAt: null,
    resolvedAt: null,
  };
  await saveEscalationIndexed(store.db, escalation);
  return { escalation, suggestion, warnings };
};

export const requireEscalation = async (store: Store, id: string): Promise<Escalation> => {
  const escalation = await getEscalation(store.db, id);
  if (!escalation) throw notFound("escalation", id);
  return escalation;
};

export const escalationUpdate = z.strictObject({
  level: z.enum(ESCALATION_LEVELS).optional(),
  customerVisible: z.boolean().optional(),
  dueDate: calendarDate.optional(),
  ask: text.min(1).optional(),
  askedOf: text.min(1).optional(),
  impact: text.optional(),
});

/** Changes what the DM owns on an open escalation; setting a level confirms it. */
export const updateEscalation = async (store: Store, id: string, input: unknown): Promise<Escalation> => {
  const data = parseInput(escalationUpdate, input, "escalation update");
  const current = await requireEscalation(store, id);
  if (current.status === "resolved") throw conflict(`escalation ${id} is resolved; raise a new one`);
  const confirmed = current.levelConfirmed || data.level !== undefined;
  if (data.customerVisible && !confirmed)
    throw new BatonError(
      "invalid_input",
      `confirm the level of escalation ${id} (suggested ${current.suggestedLevel}) before the customer sees it`,
    );
  const next: Escalation = { ...current, ...data, levelConfirmed: confirmed };
  await saveEscalationIndexed(store.db, next);
  return next;
};

/** The person asked has seen it and taken it on. */
export const acknowledgeEscalation = async (store: Store, id: string, now: Date): Promise<Escalation> => {
  const current = await requireEscalation(store, id);
  transition("escalation", id, current.status, "acknowledged");
  const next: Escalation = { ...current, status: "acknowledged", acknowledgedAt: now.toISOString() };
  await saveEscalationIndexed(store.db, next);
  return next;
};

export const resolutionInput = z.strictObject({
  resolution: text.min(1, "says how it was resolved"),
  warranted: z.boolean().optional(),
});

/** Closes an escalation with how it ended, and optionally whether raising it was warranted. */
export const resolveEscalation = async (
  store: Store,
  id: string,
  input: unknown,
  now: Date,
): Promise<Escalation> => {
  const data = parseInput(resolutionInput, input, "resolution");
  const current = await requireEscalation(store, id);
  transition("escalation", id, current.status, "resolved");
  const next: Escalation = {
    ...current,
    status: "resolved",
    resolution: data.resolution,
    warranted: data.warranted ?? null,
    resolvedAt: now.toISOString(),
  };
  await saveEscalationIndexed(store.db, next);
  return next;
};

/** Records, after resolution, whether escalating was warranted (feeds escalation precision). */
export const rateEscalation = async (store: Store, id: string, warranted: boolean): Promise<Escalation> => {
  const current = await requireEscalation(store, id);
  if (current.status !== "resolved")
    throw conflict(`escalation ${id} is ${current.status}; rate it once it is resolved`);
  if (current.mergedInto)
    throw conflict(`escalation ${id} was merged into ${current.mergedInto}; rate that one`);
  const next: Escalation = { ...current, warranted };
  await saveEscalationIndexed(store.db, next);
  return next;
};

/** Folds a duplicate into the escalation that carries the problem; the duplicate resolves. */
export const mergeEscalation = async (
  store: Store,
  id: string,
  intoId: string,
  now: Date,
): Promise<Escalation> => {
  if (id === intoId) throw new BatonError("invalid_input", "an escalation cannot be merged into itself");
  const duplicate = await requireEscalation(store, id);
  const target = await requireEscalation(store, intoId);
  if (duplicate.engagementId !== target.engagementId)
    throw conflict(`escalations ${id} and ${intoId} belong to different engagements`);
  if (target.status === "resolved")
    throw conflict(`escalation ${intoId} is resolved; merge into an open one`);
  transition("escalation", id, duplicate.status, "resolved");
  const merged: Escalation = {
    ...duplicate,
    status: "resolved",
    resolution: `merged into ${intoId}`,
    mergedInto: intoId,
    resolvedAt: now.toISOString(),
  };
  await store.db.transaction().execute(async (tx) => {
    await saveEscalationIndexed(tx, merged);
    // The kept escalation takes the higher of the two levels and the earlier due date.
    const level = [target.level, duplicate.level].sort().at(-1) ?? target.level;
    const due = [target.dueDate, duplicate.dueDate].filter((d): d is string => d !== null).sort()[0] ?? null;
    await saveEscalationIndexed(tx, { ...target, level, dueDate: due });
  });
  return merged;
};

export interface EscalationFilter {
  readonly engagement?: string;
  readonly status?: "open" | "acknowledged" | "resolved" | "live";
}

export const listEscalationsOf = async (store: Store, filter: EscalationFilter): Promise<Escalation[]> => {
  if (filter.engagement) await requireEngagement(store, filter.engagement);
  const all = await listEscalations(store.db, filter.engagement);
  if (!filter.status) return all;
  if (filter.status === "live") return all.filter((e) => e.status !== "resolved");
  return all.filter((e) => e.status === filter.status);
};

export interface PrecisionRow extends EscalationPrecision {
  readonly scope: "dm" | "engagement";
  readonly id: string;
}

/** Escalation precision per DM (by who raised) and per engagement. */
export const escalationPrecisionReport = async (store: Store): Promise<PrecisionRow[]> => {
  const all = await listEscalations(store.db);
  const engagements = await listEngagements(store.db);
  const dms = [...new Set(all.map((e) => e.raisedBy).filter((p): p is string => p !== null))].sort();
  return [
    ...dms.map((id) => ({
      scope: "dm" as const,
      id,
      ...escalationPrecision(all.filter((e) => e.raisedBy === id)),
    })),
    ...engagements.map((e) => ({
      scope: "engagement" as const,
      id: e.id,
      ...escalationPrecision(all.filter((x) => x.engagementId === e.id)),
    })),
  ];
};

/** Who is asked, by default, at each level. */
const DEFAULT_ASKED_OF = {
  L1: "the pod",
  L2: "customer leadership",
  L3: "the director of delivery",
} as const;

/**
 * Raises an escalation from a signal, pre-filled with its title, severity, summary (as the impact),
 * suggested action (as the ask) and level; anything in `overrides` wins. The DM still confirms the
 * level before the customer sees it.
 */
export const escalateSignal = async (
  store: Store,
  signalId: string,
  overrides: Readonly<Record<string, unknown>>,
  now: Date,
): Promise<RaisedEscalation> => {
  const signal = await getSignal(store.db, signalId);
  if (!signal) throw notFound("signal", signalId);
  const input = {
    engagement: signal.engagementId,
    title: signal.title,
    severity: signal.severity,
    impact: signal.summary,
    ask: signal.suggestedAction,
    askedOf: DEFAULT_ASKED_OF[signal.escalationLevel],
    signalId: signal.id,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  };
  return raiseEscalation(store, input, now, {
    level: signal.escalationLevel,
    reason: `the ${signal.pattern.replaceAll("_", " ")} signal suggests ${signal.escalationLevel}`,
  });
};
