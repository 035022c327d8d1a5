import { Link } from "wouter";
import type { Decision, EngagementSummary, Escalation, MilestoneFact, Report } from "../api.ts";
import { enc } from "../api.ts";
import { CsatPanel } from "../components/Csat.tsx";
import { Layout } from "../components/Layout.tsx";
import { Markdown } from "../components/Markdown.tsx";
import {
  Empty,
  formatDate,
  formatTime,
  Loaded,
  Panel,
  percent,
  RagBadge,
  useApi,
} from "../components/ui.tsx";
import { DecisionList, EscalationList } from "../components/Workflows.tsx";

const latestPublished = (reports: readonly Report[]) =>
  reports.filter((r) => r.status === "published").sort((a, b) => (a.period < b.period ? 1 : -1))[0];

/** One engagement's card on the customer's overview: its status as last published. */
const EngagementCard = ({ engagement }: { engagement: EngagementSummary }) => {
  const [reports] = useApi<{ reports: Report[] }>(`/api/v1/engagements/${enc(engagement.id)}/reports`);
  const [escalations] = useApi<{ escalations: Escalation[] }>(
    `/api/v1/engagements/${enc(engagement.id)}/escalations`,
  );
  const [decisions] = useApi<{ decisions: Decision[] }>(
    `/api/v1/engagements/${enc(engagement.id)}/decisions`,
  );
  const latest = reports.state === "ready" ? latestPublished(reports.data.reports) : undefined;
  const toAcknowledge =
    escalations.state === "ready"
      ? escalations.data.escalations.filter((e) => e.status === "open").length
      : 0;
  const toDecide =
    decisions.state === "ready"
      ? decisions.data.decisions.filter((d) => d.askCustomer && d.status === "proposed").length
      : 0;
  const next = latest?.facts?.milestones?.find((m) => !m.closed);
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>
          <Link href={`/engagements/${enc(engagement.id)}`}>{engagement.name}</Link>
        </h2>
        {latest?.facts?.rag && <RagBadge status={latest.facts.rag.status} />}
        <span className="aside">DM {engagement.dm?.name ?? "—"}</span>
      </div>
      {reports.state === "loading" ? (
        <p className="muted">Loading…</p>
      ) : latest ? (
        <p className="muted">
          Last status published {formatTime(latest.publishedAt)}.{" "}
          <Link href={`/engagements/${enc(engagement.id)}`}>Read it</Link>
        </p>
      ) : (
        <p className="muted">No status report has been published yet.</p>
      )}
      {next && (
        <p style={{ margin: "6px 0 0" }}>
          Next: <strong>{next.name}</strong>, target {formatDate(next.targetDate)}
          {next.p85 ? `, forecast ${formatDate(next.p85)} (85 % likely by)` : ""}
        </p>
      )}
      {(toAcknowledge > 0 || toDecide > 0) && (
        <div className="row" style={{ marginTop: 8 }}>
          {toAcknowledge > 0 && (
            <span className="pill amber">
              {toAcknowledge} escalation{toAcknowledge > 1 ? "s" : ""} to acknowledge
            </span>
          )}
          {toDecide > 0 && (
            <span className="pill accent">
              {toDecide} decision{toDecide > 1 ? "s" : ""} awaiting you
            </span>
          )}
        </div>
      )}
    </section>
  );
};

/** The customer's start: their engagements, nothing else. */
export const CustomerHomePage = () => {
  const [load] = useApi<{ engagements: EngagementSummary[] }>("/api/v1/engagements");
  return (
    <Layout crumbs={<span>Overview</span>}>
      <div className="page-head">
        <div>
          <h1>Your engagements</h1>
          <p>What your delivery managers published, and what they are asking of you.</p>
        </div>
      </div>
      <Loaded load={load} what="Your engagements">
        {({ engagements }) =>
          engagements.length === 0 ? (
            <Empty title="No engagement is shared with you yet">
              Your delivery manager will invite you once it starts.
            </Empty>
          ) : (
            <div className="grid cols-2">
              {engagements.map((e) => (
                <EngagementCard key={e.id} engagement={e} />
              ))}
            </div>
          )
        }
      </Loaded>
    </Layout>
  );
};

const PublishedMilestones = ({ milestones }: { milestones: readonly MilestoneFact[] }) => (
  <table className="data">
    <thead>
      <tr>
        <th>Milestone</th>
        <th>Target</th>
        <th title="85 % likely to be done by this date">Forecast (P85)</th>
        <th className="num">Done</th>
      </tr>
    </thead>
    <tbody>
      {milestones.map((m) => (
        <tr key={m.name}>
          <td>{m.name}</td>
          <td style={{ whiteSpace: "nowrap" }}>{formatDate(m.targetDate)}</td>
          <td style={{ whiteSpace: "nowrap" }}>
            {m.closed ? "done" : formatDate(m.p85)}
            {!m.closed && m.probability !== null && (
              <div className="item-meta">{percent(m.probability)} chance by target</div>
            )}
          </td>
          <td className="num">{percent(m.percentComplete)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** One engagement as the customer sees it: the latest published report, milestones as published, asks. */
export const CustomerEngagementPage = ({ id }: { id: string }) => {
  const base = `/api/v1/engagements/${enc(id)}`;
  const [engagement] = useApi<EngagementSummary>(base);
  const [reports] = useApi<{ reports: Report[] }>(`${base}/reports`);
  const [escalations, reloadEscalations] = useApi<{ escalations: Escalation[] }>(`${base}/escalations`);
  const [decisions, reloadDecisions] = useApi<{ decisions: Decision[] }>(`${base}/decisions`);
  return (
    <Layout
      crumbs={
        <>
          <Link href="/">Overview</Link> /{" "}
          <span>{engagement.state === "ready" ? engagement.data.name : id}</span>
        </>
      }
    >
      <Loaded load={engagement} what="This engagement">
        {(e) => (
          <>
            <div className="page-head">
              <div>
                <h1>{e.name}</h1>
                <p>Delivery manager {e.dm?.name ?? "—"}</p>
              </div>
              <div className="actions">
                <Link href={`/engagements/${enc(id)}/reports`} className="button">
                  All published reports
                </Link>
              </div>
            </div>
            <Loaded load={reports} what="Reports">
              {({ reports: list }) => {
                const latest = latestPublished(list);
                return (
                  <div
                    className="grid"
                    style={{ gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", alignItems: "start" }}
                  >
                    {latest ? (
                      <Panel title="Latest status" aside={`published ${formatTime(latest.publishedAt)}`}>
                        <Markdown source={latest.markdown} />
                      </Panel>
                    ) : (
                      <Empty title="Nothing published yet">
                        Your delivery manager's first status report will appear here.
                      </Empty>
                    )}
                    <div className="stack" style={{ gap: 16 }}>
                      {latest?.facts?.milestones && latest.facts.milestones.length > 0 && (
                        <Panel title="Milestones" aside={`as of ${formatDate(latest.period)}`}>
                          <PublishedMilestones milestones={latest.facts.milestones} />
                        </Panel>
                      )}
                      <Panel title="Escalations">
                        <Loaded load={escalations} what="Escalations">
                          {({ escalations: items }) => (
                            <EscalationList escalations={items} canAcknowledge onChange={reloadEscalations} />
                          )}
                        </Loaded>
                      </Panel>
                      <Panel title="Decisions">
                        <Loaded load={decisions} what="Decisions">
                          {({ decisions: items }) => (
                            <DecisionList decisions={items} decide="customer" onChange={reloadDecisions} />
                          )}
                        </Loaded>
                      </Panel>
                      <CsatPanel engagementId={id} />
                    </div>
                  </div>
                );
              }}
            </Loaded>
          </>
        )}
      </Loaded>
    </Layout>
  );
};
