import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { api, type EngagementSummary } from "../api.ts";
import { isDelivery, useUser } from "../session.tsx";
import { SearchBox } from "./Search.tsx";
import { useApi } from "./ui.tsx";

const signOut = async () => {
  await api.del("/api/v1/session").catch(() => null);
  window.location.assign("/login");
};

const NavLink = ({ href, children }: { href: string; children: ReactNode }) => {
  const [location] = useLocation();
  const current = href === "/" ? location === "/" : location === href || location.startsWith(`${href}/`);
  return (
    <Link href={href} aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
};

/** The frame of every page: navigation by engagement, search, who is signed in. */
export const Layout = ({ crumbs, children }: { crumbs: ReactNode; children: ReactNode }) => {
  const user = useUser();
  const [engagements] = useApi<{ engagements: EngagementSummary[] }>("/api/v1/engagements");
  const customer = user.role === "customer";
  return (
    <div className="shell">
      <a className="skip" href="#content">
        Skip to content
      </a>
      <nav className="side nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" /> Baton
        </div>
        <NavLink href="/">{customer ? "Overview" : "Portfolio"}</NavLink>
        <NavLink href="/search">Search</NavLink>
        {user.role === "dm" && user.personId && (
          <NavLink href={`/scorecards/${user.personId}`}>My scorecard</NavLink>
        )}
        <div className="nav-label">Engagements</div>
        {engagements.state === "ready" &&
          engagements.data.engagements.map((e) => (
            <NavLink key={e.id} href={`/engagements/${e.id}`}>
              {e.name}
            </NavLink>
          ))}
        <div className="side-foot">
          <div>{user.name}</div>
          <div className="faint">
            {user.role}
            {isDelivery(user) ? "" : ` · ${user.email}`}
          </div>
          <button type="button" className="ghost" onClick={signOut}>
            Sign out
          </button>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <div className="crumbs">{crumbs}</div>
          <SearchBox customer={customer} />
        </header>
        <main className="page" id="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
};
