import { useMemo, useState } from "react";
import { Link } from "wouter";
import type { PortfolioRow, Rag } from "../api.ts";
import { Layout } from "../components/Layout.tsx";
import {
  daysBetween,
  Empty,
  formatDate,
  Loaded,
  percent,
  plural,
  RagBadge,
  Stat,
  useApi,
} from "../components/ui.tsx";
import { isLeader, useUser } from "../session.tsx";

type SortKey = "status" | "name" | "milestone" | "signals" | "reviews" | "dm";
const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

const slip = (r: PortfolioRow) =>
  r.nextMilestone?.p85 ? daysBetween(r.nextMilestone.targetDate, r.nextMilestone.p85) : null;

const compare: Record<SortKey, (a: PortfolioRow, b: PortfolioRow) => number> = {
  status: (a, b) =>
    RAG_ORDER[a.rag.status] - RAG_ORDER[b.rag.status] || (slip(b) ?? -999) - (slip(a) ?? -999),
  name: (a, b) => a.name.localeCompare(b.name),
  milestone: (a, b) => (slip(b) ?? -999) - (slip(a) ?? -999),
  signals: (a, b) => b.signals.high - a.signals.high || b.signals.medium - a.signals.medium,
  reviews: (a, b) => (a.reviews.adherence ?? 2) - (b.reviews.adherence ?? 2),
  dm: (a, b) => (a.dm?.name ?? "").localeCompare(b.dm?.name ?? ""),
};

const MilestoneCell = ({ row }: { row: PortfolioRow }) => {
  const m = row.nextMilestone;
  if (!m) return <span className="faint">No open milestone</span>;
  const days = slip(row);
  return (
    <div>
      <div>{m.name}</div>
      <div className="item-meta">
        <span>target {formatDate(m.targetDate, true)}</span>
        {m.p85 ? (
          <span className={days !== null && days > 7 ? "red" : days !== null && days > 0 ? "amber" : "green"}>
            P85 {formatDate(m.p85, true)}
            {days !== null && days !== 0 ? ` (${days > 0 ? "+" : ""}${days} d)` : ""}
          </span>
        ) : (
          <span title={m.noForecast ?? ""}>no forecast</span>
        )}
      </div>
    </div>
  );
};

const SignalCell = ({ row }: { row: PortfolioRow }) => {
  const { high, medium, low } = row.signals;
  if (high + medium + low === 0) return <span className="faint">None</span>;
  return (
    <span className="sev" role="img" aria-label={`${high} high, ${medium} medium, ${low} low`}>
      {high > 0 && <span className="pill red">{high} high</span>}
      {medium > 0 && <span className="pill amber">{medium} med</span>}
      {low > 0 && <span className="pill">{low} low</span>}
    </span>
  );
};

const Table = ({ rows }: { rows: readonly PortfolioRow[] }) => {
  const user = useUser();
  const [sort, setSort] = useState<SortKey>("status");
  const [filter, setFilter] = useState("");
  const [rag, setRag] = useState<Rag | "all">("all");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return rows
      .filter((r) => rag === "all" || r.rag.status === rag)
      .filter(
        (r) =>
          f === "" ||
          [r.name, r.customer.name, r.dm?.name ?? "", r.id].some((t) => t.toLowerCase().includes(f)),
      )
      .slice()
      .sort(compare[sort]);
  }, [rows, sort, filter, rag]);
  const header = (key: SortKey, label: string, className?: string) => (
    <th className={className} aria-sort={sort === key ? "descending" : "none"} scope="col">
      <button type="button" className="sort" onClick={() => setSort(key)}>
        {label}
        {sort === key ? " ↓" : ""}
      </button>
    </th>
  );
  return (
    <section className="panel" aria-label="Engagements">
      <div className="toolbar">
        <input
          type="search"
          placeholder="Filter by engagement, customer or DM"
          aria-label="Filter engagements"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 280 }}
        />
        <select aria-label="Status" value={rag} onChange={(e) => setRag(e.target.value as Rag | "all")}>
          <option value="all">All statuses</option>
          <option value="red">Off track</option>
          <option value="amber">At risk</option>
          <option value="green">On track</option>
        </select>
        <span className="muted" style={{ marginLeft: "auto" }}>
          {shown.length} of {rows.length}
        </span>
      </div>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              {header("status", "Status")}
              {header("name", "Engagement")}
              {header("milestone", "Next milestone · P85 vs target")}
              {header("signals", "Open signals")}
              {header("reviews", "Review SLA (7 d)", "num")}
              {header("dm", "DM · pod")}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td>
                  <span title={r.rag.reasons.join("\n")}>
                    <RagBadge status={r.rag.status} />
                  </span>
                </td>
                <td>
                  <Link href={`/engagements/${r.id}`} className="item-title">
                    {r.name}
                  </Link>
                  <div className="item-meta">
                    <span>{r.customer.name}</span>
                    {r.openEscalations > 0 && (
                      <span className="amber">
                        {r.openEscalations} open escalation{r.openEscalations > 1 ? "s" : ""}
                      </span>
                    )}
                  </div>
                  {r.rag.reasons[0] && <div className="item-meta">{r.rag.reasons[0]}</div>}
                </td>
                <td>
                  <MilestoneCell row={r} />
                </td>
                <td>
                  <SignalCell row={r} />
                </td>
                <td className="num">
                  <span
                    className={
                      r.reviews.adherence === null ? "faint" : r.reviews.adherence < 0.8 ? "red" : undefined
                    }
                  >
                    {percent(r.reviews.adherence)}
                  </span>
                  <div className="item-meta" style={{ justifyContent: "flex-end" }}>
                    {plural(r.reviews.met + r.reviews.breached, "review")} · {r.reviews.limitHours} h
                  </div>
                </td>
                <td>
                  {r.dm ? (
                    isLeader(user) || user.personId === r.dm.id ? (
                      <Link href={`/scorecards/${r.dm.id}`}>{r.dm.name}</Link>
                    ) : (
                      r.dm.name
                    )
                  ) : (
                    <span className="red">No DM</span>
                  )}
                  <div className="item-meta">pod of {r.podSize}</div>
                  {(r.dmLoadViolations ?? []).map((v) => (
                    <div key={v} className="item-meta amber" title={v}>
                      ⚠ {v.length > 70 ? `${v.slice(0, 70)}…` : v}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && (
        <Empty title="No engagement matches this filter">Clear the filter to see all.</Empty>
      )}
    </section>
  );
};

/** Director's and DM's portfolio: every engagement in scope, worst first. */
export const PortfolioPage = () => {
  const user = useUser();
  const [load] = useApi<{ date: string; engagements: PortfolioRow[] }>("/api/v1/portfolio");
  return (
    <Layout crumbs={<span>Portfolio</span>}>
      <div className="page-head">
        <div>
          <h1>Portfolio</h1>
          <p>{isLeader(user) ? "Every engagement and DM" : "Your engagements"}, as of this hour.</p>
        </div>
      </div>
      <Loaded load={load} what="Portfolio">
        {({ engagements: rows }) =>
          rows.length === 0 ? (
            <Empty title="No engagements yet">
              Create one with <code>baton engagement create --name "Acme Mobile" --customer Acme</code>, then
              connect a Jira board: <code>baton source add jira --engagement acme-mobile …</code>. To look
              around first, seed the demo with <code>baton demo</code>.
            </Empty>
          ) : (
            <>
              <div className="stats" style={{ marginBottom: 16 }}>
                <Stat label="Engagements" value={rows.length} />
                <Stat
                  label="Off track"
                  value={<span className="red">{rows.filter((r) => r.rag.status === "red").length}</span>}
                />
                <Stat
                  label="At risk"
                  value={<span className="amber">{rows.filter((r) => r.rag.status === "amber").length}</span>}
                />
                <Stat label="High-severity signals" value={rows.reduce((n, r) => n + r.signals.high, 0)} />
                <Stat
                  label="DM-load violations"
                  value={new Set(rows.flatMap((r) => r.dmLoadViolations ?? [])).size}
                />
              </div>
              <Table rows={rows} />
            </>
          )
        }
      </Loaded>
    </Layout>
  );
};
