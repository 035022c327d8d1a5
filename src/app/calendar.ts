import { addDays } from "../domain/time.ts";
import type { Engagement, Milestone, Sprint } from "../domain/types.ts";
import { utcOffsetMs } from "../domain/zone.ts";
import { listMilestones, listSprints } from "../store/history.ts";
import type { Store } from "../store/store.ts";

/** One all-day entry of an engagement's calendar. */
export interface CadenceEvent {
  /** Stable across feeds, so calendar apps update rather than duplicate. */
  readonly uid: string;
  readonly date: string;
  readonly summary: string;
  readonly description?: string;
  /** Weekly repetition (the report day). */
  readonly weekly?: boolean;
}

const BYDAY = { mon: "MO", tue: "TU", wed: "WE", thu: "TH", fri: "FR", sat: "SA", sun: "SU" } as const;
const WEEKDAY_INDEX = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

/** The local calendar date of an instant in a time zone. */
const localDate = (instant: string, timeZone: string) => {
  const ms = Date.parse(instant);
  return new Date(ms + utcOffsetMs(timeZone, ms)).toISOString().slice(0, 10);
};

const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * The engagement's cadence as calendar entries: sprint starts and ends, the sprint review on
 * each sprint's last day, the weekly report day, and milestone target dates. Pure.
 */
export const cadenceEvents = (
  engagement: Engagement,
  sprints: readonly Sprint[],
  milestones: readonly Milestone[],
): CadenceEvent[] => {
  const events: CadenceEvent[] = [];
  for (const sprint of sprints) {
    if (sprint.startAt)
      events.push({
        uid: `sprint-start:${sprint.id}`,
        date: localDate(sprint.startAt, engagement.timeZone),
        summary: `${sprint.name} starts`,
        ...(sprint.goal ? { description: `Goal: ${sprint.goal}` } : {}),
      });
    if (sprint.endAt) {
      const end = localDate(sprint.endAt, engagement.timeZone);
      events.push({ uid: `sprint-end:${sprint.id}`, date: end, summary: `${sprint.name} ends` });
      events.push({ uid: `sprint-review:${sprint.id}`, date: end, summary: `${sprint.name} review` });
    }
  }
  const offset = (WEEKDAY_INDEX[engagement.reportDay] - isoWeekday(engagement.startDate) + 7) % 7;
  events.push({
    uid: `report-day:${engagement.id}`,
    date: addDays(engagement.startDate, offset),
    summary: `${engagement.name}: weekly status report due`,
    weekly: true,
  });
  for (const milestone of milestones)
    events.push({
      uid: `milestone:${milestone.id}`,
      date: milestone.targetDate,
      summary: `Milestone: ${milestone.name}`,
      ...(milestone.closedAt ? { description: `Closed ${milestone.closedAt.slice(0, 10)}` } : {}),
    });
  return events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.uid < b.uid ? -1 : 1));
};

/** RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines. */
const escapeText = (text: string) =>
  text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
export const foldLine = (line: string): string => {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
};

const compactDate = (date: string) => date.replaceAll("-", "");
const stamp = (at: Date) => `${at.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;

/** An iCalendar (RFC 5545) document: CRLF line ends, folded lines, UID and DTSTAMP on every event. */
export const renderIcs = (engagement: Engagement, events: readonly CadenceEvent[], now: Date): string => {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Baton//Engagement cadence//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(`${engagement.name} (Baton)`)}`,
    `X-WR-TIMEZONE:${engagement.timeZone}`,
  ];
  for (const event of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(`${event.uid}@baton`)}`,
      `DTSTAMP:${stamp(now)}`,
      `DTSTART;VALUE=DATE:${compactDate(event.date)}`,
      `DTEND;VALUE=DATE:${compactDate(addDays(event.date, 1))}`,
      `SUMMARY:${escapeText(event.summary)}`,
    );
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.weekly) {
      const day = BYDAY[engagement.reportDay];
      lines.push(`RRULE:FREQ=WEEKLY;BYDAY=${day}`);
    }
    lines.push("TRANSP:TRANSPARENT", "END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
};

/** The engagement's calendar feed. */
export const engagementCalendar = async (
  store: Store,
  engagement: Engagement,
  now: Date,
): Promise<string> => {
  const [sprints, milestones] = await Promise.all([
    listSprints(store.db, engagement.id),
    listMilestones(store.db, engagement.id),
  ]);
  return renderIcs(engagement, cadenceEvents(engagement, sprints, milestones), now);
};
