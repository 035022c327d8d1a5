import { useMemo, useState } from "react";
import { suggestLevel } from "../../../src/engine/escalations.ts";
import { api, type Blocker, type Decision, type Dependency, type Escalation, enc } from "../api.ts";
import { Empty, formatDate, num, SeverityPill, useAction } from "./ui.tsx";
import { FormError, TextAction } from "./WorkflowForms.tsx";

const today = () => new Date().toISOString().slice(0, 10);

type Severity = "low" | "medium" | "high" | "critical";
type Impact = "none" | "low" | "high";

/** Raising an escalation: Baton's suggested level updates as the DM fills in severity and impact. */
export const EscalationForm = ({ engagementId, onDone }: { engagementId: string; onDone: () => void }) => {
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<Severity>("medium");
  const [customerImpact, setImpact] = useState<Impact>("none");
  const [impactDate, setImpactDate] = useState("");
  const [impact, setImpactText] = useState("");
  const [ask, setAsk] = useState("");
  const [askedOf, setAskedOf] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [level, setLevel] = useState<"" | "L1" | "L2" | "L3">("");
  const [customerVisible, setVisible] = useState(false);
  const suggestion = useMemo(
    () => suggestLevel({ severity, customerImpact, impactDate: impactDate || null, today: today() }),
    [severity, customerImpact, impactDate],
  );
  const submit = () =>
    run(async () => {
      await api.post(`/api/v1/engagements/${enc(engagementId)}/escalations`, {
        title,
        severity,
        customerImpact,
        ...(impactDate ? { impactDate } : {}),
        impact,
        ask,
        askedOf,
        ...(dueDate ? { dueDate } : {}),
        ...(level ? { level } : {}),
        customerVisible,
      });
      onDone();
    });
  return (
    <form
      className="form"
      aria-label="Raise an escalation"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="wide">
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required name="title" />
      </label>
      <label>
        Severity
        <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          <option value="low">low</option>
          <option value="medium">medium</option>
          <option value="high">high</option>
          <option value="critical">critical</option>
        </select>
      </label>
      <label>
        Customer impact
        <select value={customerImpact} onChange={(e) => setImpact(e.target.value as Impact)}>
          <option value="none">none</option>
          <option value="low">low</option>
          <option value="high">high</option>
        </select>
      </label>
      <label>
        Impact lands on
        <input type="date" value={impactDate} onChange={(e) => setImpactDate(e.target.value)} />
      </label>
      <label>
        Due
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </label>
      <label className="wide">
        Impact if nothing is done
        <input value={impact} onChange={(e) => setImpactText(e.target.value)} />
      </label>
      <label>
        Ask
        <input value={ask} onChange={(e) => setAsk(e.target.value)} required name="ask" />
      </label>
      <label>
        Asked of
        <input value={askedOf} onChange={(e) => setAskedOf(e.target.value)} required name="askedOf" />
      </label>
      <div className="wide notice" aria-live="polite">
        Baton suggests <strong>{suggestion.level}</strong>: {suggestion.reason}.
      </div>
      <label>
        Level
        <select
          value={level}
          onChange={(e) => setLevel(e.target.value as "" | "L1" | "L2" | "L3")}
          name="level"
        >
          <option value="">Keep the suggestion (unconfirmed)</option>
          <option value="L1">L1 · the DM, in the pod</option>
          <option value="L2">L2 · customer leadership or architect</option>
          <option value="L3">L3 · director or sponsor</option>
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={customerVisible}
          onChange={(e) => setVisible(e.target.checked)}
          disabled={level === ""}
        />
        Customer can see it {level === "" ? "(confirm a level first)" : ""}
      </label>
      <FormError error={error} />
      <div className="wide row">
        <button type="submit" className="primary" disabled={busy}>
          Raise escalation
        </button>
      </div>
    </form>
  );
};

/**
 * Open escalations first; a customer may acknowledge what is asked of them. With `canManage` (DMs,
 * directors, admins) an escalation can be resolved with how it ended, then rated warranted or not.
 */
export const EscalationList = ({
  escalations,
  canAcknowledge,
  canManage = false,
  onChange,
}: {
  escalations: readonly Escalation[];
  canAcknowledge: boolean;
  canManage?: boolean;
  onChange: () => void;
}) => {
  const { busy, error, run } = useAction();
  const [resolving, setResolving] = useState<string | null>(null);
  const post = (id: string, verb: string, body: unknown) =>
    run(async () => {
      await api.post(`/api/v1/escalations/${enc(id)}/${verb}`, body);
      setResolving(null);
      onChange();
    });
  if (escalations.length === 0) return <Empty title="No escalations">Nothing has needed escalating.</Empty>;
  const sorted = [...escalations].sort(
    (a, b) =>
      (a.status === "resolved" ? 1 : 0) - (b.status === "resolved" ? 1 : 0) ||
      (a.createdAt < b.createdAt ? 1 : -1),
  );
  return (
    <>
      <ul className="list">
        {sorted.map((e) => (
          <li key={e.id}>
            <div className="row">
              <span className="pill accent">
                {e.level}
                {e.level !== e.suggestedLevel ? ` (suggested ${e.suggestedLevel})` : ""}
              </span>
              <span className="item-title">{e.title}</span>
              <SeverityPill severity={e.severity} />
              <span
                className={`pill ${e.status === "open" ? "amber" : e.status === "resolved" ? "green" : ""}`}
              >
                {e.status}
              </span>
            </div>
            <div className="item-meta">
              <span>
                Ask: {e.ask} · of {e.askedOf}
              </span>
              {e.dueDate && <span>due {formatDate(e.dueDate)}</span>}
              {e.customerVisible && <span>customer-visible</span>}
            </div>
            {e.impact && (
              <p className="muted" style={{ margin: "4px 0 0" }}>
                {e.impact}
              </p>
            )}
            {e.resolution && (
              <div className="item-meta">
                <span>Resolved: {e.resolution}</span>
                {e.warranted === true && <span className="green">warranted</span>}
                {e.warranted === false && <span className="amber">not warranted</span>}
              </div>
            )}
            <div className="row" style={{ marginTop: 6 }}>
              {canAcknowledge && e.status === "open" && (
                <button type="button" disabled={busy} onClick={() => post(e.id, "acknowledge", {})}>
                  Acknowledge
                </button>
              )}
              {canManage && e.status !== "resolved" && resolving !== e.id && (
                <button type="button" disabled={busy} onClick={() => setResolving(e.id)}>
                  Resolve…
                </button>
              )}
              {canManage && e.status === "resolved" && !e.mergedInto && (e.warranted ?? null) === null && (
                <>
                  <span className="faint">Was escalating warranted?</span>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => post(e.id, "rate", { warranted: true })}
                  >
                    Warranted
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => post(e.id, "rate", { warranted: false })}
                  >
                    Not warranted
                  </button>
                </>
              )}
            </div>
            {resolving === e.id && (
              <TextAction
                label="How it was resolved"
                submit="Resolve escalation"
                busy={busy}
                onSubmit={(resolution) => post(e.id, "resolve", { resolution })}
                onCancel={() => setResolving(null)}
              />
            )}
          </li>
        ))}
      </ul>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </>
  );
};

/** Decisions, with the customer's choice where the decision is asked of them. */
export const DecisionList = ({
  decisions,
  decide,
  decidedBy = "",
  onChange,
}: {
  decisions: readonly Decision[];
  decidedBy?: string;
  /** "customer": may choose an option of decisions asked of them; "dm": may record the decision. */
  decide: "customer" | "dm" | null;
  onChange: () => void;
}) => {
  const { busy, error, run } = useAction();
  const [rejecting, setRejecting] = useState<string | null>(null);
  if (decisions.length === 0)
    return <Empty title="No decisions recorded">Proposed decisions (ADRs) show here.</Empty>;
  const reject = (d: Decision, reason: string) =>
    run(async () => {
      await api.post(`/api/v1/decisions/${enc(d.id)}/reject`, { reason, decidedBy });
      setRejecting(null);
      onChange();
    });
  const accept = (d: Decision, option: string) =>
    run(async () => {
      await api.post(
        `/api/v1/decisions/${enc(d.id)}/accept`,
        decide === "customer" ? { decision: option } : { decision: option, decidedBy },
      );
      onChange();
    });
  return (
    <>
      <ul className="list">
        {decisions.map((d) => (
          <li key={d.id}>
            <div className="row">
              <span className="mono faint">ADR-{d.number}</span>
              <span className="item-title">{d.title}</span>
              <span
                className={`pill ${d.status === "proposed" ? "amber" : d.status === "accepted" ? "green" : ""}`}
              >
                {d.status}
              </span>
              {d.askCustomer && d.status === "proposed" && (
                <span className="pill accent">awaiting customer</span>
              )}
            </div>
            <p style={{ margin: "4px 0" }}>{d.context}</p>
            {d.decision && (
              <div className="item-meta">
                Decided: {d.decision}
                {d.decidedBy ? ` · by ${d.decidedBy}` : ""}
              </div>
            )}
            {d.status === "proposed" && d.options.length > 0 && (
              <fieldset className="row" style={{ border: "none", padding: 0, margin: 0 }}>
                <legend className="sr-only">Options for {d.title}</legend>
                {d.options.map((o) =>
                  (decide === "customer" && d.askCustomer) || decide === "dm" ? (
                    <button key={o} type="button" disabled={busy} onClick={() => accept(d, o)}>
                      {decide === "dm" ? "Accept" : "Choose"}: {o}
                    </button>
                  ) : (
                    <span key={o} className="pill">
                      {o}
                    </span>
                  ),
                )}
                {decide === "dm" && rejecting !== d.id && (
                  <button type="button" className="ghost" disabled={busy} onClick={() => setRejecting(d.id)}>
                    Reject…
                  </button>
                )}
              </fieldset>
            )}
            {decide === "dm" && d.status === "proposed" && d.options.length === 0 && rejecting !== d.id && (
              <button type="button" className="ghost" disabled={busy} onClick={() => setRejecting(d.id)}>
                Reject…
              </button>
            )}
            {rejecting === d.id && (
              <TextAction
                label="Why it is rejected"
                submit="Reject decision"
                busy={busy}
                onSubmit={(reason) => reject(d, reason)}
                onCancel={() => setRejecting(null)}
              />
            )}
          </li>
        ))}
      </ul>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </>
  );
};

/**
 * What blocks the pod now and what it waits on. With `canAct`, blockers marked by hand can be
 * resolved and open dependencies marked met or cancelled (tracker blockers clear in the tracker).
 */
export const BlockerList = ({
  blockers,
  dependencies,
  canAct,
  onChange,
}: {
  blockers: readonly Blocker[];
  dependencies: readonly Dependency[];
  canAct: boolean;
  onChange: () => void;
}) => {
  const { busy, error, run } = useAction();
  const openDeps = dependencies.filter((d) => d.status === "open");
  const post = (path: string) =>
    run(async () => {
      await api.post(path, {});
      onChange();
    });
  if (blockers.length === 0 && openDeps.length === 0)
    return (
      <Empty title="Nothing blocked, nothing owed">
        {canAct
          ? "Mark a blocker or add a dependency when the pod waits on someone."
          : "Blockers come from the tracker's flags; the DM records dependencies."}
      </Empty>
    );
  return (
    <>
      <ul className="list">
        {blockers.map((b) => (
          <li key={b.id}>
            <div className="row">
              <span className="pill red">blocked</span>
              {b.itemKey && <span className="mono">{b.itemKey}</span>}
              <span className="item-title">{b.title}</span>
              {canAct && b.origin === "manual" && (
                <button
                  type="button"
                  className="push"
                  disabled={busy}
                  onClick={() => post(`/api/v1/blockers/${enc(b.id)}/resolve`)}
                  aria-label={`Resolve blocker: ${b.title}`}
                >
                  Resolve
                </button>
              )}
            </div>
            <div className="item-meta">
              <span>
                {b.origin === "manual" ? "who must act" : "assignee"}: {b.owner ?? "—"}
              </span>
              <span>for {num(b.ageDays)} d</span>
              <span>{b.origin === "manual" ? "marked in Baton" : `from the tracker (${b.origin})`}</span>
            </div>
          </li>
        ))}
        {openDeps.map((d) => (
          <li key={d.id}>
            <div className="row">
              <span className="pill">dependency</span>
              <span className="item-title">{d.title}</span>
              {d.overdue && <span className="pill red">overdue</span>}
              {d.customerOwed && <span className="pill accent">customer owes</span>}
              {canAct && (
                <span className="push row">
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => post(`/api/v1/dependencies/${enc(d.id)}/met`)}
                    aria-label={`Met: ${d.title}`}
                  >
                    Met
                  </button>
                  <button
                    type="button"
                    className="ghost"
                    disabled={busy}
                    onClick={() => post(`/api/v1/dependencies/${enc(d.id)}/cancel`)}
                    aria-label={`Cancel dependency: ${d.title}`}
                  >
                    Cancel
                  </button>
                </span>
              )}
            </div>
            <div className="item-meta">
              <span>
                {d.dependentLabel} waits on{" "}
                {d.prerequisiteKind === "external" ? d.owner : d.prerequisiteLabel}
              </span>
              <span>owed by {d.owner}</span>
              {d.dueDate && <span>due {formatDate(d.dueDate)}</span>}
            </div>
          </li>
        ))}
      </ul>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </>
  );
};
