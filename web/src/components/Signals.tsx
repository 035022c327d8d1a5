import { useState } from "react";
import { api, enc, type Signal } from "../api.ts";
import { Empty, formatDate, formatTime, SeverityPill, useAction } from "./ui.tsx";

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

const shortId = (id: string) => id.split(":").at(-1) ?? id;

const SignalRow = ({
  signal,
  canAct,
  onChange,
}: {
  signal: Signal;
  canAct: boolean;
  onChange: () => void;
}) => {
  const { busy, error, run } = useAction();
  const [mode, setMode] = useState<"snooze" | "dismiss" | null>(null);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState(() => new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
  const act = (verb: string, body: Record<string, string>) =>
    run(async () => {
      await api.post(`/api/v1/signals/${enc(signal.id)}/${verb}`, body);
      setMode(null);
      onChange();
    });
  const evidence = [...signal.evidence.items, ...signal.evidence.pullRequests, ...signal.evidence.other];
  return (
    <li data-signal={signal.id}>
      <div className="row">
        <SeverityPill severity={signal.severity} />
        <span className="item-title">{signal.title}</span>
        {signal.state !== "open" && <span className="pill accent">{signal.state}</span>}
      </div>
      <div className="item-meta">
        <span>{signal.pattern}</span>
        {signal.escalationLevel && <span>suggests {signal.escalationLevel}</span>}
        <span>since {formatTime(signal.firstSeenAt)}</span>
        {signal.snoozedUntil && <span>snoozed until {formatDate(signal.snoozedUntil)}</span>}
      </div>
      <p style={{ margin: "6px 0" }}>{signal.summary}</p>
      <p className="muted" style={{ margin: "0 0 6px" }}>
        {signal.suggestedAction}
      </p>
      {evidence.length > 0 && (
        <details>
          <summary>Evidence: {evidence.length} records</summary>
          <p className="mono muted" style={{ margin: 0 }}>
            {evidence.slice(0, 40).map(shortId).join(", ")}
            {evidence.length > 40 ? ` and ${evidence.length - 40} more` : ""}
          </p>
        </details>
      )}
      {canAct && (
        <div className="row" style={{ marginTop: 8 }}>
          {signal.state !== "acknowledged" && (
            <button type="button" disabled={busy} onClick={() => act("acknowledge", {})}>
              Acknowledge
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => setMode(mode === "snooze" ? null : "snooze")}>
            Snooze…
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => setMode(mode === "dismiss" ? null : "dismiss")}
          >
            Dismiss…
          </button>
        </div>
      )}
      {mode === "snooze" && (
        <form
          className="row"
          style={{ marginTop: 8 }}
          onSubmit={(e) => {
            e.preventDefault();
            void act("snooze", { until, ...(reason ? { reason } : {}) });
          }}
        >
          <label className="row">
            Until <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} required />
          </label>
          <input placeholder="Why (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="primary" disabled={busy}>
            Snooze
          </button>
        </form>
      )}
      {mode === "dismiss" && (
        <form
          className="row"
          style={{ marginTop: 8 }}
          onSubmit={(e) => {
            e.preventDefault();
            void act("dismiss", { reason });
          }}
        >
          <input
            placeholder="Why this is not a problem (required)"
            aria-label="Reason for dismissing"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            style={{ minWidth: 320 }}
          />
          <button type="submit" className="primary" disabled={busy || reason.trim() === ""}>
            Dismiss
          </button>
        </form>
      )}
      {error && (
        <div className="error" role="alert" style={{ marginTop: 8 }}>
          {error}
        </div>
      )}
    </li>
  );
};

/** The signals inbox: worst first, each with its evidence and the DM's three answers. */
export const SignalsInbox = ({
  signals,
  canAct,
  onChange,
}: {
  signals: readonly Signal[];
  canAct: boolean;
  onChange: () => void;
}) => {
  if (signals.length === 0)
    return (
      <Empty title="No open signals">
        Baton looks for scope drift, review bottlenecks, aging work and anomalies after every sync. Quiet is
        good.
      </Empty>
    );
  const sorted = [...signals].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.firstSeenAt < b.firstSeenAt ? 1 : -1),
  );
  return (
    <ul className="list">
      {sorted.map((s) => (
        <SignalRow key={s.id} signal={s} canAct={canAct} onChange={onChange} />
      ))}
    </ul>
  );
};
