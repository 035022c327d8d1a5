import { describe, expect, it } from "vitest";
import type { Engagement, Milestone, Sprint } from "../domain/types.ts";
import { cadenceEvents, foldLine, renderIcs } from "./calendar.ts";

const engagement: Engagement = {
  id: "acme-mobile",
  customerId: "acme",
  name: "Acme Mobile, Phase 2; Ünïcödé",
  status: "active",
  sprintLengthDays: 14,
  reportDay: "thu",
  reviewSla: { firstReviewHours: 8 },
  timeZone: "Europe/Berlin",
  startDate: "2026-01-05",
};
const sprint: Sprint = {
  id: "sim:sprint:1",
  engagementId: "acme-mobile",
  sourceId: "s",
  name: "Sprint 1",
  state: "closed",
  // 23:30 UTC is already the next day in Berlin.
  startAt: "2026-01-04T23:30:00.000Z",
  endAt: "2026-01-16T16:00:00.000Z",
  completedAt: null,
  goal: "Log-in works, offline",
};
const milestone: Milestone = {
  id: "m1",
  engagementId: "acme-mobile",
  sourceId: null,
  name: "Beta",
  targetDate: "2026-03-31",
  epicId: null,
  closedAt: null,
};
const NOW = new Date("2026-03-02T10:00:00Z");

describe("the engagement calendar feed", () => {
  const ics = renderIcs(engagement, cadenceEvents(engagement, [sprint], [milestone]), NOW);
  const unfolded = ics.replace(/\r\n /g, "");

  it("lists sprint starts and ends in the engagement's time zone, reviews, the weekly report day and milestones", () => {
    expect(cadenceEvents(engagement, [sprint], [milestone]).map((e) => [e.date, e.summary])).toEqual([
      ["2026-01-05", "Sprint 1 starts"],
      ["2026-01-08", "Acme Mobile, Phase 2; Ünïcödé: weekly status report due"],
      ["2026-01-16", "Sprint 1 ends"],
      ["2026-01-16", "Sprint 1 review"],
      ["2026-03-31", "Milestone: Beta"],
    ]);
    expect(unfolded).toContain("RRULE:FREQ=WEEKLY;BYDAY=TH");
    expect(unfolded).toContain("DTSTART;VALUE=DATE:20260331\r\nDTEND;VALUE=DATE:20260401");
  });

  it("is RFC 5545: CRLF line ends, lines folded at 75 octets, a UID and DTSTAMP on every event, text escaped", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const events = unfolded.split("BEGIN:VEVENT").slice(1);
    expect(events).toHaveLength(5);
    for (const event of events) {
      expect(event).toMatch(/\r\nUID:[^\r]+@baton\r\n/);
      expect(event).toContain("DTSTAMP:20260302T100000Z");
    }
    expect(unfolded).toContain("SUMMARY:Acme Mobile\\, Phase 2\\; Ünïcödé: weekly status report due");
    expect(unfolded).toContain("DESCRIPTION:Goal: Log-in works\\, offline");
  });

  it("folds long lines without splitting a multi-byte character", () => {
    const folded = foldLine(`SUMMARY:${"é".repeat(80)}`);
    for (const part of folded.split("\r\n ")) expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${"é".repeat(80)}`);
  });
});
