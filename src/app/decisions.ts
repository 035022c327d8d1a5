import { z } from "zod";
import type { Decision } from "../domain/workflows.ts";
import { transition } from "../domain/workflows.ts";
import { BatonError, conflict, notFound } from "../errors.ts";
import type { Db, Store, Tx } from "../store/store.ts";
import { getDecision, listDecisions, nextDecisionNumber, saveDecision } from "../store/workflows.ts";
import { requireEngagement } from "./engagements.ts";
import { indexRecord } from "./search.ts";
import { parseInput } from "./validate.ts";

/** Stores the record and its search document together. */
const saveDecisionIndexed = async (db: Db | Tx, value: Parameters<typeof saveDecision>[1]) => {
  await saveDecision(db, value);
  await indexRecord(db, { kind: "decision", value });
};

const text = z.string().trim();

export const proposalInput = z.strictObject({
  engagement: text.min(1, "is required"),
  title: text.min(1, "is required"),
  context: text.min(1, "says why a decision is needed"),
  options: z.array(text.min(1)).default([]),
  customerVisible: z.boolean().default(false),
  askCustomer: z.boolean().default(false),
  links: z.array(text.min(1)).default([]),
});

/**
 * Proposes a decision, numbered per engagement (ADR-1, ADR-2, …). Asking the customer to decide
 * makes it customer-visible: they cannot decide what they cannot see.
 */
export const proposeDecision = async (store: Store, input: unknown, now: Date): Promise<Decision> => {
  const data = parseInput(proposalInput, input, "decision");
  await requireEngagement(store, data.engagement);
  if (data.askCustomer && data.options.length < 2)
    throw new BatonError(
      "invalid_input",
      "a decision asked of the customer needs at least two options to choose from",
    );
  return store.db.transaction().execute(async (tx) => {
    const number = await nextDecisionNumber(tx, data.engagement);
    const decision: Decision = {
      id: `${data.engagement}-adr-${number}`,
      engagementId: data.engagement,
      number,
      title: data.title,
      context: data.context,
      options: data.options,
      decision: null,
      consequences: null,
      status: "proposed",
      decidedBy: null,
      decidedAt: null,
      supersededBy: null,
      customerVisible: data.customerVisible || data.askCustomer,
      askCustomer: data.askCustomer,
      links: data.links,
      createdAt: now.toISOString(),
    };
    await saveDecisionIndexed(tx, decision);
    return decision;
  });
};

export const requireDecision = async (store: Store, id: string): Promise<Decision> => {
  const decision = await getDecision(store.db, id);
  if (!decision) throw notFound("decision", id);
  return decision;
};

export const acceptanceInput = z.strictObject({
  decision: text.min(1, "states what was decided"),
  decidedBy: text.min(1, "names who decided"),
  consequences: text.optional(),
  /** An accepted decision of the same engagement that this one replaces. */
  supersedes: text.optional(),
});

/** Accepts a proposed decision; it may supersede an earlier accepted one, atomically. */
export const acceptDecision = async (
  store: Store,
  id: string,
  input: unknown,
  now: Date,
): Promise<Decision> => {
  const data = parseInput(acceptanceInput, input, "decision");
  const current = await requireDecision(store, id);
  transition("decision", id, current.status, "accepted");
  const replaced = data.supersedes ? await requireDecision(store, data.supersedes) : null;
  if (replaced) {
    if (replaced.engagementId !== current.engagementId)
      throw conflict(`decision ${replaced.id} belongs to another engagement`);
    transition("decision", replaced.id, replaced.status, "superseded");
  }
  const accepted: Decision = {
    ...current,
    status: "accepted",
    decision: data.decision,
    consequences: data.consequences ?? null,
    decidedBy: data.decidedBy,
    decidedAt: now.toISOString(),
    links: replaced ? [...new Set([...current.links, replaced.id])] : current.links,
  };
  await store.db.transaction().execute(async (tx) => {
    await saveDecisionIndexed(tx, accepted);
    if (replaced) await saveDecisionIndexed(tx, { ...replaced, status: "superseded", supersededBy: id });
  });
  return accepted;
};

/** Rejects a proposed decision, recording why as its decision text. */
export const rejectDecision = async (
  store: Store,
  id: string,
  input: { reason: string; decidedBy: string },
  now: Date,
): Promise<Decision> => {
  const data = parseInput(
    z.strictObject({ reason: text.min(1, "says why"), decidedBy: text.min(1, "names who decided") }),
    input,
    "rejection",
  );
  const current = await requireDecision(store, id);
  transition("decision", id, current.status, "rejected");
  const rejected: Decision = {
    ...current,
    status: "rejected",
    decision: `Rejected: ${data.reason}`,
    decidedBy: data.decidedBy,
    decidedAt: now.toISOString(),
  };
  await saveDecisionIndexed(store.db, rejected);
  return rejected;
};

export interface DecisionFilter {
  /** Only decisions waiting for the customer. */
  readonly pendingCustomer?: boolean;
  /** Only what a customer may see. */
  readonly customerVisibleOnly?: boolean;
}

export const listDecisionsOf = async (
  store: Store,
  engagementId: string,
  filter: DecisionFilter = {},
): Promise<Decision[]> => {
  await requireEngagement(store, engagementId);
  return (await listDecisions(store.db, engagementId)).filter(
    (d) =>
      (!filter.pendingCustomer || (d.askCustomer && d.status === "proposed")) &&
      (!filter.customerVisibleOnly || d.customerVisible),
  );
};
