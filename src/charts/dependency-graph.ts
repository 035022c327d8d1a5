/**
 * Lays out an engagement's dependency graph for drawing: what waits on the left, what it waits on
 * to its right, one column per step of waiting, arrows from the waiting node to its prerequisite.
 * A milestone's critical path can be laid over it: its steps join the graph and its edges are
 * marked. Pure: positions only, no colours and no markup (the web app draws it).
 */

export type GraphNodeKind = "item" | "milestone" | "pod" | "external";

export interface GraphEnd {
  readonly id: string;
  readonly label: string;
  readonly kind: GraphNodeKind;
}

/** One open dependency: `dependent` cannot finish before `prerequisite`. */
export interface GraphDependency {
  readonly id: string;
  readonly title: string;
  readonly dependent: GraphEnd;
  readonly prerequisite: GraphEnd;
  readonly dueDate: string | null;
  readonly overdue: boolean;
  readonly customerOwed: boolean;
}

export interface PlacedNode extends GraphEnd {
  readonly x: number;
  readonly y: number;
  readonly column: number;
  readonly critical: boolean;
  /** The label cut to fit the box (the full label stays in `label`). */
  readonly shortLabel: string;
}

export interface PlacedEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** The dependency's title; a critical-path step that is not a recorded dependency has none. */
  readonly title: string | null;
  readonly dueDate: string | null;
  readonly overdue: boolean;
  readonly customerOwed: boolean;
  readonly critical: boolean;
  /** SVG path data from the dependent's right edge to the prerequisite's left edge. */
  readonly d: string;
  /** Where a marker for the edge (customer-owed) sits: its middle. */
  readonly mid: readonly [number, number];
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

export interface GraphOptions {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly columnGap: number;
  readonly rowGap: number;
  readonly padding: number;
}

const DEFAULTS: GraphOptions = { nodeWidth: 150, nodeHeight: 34, columnGap: 56, rowGap: 14, padding: 8 };

/** Roughly the characters of 12 px text that fit a box `width` wide. */
const fitLabel = (label: string, width: number) => {
  const max = Math.max(4, Math.floor((width - 16) / 6.6));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
};

const r = (v: number) => Math.round(v * 10) / 10;

/**
 * Positions the nodes and edges of `dependencies`, plus the chain of `criticalPath` (first step
 * first, ending at the milestone, as the API returns it). The graph is acyclic (the API refuses a
 * loop); should one slip in, columns stop growing after as many rounds as there are nodes.
 */
export const layoutDependencyGraph = (
  dependencies: readonly GraphDependency[],
  criticalPath: readonly GraphEnd[] = [],
  options: Partial<GraphOptions> = {},
): GraphLayout => {
  const o = { ...DEFAULTS, ...options };
  const ends = new Map<string, GraphEnd>();
  const add = (end: GraphEnd) => {
    if (!ends.has(end.id)) ends.set(end.id, end);
  };
  interface Link {
    readonly id: string;
    readonly from: string;
    readonly to: string;
    readonly dependency: GraphDependency | null;
  }
  const links: Link[] = [];
  const linkKey = (from: string, to: string) => `${from}\u0000${to}`;
  const seen = new Set<string>();
  for (const d of dependencies) {
    add(d.dependent);
    add(d.prerequisite);
    links.push({ id: d.id, from: d.dependent.id, to: d.prerequisite.id, dependency: d });
    seen.add(linkKey(d.dependent.id, d.prerequisite.id));
  }
  // Consecutive steps of the path: the later one waits on the earlier one.
  const criticalLinks = new Set<string>();
  for (const step of criticalPath) add(step);
  for (let i = 1; i < criticalPath.length; i++) {
    const from = (criticalPath[i] as GraphEnd).id;
    const to = (criticalPath[i - 1] as GraphEnd).id;
    criticalLinks.add(linkKey(from, to));
    if (!seen.has(linkKey(from, to))) {
      seen.add(linkKey(from, to));
      links.push({ id: `path:${from}:${to}`, from, to, dependency: null });
    }
  }
  const onPath = new Set(criticalPath.map((s) => s.id));

  // Column: the longest chain of waiting that leads to the node (what nobody waits on is column 0).
  const column = new Map<string, number>([...ends.keys()].map((id) => [id, 0]));
  for (let round = 0; round < ends.size; round++) {
    let changed = false;
    for (const l of links) {
      const next = (column.get(l.from) ?? 0) + 1;
      if (next > (column.get(l.to) ?? 0)) {
        column.set(l.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }

  // Rows: in order of first appearance, then each column sorted by the mean row of what waits on it.
  const columns: string[][] = [];
  for (const id of ends.keys()) {
    const c = column.get(id) ?? 0;
    const ids = columns[c] ?? [];
    ids.push(id);
    columns[c] = ids;
  }
  const row = new Map<string, number>();
  columns.forEach((ids, c) => {
    if (c > 0) {
      const mean = (id: string) => {
        const rows = links.filter((l) => l.to === id).map((l) => row.get(l.from) ?? 0);
        return rows.length === 0 ? 0 : rows.reduce((a, b) => a + b, 0) / rows.length;
      };
      const order = new Map(ids.map((id, i) => [id, i]));
      ids.sort((a, b) => mean(a) - mean(b) || (order.get(a) as number) - (order.get(b) as number));
    }
    for (const [i, id] of ids.entries()) row.set(id, i);
  });

  const rows = Math.max(0, ...columns.map((c) => c?.length ?? 0));
  const xOf = (c: number) => o.padding + c * (o.nodeWidth + o.columnGap);
  const yOf = (rw: number) => o.padding + rw * (o.nodeHeight + o.rowGap);
  const nodes: PlacedNode[] = [...ends.values()].map((end) => ({
    ...end,
    column: column.get(end.id) ?? 0,
    x: xOf(column.get(end.id) ?? 0),
    y: yOf(row.get(end.id) ?? 0),
    critical: onPath.has(end.id),
    shortLabel: fitLabel(end.label, o.nodeWidth),
  }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges: PlacedEdge[] = links.map((l) => {
    const a = byId.get(l.from) as PlacedNode;
    const b = byId.get(l.to) as PlacedNode;
    const x1 = a.x + o.nodeWidth;
    const y1 = a.y + o.nodeHeight / 2;
    const x2 = b.x;
    const y2 = b.y + o.nodeHeight / 2;
    const bend = Math.max(20, (x2 - x1) / 2);
    return {
      id: l.id,
      from: l.from,
      to: l.to,
      title: l.dependency?.title ?? null,
      dueDate: l.dependency?.dueDate ?? null,
      overdue: l.dependency?.overdue ?? false,
      customerOwed: l.dependency?.customerOwed ?? false,
      critical: criticalLinks.has(linkKey(l.from, l.to)),
      d: `M${r(x1)} ${r(y1)} C${r(x1 + bend)} ${r(y1)} ${r(x2 - bend)} ${r(y2)} ${r(x2)} ${r(y2)}`,
      mid: [r((x1 + x2) / 2), r((y1 + y2) / 2)],
    };
  });
  const cols = columns.length;
  return {
    width: cols === 0 ? 0 : xOf(cols - 1) + o.nodeWidth + o.padding,
    height: rows === 0 ? 0 : yOf(rows - 1) + o.nodeHeight + o.padding,
    nodeWidth: o.nodeWidth,
    nodeHeight: o.nodeHeight,
    nodes,
    edges,
  };
};
