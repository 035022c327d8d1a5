import type { Command } from "commander";
import {
  addPodMember,
  assignDm,
  portfolioDmLoad,
  removePodMember,
  showEngagement,
} from "../../app/engagements.ts";
import { presentDmLoad } from "../../app/presenters.ts";
import { dmScorecard } from "../../app/scorecard.ts";
import { today } from "../../app/validate.ts";
import { invalidInput } from "../../errors.ts";
import { listPeople } from "../../store/engagements.ts";
import { withStore } from "../context.ts";
import { pct, table } from "../output.ts";

const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(",").map((v) => v.trim()),
];

export const registerPodCommands = (program: Command) => {
  const pod = program
    .command("pod")
    .description("the people of an engagement's pod, with allocation and calendars");

  pod
    .command("add")
    .description("add a person to a pod (creates the person if new)")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--name <name>", "the person's name")
    .option("--email <email>", "email: ties their Jira, GitHub and calendar accounts together")
    .option("--github <login>", "their GitHub login: review requests to it run on their calendar")
    .option("--role <role>", "specialist | tech_lead | qa | designer", "specialist")
    .option("--allocation <percent>", "share of their time on this pod, 1–100", "100")
    .option("--time-zone <tz>", "IANA time zone of their working calendar", "UTC")
    .option("--working-days <days>", "e.g. mon-fri or sun-thu", "mon-fri")
    .option("--hours <from-to>", "local working hours, e.g. 09:00-17:00", "09:00-17:00")
    .option("--holiday <dates>", "non-working dates YYYY-MM-DD (repeat or comma-separate)", list)
    .option("--from <date>", "first day on the pod (default: today)")
    .option("--to <date>", "last day on the pod (default: open-ended)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const [workStart, workEnd] = String(o.hours).split("-");
        const { person, membership } = await addPodMember(
          store,
          {
            engagement: o.engagement,
            name: o.name,
            ...(o.email ? { email: o.email } : {}),
            ...(o.github ? { github: o.github } : {}),
            role: o.role,
            allocation: o.allocation,
            timeZone: o.timeZone,
            workingDays: o.workingDays,
            workStart,
            workEnd,
            holidays: o.holiday ?? [],
            ...(o.from ? { from: o.from } : {}),
            ...(o.to ? { to: o.to } : {}),
          },
          now,
        );
        out.result(
          `Added ${person.name} to ${membership.engagementId} as ${membership.role} at ${membership.allocationPct}% from ${membership.from}.`,
          { person, membership },
        );
      }),
    );

  pod
    .command("remove")
    .description("rotate a person out of a pod from a date (history is kept)")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--person <ref>", "person id, email or name")
    .option("--date <date>", "first day they are no longer on the pod (default: today)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const ended = await removePodMember(
          store,
          { engagement: o.engagement, person: o.person, ...(o.date ? { date: o.date } : {}) },
          now,
        );
        out.result(`${o.person} leaves ${o.engagement}: last day ${ended[0]?.to}.`, { ended });
      }),
    );

  pod
    .command("list")
    .description("the pod on a date")
    .requiredOption("--engagement <id>", "engagement id")
    .option("--date <date>", "date (default: today)")
    .option("--all", "include past and future memberships")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const date = o.date ?? today(now);
        const detail = await showEngagement(store, o.engagement, date);
        const members = o.all
          ? detail.pod
          : detail.pod.filter((m) => m.from <= date && (m.to === null || m.to >= date));
        out.result(
          members.length
            ? `${table(
                ["PERSON", "ROLE", "ALLOCATION", "TIME ZONE", "FROM", "TO"],
                members.map((m) => [m.name, m.role, `${m.allocationPct}%`, m.timeZone, m.from, m.to]),
              )}\nPod size on ${date}: ${detail.podSize}`
            : `Nobody is on ${o.engagement} on ${date}. Add people with \`baton pod add\`.`,
          { engagement: o.engagement, date, podSize: detail.podSize, members },
        );
      }),
    );

  const dm = program.command("dm").description("delivery managers: assignments and DM load");

  dm.command("assign")
    .description("make a person the engagement's DM, sub-DM or engagement architect")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--name <name>", "the person's name")
    .option("--email <email>", "their email")
    .option("--role <role>", "dm | sub_dm | engagement_architect", "dm")
    .option("--from <date>", "from this date (default: today); the previous holder hands over the day before")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const assignment = await assignDm(
          store,
          {
            engagement: o.engagement,
            name: o.name,
            ...(o.email ? { email: o.email } : {}),
            role: o.role,
            ...(o.from ? { from: o.from } : {}),
          },
          now,
        );
        out.result(
          `${o.name} is ${assignment.role} of ${assignment.engagementId} from ${assignment.from}.`,
          assignment,
        );
      }),
    );

  dm.command("scorecard <dm>")
    .description("a DM's scorecard: milestones, forecast calibration, review SLA, escalations, retention")
    .option("--from <date>", "start of the period (default: 90 days before --to)")
    .option("--to <date>", "end of the period (default: today)")
    .action(async (ref: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const to = o.to ?? today(now);
        const from =
          o.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
        for (const [flag, value] of [
          ["--from", from],
          ["--to", to],
        ] as const)
          if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalidInput(`${flag} "${value}" must be YYYY-MM-DD`);
        const card = await dmScorecard(store, ref, { from, to });
        const ratio = (part: number, whole: number, s: number | null) =>
          whole === 0 ? "—" : `${part}/${whole} (${pct(s)})`;
        const text = [
          `${card.dm.name} — ${card.from} to ${card.to} — ${card.engagements.join(", ") || "no engagements led"}`,
          table(
            ["MEASURE", "VALUE"],
            [
              [
                "Milestones hit",
                ratio(
                  card.milestones.hit,
                  card.milestones.hit + card.milestones.missed,
                  card.milestones.hit + card.milestones.missed === 0
                    ? null
                    : card.milestones.hit / (card.milestones.hit + card.milestones.missed),
                ),
              ],
              ["Missed-milestone records open", String(card.milestones.openMissRecords)],
              [
                "P85 forecasts that held",
                ratio(
                  card.forecastCalibration.held,
                  card.forecastCalibration.forecasts,
                  card.forecastCalibration.share,
                ),
              ],
              [
                "Review SLA met",
                ratio(
                  card.reviewSla.met,
                  card.reviewSla.met + card.reviewSla.breached,
                  card.reviewSla.adherence,
                ),
              ],
              ["Escalations raised", String(card.escalations.raised)],
              [
                "Escalations warranted",
                ratio(card.escalations.warranted, card.escalations.rated, card.escalations.precision),
              ],
              [
                "Customer satisfaction",
                card.satisfaction.answers === 0 ? "no answers yet" : String(card.satisfaction.average),
              ],
              [
                "Specialists retained",
                ratio(card.retention.stayed, card.retention.atStart, card.retention.share),
              ],
            ],
          ),
          ...card.milestones.details.map(
            (d) =>
              `  ${d.outcome === "hit" ? "✓" : "✗"} ${d.engagementId} ${d.milestone} (target ${d.targetDate})`,
          ),
        ].join("\n");
        out.result(text, card);
      }),
    );

  dm.command("list")
    .description("every DM with their pods, load and the DM-load rules they break")
    .option("--date <date>", "date (default: today)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const date = o.date ?? today(now);
        const report = await portfolioDmLoad(store, date);
        const names = new Map((await listPeople(store.db)).map((p) => [p.id, p.name]));
        const data = presentDmLoad(report, names);
        const text = [
          data.dms.length
            ? table(
                ["DM", "PODS", "LOAD"],
                data.dms.map((d) => [
                  d.name,
                  d.engagements.map((e) => `${e.id} (${e.podSize})`).join(", "),
                  d.load,
                ]),
              )
            : "No DMs assigned yet. Assign one with `baton dm assign`.",
          "",
          report.violations.length
            ? `DM-load violations on ${date}:\n${report.violations.map((v) => `  ⚠ ${v.message}`).join("\n")}`
            : `No DM-load violations on ${date}.`,
        ].join("\n");
        out.result(text, data);
      }),
    );
};
