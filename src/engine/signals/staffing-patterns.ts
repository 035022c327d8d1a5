import { evaluateDmLoad } from "../../domain/dm-load.ts";
import { localDate, usableTimeZone } from "../flow-days.ts";
import { type Detector, evidence, type Finding } from "./types.ts";

/** The DM-load rules of the trade, applied to the engagement's staffing on the local date of `asOf`. */
export const dmLoad: Detector = {
  pattern: "dm_load",
  description:
    "The engagement breaks a DM-load rule: no DM or several, a pod over 8 without support, or a DM running too many pods.",
  detect: ({ history, asOf, options }) => {
    const staffing = options.staffing;
    if (!staffing) return [];
    const id = history.engagement.id;
    const date = localDate(asOf, usableTimeZone(history.engagement.timeZone));
    const names = new Map(history.people.map((p) => [p.id, p.name]));
    const report = evaluateDmLoad(
      staffing.engagements,
      staffing.memberships,
      staffing.assignments,
      date,
      (personId) => names.get(personId) ?? personId,
    );
    return report.violations
      .filter((v) => (v.kind === "dm_overloaded" ? v.engagementIds.includes(id) : v.engagementId === id))
      .map((v): Finding => {
        const subject = v.kind === "dm_overloaded" ? v.personId : id;
        return {
          pattern: "dm_load",
          key: `dm_load:${v.kind}:${subject}`,
          severity: v.kind === "no_dm" || v.kind === "dm_overloaded" ? "high" : "medium",
          title: v.message,
          summary: `${v.message} (DM-load rules as of ${date}: one DM per pod of 4–8, at most two pods of 2–3 per DM, a sub-DM or engagement architect above 8).`,
          evidence: evidence({
            other:
              v.kind === "dm_overloaded"
                ? [v.personId, ...v.engagementIds]
                : v.kind === "multiple_dms"
                  ? [...v.personIds]
                  : [id],
            thresholds: {
              podSize: report.podSizes[id] ?? 0,
              ...(v.kind === "dm_overloaded" ? { load: v.load, maximumLoad: 1 } : {}),
            },
          }),
          suggestedAction:
            v.kind === "pod_needs_support"
              ? "Assign a sub-DM or an engagement architect to the pod."
              : v.kind === "dm_overloaded"
                ? "Rebalance the DM's pods with the delivery director."
                : "Name exactly one accountable DM for the engagement.",
          escalationLevel: "L3",
          measure: v.kind === "dm_overloaded" ? v.load : v.kind === "pod_needs_support" ? v.podSize : 1,
        };
      });
  },
};
