import { describe, expect, it } from "vitest";
import { type GraphDependency, type GraphEnd, layoutDependencyGraph } from "./dependency-graph.ts";

const item = (key: string): GraphEnd => ({ id: `item:${key}`, label: key, kind: "item" });
const dep = (
  id: string,
  dependent: GraphEnd,
  prerequisite: GraphEnd,
  extra: Partial<GraphDependency> = {},
): GraphDependency => ({
  id,
  title: `${dependent.label} needs ${prerequisite.label}`,
  dependent,
  prerequisite,
  dueDate: null,
  overdue: false,
  customerOwed: false,
  ...extra,
});

describe("dependency graph layout", () => {
  it("puts what waits left of what it waits on, one column per step of waiting", () => {
    const keys: GraphEnd = { id: "promise:dep-3", label: "Acme", kind: "external" };
    const layout = layoutDependencyGraph([
      dep("dep-1", item("A-1"), item("A-2")),
      dep("dep-2", item("A-2"), item("A-3")),
      dep("dep-3", item("A-3"), keys, { overdue: true, customerOwed: true, dueDate: "2026-05-12" }),
      dep("dep-4", item("A-1"), item("A-3")),
    ]);
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    expect([
      at("item:A-1")?.column,
      at("item:A-2")?.column,
      at("item:A-3")?.column,
      at(keys.id)?.column,
    ]).toEqual([0, 1, 2, 3]);
    expect(layout.nodes).toHaveLength(4);
    expect(layout.edges).toHaveLength(4);
    // Arrows leave the right edge of the waiting node and end at the left edge of its prerequisite.
    const first = layout.edges.find((e) => e.id === "dep-1");
    expect(first?.d).toMatch(/^M158 25 C.* 214 25$/);
    const owed = layout.edges.find((e) => e.id === "dep-3");
    expect(owed).toMatchObject({ overdue: true, customerOwed: true, critical: false, dueDate: "2026-05-12" });
    expect(layout.width).toBe(8 + 3 * (150 + 56) + 150 + 8);
    expect(layout.height).toBe(8 + 34 + 8);
  });

  it("lays a milestone's critical path over the graph, adding the steps that are not dependencies", () => {
    const milestone: GraphEnd = { id: "ms:beta", label: "Beta", kind: "milestone" };
    const layout = layoutDependencyGraph(
      [dep("dep-1", item("A-1"), item("A-2")), dep("dep-2", item("B-1"), item("B-2"))],
      [item("A-2"), item("A-1"), milestone],
    );
    const critical = layout.edges.filter((e) => e.critical).map((e) => [e.from, e.to]);
    expect(critical).toEqual([
      ["item:A-1", "item:A-2"],
      ["ms:beta", "item:A-1"],
    ]);
    // The milestone waits on A-1, so it stands left of it and the chain reads left to right.
    const col = (id: string) => layout.nodes.find((n) => n.id === id)?.column;
    expect([col("ms:beta"), col("item:A-1"), col("item:A-2")]).toEqual([0, 1, 2]);
    expect(layout.nodes.filter((n) => n.critical).map((n) => n.id)).toEqual([
      "item:A-1",
      "item:A-2",
      "ms:beta",
    ]);
    expect(layout.edges.find((e) => e.from === "ms:beta")?.title).toBeNull();
  });

  it("keeps long labels whole for reading and cut for the box, and draws nothing for no dependencies", () => {
    const long: GraphEnd = {
      id: "x",
      label: "A party with a very long name indeed, far too long",
      kind: "external",
    };
    const layout = layoutDependencyGraph([dep("dep-1", item("A-1"), long)]);
    const node = layout.nodes.find((n) => n.id === "x");
    expect(node?.label).toBe(long.label);
    expect(node?.shortLabel.endsWith("…")).toBe(true);
    expect(node?.shortLabel.length).toBeLessThan(long.label.length);
    expect(layoutDependencyGraph([])).toMatchObject({ width: 0, height: 0, nodes: [], edges: [] });
  });

  it("stops on a loop instead of running forever", () => {
    const layout = layoutDependencyGraph([
      dep("dep-1", item("A-1"), item("A-2")),
      dep("dep-2", item("A-2"), item("A-1")),
    ]);
    expect(layout.nodes).toHaveLength(2);
  });
});
