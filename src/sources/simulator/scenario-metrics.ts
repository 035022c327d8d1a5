import { workCalendar, workingHoursBetween } from "./calendar.ts";
import type { SimulatorConfig } from "./config.ts";
import type { SimChange, SimItem } from "./records.ts";
import type { SimulatedEngagement } from "./simulate.ts";

/**
 * Plain measurements over a simulated engagement's records, before and after its onset, for
 * checking that a scenario shows its effect. Deliberately simple and independent of the engine,
 * so the simulator can be verified on its own.
 */

const lastBefore = (history: readonly SimChange[], kind: SimChange["kind"], at: string) => {
  let found: SimChange | undefined;
  for (const h of history) {
    if (h.at > at) break;
    if (h.kind === kind) found = h;
  }
  return found;
};

const memberAt = (item: SimItem, sprint: string, at: string) => {
  let member = false;
  for (const h of item.history) {
    if (h.at > at) break;
    if (h.kind === "sprint_added" && h.to === sprint) member = true;
    if (h.kind === "sprint_removed" && h.from === sprint) member = false;
  }
  return member;
};

/** Per closed sprint: planned points, completed planned points, velocity, carried-over item share. */
export const sprintFigures = (sim: SimulatedEngagement) =>
  sim.sprints
    .filter((s) => s.state === "closed")
    .map((sprint) => {
      const ref = String(sprint.number);
      const start = sprint.startAt;
      const end = sprint.completedAt!;
      let planned = 0;
      let completedPlanned = 0;
      let velocity = 0;
      let members = 0;
      let carried = 0;
      for (const item of sim.items) {
        const atStart = memberAt(item, ref, start);
        if (atStart) planned += Number(lastBefore(item.history, "estimate", start)?.to ?? 0);
        if (!memberAt(item, ref, end)) continue;
        members++;
        const done = lastBefore(item.history, "status", end)?.to === "done";
        const points = Number(lastBefore(item.history, "estimate", end)?.to ?? 0);
        if (done) {
          velocity += points;
          if (atStart) completedPlanned += points;
        } else carried++;
      }
      return {
        number: sprint.number,
        startAt: start,
        planned,
        velocity,
        accuracy: planned === 0 ? 1 : completedPlanned / planned,
        carryoverShare: members === 0 ? 0 : carried / members,
      };
    });

/** Working hours from each review request to the first human review by someone else. */
export const firstReviewWaits = (sim: SimulatedEngagement, config: SimulatorConfig) => {
  const cal = workCalendar(config.timeZone, Date.parse(`${config.startDate}T12:00:00Z`));
  return sim.pullRequests.flatMap((pr) => {
    const request = pr.history.find((h) => h.kind === "review_requested");
    const review = pr.history.find((h) => h.kind === "reviewed" && !h.bot && h.actor !== pr.author);
    if (!request || !review) return [];
    return [
      {
        requestedAt: request.at,
        reviewer: review.actor!,
        hours: workingHoursBetween(cal, Date.parse(request.at), Date.parse(review.at)),
      },
    ];
  });
};

/** Children of milestone epics with their creation time and first estimate. */
export const milestoneTickets = (sim: SimulatedEngagement) => {
  const epics = new Set(sim.milestones.map((m) => m.epicKey));
  return sim.items
    .filter((item) =>
      item.history.some((h) => h.kind === "parent" && h.from === null && epics.has(h.to ?? "")),
    )
    .map((item) => ({
      key: item.key,
      createdAt: item.createdAt,
      epicKey: item.history.find((h) => h.kind === "parent")!.to!,
      points: Number(item.history.find((h) => h.kind === "estimate")?.to ?? 0),
    }));
};
