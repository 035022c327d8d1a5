import { lazy, StrictMode, Suspense, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { Route, Switch, useLocation } from "wouter";
import { ApiError, api, type SessionUser, setCsrfToken } from "./api.ts";
import { Layout } from "./components/Layout.tsx";
import { Loading, NotAvailable } from "./components/ui.tsx";
import { SessionContext } from "./session.tsx";
import "./styles.css";

// Each page is its own chunk, fetched the first time it is opened: a customer never downloads the
// cockpit, and the report editor's Markdown renderer comes with the pages that show reports.
const CockpitPage = lazy(() => import("./pages/Cockpit.tsx").then((m) => ({ default: m.CockpitPage })));
const CustomerEngagementPage = lazy(() =>
  import("./pages/Customer.tsx").then((m) => ({ default: m.CustomerEngagementPage })),
);
const CustomerHomePage = lazy(() =>
  import("./pages/Customer.tsx").then((m) => ({ default: m.CustomerHomePage })),
);
const PortfolioPage = lazy(() => import("./pages/Portfolio.tsx").then((m) => ({ default: m.PortfolioPage })));
const ReportsPage = lazy(() => import("./pages/Reports.tsx").then((m) => ({ default: m.ReportsPage })));
const ScorecardPage = lazy(() => import("./pages/Scorecard.tsx").then((m) => ({ default: m.ScorecardPage })));
const SearchPage = lazy(() => import("./pages/Search.tsx").then((m) => ({ default: m.SearchPage })));
const SpecialistHomePage = lazy(() =>
  import("./pages/Specialist.tsx").then((m) => ({ default: m.SpecialistHomePage })),
);

/**
 * Fetches the chunks of the pages the user is likely to open next while the browser is idle, so
 * moving from the home page to an engagement shows no loading step.
 */
const prefetchPages = (user: SessionUser) => {
  const later = (fn: () => void) =>
    typeof window.requestIdleCallback === "function" ? window.requestIdleCallback(fn) : setTimeout(fn, 1500);
  later(() => {
    if (user.role === "customer") void import("./pages/Customer.tsx");
    else {
      void import("./pages/Cockpit.tsx");
      if (user.role !== "specialist") void import("./pages/Reports.tsx");
    }
  });
};

const Home = ({ user }: { user: SessionUser }) =>
  user.role === "customer" ? (
    <CustomerHomePage />
  ) : user.role === "specialist" ? (
    <SpecialistHomePage />
  ) : (
    <PortfolioPage />
  );

const Routes = ({ user }: { user: SessionUser }) => {
  const customer = user.role === "customer";
  const [location] = useLocation();
  // A new page starts at the top, with focus where a screen reader expects it.
  useEffect(() => {
    if (!location.includes("#")) window.scrollTo(0, 0);
  }, [location]);
  return (
    <Suspense
      fallback={
        <div className="center">
          <Loading what="the page" />
        </div>
      }
    >
      <Switch>
        <Route path="/">
          <Home user={user} />
        </Route>
        <Route path="/search">
          <SearchPage />
        </Route>
        <Route path="/engagements/:id/reports">{(params) => <ReportsPage id={params.id} />}</Route>
        <Route path="/engagements/:id">
          {(params) =>
            customer ? <CustomerEngagementPage id={params.id} /> : <CockpitPage id={params.id} />
          }
        </Route>
        <Route path="/scorecards/:dm">
          {(params) =>
            customer || user.role === "specialist" ? <Unavailable /> : <ScorecardPage dm={params.dm} />
          }
        </Route>
        <Route>
          <Unavailable />
        </Route>
      </Switch>
    </Suspense>
  );
};

const Unavailable = () => (
  <Layout crumbs={<span>Not available</span>}>
    <NotAvailable />
  </Layout>
);

const App = () => {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ user: SessionUser; csrfToken: string | null }>("/api/v1/session").then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setUser(session.user);
        prefetchPages(session.user);
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          window.location.replace("/login");
        } else setFailure(error instanceof Error ? error.message : String(error));
      },
    );
  }, []);
  if (failure)
    return (
      <div className="center error" role="alert">
        Baton could not be reached: {failure}. Reload the page to try again.
      </div>
    );
  if (!user)
    return (
      <div className="center">
        <Loading what="your session" />
      </div>
    );
  return (
    <SessionContext.Provider value={user}>
      <Routes user={user} />
    </SessionContext.Provider>
  );
};

const root = document.getElementById("root");
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
