import { useState } from "react";
import { Link } from "wouter";
import type { ChartData } from "../../../src/reports/chart-data.ts";
import type {
  Blocker,
  Cockpit,
  Decision,
  Dependency,
  EngagementDetail,
  Escalation,
  MilestoneFact,
  Signal,
} from "../api.ts";
import { enc } from "../api.ts";
import { BlockersPanel } from "../components/BlockersPanel.tsx";
import { Chart } from "../components/Chart.tsx";
import { DependencyGraph } from "../components/DependencyGraph.tsx";
import { Layout } from "../components/Layout.tsx";
import { MissRecords } from "../components/MissRecords.tsx";
import { SignalsInbox } from "../components/Signals.tsx";
import {
  daysBetween,
  Empty,
  formatDate,
  formatTime,
  Loaded,
  Loading,
  num,
  Panel,
  percent,
  plural,
  RagBadge,
  relative,
  Stat,
  useApi,
} from "../components/ui.tsx";
import { WhatIfPanel } from "../components/WhatIf.tsx";
import { DecisionForm } from "../components/WorkflowForms.tsx";
import { DecisionList, EscalationForm, EscalationList } from "../components/Workflows.tsx";
import { isDelivery, useUser } from "../session.tsx";

const Health = ({ cockpit }: { cockpit: Cockpit }) => {
  const f = cockpit.facts;
  const next = f.milestones.find((m) => !m.closed);
  return (
    <section className="panel" id="health" aria-labelledby="health-h">
      <div className="panel-head">
        <h2 id="health-h">Health</h2>
        <RagBadge status={f.rag.status} />
        <span className="aside">
          week {formatDate(f.week.from, true)} – {formatDate(f.week.to, true)}
        </span>
      </div>
      {f.rag.reasons.length > 0 ? (
        <ul style={{ margin: "0 0 12px", paddingLeft: 18 }}>
          {f.rag.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing puts this engagement at risk this week.</p>
      )}
      <div className="stats">
        <Stat
          label="Next milestone"
          value={next ? formatDate(next.p85) : "—"}
          note={
            next ? `${next.name}: P85 vs target ${formatDate(next.targetDate, true)}` : "no open milestone"
          }
        />
        <Stat label="Throughput" value={`${num(f.flow.throughputPerWeek)} / wk`} note="items, last 4 weeks" />
        <Stat
          label="Cycle time P50"
          value={`${num(f.flow.cycleTimeP50Days)} d`}
          note={`${f.flow.wip} in progress`}
        />
        <Stat
          label="Review SLA"
          value={percent(f.reviewSla.adherence)}
          note={`${f.reviewSla.met} met · ${f.reviewSla.breached} late · ${f.reviewSla.limitHours} h`}
        />
        <Stat label="Delivered this week" value={f.delivered.items} note="items done" />
      </div>
    </section>
  );
};

const Sprint = ({ cockpit }: { cockpit: Cockpit }) => {
  const s = cockpit.facts.sprint;
  if (!s)
    return (
      <Panel title="Current sprint" id="sprint">
        <Empty title="No active sprint">Start a sprint on the board; Baton reads it at the next sync.</Empty>
      </Panel>
    );
  const total = s.completedItems + s.remainingItems;
  const done = total === 0 ? 0 : s.completedItems / total;
  return (
    <Panel title="Current sprint" id="sprint" aside={s.endsOn ? `ends ${formatDate(s.endsOn)}` : undefined}>
      <div className="item-title">{s.name}</div>
      <div
        className="bar"
        style={{ margin: "8px 0" }}
        role="img"
        aria-label={`${Math.round(done * 100)} % done`}
      >
        <span style={{ width: `${done * 100}%` }} />
      </div>
      <table className="data">
        <tbody>
          <tr>
            <td>Planned</td>
            <td className="num">{s.plannedItems}</td>
          </tr>
          <tr>
            <td>Added after start</td>
            <td className={`num ${s.addedItems > s.plannedItems * 0.2 ? "amber" : ""}`}>{s.addedItems}</td>
          </tr>
          <tr>
            <td>Removed</td>
            <td className="num">{s.removedItems}</td>
          </tr>
          <tr>
            <td>Done</td>
            <td className="num">{s.completedItems}</td>
          </tr>
          <tr>
            <td>Remaining</td>
            <td className="num">{s.remainingItems}</td>
          </tr>
        </tbody>
      </table>
    </Panel>
  );
};

const AGE_CLASS = { p95: "red", p85: "amber", p50: "", none: "" } as const;

const Flow = ({ cockpit, charts }: { cockpit: Cockpit; charts: readonly ChartData[] }) => {
  const f = cockpit.flow;
  const cycle = charts.find((c) => c.kind === "cycle_time");
  const cfd = charts.find((c) => c.kind === "cfd");
  return (
    <Panel
      title="Flow"
      id="flow"
      aside={`${formatDate(f.window.from, true)} – ${formatDate(f.window.to, true)}`}
    >
      <div className="stats" style={{ marginBottom: 12 }}>
        <Stat
          label="Cycle time P50"
          value={`${num(f.cycleTime.p50Days)} d`}
          note={plural(f.cycleTime.count, "item")}
        />
        <Stat label="P85" value={`${num(f.cycleTime.p85Days)} d`} />
        <Stat label="P95" value={`${num(f.cycleTime.p95Days)} d`} />
        <Stat
          label="Throughput"
          value={f.throughputPerWeek.reduce((n, w) => n + w.count, 0)}
          note={`items in ${f.throughputPerWeek.length} weeks`}
        />
      </div>
      <div className="grid cols-2">
        <div>
          {cycle ? <Chart data={cycle} /> : <p className="muted">No finished items in the window.</p>}
        </div>
        <div>{cfd ? <Chart data={cfd} /> : <p className="muted">No cumulative flow yet.</p>}</div>
      </div>
      <h3 style={{ marginTop: 14 }}>Work in progress by age ({f.wip.length})</h3>
      {f.wip.length === 0 ? (
        <p className="muted">Nothing in progress.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Item</th>
                <th>Status</th>
                <th className="num">Age (days)</th>
                <th>Against cycle time</th>
              </tr>
            </thead>
            <tbody>
              {[...f.wip].reverse().map((w) => (
                <tr key={w.key}>
                  <td>
                    <span className="mono">{w.key}</span> {w.title}
                  </td>
                  <td>
                    {w.status ?? "—"}
                    {w.blocked && (
                      <span className="pill red" style={{ marginLeft: 6 }}>
                        blocked
                      </span>
                    )}
                  </td>
                  <td className="num">{num(w.ageDays)}</td>
                  <td className={AGE_CLASS[w.beyond ?? "none"]}>
                    {w.beyond ? `older than ${w.beyond}` : "within P50"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
};

const Reviews = ({ cockpit, charts }: { cockpit: Cockpit; charts: readonly ChartData[] }) => {
  const r = cockpit.reviews;
  const sla = charts.find((c) => c.kind === "review_sla");
  return (
    <Panel title="Code review" id="reviews" aside={`SLA ${r.sla.limitHours} working hours to first review`}>
      <div className="stats" style={{ marginBottom: 12 }}>
        <Stat
          label="Adherence (4 wk)"
          value={percent(r.sla.adherence)}
          note={`${r.sla.met} met · ${r.sla.breached} late`}
        />
        <Stat
          label="Waiting now"
          value={r.openRequests.length}
          note={`${r.openRequests.filter((o) => o.overdue).length} overdue`}
        />
        <Stat label="Pickup median" value={`${num(r.pickupHoursMedian)} h`} />
      </div>
      {sla && <Chart data={sla} height={200} />}
      <h3 style={{ marginTop: 14 }}>Open requests</h3>
      {r.openRequests.length === 0 ? (
        <p className="muted">No review is waiting.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Pull request</th>
                <th>Reviewer</th>
                <th className="num">Waited (working h)</th>
                <th>SLA clock</th>
              </tr>
            </thead>
            <tbody>
              {r.openRequests.map((o) => (
                <tr key={o.id}>
                  <td>
                    <span className="mono">{o.pr}</span> {o.title}
                  </td>
                  <td>{o.reviewer}</td>
                  <td className="num">{num(o.workingHours)}</td>
                  <td className={o.overdue ? "red" : undefined}>
                    {o.dueAt
                      ? o.overdue
                        ? `overdue, was due ${relative(o.dueAt)}`
                        : `due ${relative(o.dueAt)}`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 style={{ marginTop: 14 }}>Reviewer load</h3>
      <table className="data">
        <thead>
          <tr>
            <th>Reviewer</th>
            <th className="num">Waiting</th>
            <th className="num">Overdue</th>
            <th className="num">Reviews given</th>
            <th className="num">Median to first review (h)</th>
          </tr>
        </thead>
        <tbody>
          {r.reviewers.map((v) => (
            <tr key={v.reviewer}>
              <td>{v.reviewer}</td>
              <td className="num">{v.openRequests}</td>
              <td className={`num ${v.overdueRequests > 0 ? "red" : ""}`}>{v.overdueRequests}</td>
              <td className="num">{v.reviewsGiven}</td>
              <td className="num">{num(v.medianTimeToFirstReview)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
};

const MilestoneRow = ({
  m,
  history,
}: {
  m: MilestoneFact;
  history: Cockpit["milestones"][number] | undefined;
}) => {
  const slip = m.p85 ? daysBetween(m.targetDate, m.p85) : null;
  return (
    <li>
      <div className="row">
        <span className="item-title">{m.name}</span>
        {m.closed ? (
          <span className="pill green">done</span>
        ) : slip !== null && slip > 7 ? (
          <span className="pill red">late by {slip} d at P85</span>
        ) : slip !== null && slip > 0 ? (
          <span className="pill amber">at risk</span>
        ) : (
          <span className="pill green">on track</span>
        )}
      </div>
      <div className="item-meta">
        <span>target {formatDate(m.targetDate)}</span>
        <span>P50 {formatDate(m.p50)}</span>
        <span>P85 {formatDate(m.p85)}</span>
        {m.probability !== null && <span>{percent(m.probability)} chance by target</span>}
        <span>
          {m.remainingItems} of {plural(m.scopeItems, "item")} left
        </span>
        {m.movementDays !== null && m.movementDays !== 0 && (
          <span className={m.movementDays > 0 ? "red" : "green"}>
            P85 moved {m.movementDays > 0 ? "+" : ""}
            {m.movementDays} d in a week
          </span>
        )}
        {m.noForecast && <span>{m.noForecast}</span>}
      </div>
      {history && history.history.length > 0 && (
        <details>
          <summary>Forecast history ({history.history.length})</summary>
          <table className="data">
            <thead>
              <tr>
                <th>Made</th>
                <th>P50</th>
                <th>P85</th>
                <th>Target</th>
              </tr>
            </thead>
            <tbody>
              {history.history.slice(-10).map((h) => (
                <tr key={h.asOf}>
                  <td>{formatTime(h.asOf)}</td>
                  <td>{formatDate(h.p50)}</td>
                  <td>{formatDate(h.p85)}</td>
                  <td>{formatDate(h.targetDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </li>
  );
};

const Milestones = ({
  cockpit,
  charts,
  canAct,
  people,
}: {
  cockpit: Cockpit;
  charts: readonly ChartData[];
  canAct: boolean;
  /** The pod and leadership, to name a missed milestone's owner. */
  people: readonly { readonly personId: string; readonly name: string }[];
}) => {
  const burnups = charts.filter((c) => c.kind === "burnup");
  const facts = cockpit.facts.milestones;
  return (
    <Panel title="Milestones" id="milestones" aside="forecasts by Monte Carlo over recent throughput">
      {facts.length === 0 ? (
        <Empty title="No milestones">
          Milestones come from fix versions or epics with a due date in the tracker.
        </Empty>
      ) : (
        <ul className="list">
          {facts.map((m) => (
            <MilestoneRow key={m.name} m={m} history={cockpit.milestones.find((h) => h.name === m.name)} />
          ))}
        </ul>
      )}
      <MissRecords
        engagementId={cockpit.facts.engagement.id}
        canAct={canAct}
        nameOf={(id) => people.find((p) => p.personId === id)?.name ?? id}
      />
      <WhatIfPanel
        engagementId={cockpit.facts.engagement.id}
        milestones={cockpit.milestones.filter((h) => facts.some((m) => m.name === h.name && !m.closed))}
      />
      {burnups.length > 0 && (
        <div className="grid cols-2" style={{ marginTop: 12 }}>
          {burnups.slice(0, 2).map((b) => (
            <Chart key={b.title} data={b} />
          ))}
        </div>
      )}
    </Panel>
  );
};

const Pod = ({ detail }: { detail: EngagementDetail }) => (
  <Panel title="Pod" id="pod" aside={`${detail.podSize} FTE`}>
    <table className="data">
      <thead>
        <tr>
          <th>Name</th>
          <th>Role</th>
          <th className="num">Allocation</th>
          <th>Time zone</th>
        </tr>
      </thead>
      <tbody>
        {detail.leadership.map((l) => (
          <tr key={`lead-${l.personId}`}>
            <td>{l.name}</td>
            <td>{l.role}</td>
            <td className="num">—</td>
            <td>—</td>
          </tr>
        ))}
        {detail.pod
          .filter((p) => p.to === null)
          .map((p) => (
            <tr key={p.personId}>
              <td>{p.name}</td>
              <td>{p.role.replace("_", " ")}</td>
              <td className="num">{p.allocationPct} %</td>
              <td>{p.timeZone}</td>
            </tr>
          ))}
      </tbody>
    </table>
    {(detail.dmLoadViolations ?? []).map((v) => (
      <p key={v} className="amber">
        ⚠ {v}
      </p>
    ))}
  </Panel>
);

/** The DM's cockpit: one engagement from health to pod, with the DM's actions in place. */
export const CockpitPage = ({ id }: { id: string }) => {
  const user = useUser();
  const base = `/api/v1/engagements/${enc(id)}`;
  const [detail] = useApi<EngagementDetail>(base);
  const [cockpit] = useApi<Cockpit>(`${base}/cockpit`);
  const [charts] = useApi<{ charts: ChartData[] }>(`${base}/charts`);
  const [signals, reloadSignals] = useApi<{ signals: Signal[] }>(`${base}/signals`);
  const [escalations, reloadEscalations] = useApi<{ escalations: Escalation[] }>(`${base}/escalations`);
  const [decisions, reloadDecisions] = useApi<{ decisions: Decision[] }>(`${base}/decisions`);
  const [blockers, reloadBlockers] = useApi<{ blockers: Blocker[] }>(`${base}/blockers`);
  const [dependencies, reloadDependencies] = useApi<{ dependencies: Dependency[] }>(`${base}/dependencies`);
  const [raising, setRaising] = useState(false);
  const [proposing, setProposing] = useState(false);
  const canAct = isDelivery(user);
  const chartList = charts.state === "ready" ? charts.data.charts : [];
  const name = detail.state === "ready" ? detail.data.name : id;
  const openMilestones =
    cockpit.state === "ready"
      ? cockpit.data.facts.milestones.filter((m) => !m.closed).map((m) => m.name)
      : [];
  return (
    <Layout
      crumbs={
        <>
          <Link href="/">Portfolio</Link> / <span>{name}</span>
        </>
      }
    >
      <Loaded load={detail} what="This engagement">
        {(d) => (
          <>
            <div className="page-head">
              <div>
                <h1>{d.name}</h1>
                <p>
                  {d.customer.name} · DM {d.dm?.name ?? "none"} · {d.sprintLengthDays}-day sprints · report on{" "}
                  {d.reportDay}
                </p>
              </div>
              <div className="actions">
                <Link href={`/engagements/${enc(id)}/reports`} className="button">
                  Reports
                </Link>
              </div>
            </div>
            <nav className="tabs" aria-label="Sections">
              {[
                ["health", "Health"],
                ["flow", "Flow"],
                ["reviews", "Code review"],
                ["milestones", "Milestones"],
                ["signals", "Signals"],
                ["escalations", "Escalations"],
                ["decisions", "Decisions"],
                ["pod", "Pod"],
              ].map(([anchor, label]) => (
                <a key={anchor} href={`#${anchor}`}>
                  {label}
                </a>
              ))}
            </nav>
            {(d.sources?.length ?? 1) === 0 && (
              <div className="notice" style={{ marginBottom: 16 }}>
                No source is connected yet. Connect a Jira board:{" "}
                <code>
                  baton source add jira --engagement {id} --site https://your.atlassian.net --board 12
                </code>
              </div>
            )}
            {cockpit.state === "loading" && <Loading what="health, flow and reviews" />}
            {cockpit.state === "error" && (
              <div className="error" role="alert">
                Could not compute the cockpit: {cockpit.error.message}
              </div>
            )}
            {cockpit.state === "ready" && (
              <div className="stack" style={{ gap: 16 }}>
                <div className="grid" style={{ gridTemplateColumns: "minmax(0, 2fr) minmax(0, 1fr)" }}>
                  <Health cockpit={cockpit.data} />
                  <Sprint cockpit={cockpit.data} />
                </div>
                <Milestones
                  cockpit={cockpit.data}
                  charts={chartList}
                  canAct={canAct}
                  people={[...d.leadership, ...d.pod]}
                />
                <div className="grid cols-2">
                  <Panel
                    title="Signals"
                    id="signals"
                    aside={signals.state === "ready" ? `${signals.data.signals.length} live` : undefined}
                  >
                    <Loaded load={signals} what="Signals">
                      {({ signals: list }) => (
                        <SignalsInbox signals={list} canAct={canAct} onChange={reloadSignals} />
                      )}
                    </Loaded>
                  </Panel>
                  <div className="stack" style={{ gap: 16 }}>
                    <Panel
                      title="Escalations"
                      id="escalations"
                      aside={
                        canAct ? (
                          <button type="button" onClick={() => setRaising((r) => !r)} aria-expanded={raising}>
                            {raising ? "Cancel" : "Raise escalation"}
                          </button>
                        ) : undefined
                      }
                    >
                      {raising && (
                        <div style={{ marginBottom: 12 }}>
                          <EscalationForm
                            engagementId={id}
                            onDone={() => {
                              setRaising(false);
                              reloadEscalations();
                            }}
                          />
                        </div>
                      )}
                      <Loaded load={escalations} what="Escalations">
                        {({ escalations: list }) => (
                          <EscalationList
                            escalations={list}
                            canAcknowledge={canAct}
                            canManage={canAct}
                            onChange={reloadEscalations}
                          />
                        )}
                      </Loaded>
                    </Panel>
                    <BlockersPanel
                      engagementId={id}
                      milestones={openMilestones}
                      blockers={blockers}
                      dependencies={dependencies}
                      canAct={canAct}
                      onChange={() => {
                        reloadBlockers();
                        reloadDependencies();
                      }}
                      graph={
                        dependencies.state === "ready" && (
                          <DependencyGraph
                            engagementId={id}
                            dependencies={dependencies.data.dependencies}
                            milestones={openMilestones}
                          />
                        )
                      }
                    />
                  </div>
                </div>
                <Flow cockpit={cockpit.data} charts={chartList} />
                <Reviews cockpit={cockpit.data} charts={chartList} />
                <div className="grid cols-2">
                  <Panel
                    title="Decisions"
                    id="decisions"
                    aside={
                      canAct ? (
                        <button
                          type="button"
                          onClick={() => setProposing((p) => !p)}
                          aria-expanded={proposing}
                        >
                          {proposing ? "Cancel" : "Propose decision"}
                        </button>
                      ) : undefined
                    }
                  >
                    {proposing && (
                      <div className="action-form">
                        <DecisionForm
                          engagementId={id}
                          onDone={() => {
                            setProposing(false);
                            reloadDecisions();
                          }}
                        />
                      </div>
                    )}
                    <Loaded load={decisions} what="Decisions">
                      {({ decisions: list }) => (
                        <DecisionList
                          decisions={list}
                          decide={canAct ? "dm" : null}
                          decidedBy={user.name}
                          onChange={reloadDecisions}
                        />
                      )}
                    </Loaded>
                  </Panel>
                  <Pod detail={d} />
                </div>
              </div>
            )}
          </>
        )}
      </Loaded>
    </Layout>
  );
};
