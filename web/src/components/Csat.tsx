import { useState } from "react";
import { api, enc } from "../api.ts";
import { Panel, useAction } from "./ui.tsx";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** The last complete month, `YYYY-MM`, and how to say it. */
const lastMonth = (now = new Date()) => {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return {
    month: d.toISOString().slice(0, 7),
    label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  };
};

const SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

interface Answer {
  readonly month: string;
  readonly score: number;
}

/**
 * The monthly satisfaction question for a customer: eleven choices, an optional comment, one
 * answer per month (answering again replaces it).
 */
export const CsatPanel = ({ engagementId }: { engagementId: string }) => {
  const { month, label } = lastMonth();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const [saved, setSaved] = useState<Answer | null>(null);
  const { busy, error, run } = useAction();
  const send = () =>
    run(async () => {
      if (score === null) throw new Error("Choose a score from 0 to 10 first.");
      const answer = await api.post<Answer>(`/api/v1/engagements/${enc(engagementId)}/csat`, {
        month,
        score,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setSaved(answer);
    });
  return (
    <Panel title="Your view" aside={label} id="csat">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <fieldset className="csat-scores">
          <legend>How likely are you to recommend this team's work to a colleague?</legend>
          <div className="row" role="radiogroup" aria-label="Score from 0 to 10">
            {SCORES.map((n) => (
              <label key={n} className={`csat-score${score === n ? " chosen" : ""}`}>
                <input
                  type="radio"
                  name="csat-score"
                  value={n}
                  checked={score === n}
                  onChange={() => setScore(n)}
                />
                {n}
              </label>
            ))}
          </div>
          <p className="item-meta">0 = not at all likely, 10 = extremely likely</p>
        </fieldset>
        <label>
          Anything you would like to add? (optional)
          <textarea value={comment} maxLength={2000} rows={2} onChange={(e) => setComment(e.target.value)} />
        </label>
        {error && (
          <div className="error" role="alert">
            {error}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || score === null}>
            Send my answer
          </button>
          {saved && (
            <span className="green" role="status">
              Thank you: we recorded {saved.score} for {label}. You can change it until the month after next.
            </span>
          )}
        </div>
      </form>
    </Panel>
  );
};
