import { useId, useMemo, useState } from "react";
import {
  type GraphDependency,
  type GraphEnd,
  layoutDependencyGraph,
  type PlacedEdge,
} from "../../../src/charts/dependency-graph.ts";
import { type CriticalPath, type Dependency, enc } from "../api.ts";
import { formatDate, useApi } from "./ui.tsx";

const KIND_TEXT: Record<GraphEnd["kind"], string> = {
  item: "item",
  milestone: "milestone",
  pod: "other pod",
  external: "external party",
};

/** The graph's view of a dependency: promises of other pods and parties are a node each. */
export const toGraphDependency = (d: Dependency): GraphDependency => ({
  id: d.id,
  title: d.title,
  dependent: { id: d.dependentId, label: d.dependentLabel, kind: d.dependentKind },
  prerequisite:
    d.prerequisiteKind === "item" || d.prerequisiteKind === "milestone"
      ? { id: d.prerequisiteId ?? d.id, label: d.prerequisiteLabel, kind: d.prerequisiteKind }
      : {
          // The critical path names these `promise:<dependency id>`.
          id: `promise:${d.id}`,
          label: d.prerequisiteKind === "pod" ? d.prerequisiteLabel : d.owner,
          kind: d.prerequisiteKind,
        },
  dueDate: d.dueDate,
  overdue: d.overdue,
  customerOwed: d.customerOwed,
});

const edgeClass = (e: PlacedEdge) =>
  ["dg-edge", e.overdue ? "overdue" : "", e.critical ? "critical" : ""].filter(Boolean).join(" ");

/**
 * The open dependencies of an engagement as a graph: what waits on the left, arrows to what it
 * waits on; overdue arrows in the warning colour, customer-owed ones labelled. Choosing a milestone
 * lays its critical path over the graph. The SVG is a picture; the table beside it says the same.
 */
export const DependencyGraph = ({
  engagementId,
  dependencies,
  milestones,
}: {
  engagementId: string;
  dependencies: readonly Dependency[];
  milestones: readonly string[];
}) => {
  const ids = useId();
  const [milestone, setMilestone] = useState("");
  const [path] = useApi<CriticalPath>(
    milestone ? `/api/v1/engagements/${enc(engagementId)}/milestones/${enc(milestone)}/critical-path` : null,
  );
  const open = useMemo(() => dependencies.filter((d) => d.status === "open"), [dependencies]);
  const steps = useMemo(
    () => (milestone && path.state === "ready" ? path.data.steps : []),
    [milestone, path],
  );
  const layout = useMemo(
    () =>
      layoutDependencyGraph(
        open.map(toGraphDependency),
        steps.map((s) => ({ id: s.id, label: s.label, kind: s.kind })),
        { nodeWidth: 120, columnGap: 60 },
      ),
    [open, steps],
  );
  const labelOf = new Map(layout.nodes.map((n) => [n.id, n.label]));
  const marker = (kind: string) => `url(#${CSS.escape(`${ids}-${kind}`)})`;
  return (
    <figure className="dep-graph" aria-labelledby={`${ids}-caption`}>
      <figcaption id={`${ids}-caption`} className="row">
        <strong>Dependency graph</strong>
        <span className="muted">{open.length} open · arrows point from what waits to what it waits on</span>
        {milestones.length > 0 && (
          <label className="push row">
            Critical path to
            <select value={milestone} onChange={(e) => setMilestone(e.target.value)} name="criticalPath">
              <option value="">no milestone</option>
              {milestones.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
        )}
      </figcaption>
      {milestone && path.state === "loading" && <p className="muted">Tracing the critical path…</p>}
      {milestone && path.state === "error" && (
        <p className="error" role="alert">
          Could not trace the critical path: {path.error.message}
        </p>
      )}
      {milestone && path.state === "ready" && (
        <p className="critical-summary">
          <strong>{path.data.milestone}</strong> can finish {formatDate(path.data.finishDate)} at the
          earliest; the chain that decides it: {path.data.steps.map((s) => s.label).join(" → ")}
        </p>
      )}
      {layout.nodes.length === 0 ? (
        <p className="muted">No open dependency to draw.</p>
      ) : (
        <div className="dep-graph-canvas" aria-hidden="true">
          <svg
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            // As wide as the panel allows, never wider than drawn: text stays legible at its size or smaller.
            style={{ width: "100%", maxWidth: layout.width, height: "auto" }}
          >
            <title>Dependency graph</title>
            <defs>
              {["plain", "overdue", "critical"].map((kind) => (
                <marker
                  key={kind}
                  id={`${ids}-${kind}`}
                  viewBox="0 0 10 10"
                  refX="9"
                  refY="5"
                  markerWidth="7"
                  markerHeight="7"
                  orient="auto-start-reverse"
                >
                  <path d="M0 0 L10 5 L0 10 z" className={`dg-arrow ${kind}`} />
                </marker>
              ))}
            </defs>
            {layout.edges.map((e) => (
              <path
                key={e.id}
                d={e.d}
                className={edgeClass(e)}
                markerEnd={marker(e.critical ? "critical" : e.overdue ? "overdue" : "plain")}
              >
                <title>
                  {`${labelOf.get(e.from)} waits on ${labelOf.get(e.to)}${e.title ? `: ${e.title}` : ""}${e.dueDate ? `, due ${e.dueDate}` : ""}`}
                </title>
              </path>
            ))}
            {layout.nodes.map((n) => (
              <g key={n.id} className={`dg-node ${n.kind}${n.critical ? " critical" : ""}`}>
                <title>{`${KIND_TEXT[n.kind]}: ${n.label}`}</title>
                <rect
                  x={n.x}
                  y={n.y}
                  width={layout.nodeWidth}
                  height={layout.nodeHeight}
                  rx={n.kind === "milestone" ? 12 : 5}
                />
                <text x={n.x + 8} y={n.y + 14} className="dg-label">
                  {n.shortLabel}
                </text>
                <text x={n.x + 8} y={n.y + 27} className="dg-kind">
                  {KIND_TEXT[n.kind]}
                </text>
              </g>
            ))}
            {layout.edges.map((e) => {
              const badges = [e.customerOwed ? "C" : "", e.overdue ? "!" : ""].filter(Boolean);
              return badges.map((b, i) => (
                <g
                  key={`${e.id}-${b}`}
                  className={`dg-badge${b === "!" ? " overdue" : ""}`}
                  transform={`translate(${e.mid[0] + (i - (badges.length - 1) / 2) * 16} ${e.mid[1]})`}
                >
                  <circle r="7" />
                  <text y="3.5" textAnchor="middle">
                    {b}
                  </text>
                </g>
              ));
            })}
          </svg>
          <p className="dg-legend muted">
            <span className="dg-key overdue" /> overdue (dashed) <span className="dg-key critical" /> critical
            path <span className="dg-dot">C</span> customer owes <span className="dg-dot overdue">!</span>{" "}
            overdue
          </p>
        </div>
      )}
      {layout.edges.length > 0 && (
        // A table does not shrink to the 1 px of .sr-only: the wrapper does.
        <div className="sr-only">
          <table>
            <caption>Open dependencies{milestone ? ` and the critical path to ${milestone}` : ""}</caption>
            <thead>
              <tr>
                <th>What waits</th>
                <th>Waits on</th>
                <th>What</th>
                <th>Due</th>
                <th>Notes</th>
              </tr>
            </thead>
            <tbody>
              {layout.edges.map((e) => (
                <tr key={e.id}>
                  <td>{labelOf.get(e.from)}</td>
                  <td>{labelOf.get(e.to)}</td>
                  <td>{e.title ?? "in the milestone's scope"}</td>
                  <td>{formatDate(e.dueDate)}</td>
                  <td>
                    {[
                      e.overdue ? "overdue" : "",
                      e.customerOwed ? "owed by the customer" : "",
                      e.critical ? "on the critical path" : "",
                    ]
                      .filter(Boolean)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
};
