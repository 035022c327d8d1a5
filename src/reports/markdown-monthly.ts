import { day } from "./facts.ts";
import type { MonthlyFacts, Trend } from "./facts-kinds.ts";
import { capitalise, lowerFirst, md, pct, plural, RAG_LABEL } from "./markdown.ts";

/**
 * The monthly review as Markdown, from facts alone: how the month went against the one before,
 * where each milestone stands and how its forecast moved, what was delivered, escalations and
 * decisions, the delivery manager's record on this engagement, and the satisfaction question.
 */

const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `2026-02` → `February 2026`. */
export const monthName = (month: string): string => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${y}`;
};

const nextMonth = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
};

const shortMonth = (month: string) => monthName(month).split(" ")[0] as string;

/** Items delivered customer-visible and named; the rest are counted. */
const SHOWN_ITEMS = 12;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const shift = (from: string, to: string) => {
  const d = daysBetween(from, to);
  return `${plural(Math.abs(d), "day")} ${d > 0 ? "later" : "earlier"}, from ${day(from)} to ${day(to)}`;
};

const days = (n: number | null) => (n === null ? "—" : `${n.toFixed(1)} days`);
const count = (n: number | null) => (n === null ? "—" : String(n));
const share = (n: number | null) => (n === null ? "—" : pct(n));

const row = (label: string, t: Trend, format: (n: number | null) => string) =>
  `| ${label} | ${format(t.current)} | ${format(t.previous)} |`;

const headline = (f: MonthlyFacts): string => {
  if (f.rag.status !== "green") {
    const [first, ...rest] = f.rag.reasons;
    const more = rest.length > 0 ? ` (and ${plural(rest.length, "more point")} below)` : "";
    return `${md(capitalise(first ?? ""))}${more}.`;
  }
  const next = f.milestones.find((m) => m.closedOn === null && m.p85AtEnd !== null);
  const delivered = `${plural(f.delivered.items, "item")} delivered in ${shortMonth(f.month)}`;
  return next?.p85AtEnd
    ? `${capitalise(delivered)}; ${md(next.name)} is forecast by ${day(next.p85AtEnd)} (85 % confidence), before its ${day(next.targetDate)} target.`
    : `${capitalise(delivered)}; nothing needs your attention.`;
};

export const monthlyMarkdown = (f: MonthlyFacts): string => {
  const out: string[] = [];
  const name = monthName(f.month);
  out.push(`# ${md(f.engagement.name)} — monthly review, ${name}`);
  out.push("");
  out.push(
    `${day(f.range.from)} to ${day(f.range.to)} · ${md(f.engagement.customer)}${f.dm ? ` · ${md(f.dm)}, delivery manager` : ""}`,
  );
  out.push("");
  out.push(`**${RAG_LABEL[f.rag.status]}.** ${headline(f)}`);
  if (f.rag.reasons.length > 1) {
    out.push("");
    for (const r of f.rag.reasons) out.push(`- ${md(capitalise(r))}`);
  }

  const t = f.trends;
  out.push("", `## ${shortMonth(f.month)} against ${shortMonth(f.previousMonth)}`, "");
  out.push(`| | ${shortMonth(f.month)} | ${shortMonth(f.previousMonth)} |`);
  out.push("|---|---|---|");
  out.push(row("Items delivered", t.throughput, count));
  out.push(row("Time from start to done, half of items within", t.cycleTimeP50Days, days));
  out.push(row("Time from start to done, 85 % of items within", t.cycleTimeP85Days, days));
  out.push(row(`First code review within ${f.reviewSlaHours} working hours`, t.reviewSlaAdherence, share));
  out.push(row("Items carried over when a sprint ended", t.carryoverItems, count));
  out.push(row("Items added to a sprint after it started", t.scopeAddedItems, count));
  out.push("");
  out.push(
    f.sprints.length > 0
      ? `Sprints that ended in ${shortMonth(f.month)}: ${f.sprints.map(md).join(", ")}.`
      : `No sprint ended in ${shortMonth(f.month)}.`,
  );

  if (f.milestones.length > 0) {
    out.push("", "## Milestones", "");
    out.push(`| Milestone | Target | Done | Forecast (85 %) on ${day(f.range.from)} | Forecast (85 %) now |`);
    out.push("|---|---|---|---|---|");
    for (const m of f.milestones) {
      if (m.closedOn) {
        out.push(
          `| ${md(m.name)} | ${day(m.targetDate)} | done ${day(m.closedOn)}, ${m.outcome === "hit" ? "on time" : `${plural(daysBetween(m.targetDate, m.closedOn), "day")} late`} | ${m.p85AtStart ? day(m.p85AtStart) : "—"} | — |`,
        );
        continue;
      }
      const done =
        m.percentComplete === null
          ? "—"
          : `${pct(m.percentComplete)} (${plural(m.remainingItems, "item")} left)`;
      out.push(
        `| ${md(m.name)} | ${day(m.targetDate)} | ${done} | ${m.p85AtStart ? day(m.p85AtStart) : m.scopeItemsAtStart === 0 || m.plannedAfterStart ? "not planned yet" : "—"} | ${m.p85AtEnd ? day(m.p85AtEnd) : "not enough history yet"} |`,
      );
    }
    const notes: string[] = [];
    for (const m of f.milestones) {
      if (m.targetAtStart)
        notes.push(`- ${md(m.name)}'s target moved from ${day(m.targetAtStart)} to ${day(m.targetDate)}.`);
      const moved =
        m.p85AtStart && m.p85AtEnd && m.p85AtStart !== m.p85AtEnd
          ? `its 85 % forecast moved ${shift(m.p85AtStart, m.p85AtEnd)}`
          : null;
      const grew =
        !m.plannedAfterStart && m.scopeItems !== m.scopeItemsAtStart
          ? `its scope went from ${plural(m.scopeItemsAtStart, "item")} to ${m.scopeItems}`
          : null;
      const parts = [moved, grew].filter((x) => x !== null);
      if (parts.length > 0) notes.push(`- ${md(m.name)}: ${parts.join(", and ")} over the month.`);
      if (m.closedOn === null && m.probabilityAtEnd !== null)
        notes.push(
          m.probabilityAtEnd >= 0.99
            ? `- ${md(m.name)} is all but certain to make its target.`
            : `- ${md(m.name)} has a ${pct(m.probabilityAtEnd)} chance of making its target.`,
        );
    }
    if (notes.length > 0) out.push("", ...notes);
  }

  out.push("", "## Delivered", "");
  out.push(
    f.delivered.visible.length > 0
      ? `${plural(f.delivered.items, "item")} finished in ${shortMonth(f.month)}, among them:`
      : `${plural(f.delivered.items, "item")} finished in ${shortMonth(f.month)}.`,
  );
  if (f.delivered.visible.length > 0) out.push("");
  for (const v of f.delivered.visible.slice(0, SHOWN_ITEMS)) out.push(`- ${md(v.key)} ${md(v.title)}`);
  if (f.delivered.visible.length > SHOWN_ITEMS)
    out.push(`- and ${f.delivered.visible.length - SHOWN_ITEMS} more`);

  const e = f.escalations;
  const d = f.decisions;
  const records = [
    ...e.opened.map((x) => `- Escalated (${x.level}) on ${day(x.openedOn)}: ${md(x.title)}.`),
    ...e.resolved.map(
      (x) =>
        `- Resolved on ${day(x.resolvedOn)}: ${md(x.title)}.${x.resolution ? ` ${md(capitalise(x.resolution))}.` : ""}`,
    ),
    ...e.open.map(
      (x) => `- Still open: ${md(x.title)}. We ask ${md(x.askedOf)} to ${md(lowerFirst(x.ask))}.`,
    ),
    ...d.decided.map(
      (x) =>
        `- Decided on ${day(x.decidedOn)}: ${md(x.title)} (ADR-${x.number})${x.decision ? `: ${md(x.decision)}` : ""}.`,
    ),
    ...d.awaitingCustomer.map((x) => `- Waiting for your decision: ${md(x.title)} (ADR-${x.number}).`),
  ];
  if (records.length > 0)
    out.push("", "## Escalations and decisions", "", ...records.map((r) => r.replace(/\.\.$/, ".")));

  out.push("", "## Delivery manager's record", "");
  const s = f.scorecard;
  if (s.due.length === 0) out.push(`- No milestone was due in ${shortMonth(f.month)}.`);
  else
    for (const m of s.due) {
      const closedOn = f.milestones.find((x) => x.name === m.milestone)?.closedOn ?? null;
      const outcome =
        m.outcome === "hit"
          ? "delivered on time"
          : closedOn
            ? `missed; delivered ${day(closedOn)}, ${plural(daysBetween(m.targetDate, closedOn), "day")} late`
            : "missed; not delivered by the month's end";
      out.push(`- ${md(m.milestone)}, due ${day(m.targetDate)}: ${outcome}.`);
    }

  const next = nextMonth(f.month);
  const due = f.milestones.filter((m) => m.closedOn === null && m.targetDate.startsWith(next));
  if (due.length > 0) {
    out.push("", `## Due in ${shortMonth(next)}`, "");
    for (const m of due)
      out.push(
        `- ${md(m.name)}, target ${day(m.targetDate)}: ${m.p85AtEnd ? `forecast by ${day(m.p85AtEnd)} (85 % confidence)` : "no forecast yet"}, ${plural(m.remainingItems, "item")} left.`,
      );
  }

  out.push("", "## Your view", "");
  if (f.csat)
    out.push(
      `- ${plural(f.csat.responses, "person", "people")} answered last month's question: NPS ${f.csat.nps}, average score ${f.csat.average?.toFixed(1)} of 10.`,
    );
  out.push(
    `- ${f.question.text} Answer 0–10, with a comment if you like, in the portal or from the link in this email.`,
  );
  return `${out.join("\n")}\n`;
};
