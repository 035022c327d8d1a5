import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentiles, percentilesInPlace } from "./stats.ts";

describe("percentiles", () => {
  it("interpolate between closest ranks (R7), as spreadsheets do", () => {
    expect(percentiles([1, 2, 3, 4], [50, 85, 95])).toEqual([2.5, 3.55, 3.8499999999999996]);
    expect(percentiles([], [50])).toEqual([null]);
  });

  it("found by selection equal the ones found by sorting, for any list of numbers", () => {
    const values = fc.array(
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }).map((v) => v + 0),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(values, (list) => {
        const ps = [0, 50, 85, 95, 100];
        const inPlace = percentilesInPlace(Float64Array.from(list), list.length, ps);
        expect(inPlace).toEqual(percentiles(list, ps));
      }),
    );
  });

  it("by selection read only the first n values", () => {
    const buffer = Float64Array.from([5, 1, 3, 1000, -1000]);
    expect(percentilesInPlace(buffer, 3, [50])).toEqual([3]);
  });
});
