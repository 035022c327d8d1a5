import { Link } from "wouter";
import { enc } from "../api.ts";
import { Layout } from "../components/Layout.tsx";
import { Loaded, num, Panel, percent, Stat, useApi } from "../components/ui.tsx";

interface Scorecard {
  readonly dm: { readonly id: string; readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly engagements: readonly string[];
  readonly milestones: {
    readonly hit: number;
    readonly missed: number;
    readonly openMissRecords: number;
    readonly details: readonly {
      readonly engagementId: string;
      readonly milestone: string;
      readonly targetDate: string;
      readonly outcome: string;
    }[];
  };
  readonly forecastCalibration: {
    readonly forecasts: number;
    readonly held: number;
    readonly share: number | null;
  };
  readonly reviewSla: { readonly met: number; readonly breached: number; readonly adherence: number | null };
  readonly escalations: {
    readonly raised: number;
    readonly rated: number;
    readonly precision: number | null;
  };
  readonly satisfaction: { readonly answers: number; readonly average: number | null };
  readonly retention: { readonly atStart: number; readonly stayed: number; readonly share: number | null };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** A DM's outcomes over the last quarter: what directors judge DMs by. */
export const ScorecardPage = ({ dm }: { dm: string }) => {
  const to = new Date();
  const from = new Date(to.getTime() - 91 * 86_400_000);
  const [load] = useApi<Scorecard>(`/api/v1/scorecards/${enc(dm)}?from=${isoDate(from)}&to=${isoDate(to)}`);
  return (
    <Layout
      crumbs={
        <>
          <Link href="/">Portfolio</Link> / <span>Scorecard</span>
        </>
      }
    >
      <Loaded load={load} what="This scorecard">
        {(s) => (
          <>
            <div className="page-head">
              <div>
                <h1>{s.dm.name}</h1>
                <p>
                  Scorecard from {s.from} to {s.to} · {s.engagements.length} engagement
                  {s.engagements.length === 1 ? "" : "s"}
                </p>
              </div>
            </div>
            <div className="stats">
              <Stat
                label="Milestones hit"
                value={`${s.milestones.hit} / ${s.milestones.hit + s.milestones.missed}`}
              />
              <Stat
                label="Forecasts that held"
                value={percent(s.forecastCalibration.share)}
                note={`${s.forecastCalibration.held} of ${s.forecastCalibration.forecasts}`}
              />
              <Stat
                label="Review SLA"
                value={percent(s.reviewSla.adherence)}
                note={`${s.reviewSla.met} met · ${s.reviewSla.breached} late`}
              />
              <Stat
                label="Escalation precision"
                value={percent(s.escalations.precision)}
                note={`${s.escalations.raised} raised · ${s.escalations.rated} rated`}
              />
              <Stat
                label="Customer satisfaction"
                value={num(s.satisfaction.average)}
                note={`${s.satisfaction.answers} answers`}
              />
              <Stat
                label="Specialist retention"
                value={percent(s.retention.share)}
                note={`${s.retention.stayed} of ${s.retention.atStart} stayed`}
              />
            </div>
            <div className="section">
              <Panel title="Milestones in the period">
                {s.milestones.details.length === 0 ? (
                  <p className="muted">No milestone was due in the period.</p>
                ) : (
                  <table className="data">
                    <thead>
                      <tr>
                        <th>Engagement</th>
                        <th>Milestone</th>
                        <th>Target</th>
                        <th>Outcome</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.milestones.details.map((m) => (
                        <tr key={`${m.engagementId}-${m.milestone}`}>
                          <td>
                            <Link href={`/engagements/${m.engagementId}`}>{m.engagementId}</Link>
                          </td>
                          <td>{m.milestone}</td>
                          <td>{m.targetDate}</td>
                          <td>
                            <span className={`pill ${m.outcome === "hit" ? "green" : "red"}`}>
                              {m.outcome}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </Panel>
            </div>
          </>
        )}
      </Loaded>
    </Layout>
  );
};
