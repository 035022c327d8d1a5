import type { CalendarDate } from "../domain/types.ts";
import { type EscalationPrecision, escalationPrecision } from "../engine/escalations.ts";
import { localDate } from "../engine/flow-days.ts";
import { milestoneAsOf } from "../engine/milestones.ts";
import { reviewMetrics } from "../engine/reviews.ts";
import { BatonError } from "../errors.ts";
import { listCsatResponses } from "../store/csat.ts";
import { listAssignments, listMemberships, listPeople } from "../store/engagements.ts";
import { listForecasts } from "../store/forecasts.ts";
import type { Store } from "../store/store.ts";
import { listEscalations, listMisses } from "../store/workflows.ts";
import { npsOf } from "./csat.ts";
import { resolvePerson } from "./engagements.ts";
import { loadHistory } from "./history.ts";

/**
 * A DM's scorecard over a period, for directors: milestones hit and missed, how well their P85
 * forecasts held, review-SLA adherence on their pods, escalation precision, customer satisfaction
 * and specialist retention. Each figure names what it was computed from.
 */
export interface DmScorecard {
  readonly dm: { readonly id: string; readonly name: string };
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** Engagements the DM led at any time in the period. */
  readonly engagements: readonly string[];
  readonly milestones: {
    readonly hit: number;
    readonly missed: number;
    /** Missed-milestone records still open (cause, plan, new date or customer communication missing). */
    readonly openMissRecords: number;
    readonly details: readonly {
      readonly engagementId: string;
      readonly milestone: string;
      readonly targetDate: CalendarDate;
      readonly outcome: "hit" | "missed";
    }[];
  };
  /** Of the P85 forecasts recorded for milestones that closed in the period, how many held. */
  readonly forecastCalibration: {
    readonly forecasts: number;
    readonly held: number;
    readonly share: number | null;
  };
  readonly reviewSla: { readonly met: number; readonly breached: number; readonly adherence: number | null };
  readonly escalations: EscalationPrecision & { readonly raised: number };
  /** Answers to the monthly reviews of months in the period, on the DM's engagements (NPS in points). */
  readonly satisfaction: {
    readonly answers: number;
    readonly average: number | null;
    readonly nps: number | null;
  };
  /** Specialists on the DM's pods at the start of the period still there at its end. */
  readonly retention: { readonly atStart: number; readonly stayed: number; readonly share: number | null };
}

const overlaps = (r: { from: string; to: string | null }, from: string, to: string) =>
  r.from <= to && (r.to === null || r.to >= from);
const activeOn = (r: { from: string; to: string | null }, date: string) =>
  r.from <= date && (r.to === null || r.to >= date);
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export const dmScorecard = async (
  store: Store,
  dmRef: string,
  period: { readonly from: CalendarDate; readonly to: CalendarDate },
): Promise<DmScorecard> => {
  if (period.from > period.to)
    throw new BatonError("invalid_input", `--from ${period.from} is after --to ${period.to}`);
  const person = await resolvePerson(store, dmRef);
  const led = (await listAssignments(store.db)).filter(
    (a) => a.personId === person.id && a.role === "dm" && overlaps(a, period.from, period.to),
  );
  const engagementIds = [...new Set(led.map((a) => a.engagementId))].sort();
  const endInstant = `${period.to}T23:59:59.999Z`;
  const startInstant = `${period.from}T00:00:00.000Z`;

  const details: {
    engagementId: string;
    milestone: string;
    targetDate: string;
    outcome: "hit" | "missed";
  }[] = [];
  let forecasts = 0;
  let held = 0;
  let met = 0;
  let breached = 0;
  for (const engagementId of engagementIds) {
    const history = await loadHistory(store, engagementId);
    const zone = history.engagement.timeZone;
    // Only what fell due while this DM led the engagement counts on their card.
    const ledOn = (date: string) => led.some((a) => a.engagementId === engagementId && activeOn(a, date));
    const stored = await listForecasts(store.db, engagementId);
    for (const milestone of history.milestones) {
      const state = milestoneAsOf(history, milestone, endInstant);
      const target = state.targetDate;
      if (target >= period.from && target <= period.to && ledOn(target)) {
        const closedOn = state.closedAt ? localDate(state.closedAt, zone) : null;
        details.push({
          engagementId,
          milestone: milestone.name,
          targetDate: target,
          outcome: closedOn !== null && closedOn <= target ? "hit" : "missed",
        });
      }
      if (state.closedAt && state.closedAt >= startInstant) {
        const closedOn = localDate(state.closedAt, zone);
        for (const f of stored)
          if (f.milestoneId === milestone.id && f.p85 && f.asOf < state.closedAt) {
            forecasts++;
            if (closedOn <= f.p85) held++;
          }
      }
    }
    const reviews = reviewMetrics(history, endInstant, { from: startInstant, to: endInstant });
    met += reviews.sla.met;
    breached += reviews.sla.breached;
  }

  const raised = (await listEscalations(store.db)).filter(
    (e) => e.raisedBy === person.id && e.createdAt >= startInstant && e.createdAt <= endInstant,
  );
  const misses = (await listMisses(store.db)).filter(
    (m) => m.ownerId === person.id && m.targetDate >= period.from && m.targetDate <= period.to,
  );
  const specialists = (await listMemberships(store.db)).filter(
    (m) => engagementIds.includes(m.engagementId) && m.role === "specialist" && activeOn(m, period.from),
  );
  const stayed = specialists.filter((m) => m.to === null || m.to >= period.to).length;
  const scores: number[] = [];
  for (const engagementId of engagementIds)
    for (const r of await listCsatResponses(store.db, engagementId))
      if (r.month >= period.from.slice(0, 7) && r.month <= period.to.slice(0, 7)) scores.push(r.score);
  const hit = details.filter((d) => d.outcome === "hit").length;
  const name = (await listPeople(store.db, [person.id]))[0]?.name ?? person.id;
  return {
    dm: { id: person.id, name },
    from: period.from,
    to: period.to,
    engagements: engagementIds,
    milestones: {
      hit,
      missed: details.length - hit,
      openMissRecords: misses.filter((m) => m.status === "open").length,
      details,
    },
    forecastCalibration: { forecasts, held, share: share(held, forecasts) },
    reviewSla: { met, breached, adherence: share(met, met + breached) },
    escalations: { raised: raised.length, ...escalationPrecision(raised) },
    satisfaction: {
      answers: scores.length,
      average:
        scores.length === 0
          ? null
          : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
      nps: npsOf(scores),
    },
    retention: { atStart: specialists.length, stayed, share: share(stayed, specialists.length) },
  };
};
