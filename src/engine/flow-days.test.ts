import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantOrder } from "./flow-days.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const BASE = Date.parse("2026-03-02T00:00:00.000Z");

describe("instantOrder", () => {
  const bySort = (ms: readonly number[], ids: readonly string[]) =>
    ids
      .map((id, i) => ({ id, i, at: iso(ms[i]!) }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1))
      .map((e) => e.i);

  it("orders by instant, then by id among equal instants", () => {
    const ms = Float64Array.from([BASE + 5, BASE, BASE + 5, BASE]);
    expect(instantOrder(ms, ["b", "z", "a", "c"])).toEqual([3, 1, 2, 0]);
  });

  it("matches sorting the instant strings, also with spans too wide to pack", () => {
    fc.assert(
      fc.property(
        // Up to 9999-…: past that, toISOString's six-digit years no longer sort as strings.
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 80 }),
        fc.boolean(),
        (entries, wide) => {
          const ms = entries.map(([t, far]) => BASE + t * 3_600_000 + (wide && far ? 2.2e14 : 0));
          const ids = entries.map((_, i) => `I${(i * 7919) % 101}-${i}`);
          expect(instantOrder(Float64Array.from(ms), ids)).toEqual(bySort(ms, ids));
        },
      ),
    );
  });
});
