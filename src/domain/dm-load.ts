import { withinDates } from "./time.ts";
import type { CalendarDate, DmAssignment, Engagement, PodMembership } from "./types.ts";

/**
 * DM-load rules of the trade:
 * - every active engagement has exactly one DM;
 * - a pod of 4–8 weighted specialists is one full-time DM (load 1);
 * - pods of 2–3 may share a DM, at most two of them (load ½ each);
 * - a pod above 8 needs a sub-DM or an engagement architect besides its DM (and is still load 1).
 * A DM whose load exceeds 1 is overloaded.
 */
export type DmLoadViolation =
  | { readonly kind: "no_dm"; readonly engagementId: string; readonly message: string }
  | {
      readonly kind: "multiple_dms";
      readonly engagementId: string;
      readonly personIds: readonly string[];
      readonly message: string;
    }
  | {
      readonly kind: "pod_needs_support";
      readonly engagementId: string;
      readonly podSize: number;
      readonly message: string;
    }
  | {
      readonly kind: "dm_overloaded";
      readonly personId: string;
      readonly engagementIds: readonly string[];
      readonly load: number;
      readonly message: string;
    };

/** Pod size: pod members active on `date`, each weighted by allocation (100 % = 1). */
export const podSize = (memberships: readonly PodMembership[], engagementId: string, date: CalendarDate) =>
  round2(
    memberships
      .filter((m) => m.engagementId === engagementId && withinDates(date, m.from, m.to))
      .reduce((sum, m) => sum + m.allocationPct / 100, 0),
  );

/** The share of one DM's full-time attention a pod of this size takes. */
export const dmLoadOfPod = (size: number): number => (size < 4 ? 0.5 : 1);

export interface DmLoad {
  readonly personId: string;
  readonly engagementIds: readonly string[];
  readonly load: number;
}

export interface DmLoadReport {
  readonly date: CalendarDate;
  readonly podSizes: Readonly<Record<string, number>>;
  readonly loads: readonly DmLoad[];
  readonly violations: readonly DmLoadViolation[];
}

/** Evaluates the DM-load rules for the active engagements on `date`. Pure. */
export const evaluateDmLoad = (
  engagements: readonly Engagement[],
  memberships: readonly PodMembership[],
  assignments: readonly DmAssignment[],
  date: CalendarDate,
  nameOf: (personId: string) => string = (personId) => personId,
): DmLoadReport => {
  const active = engagements.filter((e) => e.status === "active");
  const current = assignments.filter((a) => withinDates(date, a.from, a.to));
  const violations: DmLoadViolation[] = [];
  const podSizes: Record<string, number> = {};
  const byDm = new Map<string, string[]>();

  for (const engagement of active) {
    const size = podSize(memberships, engagement.id, date);
    podSizes[engagement.id] = size;
    const leads = current.filter((a) => a.engagementId === engagement.id);
    const dms = [...new Set(leads.filter((a) => a.role === "dm").map((a) => a.personId))];
    if (dms.length === 0) {
      violations.push({ kind: "no_dm", engagementId: engagement.id, message: `${engagement.id} has no DM` });
    } else if (dms.length > 1) {
      violations.push({
        kind: "multiple_dms",
        engagementId: engagement.id,
        personIds: dms,
        message: `${engagement.id} has ${dms.length} DMs (${dms.map(nameOf).join(", ")}); one must be accountable`,
      });
    }
    for (const dm of dms) byDm.set(dm, [...(byDm.get(dm) ?? []), engagement.id]);
    if (size > 8 && !leads.some((a) => a.role === "sub_dm" || a.role === "engagement_architect")) {
      violations.push({
        kind: "pod_needs_support",
        engagementId: engagement.id,
        podSize: size,
        message: `${engagement.id} has a pod of ${size} specialists (over 8) and no sub-DM or engagement architect`,
      });
    }
  }

  const loads: DmLoad[] = [...byDm.entries()]
    .map(([personId, engagementIds]) => ({
      personId,
      engagementIds,
      load: engagementIds.reduce((sum, id) => sum + dmLoadOfPod(podSizes[id] ?? 0), 0),
    }))
    .sort((a, b) => b.load - a.load || a.personId.localeCompare(b.personId));

  for (const { personId, engagementIds, load } of loads) {
    if (load <= 1) continue;
    const pods = engagementIds.map((id) => `${id} (${podSizes[id]})`).join(", ");
    violations.push({
      kind: "dm_overloaded",
      personId,
      engagementIds,
      load,
      message: `DM ${nameOf(personId)} runs ${engagementIds.length} pods: ${pods}; a DM runs one pod of 4–8 or at most two pods of 2–3`,
    });
  }
  return { date, podSizes, loads, violations };
};

const round2 = (n: number) => Math.round(n * 100) / 100;
