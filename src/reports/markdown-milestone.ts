import { day } from "./facts.ts";
import type { MilestoneReportFacts } from "./facts-kinds.ts";
import { capitalise, md, pct, plural, RAG_LABEL } from "./markdown.ts";

/**
 * The milestone report as Markdown, from facts alone: where the milestone stands, when it will be
 * done and how sure we are, how that changed, what changed in its scope, and what stands in the way.
 */

const movement = (from: string, to: string) => {
  const d = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
  if (d === 0) return "unchanged";
  return d > 0 ? `${plural(d, "day")} later` : `${plural(-d, "day")} earlier`;
};

const headline = (f: MilestoneReportFacts): string => {
  const m = f.milestone;
  if (m.closedOn)
    return m.outcome === "hit"
      ? `Done on ${day(m.closedOn)}, on time for its ${day(m.targetDate)} target.`
      : `Done on ${day(m.closedOn)}, after its ${day(m.targetDate)} target.`;
  if (f.rag.status !== "green") return `${md(capitalise(f.rag.reasons[0] ?? ""))}.`;
  return f.forecast?.p85
    ? `Forecast by ${day(f.forecast.p85)} (85 % confidence), before its ${day(m.targetDate)} target.`
    : "On track.";
};

export const milestoneMarkdown = (f: MilestoneReportFacts): string => {
  const out: string[] = [];
  const m = f.milestone;
  out.push(`# ${md(f.engagement.name)} — milestone report: ${md(m.name)}`);
  out.push("");
  out.push(
    `As of ${day(f.asOf.slice(0, 10))} · ${md(f.engagement.customer)}${f.dm ? ` · ${md(f.dm)}, delivery manager` : ""}`,
  );
  out.push("");
  out.push(
    `**${m.closedOn ? (m.outcome === "hit" ? "✅ Delivered" : "⚠️ Delivered late") : RAG_LABEL[f.rag.status]}.** ${headline(f)}`,
  );
  if (!m.closedOn && f.rag.reasons.length > 1) {
    out.push("");
    for (const r of f.rag.reasons) out.push(`- ${md(capitalise(r))}`);
  }

  out.push("", "## Where it stands", "");
  const last = m.targetChanges.at(-1);
  out.push(
    `- Target: ${day(m.targetDate)}${last ? ` (moved from ${day(last.from)} on ${day(last.on)}${m.targetChanges.length > 1 ? `; ${plural(m.targetChanges.length, "change")} in all` : ""})` : ""}.`,
  );
  const p = f.progress;
  out.push(
    `- Done: ${p.doneItems} of ${plural(p.scopeItems, "item")}${p.percentItems === null ? "" : ` (${pct(p.percentItems)})`}${p.points.total > 0 ? `; ${p.points.done} of ${plural(p.points.total, "point")}` : ""}.`,
  );
  const fc = f.forecast;
  if (fc?.noForecast) out.push(`- No forecast yet: ${md(fc.noForecast)}.`);
  else if (fc && (fc.p50 || fc.p85 || fc.p95)) {
    const dates = [
      fc.p50 ? `50 % by ${day(fc.p50)}` : null,
      fc.p85 ? `85 % by ${day(fc.p85)}` : null,
      fc.p95 ? `95 % by ${day(fc.p95)}` : null,
    ].filter((x) => x !== null);
    out.push(
      `- Forecast: ${dates.join(", ")}${fc.probability !== null ? `; a ${pct(fc.probability)} chance of making the target` : ""}.`,
    );
    if (fc.growth)
      out.push(
        `- The 85 % date allows for scope growing as it has, about ${fc.growth.itemsPerWeek} items a week${fc.growth.p85WithoutGrowth ? `; without growth it would be ${day(fc.growth.p85WithoutGrowth)}` : ""}.`,
      );
  }

  if (f.movement.length > 0 && fc?.p85) {
    out.push("", "## How the forecast moved", "");
    out.push("| As of | Forecast (85 %) | Change from the week before |");
    out.push("|---|---|---|");
    const points = [...f.movement, { on: f.asOf.slice(0, 10), p85: fc.p85 }];
    points.forEach((point, i) => {
      const before = points[i - 1];
      out.push(
        `| ${day(point.on)} | ${day(point.p85)} | ${before ? movement(before.p85, point.p85) : "—"} |`,
      );
    });
    const first = points[0];
    if (first && first.p85 !== fc.p85)
      out.push("", `Over these weeks the 85 % date moved ${movement(first.p85, fc.p85)}.`);
  }

  const s = f.scopeChange;
  out.push("", "## Scope", "");
  if (s.baselineOn === null || (s.added === 0 && s.removed === 0))
    out.push(
      `- ${plural(p.scopeItems, "item")}, unchanged since ${s.baselineOn ? day(s.baselineOn) : "it was planned"}.`,
    );
  else {
    out.push(
      `- ${plural(s.baselineItems, "item")} on ${day(s.baselineOn)}; since then ${s.added} added and ${s.removed} removed, ${p.scopeItems} now.`,
    );
    if (s.addedVisible.length > 0) out.push("", "Added since then:", "");
    for (const a of s.addedVisible.slice(0, 12)) out.push(`- ${md(a.key)} ${md(a.title)}`);
    if (s.addedVisible.length > 12) out.push(`- and ${s.addedVisible.length - 12} more`);
  }

  const waits = [
    ...f.blocked.visible.map((b) => `- ${md(b.key)} ${md(b.title)}: blocked since ${day(b.since)}.`),
    ...(f.blocked.others > 0 ? [`- ${plural(f.blocked.others, "internal task")} blocked.`] : []),
    ...f.dependencies.map(
      (d) =>
        `- Waiting on ${md(d.owner)}: ${md(d.title)}${d.dueDate ? `, due ${day(d.dueDate)}${d.overdue ? " (overdue)" : ""}` : ""}.`,
    ),
  ];
  if (waits.length > 0) out.push("", "## Blocked and waiting", "", ...waits);
  if (f.risks.length > 0) out.push("", "## Risks", "", ...f.risks.map((r) => `- ${md(r.title)}.`));
  return `${out.join("\n")}\n`;
};
