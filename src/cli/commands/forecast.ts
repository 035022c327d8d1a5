import type { Command } from "commander";
import {
  backtestEngagement,
  forecastEngagement,
  forecastFromSamples,
  forecastHistory,
} from "../../app/forecasts.ts";
import { today } from "../../app/validate.ts";
import { type ScenarioOutcome, whatIf } from "../../app/whatif.ts";
import type {
  ForecastInputs,
  ForecastRefusal,
  HowManyForecast,
  WhenForecast,
  WhenWithGrowthForecast,
} from "../../engine/forecast.ts";
import { invalidInput } from "../../errors.ts";
import { outputOf, withStore } from "../context.ts";
import { pct, table } from "../output.ts";

type AnyForecast = WhenForecast | WhenWithGrowthForecast | HowManyForecast | ForecastRefusal;

/** Capacity assumptions in one line: the baseline, then the planned changes by kind (details in --json). */
const capacityText = (c: NonNullable<ForecastInputs["capacity"]>) => {
  const count = (kind: string) => c.changes.filter((x) => x.kind === kind).length;
  const parts = [
    count("add") ? `${count("add")} joining (ramping up)` : "",
    count("remove") ? `${count("remove")} leaving` : "",
    count("time_off") ? `${count("time_off")} periods of time off (holidays, leave)` : "",
  ].filter(Boolean);
  return `Capacity: relative to ${c.baselineFte === null ? "—" : Number(c.baselineFte.toFixed(2))} FTE in the sample window; ${parts.join(", ")}; throughput assumed to scale with FTE`;
};

const inputsText = (i: ForecastInputs) =>
  [
    `Throughput sample: ${i.sample.from} → ${i.sample.to}, ${i.sample.items} items over ${i.sample.weeks} weeks (${i.sample.itemsPerWeek} a week), sampled per ${i.sample.unit} (${i.sample.dayMode} days)`,
    `${i.trials.toLocaleString("en")} trials, seed ${i.seed}, simulated from ${i.start}`,
    ...(i.capacity ? [capacityText(i.capacity)] : []),
  ].join("\n");

const whenText = (f: WhenForecast) =>
  [
    table(
      ["CONFIDENCE", "DONE BY", "DAYS"],
      [
        ["50 %", f.p50?.date ?? "beyond the horizon", f.p50 ? String(f.p50.days) : "—"],
        ["85 %", f.p85?.date ?? "beyond the horizon", f.p85 ? String(f.p85.days) : "—"],
        ["95 %", f.p95?.date ?? "beyond the horizon", f.p95 ? String(f.p95.days) : "—"],
      ],
    ),
    ...(f.target ? [`Probability of finishing by ${f.target.date}: ${pct(f.target.probability)}`] : []),
  ].join("\n");

/** A forecast as a DM reads it: the answer first, then what it rests on. */
const forecastText = (f: AnyForecast, heading: string): string => {
  switch (f.kind) {
    case "refused":
      return `${heading}\nNo forecast: ${f.message}`;
    case "when":
      return [
        heading,
        `${f.remaining} item${f.remaining === 1 ? "" : "s"} remaining`,
        whenText(f),
        "",
        inputsText(f.inputs),
      ].join("\n");
    case "when_with_growth":
      return [
        heading,
        `${f.withoutGrowth.remaining} item${f.withoutGrowth.remaining === 1 ? "" : "s"} remaining`,
        whenText(f.withoutGrowth),
        f.summary,
        `  (with growth: P50 ${f.withGrowth.p50?.date ?? "—"}, P85 ${f.withGrowth.p85?.date ?? "—"}, P95 ${f.withGrowth.p95?.date ?? "—"}${f.withGrowth.target ? `; ${pct(f.withGrowth.target.probability)} by ${f.withGrowth.target.date}` : ""})`,
        "",
        inputsText(f.withoutGrowth.inputs),
        `Scope growth: ${f.growth.note}`,
      ].join("\n");
    case "how_many":
      return [
        heading,
        table(
          ["CONFIDENCE", `ITEMS DONE BY ${f.by}`],
          [
            ["50 %", `at least ${f.p50}`],
            ["85 %", `at least ${f.p85}`],
            ["95 %", `at least ${f.p95}`],
          ],
        ),
        "",
        inputsText(f.inputs),
      ].join("\n");
  }
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

const outcomeRow = (label: string, o: ScenarioOutcome | ForecastRefusal | null) =>
  o === null
    ? [label, "—", "—", "—", "—"]
    : o.kind === "refused"
      ? [label, "no forecast", "", "", ""]
      : [
          label,
          o.p50 ?? "beyond",
          o.p85 ?? "beyond",
          o.p95 ?? "beyond",
          o.probability === null ? "—" : pct(o.probability),
        ];

export const registerForecastCommands = (program: Command) => {
  program
    .command("whatif")
    .description("compare a milestone's forecast under staffing or scope changes, and what holds the target")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--milestone <name>", "milestone name or id")
    .option(
      "--add <phrase>",
      'add a specialist, e.g. "backend specialist, 100%, from 2026-04-01" (repeatable)',
      collect,
    )
    .option("--rotate-out <phrase>", 'rotate a person out, e.g. "Ana Lima, 2026-04-15" (repeatable)', collect)
    .option("--time-off <phrase>", 'time off, e.g. "Raj Patel, 2026-05-01..2026-05-14" (repeatable)', collect)
    .option("--cut-scope <n>", "remove N items from the remaining scope")
    .option("--target <date>", "the date to hold (default: the milestone's target)")
    .option("--as-of <when>", "use only the history known at this moment")
    .option("--seed <n>", "random seed", "1")
    .option("--trials <n>", "Monte Carlo trials", "10000")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const r = await whatIf(
          store,
          o.engagement,
          {
            milestone: o.milestone,
            ...(o.add ? { add: o.add } : {}),
            ...(o.rotateOut ? { rotateOut: o.rotateOut } : {}),
            ...(o.timeOff ? { timeOff: o.timeOff } : {}),
            ...(o.cutScope !== undefined ? { cutScope: Number(o.cutScope) } : {}),
            ...(o.target ? { target: o.target } : {}),
            ...(o.asOf ? { asOf: o.asOf } : {}),
            seed: Number(o.seed),
            trials: Number(o.trials),
          },
          now,
        );
        const lines = [
          `What if — ${r.milestone} (${r.engagementId}), target ${r.target}, as of ${r.asOf}`,
          "",
          table(
            ["SCENARIO", "P50", "P85", "P95", `BY ${r.target}`],
            [outcomeRow("As planned", r.baseline), outcomeRow("With the changes", r.scenario)],
          ),
          ...(r.scenario && r.scenario.kind === "outcome"
            ? ["", `Changes: ${r.scenario.changes.join("; ")}`]
            : []),
          ...(r.delta
            ? [
                `P85 ${r.delta.p85Days === null ? "cannot be compared" : r.delta.p85Days === 0 ? "does not move" : `moves ${Math.abs(r.delta.p85Days)} days ${r.delta.p85Days < 0 ? "earlier" : "later"}`}; chance of the target ${r.delta.probability === null ? "—" : Math.round(r.delta.probability * 100) === 0 ? "unchanged" : `${r.delta.probability > 0 ? "+" : ""}${Math.round(r.delta.probability * 100)} points`}.`,
              ]
            : []),
          "",
          r.recommendation,
          ...r.podWarnings.map((w) => `⚠ ${w}`),
        ];
        out.result(lines.join("\n"), r);
      }),
    );

  program
    .command("backtest")
    .description("how well-calibrated this engagement's forecasts would have been: P50/P85/P95 hit rates")
    .requiredOption("--engagement <id>", "engagement id")
    .option("--as-of <when>", "use only the history known at this moment")
    .option("--seed <n>", "random seed", "1")
    .option("--trials <n>", "trials per forecast", "2000")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const r = await backtestEngagement(
          store,
          o.engagement,
          { asOf: o.asOf, seed: Number(o.seed), trials: Number(o.trials) },
          now,
        );
        const text = [
          `Backtest of ${o.engagement}: ${r.forecastPoints} weekly forecast points from ${r.inputs.from} to ${r.inputs.observedUntil} (${r.refused} refused for too little history)`,
          "A calibrated forecast is met about 50 / 85 / 95 % of the time at P50 / P85 / P95.",
          "",
          table(
            ["FORECAST", "POINTS", "MET BY P50", "BY P85", "BY P95", "MEDIAN P50 ERROR"],
            [
              ...r.when.map((c) => [
                `when: next ${c.items} items`,
                c.points,
                pct(c.p50),
                pct(c.p85),
                pct(c.p95),
                `${c.medianAbsErrorDaysP50} days`,
              ]),
              [
                "when: all",
                r.whenOverall.points,
                pct(r.whenOverall.p50),
                pct(r.whenOverall.p85),
                pct(r.whenOverall.p95),
                "",
              ],
              ...r.howMany.map((c) => [
                `how many in ${c.weeks} weeks`,
                c.points,
                pct(c.p50),
                pct(c.p85),
                pct(c.p95),
                `${c.medianAbsErrorItemsP50} items`,
              ]),
            ],
          ),
        ].join("\n");
        out.result(text, r);
      }),
    );

  program
    .command("forecast")
    .description("Monte Carlo forecasts: when a milestone or N items will be done, or how many by a date")
    .option("--engagement <id>", "engagement whose throughput to sample")
    .option(
      "--milestone <name>",
      "forecast the milestone's remaining scope (recorded in its forecast history)",
    )
    .option("--items <n>", "forecast when N more items will be done")
    .option("--by <date>", "forecast how many items will be done by this date")
    .option("--samples <list>", "no engagement: throughput numbers to sample, e.g. 3,5,0,2,4,6")
    .option("--per <unit>", "with --samples: day or week", "week")
    .option("--as-of <when>", "forecast as of this instant or date, with only the history known then")
    .option("--seed <n>", "random seed (same seed, same forecast)", "1")
    .option("--trials <n>", "Monte Carlo trials", "10000")
    .option("--window-weeks <n>", "weeks of throughput history to sample", "12")
    .option("--history", "with --milestone: show how the recorded forecast moved instead")
    .option("--no-record", "do not record a milestone forecast")
    .action(async (o, command: Command) => {
      if (o.samples !== undefined) {
        const forecast = forecastFromSamples({
          samples: o.samples,
          per: o.per,
          ...(o.items !== undefined ? { items: o.items } : {}),
          ...(o.by !== undefined ? { by: o.by } : {}),
          start: today(new Date()),
          seed: o.seed,
          trials: o.trials,
        });
        outputOf(command).result(forecastText(forecast, `Forecast from ${o.samples} per ${o.per}`), forecast);
        return;
      }
      if (!o.engagement)
        throw invalidInput("give --engagement (or --samples for a quick forecast from numbers)");
      await withStore(command, async ({ store, now, out }) => {
        if (o.history) {
          if (!o.milestone) throw invalidInput("--history goes with --milestone");
          const recorded = await forecastHistory(store, o.engagement, o.milestone);
          out.result(
            recorded.length
              ? table(
                  ["AS OF", "P50", "P85", "P95", "TARGET", "PROBABILITY"],
                  recorded.map((f) => [
                    f.asOf.slice(0, 10),
                    f.p50,
                    f.p85,
                    f.p95,
                    f.targetDate,
                    f.probability === null ? null : pct(f.probability),
                  ]),
                )
              : `No forecasts recorded for ${o.milestone} yet. Run \`baton forecast --engagement ${o.engagement} --milestone "${o.milestone}"\`.`,
            recorded,
          );
          return;
        }
        const result = await forecastEngagement(
          store,
          o.engagement,
          {
            ...(o.milestone !== undefined ? { milestone: o.milestone } : {}),
            ...(o.items !== undefined ? { items: o.items } : {}),
            ...(o.by !== undefined ? { by: o.by } : {}),
            ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
            seed: o.seed,
            trials: o.trials,
            windowWeeks: o.windowWeeks,
            record: o.record,
          },
          now,
        );
        let heading = `Forecast for ${o.engagement} as of ${result.asOf}`;
        if (result.kind === "milestone") {
          const m = result.milestone;
          const moves = m.targetHistory.length - 1;
          heading = [
            `${m.name} (${o.engagement}) as of ${result.asOf}`,
            `Scope: ${m.scope.length} items, ${m.done.length} done (${m.percentComplete.items === null ? "—" : pct(m.percentComplete.items)}), ${m.points.done} of ${m.points.total} points`,
            `Target: ${m.targetDate}${moves > 0 ? ` (moved ${moves} time${moves > 1 ? "s" : ""}, first ${m.targetHistory[0]?.targetDate})` : ""}${m.closedAt ? ` · closed ${m.closedAt}` : ""}`,
          ].join("\n");
        }
        out.result(forecastText(result.forecast, heading), result);
      });
    });
};
