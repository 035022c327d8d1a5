import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalMs, isoOf, msAtOrAfter, msAtOrBefore } from "./instants.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const BASE = Date.parse("2026-03-02T00:00:00.000Z");

describe("instants by arithmetic", () => {
  it("read and write canonical instants as Date does", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse("1000-01-01"), max: Date.parse("9999-12-31") }), (ms) => {
        expect(isoOf(ms)).toBe(iso(ms));
        expect(canonicalMs(iso(ms))).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("instant bounds in milliseconds", () => {
  it("gives a canonical bound's own milliseconds", () => {
    expect(msAtOrAfter(iso(BASE))).toBe(BASE);
    expect(msAtOrBefore(iso(BASE))).toBe(BASE);
  });

  it("compares like strings for bounds in other forms", () => {
    // "2026-03-02" sorts before every instant of that day; "…T00:00:00Z" after its first second.
    expect(msAtOrAfter("2026-03-02")).toBe(BASE);
    expect(msAtOrBefore("2026-03-02")).toBe(BASE - 1);
    expect(msAtOrAfter("2026-03-02T00:00:00Z")).toBe(BASE + 1000);
  });

  it("agrees with string comparison of canonical instants", () => {
    const instant = fc.integer({ min: BASE - 86_400_000 * 400, max: BASE + 86_400_000 * 400 });
    const bound = fc.oneof(
      instant.map(iso),
      fc.tuple(instant, fc.integer({ min: 0, max: 24 })).map(([ms, n]) => iso(ms).slice(0, n)),
      instant.map((ms) => `${iso(ms).slice(0, 19)}+01:00`),
      fc.string(),
    );
    fc.assert(
      fc.property(instant, bound, (ms, b) => {
        const at = iso(ms);
        expect(ms >= msAtOrAfter(b)).toBe(at >= b);
        expect(ms <= msAtOrBefore(b)).toBe(at <= b);
      }),
      { numRuns: 2000 },
    );
  });
});
