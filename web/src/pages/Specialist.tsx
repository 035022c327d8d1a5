import { Link } from "wouter";
import type { EngagementSummary } from "../api.ts";
import { Layout } from "../components/Layout.tsx";
import { Empty, Loaded, useApi } from "../components/ui.tsx";

/** A specialist's start: the pods they are in, each leading to its cockpit. */
export const SpecialistHomePage = () => {
  const [load] = useApi<{ engagements: EngagementSummary[] }>("/api/v1/engagements");
  return (
    <Layout crumbs={<span>Your pods</span>}>
      <div className="page-head">
        <h1>Your pods</h1>
      </div>
      <Loaded load={load} what="Your engagements">
        {({ engagements }) =>
          engagements.length === 0 ? (
            <Empty title="You are not in a pod yet">Ask your DM to add you: baton pod add …</Empty>
          ) : (
            <section className="panel">
              <ul className="list">
                {engagements.map((e) => (
                  <li key={e.id}>
                    <Link href={`/engagements/${e.id}`} className="item-title">
                      {e.name}
                    </Link>
                    <div className="item-meta">
                      <span>{e.customer.name}</span>
                      <span>DM {e.dm?.name ?? "—"}</span>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )
        }
      </Loaded>
    </Layout>
  );
};
