import { describe, expect, it } from "vitest";
import { BatonError } from "../errors.ts";
import { criticalPath, type PathEdge, type PathNode } from "./critical-path.ts";

const item = (id: string, remainingDays: number, done = false): PathNode => ({
  id,
  label: id,
  kind: "item",
  remainingDays,
  done,
});
const milestone: PathNode = { id: "beta", label: "Beta", kind: "milestone", remainingDays: 0, done: false };
const needs = (dependent: string, prerequisite: string): PathEdge => ({ dependent, prerequisite });

describe("critical path to a milestone", () => {
  it("follows the longest chain of remaining work", () => {
    // A(3) → B(2) → Beta and C(4) → Beta: A then B finishes on day 5, C on day 4.
    const nodes = [item("A", 3), item("B", 2), item("C", 4), milestone];
    const edges = [needs("B", "A"), needs("beta", "B"), needs("beta", "C")];
    const path = criticalPath(nodes, edges, "beta", "2026-05-04");
    expect(path.steps.map((s) => [s.id, s.startDay, s.finishDay])).toEqual([
      ["A", 0, 3],
      ["B", 3, 5],
      ["beta", 5, 5],
    ]);
    expect(path.finishDate).toBe("2026-05-09");
  });

  it("waits for an external promise until its due date and flags it when overdue", () => {
    const keys: PathNode = {
      id: "keys",
      label: "Customer: API keys",
      kind: "external",
      remainingDays: 0,
      done: false,
      dueDate: "2026-05-12",
    };
    const nodes = [item("A", 1), item("B", 2), keys, milestone];
    const edges = [needs("B", "keys"), needs("beta", "B"), needs("beta", "A")];
    const path = criticalPath(nodes, edges, "beta", "2026-05-04");
    expect(path.steps.map((s) => s.label)).toEqual(["Customer: API keys", "B", "Beta"]);
    expect(path.finishDate).toBe("2026-05-14");
    const late = criticalPath(nodes, edges, "beta", "2026-05-20");
    expect(late.steps[0]).toMatchObject({ id: "keys", overdue: true, finishDay: 0 });
  });

  it("ignores finished prerequisites", () => {
    const nodes = [item("A", 9, true), item("B", 2), milestone];
    const path = criticalPath(nodes, [needs("B", "A"), needs("beta", "B")], "beta", "2026-05-04");
    expect(path.steps.map((s) => s.id)).toEqual(["B", "beta"]);
    expect(path.finishDate).toBe("2026-05-06");
  });

  it("reports a cycle by name instead of hanging", () => {
    const nodes = [item("ACME-1", 1), item("ACME-2", 1), item("ACME-3", 1), milestone];
    const edges = [needs("ACME-1", "ACME-2"), needs("ACME-2", "ACME-3"), needs("ACME-3", "ACME-1")];
    let error: unknown;
    try {
      criticalPath(nodes, [...edges, needs("beta", "ACME-1")], "beta", "2026-05-04");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).message).toBe(
      "dependencies form a cycle: ACME-1 → ACME-2 → ACME-3 → ACME-1",
    );
  });

  it("handles a wide graph where many chains share prerequisites", () => {
    const nodes: PathNode[] = [milestone];
    const edges: PathEdge[] = [];
    for (let i = 0; i < 2000; i++) {
      nodes.push(item(`I${i}`, 1));
      if (i > 0) edges.push(needs(`I${i}`, `I${i - 1}`));
    }
    edges.push(needs("beta", "I1999"));
    const path = criticalPath(nodes, edges, "beta", "2026-01-01");
    expect(path.steps).toHaveLength(2001);
    expect(path.finishDate).toBe("2031-06-24");
  });
});
