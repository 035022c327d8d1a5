import { useState } from "react";
import { api, enc, type Miss } from "../api.ts";
import { formatDate, useAction, useApi } from "./ui.tsx";
import { FormError } from "./WorkflowForms.tsx";

/** The parts a missed-milestone record needs before it can be closed, with the labels shown. */
const PARTS = [
  ["cause", "Cause"],
  ["recoveryPlan", "Recovery plan"],
  ["newDate", "New date"],
  ["customerCommunication", "What the customer was told"],
] as const;

type Part = (typeof PARTS)[number][0];

const stillNeeds = (miss: Miss): string[] =>
  PARTS.filter(([key]) => miss[key] === null).map(([, label]) => label.toLowerCase());

/** Writing the record's four parts; a part left empty keeps what is stored. */
const MissForm = ({ miss, onDone, onCancel }: { miss: Miss; onDone: () => void; onCancel: () => void }) => {
  const { busy, error, run } = useAction();
  const [values, setValues] = useState<Record<Part, string>>({
    cause: miss.cause ?? "",
    recoveryPlan: miss.recoveryPlan ?? "",
    newDate: miss.newDate ?? "",
    customerCommunication: miss.customerCommunication ?? "",
  });
  const set = (key: Part, value: string) => setValues((v) => ({ ...v, [key]: value }));
  return (
    <form
      className="form"
      aria-label={`Missed milestone ${miss.milestoneName}`}
      onSubmit={(e) => {
        e.preventDefault();
        const body = Object.fromEntries(
          PARTS.filter(([key]) => values[key].trim() !== "").map(([key]) => [key, values[key].trim()]),
        );
        void run(async () => {
          await api.patch(`/api/v1/misses/${enc(miss.id)}`, body);
          onDone();
        });
      }}
    >
      <label className="wide">
        Cause
        <textarea name="cause" rows={2} value={values.cause} onChange={(e) => set("cause", e.target.value)} />
      </label>
      <label className="wide">
        Recovery plan
        <textarea
          name="recoveryPlan"
          rows={2}
          value={values.recoveryPlan}
          onChange={(e) => set("recoveryPlan", e.target.value)}
        />
      </label>
      <label>
        New date
        <input
          name="newDate"
          type="date"
          min={miss.targetDate}
          value={values.newDate}
          onChange={(e) => set("newDate", e.target.value)}
        />
      </label>
      <label className="wide">
        What the customer was told
        <textarea
          name="customerCommunication"
          rows={2}
          value={values.customerCommunication}
          onChange={(e) => set("customerCommunication", e.target.value)}
        />
      </label>
      <FormError error={error} />
      <div className="wide row">
        <button type="submit" className="primary" disabled={busy}>
          Save record
        </button>
        <button type="button" className="ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
};

/**
 * The records missed milestones opened for the DM: what each still needs, and — for those who run
 * the engagement — writing the cause, recovery plan, new date and customer communication, then
 * closing the record. Shows nothing while no milestone has been missed.
 */
export const MissRecords = ({
  engagementId,
  canAct,
  nameOf,
}: {
  engagementId: string;
  canAct: boolean;
  /** A person's name by id (the owner is stored as a person id). */
  nameOf: (personId: string) => string;
}) => {
  const [load, reload] = useApi<{ misses: Miss[] }>(`/api/v1/engagements/${enc(engagementId)}/misses`);
  const { busy, error, run } = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  if (load.state !== "ready" || load.data.misses.length === 0) return null;
  const close = (miss: Miss) =>
    run(async () => {
      await api.post(`/api/v1/misses/${enc(miss.id)}/close`);
      reload();
    });
  return (
    <section aria-label="Missed milestones" style={{ marginTop: 12 }}>
      <h3>Missed milestones</h3>
      <ul className="list">
        {load.data.misses.map((miss) => {
          const needs = stillNeeds(miss);
          return (
            <li key={miss.id}>
              <div className="row">
                <span className="item-title">{miss.milestoneName}</span>
                <span className={`pill ${miss.status === "open" ? "red" : "green"}`}>
                  {miss.status === "open" ? "missed · record open" : "record closed"}
                </span>
                {canAct && miss.status === "open" && editing !== miss.id && (
                  <button type="button" className="ghost" onClick={() => setEditing(miss.id)}>
                    Write record…
                  </button>
                )}
                {canAct && miss.status === "open" && needs.length === 0 && (
                  <button type="button" disabled={busy} onClick={() => void close(miss)}>
                    Close record
                  </button>
                )}
              </div>
              <div className="item-meta">
                Target {formatDate(miss.targetDate)}
                {miss.newDate ? ` · new date ${formatDate(miss.newDate)}` : ""}
                {miss.ownerId ? ` · owner ${nameOf(miss.ownerId)}` : ""}
                {miss.status === "open" && needs.length > 0 ? ` · still needs ${needs.join(", ")}` : ""}
              </div>
              {miss.cause && <p style={{ margin: "4px 0" }}>Cause: {miss.cause}</p>}
              {miss.recoveryPlan && <p style={{ margin: "4px 0" }}>Recovery: {miss.recoveryPlan}</p>}
              {miss.customerCommunication && (
                <p style={{ margin: "4px 0" }}>Customer told: {miss.customerCommunication}</p>
              )}
              {editing === miss.id && (
                <div className="action-form">
                  <MissForm
                    miss={miss}
                    onCancel={() => setEditing(null)}
                    onDone={() => {
                      setEditing(null);
                      reload();
                    }}
                  />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
};
