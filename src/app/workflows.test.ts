import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BatonError } from "../errors.ts";
import { saveSignals } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { acceptDecision, listDecisionsOf, proposeDecision, rejectDecision } from "./decisions.ts";
import {
  addBlocker,
  addDependency,
  blockersAsOf,
  dependencyViews,
  milestoneCriticalPath,
  resolveBlocker,
} from "./dependencies.ts";
import {
  acknowledgeEscalation,
  escalateSignal,
  escalationPrecisionReport,
  mergeEscalation,
  raiseEscalation,
  rateEscalation,
  resolveEscalation,
  updateEscalation,
} from "./escalations.ts";
import { closeMiss, listMissesOf, openMissedMilestones, updateMiss } from "./misses.ts";

const failure = async (promise: Promise<unknown>): Promise<BatonError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BatonError) return error;
    throw error;
  }
  throw new Error("expected a BatonError");
};

const at = (instant: string) => new Date(instant);

describe.each(TEST_BACKENDS)("DM workflows on $name", (backend) => {
  let store: Store;
  beforeEach(async () => {
    store = await backend.open();
    await seedBeta(store);
  });
  afterEach(async () => store?.close());

  const escalationInput = {
    engagement: "acme-mobile",
    title: "Payment API keys not provided",
    ask: "provide sandbox API keys",
    askedOf: "Acme CTO",
    severity: "high",
    customerImpact: "high",
    impactDate: "2026-05-08",
  };

  it("walks an escalation from raised to rated, with the level Baton suggested", async () => {
    const now = at("2026-05-04T10:00:00.000Z");
    const raised = await raiseEscalation(store, escalationInput, now);
    expect(raised.escalation).toMatchObject({
      level: "L3",
      levelConfirmed: false,
      raisedBy: "omar",
      status: "open",
    });
    expect(raised.suggestion.reason).toBe("high customer impact within a week, impact in 4 days");

    const id = raised.escalation.id;
    expect((await failure(updateEscalation(store, id, { customerVisible: true }))).message).toContain(
      "confirm the level",
    );
    expect(await updateEscalation(store, id, { level: "L2", customerVisible: true })).toMatchObject({
      level: "L2",
      levelConfirmed: true,
      customerVisible: true,
    });
    await acknowledgeEscalation(store, id, at("2026-05-04T12:00:00.000Z"));
    const again = await failure(acknowledgeEscalation(store, id, now));
    expect(again.message).toBe(
      `escalation ${id} is acknowledged, it cannot become acknowledged; it can become resolved`,
    );
    await resolveEscalation(store, id, { resolution: "keys arrived" }, at("2026-05-05T09:00:00.000Z"));
    expect((await failure(resolveEscalation(store, id, { resolution: "x" }, now))).code).toBe("conflict");
    await rateEscalation(store, id, true);
    const report = await escalationPrecisionReport(store);
    expect(report.find((r) => r.scope === "dm" && r.id === "omar")).toMatchObject({ rated: 1, precision: 1 });
  });

  it("refuses a second escalation of the same open problem unless forced, and merges duplicates", async () => {
    const now = at("2026-05-04T10:00:00.000Z");
    const first = await raiseEscalation(store, { ...escalationInput, level: "L2" }, now);
    const refused = await failure(
      raiseEscalation(store, { ...escalationInput, title: "API keys for payment not provided" }, now),
    );
    expect(refused.code).toBe("conflict");
    expect(refused.message).toContain(first.escalation.id);
    const second = await raiseEscalation(
      store,
      {
        ...escalationInput,
        title: "API keys for payment not provided",
        level: "L3",
        dueDate: "2026-05-06",
        force: true,
      },
      now,
    );
    const merged = await mergeEscalation(store, second.escalation.id, first.escalation.id, now);
    expect(merged).toMatchObject({ status: "resolved", mergedInto: first.escalation.id });
    const kept = (await raiseEscalation(store, { ...escalationInput, force: true }, now)).warnings;
    expect(kept.map((w) => w.kind)).toContain("duplicate");
  });

  it("raises an escalation from a signal, pre-filled with its evidence and level", async () => {
    await saveSignals(store.db, [
      {
        id: "sig-0001",
        engagementId: "acme-mobile",
        key: "review_bottleneck",
        pattern: "review_bottleneck",
        state: "open",
        severity: "high",
        escalationLevel: "L2",
        title: "Reviews wait for one reviewer",
        summary: "Time to first review doubled in three weeks; 70 % of reviews are Lena's",
        suggestedAction: "Name a second reviewer for the payments service",
        evidence: { items: [], pullRequests: [], other: ["lena"], series: {}, thresholds: {} },
        measure: 2,
        firstSeenAt: "2026-05-01T09:00:00.000Z",
        lastSeenAt: "2026-05-04T09:00:00.000Z",
        resolvedAt: null,
        stateChangedAt: "2026-05-01T09:00:00.000Z",
        snoozedUntil: null,
        reason: null,
        dismissedMeasure: null,
        occurrences: 1,
      },
    ]);
    const { escalation, suggestion } = await escalateSignal(
      store,
      "sig-0001",
      {},
      at("2026-05-04T10:00:00.000Z"),
    );
    expect(escalation).toMatchObject({
      title: "Reviews wait for one reviewer",
      impact: "Time to first review doubled in three weeks; 70 % of reviews are Lena's",
      ask: "Name a second reviewer for the payments service",
      askedOf: "customer leadership",
      level: "L2",
      levelConfirmed: false,
      signalId: "sig-0001",
    });
    expect(suggestion.reason).toBe("the review bottleneck signal suggests L2");
    const again = await failure(escalateSignal(store, "sig-0001", {}, at("2026-05-04T11:00:00.000Z")));
    expect(again.code).toBe("conflict");
  });

  it("shows what blocks the pod: flagged items with owner and age, and blockers marked by hand", async () => {
    const manual = await addBlocker(
      store,
      {
        engagement: "acme-mobile",
        title: "Staging down",
        owner: "Acme IT",
        item: "ACME-4",
        since: "2026-05-05T09:00:00Z",
      },
      at("2026-05-05T09:00:00.000Z"),
    );
    const asOf = "2026-05-06T10:00:00.000Z";
    const list = await blockersAsOf(store, "acme-mobile", asOf);
    expect(list.map((b) => [b.origin, b.itemKey, b.owner, b.ageDays])).toEqual([
      ["flag", "ACME-3", "lena", 2],
      ["manual", "ACME-4", "Acme IT", 1.04],
    ]);
    expect(await blockersAsOf(store, "acme-mobile", "2026-05-03T00:00:00.000Z")).toEqual([]);
    await resolveBlocker(store, manual.id, at("2026-05-06T12:00:00.000Z"));
    expect(
      (await blockersAsOf(store, "acme-mobile", "2026-05-07T00:00:00.000Z")).map((b) => b.origin),
    ).toEqual(["flag"]);
  });

  it("puts an external promise on the critical path and flags it when overdue", async () => {
    const now = at("2026-05-04T10:00:00.000Z");
    await addDependency(
      store,
      {
        engagement: "acme-mobile",
        title: "sandbox API keys",
        item: "ACME-4",
        onKind: "external",
        owner: "Acme",
        dueDate: "2026-05-12",
        customerOwed: true,
      },
      now,
    );
    const path = await milestoneCriticalPath(store, "acme-mobile", "Beta", "2026-05-04T10:00:00.000Z");
    // No finished cycle in the window: work not started takes 3 days, so ACME-4 waits for the
    // keys on the 12th (day 8) and ends on day 11, the 15th.
    expect(path.typicalDays).toBe(3);
    expect(path.steps.map((s) => s.label)).toEqual(["Acme: sandbox API keys", "ACME-4", "Beta"]);
    expect(path.finishDate).toBe("2026-05-15");
    const views = await dependencyViews(store, "acme-mobile", "2026-05-13");
    expect(views[0]).toMatchObject({ dependentLabel: "ACME-4", overdue: true, customerOwed: true });
  });

  it("refuses a dependency that would close a loop, naming it", async () => {
    const now = at("2026-05-04T10:00:00.000Z");
    const dep = (item: string, on: string) =>
      addDependency(
        store,
        { engagement: "acme-mobile", title: `${item} needs ${on}`, item, onKind: "item", on, owner: "pod" },
        now,
      );
    await dep("ACME-3", "ACME-4");
    const error = await failure(dep("ACME-4", "ACME-3"));
    expect(error.message).toBe("dependencies form a cycle: ACME-3 → ACME-4 → ACME-3");
    expect(await dependencyViews(store, "acme-mobile", "2026-05-04")).toHaveLength(1);
  });

  it("numbers decisions, supersedes accepted ones and rejects invalid moves", async () => {
    const now = at("2026-05-04T10:00:00.000Z");
    const first = await proposeDecision(
      store,
      {
        engagement: "acme-mobile",
        title: "Payments provider",
        context: "Checkout needs one",
        options: ["Stripe", "Adyen"],
        askCustomer: true,
      },
      now,
    );
    expect(first).toMatchObject({ id: "acme-mobile-adr-1", number: 1, customerVisible: true });
    expect((await listDecisionsOf(store, "acme-mobile", { pendingCustomer: true })).map((d) => d.id)).toEqual(
      [first.id],
    );
    await acceptDecision(store, first.id, { decision: "Stripe", decidedBy: "Acme CTO" }, now);
    const second = await proposeDecision(
      store,
      { engagement: "acme-mobile", title: "Payments provider, again", context: "Fees rose" },
      now,
    );
    await acceptDecision(
      store,
      second.id,
      { decision: "Adyen", decidedBy: "Acme CTO", supersedes: first.id },
      now,
    );
    const all = await listDecisionsOf(store, "acme-mobile");
    expect(all.map((d) => [d.number, d.status, d.supersededBy])).toEqual([
      [1, "superseded", second.id],
      [2, "accepted", null],
    ]);
    const error = await failure(rejectDecision(store, second.id, { reason: "no", decidedBy: "x" }, now));
    expect(error.message).toBe(
      `decision ${second.id} is accepted, it cannot become rejected; it can become superseded`,
    );
    expect(
      (
        await failure(
          proposeDecision(
            store,
            { engagement: "acme-mobile", title: "t", context: "c", askCustomer: true },
            now,
          ),
        )
      ).message,
    ).toContain("at least two options");
  });

  it("opens one owned record for a missed milestone and closes it only when complete", async () => {
    expect(await openMissedMilestones(store, "acme-mobile", "2026-05-15T20:00:00.000Z")).toEqual([]);
    const opened = await openMissedMilestones(store, "acme-mobile", "2026-05-16T08:00:00.000Z");
    expect(opened).toEqual([
      expect.objectContaining({ milestoneName: "Beta", targetDate: "2026-05-15", ownerId: "omar" }),
    ]);
    expect(await openMissedMilestones(store, "acme-mobile", "2026-05-17T08:00:00.000Z")).toEqual([]);
    const id = opened[0]!.id;
    await updateMiss(store, id, { cause: "keys arrived late", recoveryPlan: "pair on ACME-4" });
    const incomplete = await failure(closeMiss(store, id, at("2026-05-18T08:00:00.000Z")));
    expect(incomplete.message).toBe(
      `missed-milestone record ${id} still needs: new date, customer communication`,
    );
    expect((await failure(updateMiss(store, id, { newDate: "2026-05-10" }))).message).toContain(
      "must come after",
    );
    await updateMiss(store, id, { newDate: "2026-05-22", customerCommunication: "told Acme CTO on 16 May" });
    await closeMiss(store, id, at("2026-05-18T08:00:00.000Z"));
    expect((await listMissesOf(store, "acme-mobile"))[0]).toMatchObject({
      status: "closed",
      ownerId: "omar",
    });
  });
});
