import type { Command } from "commander";
import { acceptDecision, listDecisionsOf, proposeDecision, rejectDecision } from "../../app/decisions.ts";
import {
  addBlocker,
  addDependency,
  blockersAsOf,
  closeDependency,
  dependencyViews,
  milestoneCriticalPath,
  resolveBlocker,
} from "../../app/dependencies.ts";
import {
  acknowledgeEscalation,
  escalateSignal,
  escalationPrecisionReport,
  listEscalationsOf,
  mergeEscalation,
  raiseEscalation,
  rateEscalation,
  resolveEscalation,
  updateEscalation,
} from "../../app/escalations.ts";
import { closeMiss, listMissesOf, openMissedMilestones, updateMiss } from "../../app/misses.ts";
import { DOCUMENT_KINDS, reindexEngagement, search } from "../../app/search.ts";
import { parseTimeWindow } from "../../app/time-window.ts";
import { today } from "../../app/validate.ts";
import type { Decision, Escalation } from "../../domain/workflows.ts";
import { invalidInput } from "../../errors.ts";
import { listEngagements } from "../../store/engagements.ts";
import { withStore } from "../context.ts";
import { pct, table } from "../output.ts";

const collect = (value: string, previous: string[] = []) => [...previous, value];

const yesNo = (flag: string, value: string): boolean => {
  if (/^(y|yes|true)$/i.test(value)) return true;
  if (/^(n|no|false)$/i.test(value)) return false;
  throw invalidInput(`${flag} "${value}" must be yes or no`);
};

const escalationLine = (e: Escalation) =>
  `${e.id}  ${e.level}${e.levelConfirmed ? "" : " (suggested, unconfirmed)"}  ${e.status}  ${e.title}`;

const escalationText = (e: Escalation) =>
  [
    escalationLine(e),
    `  ask: ${e.ask} — of ${e.askedOf}${e.dueDate ? `, by ${e.dueDate}` : ""}`,
    `  severity ${e.severity}, customer impact ${e.customerImpact}${e.impactDate ? ` from ${e.impactDate}` : ""}; Baton suggested ${e.suggestedLevel}: ${e.levelReason}`,
    ...(e.impact ? [`  impact: ${e.impact}`] : []),
    ...(e.resolution ? [`  resolution: ${e.resolution}`] : []),
    ...(e.warranted !== null ? [`  warranted: ${e.warranted ? "yes" : "no"}`] : []),
    `  ${e.customerVisible ? "visible to the customer" : "internal"}`,
  ].join("\n");

const decisionText = (d: Decision) =>
  [
    `ADR-${d.number} ${d.title} — ${d.status}${d.askCustomer && d.status === "proposed" ? " (waiting for the customer)" : ""}  [${d.id}]`,
    `  context: ${d.context}`,
    ...d.options.map((o, i) => `  option ${i + 1}: ${o}`),
    ...(d.decision
      ? [`  decision: ${d.decision}${d.decidedBy ? ` — ${d.decidedBy}, ${d.decidedAt?.slice(0, 10)}` : ""}`]
      : []),
    ...(d.consequences ? [`  consequences: ${d.consequences}`] : []),
    ...(d.supersededBy ? [`  superseded by ${d.supersededBy}`] : []),
    ...(d.links.length ? [`  links: ${d.links.join(", ")}`] : []),
  ].join("\n");

const registerEscalations = (program: Command) => {
  program
    .command("escalate")
    .description(
      "raise an escalation (by hand or --from-signal); Baton suggests the level, you confirm it with --level",
    )
    .option(
      "--from-signal <id>",
      "pre-fill from a signal: its title, severity, summary, suggested action and level",
    )
    .option("--engagement <id>", "engagement id (not needed with --from-signal)")
    .option("--title <text>", "what the problem is, in one line")
    .option("--ask <text>", "what is asked")
    .option("--of <who>", "whom it is asked of")
    .option("--severity <level>", "low, medium, high or critical")
    .option("--customer-impact <impact>", "none, low or high")
    .option("--impact-date <date>", "when the impact lands if nothing is done (YYYY-MM-DD)")
    .option("--impact <text>", "what happens if nothing is done")
    .option("--due <date>", "when the answer is needed (YYYY-MM-DD)")
    .option("--level <level>", "L1 (pod), L2 (customer leadership / architect) or L3 (director / sponsor)")
    .option("--customer-visible", "show it to the customer (needs a confirmed --level)")
    .option("--force", "raise it even though an open escalation looks like the same problem")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const fields = {
          title: o.title,
          ask: o.ask,
          askedOf: o.of,
          severity: o.severity,
          customerImpact: o.customerImpact,
          impactDate: o.impactDate,
          impact: o.impact,
          dueDate: o.due,
          level: o.level,
          customerVisible: Boolean(o.customerVisible),
          force: Boolean(o.force),
        };
        let raised: Awaited<ReturnType<typeof raiseEscalation>>;
        if (o.fromSignal) raised = await escalateSignal(store, o.fromSignal, fields, now);
        else {
          const missing = [
            ["--engagement", o.engagement],
            ["--title", o.title],
            ["--ask", o.ask],
            ["--of", o.of],
          ].filter(([, v]) => !v);
          if (missing.length > 0)
            throw invalidInput(`give ${missing.map(([f]) => f).join(", ")} (or raise it --from-signal)`);
          raised = await raiseEscalation(
            store,
            {
              ...fields,
              engagement: o.engagement,
              severity: o.severity ?? "medium",
              customerImpact: o.customerImpact ?? "none",
            },
            now,
          );
        }
        const { escalation, suggestion, warnings } = raised;
        const lines = [
          `Raised ${escalation.id} at ${escalation.level}.`,
          escalation.levelConfirmed
            ? escalation.level === suggestion.level
              ? `Baton suggested the same level: ${suggestion.reason}.`
              : `Baton suggested ${suggestion.level} (${suggestion.reason}); you chose ${escalation.level}.`
            : `Level ${suggestion.level} is Baton's suggestion (${suggestion.reason}); confirm it with \`baton escalations update ${escalation.id} --level <L1|L2|L3>\` before the customer sees it.`,
          ...warnings.map((w) => `⚠ ${w.message}`),
        ];
        out.result(lines.join("\n"), raised);
      }),
    );

  const escalations = program.command("escalations").description("list and work escalations");
  escalations
    .command("list", { isDefault: true })
    .description("escalations, newest first")
    .option("--engagement <id>", "only this engagement")
    .option("--status <status>", "open, acknowledged, resolved or live (open and acknowledged)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const list = await listEscalationsOf(store, { engagement: o.engagement, status: o.status });
        out.result(
          list.length === 0
            ? "No escalations."
            : table(
                ["ID", "ENGAGEMENT", "LEVEL", "STATUS", "DUE", "TITLE"],
                list.map((e) => [
                  e.id,
                  e.engagementId,
                  e.levelConfirmed ? e.level : `${e.level}?`,
                  e.status,
                  e.dueDate,
                  e.title,
                ]),
              ),
          list,
        );
      }),
    );
  escalations
    .command("show <id>")
    .description("one escalation in full")
    .action(async (id: string, _o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const [e] = (await listEscalationsOf(store, {})).filter((x) => x.id === id);
        if (!e) throw invalidInput(`no escalation "${id}" (see \`baton escalations list\`)`);
        out.result(escalationText(e), e);
      }),
    );
  escalations
    .command("update <id>")
    .description("confirm or change the level, the ask, the due date, customer visibility")
    .option("--level <level>", "L1, L2 or L3 (confirms the level)")
    .option("--customer-visible <yes|no>", "show it to the customer")
    .option("--due <date>", "YYYY-MM-DD")
    .option("--ask <text>", "what is asked")
    .option("--of <who>", "whom it is asked of")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const e = await updateEscalation(store, id, {
          ...(o.level ? { level: o.level } : {}),
          ...(o.customerVisible ? { customerVisible: yesNo("--customer-visible", o.customerVisible) } : {}),
          ...(o.due ? { dueDate: o.due } : {}),
          ...(o.ask ? { ask: o.ask } : {}),
          ...(o.of ? { askedOf: o.of } : {}),
        });
        out.result(escalationText(e), e);
      }),
    );
  escalations
    .command("ack <id>")
    .description("the person asked has taken it on")
    .action(async (id: string, _o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const e = await acknowledgeEscalation(store, id, now);
        out.result(`Acknowledged ${e.id}.`, e);
      }),
    );
  escalations
    .command("resolve <id>")
    .description("close it with how it ended")
    .requiredOption("--resolution <text>", "how it was resolved")
    .option("--warranted <yes|no>", "was escalating it the right call?")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const e = await resolveEscalation(
          store,
          id,
          {
            resolution: o.resolution,
            ...(o.warranted ? { warranted: yesNo("--warranted", o.warranted) } : {}),
          },
          now,
        );
        out.result(
          `Resolved ${e.id}.${e.warranted === null ? ` Record whether it was warranted: \`baton escalations rate ${e.id} --warranted yes|no\`.` : ""}`,
          e,
        );
      }),
    );
  escalations
    .command("rate <id>")
    .description("record whether a resolved escalation was warranted (escalation precision)")
    .requiredOption("--warranted <yes|no>", "was escalating it the right call?")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const e = await rateEscalation(store, id, yesNo("--warranted", o.warranted));
        out.result(`Recorded: ${e.id} was ${e.warranted ? "" : "not "}warranted.`, e);
      }),
    );
  escalations
    .command("merge <id>")
    .description("fold a duplicate into the escalation that carries the problem")
    .requiredOption("--into <id>", "the escalation to keep")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const e = await mergeEscalation(store, id, o.into, now);
        out.result(`Merged ${e.id} into ${o.into}.`, e);
      }),
    );
  escalations
    .command("precision")
    .description("how often escalations were warranted, per DM and per engagement")
    .action(async (_o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const rows = await escalationPrecisionReport(store);
        out.result(
          table(
            ["SCOPE", "ID", "RATED", "WARRANTED", "PRECISION", "UNRATED"],
            rows.map((r) => [r.scope, r.id, r.rated, r.warranted, pct(r.precision), r.unrated]),
          ),
          rows,
        );
      }),
    );
};

const registerBlockersAndDependencies = (program: Command) => {
  const blockers = program
    .command("blockers")
    .description("what blocks the pod: tracker flags and blockers marked here");
  blockers
    .command("list", { isDefault: true })
    .requiredOption("--engagement <id>", "engagement id")
    .option("--as-of <instant>", "as of a date or instant (default now)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { asOf } = parseTimeWindow({ asOf: o.asOf }, now);
        const list = await blockersAsOf(store, o.engagement, asOf);
        out.result(
          list.length === 0
            ? `Nothing blocked in ${o.engagement} as of ${asOf}.`
            : table(
                ["ORIGIN", "ITEM", "OWNER", "AGE", "SINCE", "TITLE", "ID"],
                list.map((b) => [
                  b.origin,
                  b.itemKey,
                  b.owner,
                  `${b.ageDays.toFixed(1)} d`,
                  b.since.slice(0, 10),
                  b.title,
                  b.origin === "manual" ? b.id : "",
                ]),
              ),
          { asOf, blockers: list },
        );
      }),
    );
  blockers
    .command("add")
    .description("mark a blocker by hand")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--title <text>", "what blocks")
    .requiredOption("--owner <who>", "who must act to unblock it")
    .option("--item <key>", "the blocked work item")
    .option("--since <instant>", "when it started (default now)")
    .option("--note <text>", "anything the pod should know")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const b = await addBlocker(
          store,
          {
            engagement: o.engagement,
            title: o.title,
            owner: o.owner,
            item: o.item,
            since: o.since,
            note: o.note,
          },
          now,
        );
        out.result(`Added blocker ${b.id}.`, b);
      }),
    );
  blockers.command("resolve <id>").action(async (id: string, _o, command: Command) =>
    withStore(command, async ({ store, now, out }) => {
      const b = await resolveBlocker(store, id, now);
      out.result(`Resolved blocker ${b.id}.`, b);
    }),
  );

  const depend = program
    .command("depend")
    .description("dependencies between items, milestones, pods and external parties");
  depend
    .command("add")
    .description("record that an item or milestone waits on something")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--title <text>", 'what is awaited, e.g. "API keys for payments"')
    .option("--item <key>", "the waiting work item")
    .option("--milestone <name>", "the waiting milestone")
    .option("--on-item <key>", "waits on this work item")
    .option("--on-milestone <name>", "waits on this milestone")
    .option("--on-pod <engagement>", "waits on another pod's engagement")
    .option("--on-external", "waits on an external party (give --owner and --due)")
    .requiredOption("--owner <who>", "who owes it")
    .option("--due <date>", "when it was promised (YYYY-MM-DD)")
    .option("--customer", "the customer owes it (shown to them and in the weekly status when overdue)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const targets = [
          o.onItem ? (["item", o.onItem] as const) : null,
          o.onMilestone ? (["milestone", o.onMilestone] as const) : null,
          o.onPod ? (["pod", o.onPod] as const) : null,
          o.onExternal ? (["external", undefined] as const) : null,
        ].filter((t) => t !== null);
        if (targets.length !== 1)
          throw invalidInput("name exactly one of --on-item, --on-milestone, --on-pod, --on-external");
        const [onKind, on] = targets[0] as readonly [string, string | undefined];
        const d = await addDependency(
          store,
          {
            engagement: o.engagement,
            title: o.title,
            item: o.item,
            milestone: o.milestone,
            onKind,
            on,
            owner: o.owner,
            dueDate: o.due,
            customerOwed: Boolean(o.customer),
          },
          now,
        );
        out.result(`Added dependency ${d.id}.`, d);
      }),
    );
  depend
    .command("list", { isDefault: true })
    .requiredOption("--engagement <id>", "engagement id")
    .option("--overdue", "only open dependencies past their due date")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const list = (await dependencyViews(store, o.engagement, today(now))).filter(
          (d) => !o.overdue || d.overdue,
        );
        out.result(
          list.length === 0
            ? "No dependencies."
            : table(
                ["ID", "WAITING", "ON", "OWNER", "DUE", "STATUS", "TITLE"],
                list.map((d) => [
                  d.id,
                  d.dependentLabel,
                  d.prerequisiteKind === "external"
                    ? "external"
                    : `${d.prerequisiteKind} ${d.prerequisiteLabel}`,
                  `${d.owner}${d.customerOwed ? " (customer)" : ""}`,
                  d.dueDate,
                  d.overdue ? "OVERDUE" : d.status,
                  d.title,
                ]),
              ),
          list,
        );
      }),
    );
  for (const [name, to] of [
    ["met", "met"],
    ["cancel", "cancelled"],
  ] as const)
    depend
      .command(`${name} <id>`)
      .description(name === "met" ? "the prerequisite was delivered" : "the dependency no longer applies")
      .action(async (id: string, _o, command: Command) =>
        withStore(command, async ({ store, now, out }) => {
          const d = await closeDependency(store, id, to, now);
          out.result(`Dependency ${d.id} is ${d.status}.`, d);
        }),
      );
  depend
    .command("path")
    .description("the critical path to a milestone: the chain that decides its earliest finish")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--milestone <name>", "milestone name or id")
    .option("--as-of <instant>", "as of a date or instant (default now)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { asOf } = parseTimeWindow({ asOf: o.asOf }, now);
        const path = await milestoneCriticalPath(store, o.engagement, o.milestone, asOf);
        const text = [
          `Critical path to ${path.milestone}: earliest finish ${path.finishDate} (as of ${asOf.slice(0, 10)}; work not started takes the P50 cycle time, ${path.typicalDays.toFixed(1)} days)`,
          table(
            ["STEP", "KIND", "STARTS", "FINISHES", ""],
            path.steps.map((s) => [
              s.label,
              s.kind,
              `day ${s.startDay.toFixed(1)}`,
              s.finishDate,
              s.overdue ? "OVERDUE" : "",
            ]),
          ),
        ].join("\n");
        out.result(text, { ...path, finishDays: Object.fromEntries(path.finishDays) });
      }),
    );
};

const registerDecisions = (program: Command) => {
  const decide = program.command("decide").description("decision records (ADR-style)");
  decide
    .command("propose")
    .requiredOption("--engagement <id>", "engagement id")
    .requiredOption("--title <text>", "the question, e.g. 'Use Stripe for payments'")
    .requiredOption("--context <text>", "why a decision is needed")
    .option("--option <text>", "an option considered (repeat)", collect)
    .option("--ask-customer", "the customer decides: it waits in their portal and the weekly status")
    .option("--customer-visible", "show it to the customer")
    .option("--link <ref>", "an item key, escalation id or URL (repeat)", collect)
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const d = await proposeDecision(
          store,
          {
            engagement: o.engagement,
            title: o.title,
            context: o.context,
            options: o.option ?? [],
            askCustomer: Boolean(o.askCustomer),
            customerVisible: Boolean(o.customerVisible),
            links: o.link ?? [],
          },
          now,
        );
        out.result(`Proposed ADR-${d.number} (${d.id}).`, d);
      }),
    );
  decide
    .command("accept <id>")
    .requiredOption("--decision <text>", "what was decided")
    .requiredOption("--by <who>", "who decided")
    .option("--consequences <text>", "what follows from it")
    .option("--supersedes <id>", "an earlier accepted decision this one replaces")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const d = await acceptDecision(
          store,
          id,
          { decision: o.decision, decidedBy: o.by, consequences: o.consequences, supersedes: o.supersedes },
          now,
        );
        out.result(decisionText(d), d);
      }),
    );
  decide
    .command("reject <id>")
    .requiredOption("--reason <text>", "why")
    .requiredOption("--by <who>", "who decided")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const d = await rejectDecision(store, id, { reason: o.reason, decidedBy: o.by }, now);
        out.result(decisionText(d), d);
      }),
    );
  program
    .command("decisions")
    .description("an engagement's decision records")
    .requiredOption("--engagement <id>", "engagement id")
    .option("--pending", "only decisions waiting for the customer")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const list = await listDecisionsOf(store, o.engagement, { pendingCustomer: Boolean(o.pending) });
        out.result(list.length === 0 ? "No decisions." : list.map(decisionText).join("\n\n"), list);
      }),
    );
};

const registerMisses = (program: Command) => {
  const misses = program
    .command("misses")
    .description(
      "missed milestones: the record each opens for its DM (cause, recovery, new date, customer told)",
    );
  misses
    .command("list", { isDefault: true })
    .option("--engagement <id>", "only this engagement (and open records for its newly missed milestones)")
    .option("--as-of <instant>", "check for misses as of a date or instant (default now)")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, now, out }) => {
        const { asOf } = parseTimeWindow({ asOf: o.asOf }, now);
        const opened = o.engagement ? await openMissedMilestones(store, o.engagement, asOf) : [];
        const list = await listMissesOf(store, o.engagement);
        const lines = [
          ...opened.map(
            (m) => `New: ${m.milestoneName} missed its ${m.targetDate} target — record ${m.id} opened.`,
          ),
          list.length === 0
            ? "No missed milestones."
            : table(
                ["ID", "MILESTONE", "TARGET", "NEW DATE", "STATUS", "OWNER", "STILL NEEDS"],
                list.map((m) => [
                  m.id,
                  m.milestoneName,
                  m.targetDate,
                  m.newDate,
                  m.status,
                  m.ownerId,
                  [
                    m.cause ? "" : "cause",
                    m.recoveryPlan ? "" : "plan",
                    m.newDate ? "" : "new date",
                    m.customerCommunication ? "" : "customer told",
                  ]
                    .filter(Boolean)
                    .join(", "),
                ]),
              ),
        ];
        out.result(lines.join("\n"), { opened, misses: list });
      }),
    );
  misses
    .command("update <id>")
    .option("--cause <text>", "why it was missed")
    .option("--plan <text>", "the recovery plan")
    .option("--new-date <date>", "the new date (YYYY-MM-DD)")
    .option("--communication <text>", "what the customer was told, and when")
    .action(async (id: string, o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const m = await updateMiss(store, id, {
          ...(o.cause ? { cause: o.cause } : {}),
          ...(o.plan ? { recoveryPlan: o.plan } : {}),
          ...(o.newDate ? { newDate: o.newDate } : {}),
          ...(o.communication ? { customerCommunication: o.communication } : {}),
        });
        out.result(`Updated ${m.id}.`, m);
      }),
    );
  misses.command("close <id>").action(async (id: string, _o, command: Command) =>
    withStore(command, async ({ store, now, out }) => {
      const m = await closeMiss(store, id, now);
      out.result(`Closed ${m.id}; it stays on the DM's scorecard.`, m);
    }),
  );
};

/** The DM's own records: escalations, blockers, dependencies, decisions, missed milestones. */
export const registerWorkflowCommands = (program: Command) => {
  registerEscalations(program);
  registerBlockersAndDependencies(program);
  registerDecisions(program);
  registerMisses(program);
  registerSearchCommands(program);
};

/** Full-text search across items, escalations, decisions and missed-milestone records. */
export const registerSearchCommands = (program: Command) => {
  program
    .command("search <words...>")
    .description("find items, escalations, decisions and missed milestones by their words")
    .option("--engagement <id>", "only this engagement")
    .option("--kind <kind>", `only this kind: ${DOCUMENT_KINDS.join(", ")} (repeat)`, collect)
    .option("--limit <n>", "at most this many results (1–100)", "20")
    .action(async (words: string[], o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        for (const kind of o.kind ?? [])
          if (!DOCUMENT_KINDS.includes(kind))
            throw invalidInput(`--kind "${kind}" must be one of ${DOCUMENT_KINDS.join(", ")}`);
        const limit = Number(o.limit);
        const results = await search(
          store,
          { text: words.join(" "), kinds: o.kind, engagement: o.engagement, limit },
          { engagementIds: null, customerVisibleOnly: false },
        );
        out.result(
          results.length === 0
            ? `Nothing found for "${words.join(" ")}".`
            : results
                .map(
                  (r) =>
                    `${r.kind.padEnd(10)} ${r.engagementId}  ${r.ref}  ${r.title}\n           ${r.snippet.replace(/\s+/g, " ")}`,
                )
                .join("\n"),
          results,
        );
      }),
    );
  program
    .command("reindex")
    .description("rebuild the search index (it follows every change; use after restoring a backup)")
    .option("--engagement <id>", "only this engagement")
    .action(async (o, command: Command) =>
      withStore(command, async ({ store, out }) => {
        const ids = o.engagement ? [o.engagement] : (await listEngagements(store.db)).map((e) => e.id);
        let total = 0;
        for (const id of ids) total += await reindexEngagement(store, id);
        out.result(
          `Indexed ${total} documents across ${ids.length} engagement${ids.length === 1 ? "" : "s"}.`,
          {
            engagements: ids,
            documents: total,
          },
        );
      }),
    );
};
