import type { Command } from "commander";
import { flowReport, type ItemKeys, sprintsReport } from "../../app/metrics.ts";
import type { SprintFigure, SprintReport, StartedSprintReport } from "../../engine/sprints.ts";
import { withStore } from "../context.ts";
import { days, pct, table } from "../output.ts";

const figure = (f: SprintFigure) => `${f.items} / ${Number(f.points.toFixed(1))}`;
const keysOf = (f: SprintFigure, keys: ItemKeys) =>
  f.entries.map((e) => keys.get(e.itemId) ?? e.itemId).join(", ") || "—";

const sprintRow = (s: SprintReport) =>
  s.state === "future"
    ? [s.name, "future", figure(s.scope), "", "", "", "", "", "", "", ""]
    : [
        s.name,
        s.state,
        figure(s.planned),
        figure(s.added),
        figure(s.removed),
        s.reEstimated.count
          ? `${s.reEstimated.count} (${s.reEstimated.pointsDelta >= 0 ? "+" : ""}${s.reEstimated.pointsDelta})`
          : "0",
        figure(s.completed),
        s.state === "closed" ? figure(s.carryover) : `${figure(s.notCompleted)} open`,
        String(s.velocity),
        pct(s.planningAccuracy.points),
        pct(s.capacityAccuracy.points),
      ];

const sprintDetail = (s: StartedSprintReport, keys: ItemKeys, explain: boolean) => {
  const lines = [
    `${s.name} — ${s.state}, started ${s.startedAt}${s.completedAt ? `, completed ${s.completedAt}` : ""}`,
    "",
    table(
      ["FIGURE", "ITEMS / POINTS"],
      [
        ["Planned (committed)", figure(s.planned)],
        ["Added after start", figure(s.added)],
        ["Removed after start", figure(s.removed)],
        [
          "Re-estimated",
          `${s.reEstimated.count} changes, ${s.reEstimated.pointsDelta >= 0 ? "+" : ""}${s.reEstimated.pointsDelta} points`,
        ],
        ["Scope change (Jira)", `${s.scopeChange.items} / ${s.scopeChange.points}`],
        [
          "Completed",
          `${figure(s.completed)} (planned ${figure(s.completedPlanned)}, added ${figure(s.completedAdded)})`,
        ],
        ["Not completed", figure(s.notCompleted)],
        [
          "Carryover",
          s.state === "closed" ? `${figure(s.carryover)} (2+ times: ${figure(s.carryover2Plus)})` : "—",
        ],
        [
          "Velocity",
          `${s.velocity} points (rolling mean ${s.rollingVelocity.mean ?? "—"}, median ${s.rollingVelocity.median ?? "—"} over ${s.rollingVelocity.sprintIds.length})`,
        ],
        [
          "Planning accuracy",
          `${pct(s.planningAccuracy.points)} of points, ${pct(s.planningAccuracy.items)} of items`,
        ],
        [
          "Capacity accuracy",
          `${pct(s.capacityAccuracy.points)} of points, ${pct(s.capacityAccuracy.items)} of items`,
        ],
        ["Done before they counted", figure(s.doneOutside)],
      ],
    ),
    "",
    "Burndown (end of each day):",
    table(
      ["DATE", "SCOPE", "COMPLETED", "REMAINING"],
      s.burndown.map((p) => [
        p.date,
        `${p.scopeItems} / ${p.scopePoints}`,
        `${p.completedItems} / ${p.completedPoints}`,
        `${p.remainingItems} / ${p.remainingPoints}`,
      ]),
    ),
  ];
  const identity =
    s.planned.items + s.added.items - s.removed.items === s.completed.items + s.notCompleted.items;
  lines.push(
    "",
    `Check: planned + added − removed = completed + not completed (${s.planned.items} + ${s.added.items} − ${s.removed.items} = ${s.completed.items} + ${s.notCompleted.items}) ${identity ? "holds" : "DOES NOT HOLD"}`,
  );
  if (explain) {
    lines.push(
      "",
      `Planned: ${keysOf(s.planned, keys)}`,
      `Added: ${keysOf(s.added, keys)}`,
      `Removed: ${keysOf(s.removed, keys)}`,
      `Completed: ${keysOf(s.completed, keys)}`,
      `Not completed: ${keysOf(s.notCompleted, keys)}`,
      `Re-estimated: ${s.reEstimated.changes.map((c) => `${keys.get(c.itemId) ?? c.itemId} ${c.from ?? "–"}→${c.to ?? "–"} (${c.eventId})`).join(", ") || "—"}`,
    );
  }
  return lines.join("\n");
};

export const registerFlowSprintCommands = (program: Command) => {
  program
    .command("sprints")
    .description(
      "committed, added, removed, re-estimated, completed, carryover, velocity, accuracy, burndown",
    )
    .requiredOption("--engagement <id>", "engagement id")
    .option("--sprint <name>", "one sprint, by name or id, with its burndown")
    .option("--as-of <when>", "compute as of this instant or date (end of day UTC); default now")
    .option("--velocity-window <n>", "sprints in the rolling velocity", "3")
    .option("--explain", "list the items behind each figure")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { asOf, sprints, keys } = await sprintsReport(
          store,
          o.engagement,
          { asOf: o.asOf, sprint: o.sprint, velocityWindow: Math.max(1, Number(o.velocityWindow) || 3) },
          now,
        );
        const one = o.sprint ? sprints[0] : undefined;
        const text =
          one && one.state !== "future"
            ? sprintDetail(one, keys, Boolean(o.explain))
            : sprints.length === 0
              ? `No sprints in ${o.engagement} as of ${asOf}. Connect a tracker with \`baton source add\`.`
              : [
                  `Sprints of ${o.engagement} as of ${asOf} (items / points)`,
                  table(
                    [
                      "SPRINT",
                      "STATE",
                      "PLANNED",
                      "ADDED",
                      "REMOVED",
                      "RE-EST",
                      "COMPLETED",
                      "CARRYOVER",
                      "VELOCITY",
                      "PLANNING",
                      "CAPACITY",
                    ],
                    sprints.map(sprintRow),
                  ),
                ].join("\n");
        out.result(text, { asOf, sprints });
      }),
    );

  program
    .command("flow")
    .description(
      "cycle and lead time, throughput, WIP and its age, cumulative flow, bounce-backs, blocked time",
    )
    .requiredOption("--engagement <id>", "engagement id")
    .option("--as-of <when>", "compute as of this instant or date (end of day UTC); default now")
    .option("--from <date>", "window start (default: 12 weeks before --to)")
    .option("--to <date>", "window end (default: --as-of)")
    .option("--explain", "list the items behind each figure")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { report: r, keys } = await flowReport(store, o.engagement, o, now);
        const key = (id: string) => keys.get(id) ?? id;
        const aging = r.wip.items.filter((w) => w.beyond === "p85" || w.beyond === "p95");
        const lines = [
          `Flow of ${o.engagement}, ${r.from.slice(0, 10)} → ${r.to.slice(0, 10)} (as of ${r.asOf}, days in ${r.timeZone})`,
          "",
          table(
            ["METRIC", "P50", "P85", "P95", "ITEMS"],
            [
              [
                "Cycle time",
                days(r.cycleTime.p50Days),
                days(r.cycleTime.p85Days),
                days(r.cycleTime.p95Days),
                String(r.cycleTime.count),
              ],
              [
                "Lead time",
                days(r.leadTime.p50Days),
                days(r.leadTime.p85Days),
                days(r.leadTime.p95Days),
                String(r.leadTime.count),
              ],
            ],
          ),
          "",
          `Throughput: ${r.throughput.total} items finished`,
          table(
            ["WEEK OF", "DAYS", "FINISHED"],
            r.throughput.perWeek.map((w) => [w.date, w.days, w.count]),
          ),
          "",
          `Work in progress now: ${r.wip.count} items, ${aging.length} older than the P85 cycle time${aging.length ? `: ${aging.map((w) => `${key(w.itemId)} (${days(w.ageDays)}${w.blocked ? ", blocked" : ""})`).join(", ")}` : ""}`,
          `Bounce-backs: ${r.bounceBacks.length}${
            r.bounceBacks.length
              ? ` (${r.bounceBacks
                  .slice(0, 10)
                  .map((b) => `${key(b.itemId)} ${b.fromLabel ?? b.from}→${b.toLabel ?? b.to}`)
                  .join(", ")}${r.bounceBacks.length > 10 ? ", …" : ""})`
              : ""
          }`,
          `Blocked time: ${days(r.blocked.totalDays)} across ${r.blocked.items.length} items${
            r.blocked.items.some((b) => b.blockedNow)
              ? `; blocked now: ${r.blocked.items
                  .filter((b) => b.blockedNow)
                  .map((b) => key(b.itemId))
                  .join(", ")}`
              : ""
          }`,
        ];
        if (o.explain) {
          lines.push(
            "",
            "Finished items (cycle / lead time):",
            ...r.finished.map(
              (f) =>
                `  ${key(f.itemId)}: ${days(f.cycleTimeDays)} / ${days(f.leadTimeDays)}${f.reopened ? " (reopened)" : ""}, done ${f.doneAt}`,
            ),
            "",
            "Work in progress (age):",
            ...r.wip.items.map(
              (w) =>
                `  ${key(w.itemId)} ${w.status ?? ""}: ${days(w.ageDays)}${w.beyond ? ` beyond ${w.beyond.toUpperCase()}` : ""}`,
            ),
            "",
            "Cumulative flow (to do / in progress / done):",
            ...r.cumulativeFlow.map((d) => `  ${d.date}: ${d.todo} / ${d.inProgress} / ${d.done}`),
          );
        }
        out.result(lines.join("\n"), r);
      }),
    );
};
