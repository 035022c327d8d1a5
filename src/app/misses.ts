import { z } from "zod";
import type { Instant } from "../domain/types.ts";
import { type MilestoneMiss, transition } from "../domain/workflows.ts";
import { localDate } from "../engine/flow-days.ts";
import { milestoneAsOf } from "../engine/milestones.ts";
import { BatonError, notFound } from "../errors.ts";
import type { Db, Store, Tx } from "../store/store.ts";
import { getMiss, listMisses, openMissOnce, saveMiss } from "../store/workflows.ts";
import { currentDm } from "./escalations.ts";
import { loadHistory } from "./history.ts";
import { indexRecord } from "./search.ts";
import { calendarDate, parseInput } from "./validate.ts";

/** Stores the record and its search document together. */
const saveMissIndexed = async (db: Db | Tx, value: Parameters<typeof saveMiss>[1]) => {
  await saveMiss(db, value);
  await indexRecord(db, { kind: "miss", value });
};

/**
 * Opens an owned record for every milestone of the engagement missed by `asOf`: its target date
 * (as it stood on that date) has passed in the engagement's time zone and it was not closed by
 * then. The owner is the DM assigned on the target date. One record per milestone and target
 * date, so a re-planned milestone missed again opens a second one. Returns the newly opened.
 */
export const openMissedMilestones = async (
  store: Store,
  engagementId: string,
  asOf: Instant,
): Promise<MilestoneMiss[]> => {
  const history = await loadHistory(store, engagementId);
  const today = localDate(asOf, history.engagement.timeZone);
  const opened: MilestoneMiss[] = [];
  for (const milestone of history.milestones) {
    const state = milestoneAsOf(history, milestone, asOf);
    for (const target of new Set(state.targetHistory.map((t) => t.targetDate).concat(state.targetDate))) {
      if (target >= today) continue;
      // A target replaced before it came due was re-planned, not missed.
      const stoodOnTheDay =
        milestoneAsOf(history, milestone, `${target}T23:59:59.999Z`).targetDate === target;
      if (!stoodOnTheDay) continue;
      const closedInTime =
        state.closedAt !== null && localDate(state.closedAt, history.engagement.timeZone) <= target;
      if (closedInTime) continue;
      const miss: MilestoneMiss = {
        id: `miss-${milestone.id}-${target}`.replace(/[^a-zA-Z0-9-]+/g, "-"),
        engagementId,
        milestoneId: milestone.id,
        milestoneName: milestone.name,
        ownerId: await currentDm(store, engagementId, target),
        targetDate: target,
        openedAt: asOf,
        cause: null,
        recoveryPlan: null,
        newDate: null,
        customerCommunication: null,
        status: "open",
        closedAt: null,
      };
      if (await openMissOnce(store.db, miss)) {
        await indexRecord(store.db, { kind: "miss", value: miss });
        opened.push(miss);
      }
    }
  }
  return opened;
};

export const missUpdate = z.strictObject({
  cause: z.string().trim().min(1).optional(),
  recoveryPlan: z.string().trim().min(1).optional(),
  newDate: calendarDate.optional(),
  customerCommunication: z.string().trim().min(1).optional(),
});

const requireMiss = async (store: Store, id: string) => {
  const miss = await getMiss(store.db, id);
  if (!miss) throw notFound("missed-milestone record", id);
  return miss;
};

/** The DM fills in cause, recovery plan, new date and what the customer was told. */
export const updateMiss = async (store: Store, id: string, input: unknown): Promise<MilestoneMiss> => {
  const data = parseInput(missUpdate, input, "missed-milestone record");
  const current = await requireMiss(store, id);
  if (current.status === "closed")
    throw new BatonError("conflict", `missed-milestone record ${id} is closed`);
  if (data.newDate && data.newDate <= current.targetDate)
    throw new BatonError(
      "invalid_input",
      `the new date ${data.newDate} must come after the missed ${current.targetDate}`,
    );
  const next = { ...current, ...data };
  await saveMissIndexed(store.db, next);
  return next;
};

/** Closes a record once cause, recovery plan, new date and customer communication are all written. */
export const closeMiss = async (store: Store, id: string, now: Date): Promise<MilestoneMiss> => {
  const current = await requireMiss(store, id);
  transition("miss", id, current.status, "closed");
  const missing = (
    [
      ["cause", current.cause],
      ["recovery plan", current.recoveryPlan],
      ["new date", current.newDate],
      ["customer communication", current.customerCommunication],
    ] as const
  )
    .filter(([, value]) => value === null)
    .map(([name]) => name);
  if (missing.length > 0)
    throw new BatonError(
      "invalid_input",
      `missed-milestone record ${id} still needs: ${missing.join(", ")}`,
      {
        missing,
      },
    );
  const next: MilestoneMiss = { ...current, status: "closed", closedAt: now.toISOString() };
  await saveMissIndexed(store.db, next);
  return next;
};

export const listMissesOf = (store: Store, engagementId?: string) => listMisses(store.db, engagementId);
