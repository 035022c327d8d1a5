import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantMs, parseInstant } from "./time.ts";

describe("instants", () => {
  it("read canonical instants exactly as Date.parse does", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
        (d) => {
          const instant = d.toISOString();
          expect(instantMs(instant)).toBe(Date.parse(instant));
        },
      ),
      { numRuns: 2000 },
    );
    expect(instantMs("2026-03-04T12:00:00+01:00")).toBe(Date.parse("2026-03-04T11:00:00Z"));
  });

  it("parse ISO 8601 with offsets, Jira's +0100 form, and bare dates; reject the rest", () => {
    expect(parseInstant("2026-03-04T12:00:00.000+0100")).toBe("2026-03-04T11:00:00.000Z");
    expect(parseInstant("2026-03-04")).toBe("2026-03-04T00:00:00.000Z");
    expect(parseInstant("2026-02-30")).toBeNull();
    expect(parseInstant("yesterday")).toBeNull();
  });
});
