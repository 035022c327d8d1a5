import { useState } from "react";
import { Link, useSearch } from "wouter";
import { enc, type SearchResult } from "../api.ts";
import { Layout } from "../components/Layout.tsx";
import { resultHref } from "../components/Search.tsx";
import { Empty, formatTime, Loaded, useApi } from "../components/ui.tsx";
import { useUser } from "../session.tsx";

/** Full search results, across everything the caller may see. */
export const SearchPage = () => {
  const user = useUser();
  const params = new URLSearchParams(useSearch());
  const [q, setQ] = useState(params.get("q") ?? "");
  const query = (params.get("q") ?? "").trim();
  const [load] = useApi<{ results: SearchResult[] }>(
    query.length > 0 ? `/api/v1/search?q=${enc(query)}&limit=50` : null,
  );
  return (
    <Layout crumbs={<span>Search</span>}>
      <div className="page-head">
        <h1>Search</h1>
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          window.history.pushState(null, "", `/search?q=${enc(q)}`);
          window.dispatchEvent(new PopStateEvent("popstate"));
        }}
      >
        <input
          type="search"
          aria-label="Search for"
          placeholder="payment keys, ACME-12, release train…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 360 }}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {query === "" ? (
        <Empty title="Search everything you can see">
          Work items by key or title, escalations, decisions, missed milestones, signals and reports. Press{" "}
          <span className="kbd">/</span> anywhere to search.
        </Empty>
      ) : (
        <Loaded load={load} what="Search results">
          {({ results }) =>
            results.length === 0 ? (
              <Empty title={`Nothing matches “${query}”`}>Try fewer or different words.</Empty>
            ) : (
              <section className="panel">
                <ul className="list">
                  {results.map((r) => (
                    <li key={r.id}>
                      <Link href={resultHref(r, user.role === "customer")} className="item-title">
                        {r.title}
                      </Link>
                      <div className="item-meta">
                        <span className="pill">{r.kind}</span>
                        <span>{r.engagementId}</span>
                        <span>updated {formatTime(r.updatedAt)}</span>
                      </div>
                    </li>
                  ))}
                </ul>
              </section>
            )
          }
        </Loaded>
      )}
    </Layout>
  );
};
