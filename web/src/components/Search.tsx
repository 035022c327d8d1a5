import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { useLocation } from "wouter";
import { api, enc, type SearchResult } from "../api.ts";

/** Where a search result leads in the app. */
export const resultHref = (r: SearchResult, customer: boolean) => {
  const base = `/engagements/${enc(r.engagementId)}`;
  if (r.kind === "report") return `${base}/reports?report=${enc(r.ref)}`;
  if (customer) return base;
  const anchor: Record<string, string> = {
    signal: "#signals",
    escalation: "#escalations",
    decision: "#decisions",
    miss: "#milestones",
    item: "#flow",
  };
  return `${base}${anchor[r.kind] ?? ""}`;
};

/** The search box: `/` focuses it, arrows move through the results, Enter opens one. */
export const SearchBox = ({ customer }: { customer: boolean }) => {
  const [q, setQ] = useState("");
  const [results, setResults] = useState<readonly SearchResult[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [, navigate] = useLocation();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const query = q.trim();
    if (query.length < 2) {
      setResults([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.get<{ results: SearchResult[] }>(`/api/v1/search?q=${enc(query)}&limit=8`).then(
        (r) => {
          if (!live) return;
          setResults(r.results);
          setActive(0);
        },
        () => live && setResults([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const go = (href: string) => {
    setOpen(false);
    setQ("");
    input.current?.blur();
    navigate(href);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, results.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const chosen = results[active];
      go(chosen ? resultHref(chosen, customer) : `/search?q=${enc(q.trim())}`);
    } else if (e.key === "Escape") {
      setOpen(false);
      input.current?.blur();
    }
  };

  return (
    <search className="search">
      <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="7" cy="7" r="5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M11 11l3.5 3.5" stroke="currentColor" strokeWidth="1.6" />
      </svg>
      <input
        ref={input}
        type="search"
        placeholder="Search items, escalations, decisions…"
        aria-label="Search"
        role="combobox"
        aria-expanded={open && results.length > 0}
        aria-controls={listId}
        aria-activedescendant={results[active] ? `${listId}-${active}` : undefined}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {q === "" && <span className="kbd">/</span>}
      {open && results.length > 0 && (
        <div className="results" id={listId} role="listbox">
          {results.map((r, i) => (
            <div key={r.id} role="presentation">
              <a
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                href={resultHref(r, customer)}
                onMouseDown={(e) => {
                  e.preventDefault();
                  go(resultHref(r, customer));
                }}
              >
                <span className="pill">{r.kind}</span>
                <span>{r.title}</span>
                <span className="faint" style={{ marginLeft: "auto" }}>
                  {r.engagementId}
                </span>
              </a>
            </div>
          ))}
        </div>
      )}
    </search>
  );
};
