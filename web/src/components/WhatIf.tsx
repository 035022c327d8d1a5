import { useState } from "react";
import { api, enc } from "../api.ts";
import { formatDate, percent, plural, useAction } from "./ui.tsx";

interface Outcome {
  readonly kind: "outcome";
  readonly name: string;
  readonly changes: readonly string[];
  readonly remaining: number;
  readonly p50: string | null;
  readonly p85: string | null;
  readonly probability: number | null;
}
interface Refusal {
  readonly kind: "refused";
  readonly message: string;
}
interface WhatIfResult {
  readonly target: string;
  readonly baseline: Outcome | Refusal;
  readonly scenario: Outcome | Refusal | null;
  readonly delta: { readonly p85Days: number | null; readonly probability: number | null } | null;
  readonly recommendation: string;
  readonly podWarnings: readonly string[];
}

const Column = ({ title, o }: { title: string; o: Outcome | Refusal | null }) => (
  <div className="stat">
    <div className="label">{title}</div>
    {o === null ? (
      <div className="note">no change entered</div>
    ) : o.kind === "refused" ? (
      <div className="note">{o.message}</div>
    ) : (
      <>
        <div className="value">{formatDate(o.p85)}</div>
        <div className="note">
          P85 · P50 {formatDate(o.p50, true)} · {percent(o.probability)} by target ·{" "}
          {plural(o.remaining, "item")}
        </div>
      </>
    )}
  </div>
);

/** Capacity what-if for one milestone: add someone, plan time off, cut scope, and compare. */
export const WhatIfPanel = ({
  engagementId,
  milestones,
}: {
  engagementId: string;
  milestones: readonly { readonly id: string; readonly name: string }[];
}) => {
  const [milestone, setMilestone] = useState(milestones[0]?.id ?? "");
  const [add, setAdd] = useState("");
  const [timeOff, setTimeOff] = useState("");
  const [cut, setCut] = useState("");
  const [result, setResult] = useState<WhatIfResult | null>(null);
  const { busy, error, run } = useAction();
  if (milestones.length === 0) return null;
  const submit = () =>
    run(async () => {
      const q = new URLSearchParams();
      if (add.trim()) q.set("add", add.trim());
      if (timeOff.trim()) q.set("timeOff", timeOff.trim());
      if (cut.trim()) q.set("cutScope", cut.trim());
      setResult(
        await api.get<WhatIfResult>(
          `/api/v1/engagements/${enc(engagementId)}/milestones/${enc(milestone)}/whatif?${q}`,
        ),
      );
    });
  return (
    <div className="section">
      <h3>What if</h3>
      <form
        className="row"
        aria-label="What-if scenario"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <select aria-label="Milestone" value={milestone} onChange={(e) => setMilestone(e.target.value)}>
          {milestones.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <input
          aria-label="Add a specialist"
          placeholder="backend specialist, 100%, from 2026-12-07"
          value={add}
          onChange={(e) => setAdd(e.target.value)}
          style={{ width: 280 }}
        />
        <input
          aria-label="Time off"
          placeholder="Ben Okafor, 2026-12-21..2027-01-01"
          value={timeOff}
          onChange={(e) => setTimeOff(e.target.value)}
          style={{ width: 250 }}
        />
        <input
          aria-label="Items to cut"
          placeholder="cut items"
          inputMode="numeric"
          value={cut}
          onChange={(e) => setCut(e.target.value)}
          style={{ width: 90 }}
        />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Simulating…" : "Compare"}
        </button>
      </form>
      {error && (
        <div className="error" role="alert" style={{ marginTop: 8 }}>
          {error}
        </div>
      )}
      {result && (
        <div aria-live="polite" style={{ marginTop: 10 }}>
          <div className="stats">
            <Column title={`Today's plan · target ${formatDate(result.target, true)}`} o={result.baseline} />
            <Column title="Scenario" o={result.scenario} />
            {result.delta && (
              <div className="stat">
                <div className="label">Difference</div>
                <div className="value">
                  {result.delta.p85Days === null
                    ? "—"
                    : `${result.delta.p85Days > 0 ? "+" : ""}${result.delta.p85Days} d`}
                </div>
                <div className="note">
                  {result.delta.probability === null
                    ? ""
                    : `${result.delta.probability > 0 ? "+" : ""}${Math.round(result.delta.probability * 100)} points by target`}
                </div>
              </div>
            )}
          </div>
          <p style={{ margin: "8px 0 0" }}>{result.recommendation}</p>
          {result.podWarnings.map((w) => (
            <p key={w} className="amber" style={{ margin: "4px 0 0" }}>
              ⚠ {w}
            </p>
          ))}
        </div>
      )}
    </div>
  );
};
