import { describe, expect, it } from "vitest";
import { parseTimeWindow } from "./time-window.ts";

const NOW = new Date("2026-03-10T12:00:00.000Z");

describe("time windows for metrics", () => {
  it("default to now and the 28 days before", () => {
    expect(parseTimeWindow({}, NOW)).toEqual({
      asOf: "2026-03-10T12:00:00.000Z",
      from: "2026-02-10T12:00:00.000Z",
      to: "2026-03-10T12:00:00.000Z",
    });
  });

  it("read a bare as-of date as the end of that day", () => {
    expect(parseTimeWindow({ asOf: "2026-03-04" }, NOW).asOf).toBe("2026-03-04T23:59:59.999Z");
    expect(parseTimeWindow({ asOf: "2026-03-04T12:00Z" }, NOW).asOf).toBe("2026-03-04T12:00:00.000Z");
  });

  it("read from as the start and to as the end of their days", () => {
    expect(parseTimeWindow({ from: "2026-02-01", to: "2026-02-28" }, NOW)).toMatchObject({
      from: "2026-02-01T00:00:00.000Z",
      to: "2026-02-28T23:59:59.999Z",
    });
  });

  it("name the flag and value that do not parse, and refuse an empty window", () => {
    expect(() => parseTimeWindow({ asOf: "last tuesday" }, NOW)).toThrow(
      '--as-of "last tuesday" is not a date',
    );
    expect(() => parseTimeWindow({ from: "2026-03-05", to: "2026-03-01" }, NOW)).toThrow(
      "must be before --to",
    );
  });
});
