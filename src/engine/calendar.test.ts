import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WorkingCalendar } from "../domain/types.ts";
import { addWorkingHours, addWorkingMs, workingHoursBetween, workingMsBetween } from "./calendar.ts";

const weekdays = (timeZone: string, holidays: readonly string[] = []): WorkingCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: "09:00",
  workEnd: "17:00",
  holidays,
});

const berlin = weekdays("Europe/Berlin");
const newYork = weekdays("America/New_York");
const allDay: WorkingCalendar = {
  ...berlin,
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  workStart: "00:00",
  workEnd: "24:00",
};
const earlyHours: WorkingCalendar = { ...allDay, workStart: "01:00", workEnd: "04:00" };
const nightShift: WorkingCalendar = { ...weekdays("UTC"), workStart: "22:00", workEnd: "06:00" };

describe("working hours between two instants", () => {
  // Hand-computed: local times in comments, UTC in the arguments.
  const cases: readonly (readonly [string, WorkingCalendar, string, string, number])[] = [
    ["same working day", berlin, "2026-03-03T09:00:00.000Z", "2026-03-03T11:30:00.000Z", 2.5],
    // Tue 15:00 CET → Wed 11:00 CET: 2 h on Tuesday, 2 h on Wednesday.
    ["overnight span", berlin, "2026-03-03T14:00:00.000Z", "2026-03-04T10:00:00.000Z", 4],
    // Fri 17:00 CET → Sun 23:00 CET: the request waits for Monday.
    ["Friday 17:00 over the weekend", berlin, "2026-03-06T16:00:00.000Z", "2026-03-08T22:00:00.000Z", 0],
    // Fri 17:00 CET → Mon 10:00 CET.
    ["Friday 17:00 to Monday 10:00", berlin, "2026-03-06T16:00:00.000Z", "2026-03-09T09:00:00.000Z", 1],
    // Sat 11:00 CET → Mon 09:30 CET.
    ["requested on a Saturday", berlin, "2026-03-07T10:00:00.000Z", "2026-03-09T08:30:00.000Z", 0.5],
    // Fri 16:00 CET → Mon 10:00 CEST across the spring-forward weekend (Mon 09:00 CEST = 07:00Z).
    ["Berlin spring forward", berlin, "2026-03-27T15:00:00.000Z", "2026-03-30T08:00:00.000Z", 2],
    // Fri 16:00 CEST → Mon 10:00 CET across the fall-back weekend (Mon 09:00 CET = 08:00Z).
    ["Berlin fall back", berlin, "2026-10-23T14:00:00.000Z", "2026-10-26T09:00:00.000Z", 2],
    // Sunday 2026-03-29 lasts 23 hours in Berlin, Sunday 2026-10-25 lasts 25.
    ["the short Sunday, all day", allDay, "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z", 23],
    ["the long Sunday, all day", allDay, "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z", 25],
    // 01:00 CET (00:00Z) → 04:00 CEST (02:00Z): the hour 02:00–03:00 does not exist.
    [
      "01:00–04:00 on the short Sunday",
      earlyHours,
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T12:00:00.000Z",
      2,
    ],
    // 01:00 CEST (23:00Z the day before) → 04:00 CET (03:00Z): 02:00–03:00 happens twice.
    ["01:00–04:00 on the long Sunday", earlyHours, "2026-10-24T20:00:00.000Z", "2026-10-25T12:00:00.000Z", 4],
    // Fri 16:00 EST (21:00Z) → Mon 10:00 EDT (14:00Z): New York springs forward on 2026-03-08.
    ["New York spring forward", newYork, "2026-03-06T21:00:00.000Z", "2026-03-09T14:00:00.000Z", 2],
    // Fri 16:00 EDT (20:00Z) → Mon 10:00 EST (15:00Z): New York falls back on 2026-11-01.
    ["New York fall back", newYork, "2026-10-30T20:00:00.000Z", "2026-11-02T15:00:00.000Z", 2],
    // Thu 16:00 CEST → Tue 10:00 CEST over Good Friday and Easter Monday.
    [
      "Easter holidays",
      weekdays("Europe/Berlin", ["2026-04-03", "2026-04-06"]),
      "2026-04-02T14:00:00.000Z",
      "2026-04-07T08:00:00.000Z",
      2,
    ],
    // A half-hour zone: 09:00–17:00 IST is 03:30Z–11:30Z.
    ["Kolkata", weekdays("Asia/Kolkata"), "2026-03-02T00:00:00.000Z", "2026-03-02T04:00:00.000Z", 0.5],
    // Monday's shift runs 22:00 → Tuesday 06:00; Friday's ends Saturday 06:00; none on Saturday night.
    ["night shift", nightShift, "2026-03-02T20:00:00.000Z", "2026-03-03T08:00:00.000Z", 8],
    ["night shift over a weekend", nightShift, "2026-03-06T23:00:00.000Z", "2026-03-09T23:00:00.000Z", 8],
    ["backwards", berlin, "2026-03-04T10:00:00.000Z", "2026-03-03T10:00:00.000Z", 0],
  ];

  it.each(cases)("%s", (_name, calendar, from, to, hours) => {
    expect(workingHoursBetween(calendar, from, to)).toBeCloseTo(hours, 9);
  });
});

describe("the deadline after a number of working hours", () => {
  const cases: readonly (readonly [string, WorkingCalendar, string, number, string])[] = [
    ["inside one day", berlin, "2026-03-03T09:00:00.000Z", 3, "2026-03-03T12:00:00.000Z"],
    // Fri 16:00 CET + 8 h: 1 h on Friday, 7 h from Mon 09:00 CEST (07:00Z).
    ["over the spring-forward weekend", berlin, "2026-03-27T15:00:00.000Z", 8, "2026-03-30T14:00:00.000Z"],
    // Fri 16:00 CEST + 2 h: Mon 10:00 CET.
    ["over the fall-back weekend", berlin, "2026-10-23T14:00:00.000Z", 2, "2026-10-26T09:00:00.000Z"],
    // Fri 16:00 EST + 1.5 h: Mon 09:30 EDT.
    ["New York spring forward", newYork, "2026-03-06T21:00:00.000Z", 1.5, "2026-03-09T13:30:00.000Z"],
    // A zero budget is due at the next working moment.
    ["zero hours on a Saturday", berlin, "2026-03-07T10:00:00.000Z", 0, "2026-03-09T08:00:00.000Z"],
    ["zero hours inside working time", berlin, "2026-03-03T10:15:00.000Z", 0, "2026-03-03T10:15:00.000Z"],
    // Fri 17:00 CET + 1 h: Mon 10:00.
    ["Friday 17:00 plus one hour", berlin, "2026-03-06T16:00:00.000Z", 1, "2026-03-09T09:00:00.000Z"],
    // The clock stands still from Fri 17:00 to Mon 09:00, so the limit is passed only on Monday.
    ["a budget ending at 17:00", berlin, "2026-03-06T08:00:00.000Z", 8, "2026-03-09T08:00:00.000Z"],
    [
      "over Easter",
      weekdays("Europe/Berlin", ["2026-04-03", "2026-04-06"]),
      "2026-04-02T14:00:00.000Z",
      4,
      "2026-04-07T10:00:00.000Z",
    ],
  ];

  it.each(cases)("%s", (_name, calendar, from, hours, due) => {
    expect(addWorkingHours(calendar, from, hours)).toBe(due);
  });

  it("rejects a negative budget", () => {
    expect(() => addWorkingHours(berlin, "2026-03-03T09:00:00.000Z", -1)).toThrow(/≥ 0/);
  });
});

describe("invalid calendars are named", () => {
  it.each([
    [{ ...berlin, timeZone: "Mars/Olympus" }, /time zone "Mars\/Olympus"/],
    [{ ...berlin, workStart: "9am" }, /workStart "9am"/],
    [{ ...berlin, workingDays: [] }, /no working days/],
    [{ ...berlin, workEnd: "09:00" }, /no working hours/],
  ] as const)("%#", (calendar, message) => {
    expect(() =>
      workingHoursBetween(calendar, "2026-03-03T09:00:00.000Z", "2026-03-04T09:00:00.000Z"),
    ).toThrow(message);
  });
});

const calendars: readonly WorkingCalendar[] = [
  berlin,
  newYork,
  weekdays("Australia/Sydney", ["2026-04-03"]),
  weekdays("Asia/Kolkata"),
  weekdays("Europe/Berlin", ["2026-03-30", "2026-10-26", "2026-12-24", "2026-12-25"]),
  allDay,
  earlyHours,
  nightShift,
  { ...weekdays("Asia/Jerusalem"), workingDays: [7, 1, 2, 3, 4] },
];
const calendar = fc.constantFrom(...calendars);
// 2025-12-01 … 2027-02-01: both 2026 daylight-saving changes on both hemispheres.
const instant = fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 1, 1) });
const HOUR = 3_600_000;

describe("working-time properties", () => {
  it("is between zero and the wall-clock time", () => {
    fc.assert(
      fc.property(calendar, instant, instant, (cal, a, b) => {
        const working = workingMsBetween(cal, a, b);
        expect(working).toBeGreaterThanOrEqual(0);
        expect(working).toBeLessThanOrEqual(Math.max(0, b - a));
      }),
    );
  });

  it("adds up over consecutive spans", () => {
    fc.assert(
      fc.property(calendar, fc.array(instant, { minLength: 3, maxLength: 3 }), (cal, points) => {
        const [a, b, c] = [...points].sort((x, y) => x - y) as [number, number, number];
        expect(workingMsBetween(cal, a, b) + workingMsBetween(cal, b, c)).toBe(workingMsBetween(cal, a, c));
      }),
    );
  });

  it("round-trips: the deadline is exactly the budget away, and one millisecond later is over it", () => {
    fc.assert(
      fc.property(calendar, instant, fc.double({ min: 0, max: 200, noNaN: true }), (cal, from, hours) => {
        const due = addWorkingMs(cal, from, hours * HOUR);
        expect(workingMsBetween(cal, from, due) / HOUR).toBeCloseTo(hours, 6);
        expect(workingMsBetween(cal, from, due + 1)).toBeGreaterThan(hours * HOUR);
      }),
    );
  });

  it("agrees with the Instant-based functions", () => {
    fc.assert(
      fc.property(calendar, instant, instant, (cal, a, b) => {
        const from = new Date(a).toISOString();
        const to = new Date(b).toISOString();
        expect(workingHoursBetween(cal, from, to)).toBe(workingMsBetween(cal, a, b) / HOUR);
      }),
    );
  });
});
