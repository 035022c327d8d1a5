import type { CalendarDate } from "../domain/types.ts";
import { day, type Rag, type WeeklyFacts } from "./facts.ts";

/**
 * The weekly status as Markdown, written from facts alone: a customer reads it in two minutes.
 * Plain, specific and calm: what is on track, what is not and why, what we ask of them. Text from
 * sources is escaped, so a title can never become markup.
 */

/**
 * Escapes text from sources for Markdown: the characters that could start emphasis, code, links,
 * tables or HTML inside a line. Only those, so the text still pastes cleanly into Slack.
 */
export const md = (text: string): string =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/\s*\r?\n\s*/g, " ");

export const pct = (share: number) => `${Math.round(share * 100)} %`;
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const RAG_LABEL: Record<Rag, string> = {
  green: "🟢 On track",
  amber: "🟠 At risk",
  red: "🔴 Off track",
};

const movement = (days: number | null) => {
  if (days === null) return "—";
  if (days === 0) return "unchanged";
  return days > 0 ? `${plural(days, "day")} later` : `${plural(-days, "day")} earlier`;
};

const headline = (f: WeeklyFacts): string => {
  if (f.rag.status === "green") {
    const next = f.milestones.find((m) => !m.closed);
    return next?.p85
      ? `${md(next.name)} is forecast by ${day(next.p85)} (85 % confidence), before its ${day(next.targetDate)} target.`
      : "Nothing needs your attention this week.";
  }
  const [first, ...rest] = f.rag.reasons;
  const more = rest.length > 0 ? ` (and ${plural(rest.length, "more point")} below)` : "";
  return `${md(capitalise(first ?? ""))}${more}.`;
};

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Delivered items named in the report; the rest are counted. */
const SHOWN_ITEMS = 8;

export const weeklyMarkdown = (f: WeeklyFacts): string => {
  const out: string[] = [];
  out.push(`# ${md(f.engagement.name)} — weekly status`);
  out.push("");
  out.push(
    `Week of ${day(f.week.from)} to ${day(f.week.to)} · ${md(f.engagement.customer)}${f.dm ? ` · ${md(f.dm)}, delivery manager` : ""}`,
  );
  out.push("");
  out.push(`**${RAG_LABEL[f.rag.status]}.** ${headline(f)}`);
  if (f.rag.reasons.length > 1) {
    out.push("");
    for (const r of f.rag.reasons) out.push(`- ${md(capitalise(r))}`);
  }

  if (f.milestones.length > 0) {
    out.push("", "## Milestones", "");
    out.push("| Milestone | Target | Done | Forecast (85 %) | Since last week |");
    out.push("|---|---|---|---|---|");
    for (const m of f.milestones) {
      const done = m.closed
        ? "done"
        : m.percentComplete === null
          ? "—"
          : `${pct(m.percentComplete)} (${plural(m.remainingItems, "item")} left)`;
      const forecast = m.closed ? "—" : m.p85 ? day(m.p85) : "not enough history yet";
      out.push(
        `| ${md(m.name)} | ${day(m.targetDate)} | ${done} | ${forecast} | ${m.closed ? "—" : movement(m.movementDays)} |`,
      );
    }
  }

  out.push("", "## This week", "");
  const delivered = [`Delivered ${plural(f.delivered.items, "item")}`];
  if (f.flow.throughputPerWeek !== null)
    delivered.push(`against an average of ${f.flow.throughputPerWeek} a week over the last four weeks`);
  out.push(`- ${delivered.join(", ")}.`);
  for (const v of f.delivered.visible.slice(0, SHOWN_ITEMS)) out.push(`  - ${md(v.key)} ${md(v.title)}`);
  if (f.delivered.visible.length > SHOWN_ITEMS)
    out.push(`  - and ${f.delivered.visible.length - SHOWN_ITEMS} more`);
  if (f.sprint) {
    const s = f.sprint;
    const scope =
      s.addedItems || s.removedItems
        ? ` Scope changed by +${s.addedItems} / −${s.removedItems} since it started.`
        : "";
    out.push(
      `- ${md(s.name)}: ${s.completedItems} of ${s.plannedItems + s.addedItems - s.removedItems} items done${s.endsOn ? `, ends ${day(s.endsOn)}` : ""}.${scope}`,
    );
  }
  const sla = f.reviewSla;
  if (sla.adherence !== null)
    out.push(
      `- Code review: ${pct(sla.adherence)} of review requests got a first review within ${sla.limitHours} working hours (${sla.met} of ${sla.met + sla.breached}).`,
    );
  if (f.flow.cycleTimeP50Days !== null)
    out.push(
      `- Typical time from start to done: ${f.flow.cycleTimeP50Days.toFixed(1)} days; ${plural(f.flow.wip, "item")} in progress.`,
    );

  const asks = [
    ...f.risks.map((r) => `- **Risk:** ${md(r.title)}.`),
    ...f.escalations.map(
      (e) =>
        `- **Escalation (${e.level}): ${md(e.title)}.** We ask ${md(e.askedOf)} to ${md(lowerFirst(e.ask))}${e.dueDate ? ` by ${day(e.dueDate)}` : ""}.${e.status === "acknowledged" ? " Acknowledged." : ""}`,
    ),
    ...f.decisionsAwaitingCustomer.map(
      (d) =>
        `- **Decision needed: ${md(d.title)}** (ADR-${d.number}). Options: ${d.options.map(md).join("; ")}.`,
    ),
    ...f.overdueCustomerDependencies.map(
      (d) =>
        `- **Overdue from ${md(d.owner)}: ${md(d.title)}**, due ${day(d.dueDate)} (${plural(d.daysOverdue, "day")} late).`,
    ),
  ];
  if (asks.length > 0) out.push("", "## Risks and asks", "", ...asks);

  const next: string[] = [];
  if (f.sprint?.endsOn) next.push(`- ${md(f.sprint.name)} ends ${day(f.sprint.endsOn)}.`);
  for (const m of f.milestones)
    if (!m.closed && m.targetDate > f.week.to && m.targetDate <= addDays(f.week.to, 14))
      next.push(`- ${md(m.name)} is due ${day(m.targetDate)}.`);
  for (const c of f.capacityChanges)
    next.push(
      `- ${md(c.name)} ${c.change === "joins" ? "joins the pod" : "leaves the pod"} on ${day(c.date)}.`,
    );
  if (next.length > 0) out.push("", "## Coming up", "", ...next);
  return `${out.join("\n")}\n`;
};

export const lowerFirst = (text: string) =>
  /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

const addDays = (date: CalendarDate, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
