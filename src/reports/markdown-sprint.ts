import { day } from "./facts.ts";
import type { SprintReviewFacts } from "./facts-kinds.ts";
import { md, pct, plural } from "./markdown.ts";

/**
 * The sprint review as Markdown, from facts alone: the goal, what was planned, added, removed and
 * finished, velocity against the recent average, what was delivered and what was not, and code review.
 */

/** Items named in a list; the rest are counted. */
const SHOWN_ITEMS = 12;

export const sprintMarkdown = (f: SprintReviewFacts): string => {
  const out: string[] = [];
  const s = f.sprint;
  const active = s.state === "active";
  out.push(`# ${md(f.engagement.name)} — sprint review: ${md(s.name)}`);
  out.push("");
  out.push(
    `${day(s.startOn)} to ${s.endOn ? day(s.endOn) : "—"}${active ? ` (in progress, as of ${day(f.asOf.slice(0, 10))})` : ""} · ${md(f.engagement.customer)}${f.dm ? ` · ${md(f.dm)}, delivery manager` : ""}`,
  );
  if (s.goal) out.push("", `**Goal:** ${md(s.goal)}${/[.!?]$/.test(s.goal) ? "" : "."}`);

  const scope = f.planned.items + f.added.items - f.removed.items;
  out.push("", "## Outcome", "");
  out.push(
    `${f.completed.items} of ${plural(scope, "item")} done${active ? " so far" : ""}; ${
      f.completedPlanned.items === f.planned.items && f.planned.items > 0
        ? `all ${f.planned.items} planned at the start`
        : `${f.completedPlanned.items} of the ${f.planned.items} planned at the start${f.planningAccuracy !== null ? ` (${pct(f.planningAccuracy)})` : ""}`
    }.`,
  );
  out.push("");
  out.push("| | Items | Points |");
  out.push("|---|---|---|");
  out.push(`| Planned at the start | ${f.planned.items} | ${f.planned.points} |`);
  out.push(`| Added after the start | ${f.added.items} | ${f.added.points} |`);
  out.push(`| Removed after the start | ${f.removed.items} | ${f.removed.points} |`);
  out.push(`| Done | ${f.completed.items} | ${f.completed.points} |`);
  out.push(`| Not done | ${f.notCompleted.items} | ${f.notCompleted.points} |`);
  out.push("");
  const v = f.rollingVelocity;
  out.push(
    `- Velocity: ${plural(f.velocity, "point")}${v.mean !== null ? `, against an average of ${v.mean} over the last ${plural(v.sprints, "sprint")}${active ? "" : ", this one included"}` : ""}.`,
  );
  if (!active)
    out.push(
      f.carryover.items === 0
        ? "- Nothing carried over to the next sprint."
        : `- Carried over to the next sprint: ${plural(f.carryover.items, "item")} (${plural(f.carryover.points, "point")})${f.carryover.twicePlus > 0 ? `, ${f.carryover.twicePlus} of them for the second time or more` : ""}.`,
    );

  out.push("", "## Delivered", "");
  if (f.delivered.visible.length === 0)
    out.push(`${plural(f.delivered.items, "item")} done, none of them customer-facing.`);
  else {
    for (const i of f.delivered.visible.slice(0, SHOWN_ITEMS)) out.push(`- ${md(i.key)} ${md(i.title)}`);
    if (f.delivered.visible.length > SHOWN_ITEMS)
      out.push(`- and ${f.delivered.visible.length - SHOWN_ITEMS} more`);
    const internal = f.delivered.items - f.delivered.visible.length;
    if (internal > 0) out.push(`- and ${plural(internal, "internal task")}`);
  }

  if (f.notDone.visible.length > 0 || f.notDone.others > 0) {
    out.push("", active ? "## Still open" : "## Not done", "");
    for (const i of f.notDone.visible.slice(0, SHOWN_ITEMS))
      out.push(`- ${md(i.key)} ${md(i.title)}${i.blocked ? " (blocked)" : ""}`);
    if (f.notDone.visible.length > SHOWN_ITEMS)
      out.push(`- and ${f.notDone.visible.length - SHOWN_ITEMS} more`);
    if (f.notDone.others > 0)
      out.push(`- ${f.notDone.visible.length > 0 ? "and " : ""}${plural(f.notDone.others, "internal task")}`);
  }

  const sla = f.reviewSla;
  out.push("", "## Code review", "");
  out.push(
    sla.adherence === null
      ? "No review requests in the sprint."
      : `${pct(sla.adherence)} of review requests got a first review within ${sla.limitHours} working hours (${sla.met} of ${sla.met + sla.breached}).`,
  );
  return `${out.join("\n")}\n`;
};
