import type { DmLoadReport } from "../domain/dm-load.ts";
import type { EngagementDetail, EngagementSummary } from "./engagements.ts";

/**
 * JSON shapes of Baton's reads. The CLI's `--json` and the HTTP API return exactly these, so a
 * script written against one works against the other.
 */
export const presentEngagementSummary = (s: EngagementSummary) => ({
  id: s.engagement.id,
  name: s.engagement.name,
  customer: { id: s.engagement.customerId, name: s.customerName },
  status: s.engagement.status,
  dm: s.dm,
  podSize: s.podSize,
  sprintLengthDays: s.engagement.sprintLengthDays,
  reportDay: s.engagement.reportDay,
  reviewSla: s.engagement.reviewSla,
  timeZone: s.engagement.timeZone,
  startDate: s.engagement.startDate,
  dmLoadViolations: s.violations,
});

export const presentEngagementDetail = (d: EngagementDetail, date: string) => ({
  ...presentEngagementSummary(d),
  date,
  pod: d.pod.map((m) => ({
    personId: m.personId,
    name: m.name,
    role: m.role,
    allocationPct: m.allocationPct,
    timeZone: m.timeZone,
    from: m.from,
    to: m.to,
  })),
  leadership: d.leadership.map((a) => ({
    personId: a.personId,
    name: a.name,
    role: a.role,
    from: a.from,
    to: a.to,
  })),
  sources: d.sources,
  data: d.data,
});

export const presentDmLoad = (report: DmLoadReport, names: ReadonlyMap<string, string>) => ({
  date: report.date,
  dms: report.loads.map((l) => ({
    personId: l.personId,
    name: names.get(l.personId) ?? l.personId,
    engagements: l.engagementIds.map((id) => ({ id, podSize: report.podSizes[id] ?? 0 })),
    load: l.load,
  })),
  violations: report.violations,
});
