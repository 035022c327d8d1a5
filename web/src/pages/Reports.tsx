import { createTwoFilesPatch } from "diff";
import { useEffect, useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { api, type EngagementSummary, enc, type Report } from "../api.ts";
import { Layout } from "../components/Layout.tsx";
import { Diff, Markdown } from "../components/Markdown.tsx";
import {
  Empty,
  formatDate,
  formatTime,
  Loaded,
  NotAvailable,
  Panel,
  useAction,
  useApi,
} from "../components/ui.tsx";
import { isDelivery, useUser } from "../session.tsx";

const label = (r: Report) =>
  r.status === "draft"
    ? `Draft · week to ${formatDate(r.period, true)}`
    : `v${r.version} · ${formatDate(r.period, true)}`;

/** The draft editor: Markdown on the left, the preview on the right, publish with the diff shown first. */
const DraftEditor = ({
  draft,
  latest,
  onSaved,
  onPublished,
}: {
  draft: Report;
  latest: Report | undefined;
  onSaved: () => void;
  onPublished: (id: string) => void;
}) => {
  const [text, setText] = useState(draft.markdown);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  useEffect(() => setText(draft.markdown), [draft.markdown]);
  const dirty = text !== draft.markdown;
  const save = () =>
    run(async () => {
      await api.put(`/api/v1/reports/${enc(draft.id)}`, { markdown: text });
      onSaved();
    });
  const publish = () =>
    run(async () => {
      if (dirty) await api.put(`/api/v1/reports/${enc(draft.id)}`, { markdown: text });
      const result = await api.post<{ report: Report; published: boolean }>(
        `/api/v1/reports/${enc(draft.id)}/publish`,
      );
      setConfirming(false);
      onPublished(result.report.id);
    });
  const diff = createTwoFilesPatch(
    latest ? `v${latest.version}` : "nothing published",
    "this draft",
    latest?.markdown ?? "",
    text,
    "",
    "",
    { context: 2 },
  )
    .split("\n")
    .filter((line) => !line.startsWith("===") && !line.startsWith("Index:"))
    .join("\n");
  return (
    <div className="stack" style={{ gap: 12 }}>
      <div className="row">
        <span className="pill amber">draft</span>
        <span className="muted">
          {draft.edited
            ? "edited by the DM; preparing again keeps this text"
            : "written from this week's facts"}{" "}
          · updated {formatTime(draft.updatedAt)}
        </span>
        <span style={{ marginLeft: "auto" }} className="row">
          <button type="button" onClick={save} disabled={busy || !dirty}>
            {dirty ? "Save draft" : "Saved"}
          </button>
          <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={busy}>
            Publish…
          </button>
        </span>
      </div>
      {confirming && (
        <section className="panel" aria-label="Publish this report" style={{ borderColor: "var(--accent)" }}>
          <div className="panel-head">
            <h2>
              Publish as v{(latest?.version ?? 0) + 1}? The customer sees it as soon as it is published.
            </h2>
          </div>
          {latest && latest.markdown === text ? (
            <p className="muted">The text is the same as v{latest.version}; publishing changes nothing.</p>
          ) : (
            <Diff text={diff} />
          )}
          <div className="row" style={{ marginTop: 10 }}>
            <button type="button" className="primary" onClick={publish} disabled={busy}>
              Publish v{(latest?.version ?? 0) + 1}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep editing
            </button>
          </div>
        </section>
      )}
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      <div className="editor">
        <label className="stack" style={{ gap: 4 }}>
          <span className="muted">Markdown</span>
          <textarea
            aria-label="Report markdown"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if ((e.metaKey || e.ctrlKey) && e.key === "s") {
                e.preventDefault();
                void save();
              }
            }}
            spellCheck
          />
        </label>
        <div className="stack" style={{ gap: 4 }}>
          <span className="muted">Preview</span>
          <section className="panel preview" aria-label="Preview">
            <Markdown source={text} />
          </section>
        </div>
      </div>
    </div>
  );
};

const PublishedView = ({ report }: { report: Report }) => (
  <div className="stack" style={{ gap: 12 }}>
    <div className="row">
      <span className={`pill ${report.status === "published" ? "green" : ""}`}>
        {report.status === "published" ? `v${report.version} · current` : `v${report.version} · superseded`}
      </span>
      <span className="muted">
        published {formatTime(report.publishedAt)}
        {report.publishedBy ? ` by ${report.publishedBy}` : ""}
      </span>
    </div>
    <div className="panel">
      <Markdown source={report.markdown} />
    </div>
    {report.diff && (
      <details>
        <summary>Changes from the version before</summary>
        <Diff text={report.diff} />
      </details>
    )}
  </div>
);

/** Reports of one engagement: drafts to edit and publish, and every published version. */
export const ReportsPage = ({ id }: { id: string }) => {
  const user = useUser();
  const delivery = isDelivery(user);
  const [location, navigate] = useLocation();
  const selected = new URLSearchParams(useSearch()).get("report");
  const [engagement] = useApi<EngagementSummary>(`/api/v1/engagements/${enc(id)}`);
  const [load, reload] = useApi<{ reports: Report[] }>(`/api/v1/engagements/${enc(id)}/reports`);
  const { busy, error, run } = useAction();
  const select = (reportId: string) => navigate(`${location}?report=${enc(reportId)}`);
  const prepare = () =>
    run(async () => {
      const result = await api.post<{ report: Report }>(`/api/v1/engagements/${enc(id)}/reports/weekly`, {});
      reload();
      select(result.report.id);
    });
  const name = engagement.state === "ready" ? engagement.data.name : id;
  return (
    <Layout
      crumbs={
        <>
          {user.role !== "customer" && <Link href="/">Portfolio</Link>}
          {user.role !== "customer" && " / "}
          <Link href={`/engagements/${enc(id)}`}>{name}</Link> / <span>Reports</span>
        </>
      }
    >
      <Loaded load={engagement} what="This engagement">
        {() => (
          <>
            <div className="page-head">
              <div>
                <h1>Reports</h1>
                <p>
                  {delivery
                    ? "Drafts are yours until you publish them."
                    : "Status reports your delivery manager published."}
                </p>
              </div>
              {delivery && (
                <div className="actions">
                  <button type="button" className="primary" onClick={prepare} disabled={busy}>
                    Prepare weekly draft
                  </button>
                </div>
              )}
            </div>
            {error && (
              <div className="error" role="alert" style={{ marginBottom: 12 }}>
                {error}
              </div>
            )}
            <Loaded load={load} what="Reports">
              {({ reports }) => {
                if (reports.length === 0)
                  return delivery ? (
                    <Empty title="No report yet">
                      Prepare this week's draft from the facts: the button above, or{" "}
                      <code>baton report prepare --engagement {id}</code>. It is written for you to edit
                      before you publish.
                    </Empty>
                  ) : (
                    <Empty title="Nothing published yet">
                      Your delivery manager's first report will appear here.
                    </Empty>
                  );
                const chosen = selected === null ? undefined : reports.find((r) => r.id === selected);
                // A link to a report the customer may not read (a draft, an old version) says so.
                if (selected !== null && !chosen && !delivery) return <NotAvailable what="This report" />;
                const current = chosen ?? reports.find((r) => r.status === "draft") ?? reports[0]!;
                const latest = reports
                  .filter((r) => r.status === "published" && r.kind === current.kind)
                  .sort((a, b) => b.version - a.version)[0];
                return (
                  <div className="grid" style={{ gridTemplateColumns: "240px minmax(0, 1fr)" }}>
                    <Panel title="Versions">
                      <ul className="list" aria-label="Reports">
                        {reports.map((r) => (
                          <li key={r.id} style={{ padding: "6px 0" }}>
                            <a
                              href={`?report=${enc(r.id)}`}
                              aria-current={r.id === current.id ? "page" : undefined}
                              onClick={(e) => {
                                e.preventDefault();
                                select(r.id);
                              }}
                              className={r.id === current.id ? "item-title" : undefined}
                            >
                              {label(r)}
                            </a>
                            <div className="item-meta">
                              {r.kind} · {r.status}
                            </div>
                          </li>
                        ))}
                      </ul>
                    </Panel>
                    <div>
                      {current.status === "draft" && delivery ? (
                        <DraftEditor
                          key={current.id}
                          draft={current}
                          latest={latest}
                          onSaved={reload}
                          onPublished={(published) => {
                            reload();
                            select(published);
                          }}
                        />
                      ) : (
                        <PublishedView report={current} />
                      )}
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
