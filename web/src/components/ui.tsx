import { type ReactNode, useCallback, useEffect, useState } from "react";
import { ApiError, api } from "../api.ts";

/** What a page knows about one API read: loading, the data, or the error. */
export type Load<T> =
  | { readonly state: "loading" }
  | { readonly state: "ready"; readonly data: T }
  | { readonly state: "error"; readonly error: ApiError };

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, "network", "Baton could not be reached");

/** Reads `path` (null: nothing yet) and reloads on demand, e.g. after an action changed it. */
export const useApi = <T,>(path: string | null): [Load<T>, () => void] => {
  const [load, setLoad] = useState<Load<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    if (tick === 0) setLoad({ state: "loading" });
    api.get<T>(path).then(
      (data) => live && setLoad({ state: "ready", data }),
      (error: unknown) => live && setLoad({ state: "error", error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  useEffect(() => setTick(0), []);
  return [load, useCallback(() => setTick((t) => t + 1), [])];
};

/** Runs an action, remembering whether it is busy and what went wrong. */
export const useAction = () => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(asApiError(e).message);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
};

export const Loading = ({ what }: { what: string }) => (
  <div className="loading" role="status" aria-live="polite">
    <span>Loading {what}…</span>
    <div className="skeleton" style={{ width: "60%" }} />
    <div className="skeleton" style={{ width: "85%" }} />
    <div className="skeleton" style={{ width: "40%" }} />
  </div>
);

export const Empty = ({ title, children }: { title: string; children?: ReactNode }) => (
  <div className="empty">
    <strong>{title}</strong>
    {children}
  </div>
);

/** The page for anything the caller may not see: the API answers 404 for both, and so do we. */
export const NotAvailable = ({ what = "This page" }: { what?: string }) => (
  <div className="center">
    <h1>Not available</h1>
    <p className="muted">
      {what} does not exist or is not shared with you. If someone sent you this link, ask them to check that
      it was meant for your account.
    </p>
    <p>
      <a className="button" href="/">
        Back to your overview
      </a>
    </p>
  </div>
);

export const ErrorView = ({ error, what }: { error: ApiError; what: string }) => {
  if (error.status === 404 || error.status === 403) return <NotAvailable what={what} />;
  return (
    <div className="error" role="alert">
      Could not load {what.toLowerCase()}: {error.message}
    </div>
  );
};

/** Renders `children(data)` once loaded, with the loading and error states in between. */
export const Loaded = <T,>({
  load,
  what,
  children,
}: {
  load: Load<T>;
  what: string;
  children: (data: T) => ReactNode;
}) => {
  if (load.state === "loading") return <Loading what={what.toLowerCase()} />;
  if (load.state === "error") return <ErrorView error={load.error} what={what} />;
  return <>{children(load.data)}</>;
};

export const Panel = ({
  title,
  aside,
  children,
  id,
}: {
  title: string;
  aside?: ReactNode;
  children: ReactNode;
  id?: string;
}) => (
  <section className="panel" aria-labelledby={id ? `${id}-h` : undefined} id={id}>
    <div className="panel-head">
      <h2 id={id ? `${id}-h` : undefined}>{title}</h2>
      {aside !== undefined && <span className="aside">{aside}</span>}
    </div>
    {children}
  </section>
);

export const Stat = ({ label, value, note }: { label: string; value: ReactNode; note?: ReactNode }) => (
  <div className="stat">
    <div className="label">{label}</div>
    <div className="value">{value}</div>
    {note !== undefined && <div className="note">{note}</div>}
  </div>
);

const RAG_TEXT = { green: "On track", amber: "At risk", red: "Off track" } as const;

export const RagBadge = ({ status }: { status: "green" | "amber" | "red" }) => (
  <span className={`pill ${status}`}>
    <span className="dot" aria-hidden="true" />
    {RAG_TEXT[status]}
  </span>
);

const SEVERITY_CLASS: Record<string, string> = { critical: "red", high: "red", medium: "amber", low: "" };
export const SeverityPill = ({ severity }: { severity: string }) => (
  <span className={`pill ${SEVERITY_CLASS[severity] ?? ""}`}>{severity}</span>
);

const DAY = 86_400_000;
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });
const shortFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/** `2026-11-29` → `29 Nov 2026` (calendar dates are shown as dates, never shifted by a time zone). */
export const formatDate = (date: string | null | undefined, short = false) => {
  if (!date) return "—";
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  return Number.isNaN(d.getTime()) ? date : (short ? shortFormat : dateFormat).format(d);
};
export const formatTime = (instant: string | null | undefined) =>
  instant ? timeFormat.format(new Date(instant)) : "—";
/** "1 review", "3 reviews": a count with its noun (plural by adding "s" unless given). */
export const plural = (count: number, noun: string, nouns = `${noun}s`) =>
  `${count.toLocaleString("en")} ${count === 1 ? noun : nouns}`;

export const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${Math.round(value * 100)} %`;
export const num = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? "—" : value.toFixed(digits).replace(/\.0+$/, "");
/** Whole days from `from` to `to` (calendar dates); positive when `to` is later. */
export const daysBetween = (from: string, to: string) =>
  Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY,
  );
/** "3 h ago", "in 2 d" relative to `now`. */
export const relative = (instant: string, now = Date.now()) => {
  const hours = (Date.parse(instant) - now) / 3_600_000;
  const abs = Math.abs(hours);
  const text =
    abs < 1 ? `${Math.round(abs * 60)} min` : abs < 48 ? `${Math.round(abs)} h` : `${Math.round(abs / 24)} d`;
  return hours < 0 ? `${text} ago` : `in ${text}`;
};
