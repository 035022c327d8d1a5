import { describe, expect, it } from "vitest";
import { emptyWeek as empty, greenWeek as green, redWeek as red } from "../testing/weekly-facts.ts";
import type { WeeklyFacts } from "./facts.ts";
import { groundingCheck } from "./grounding.ts";
import { weeklyMarkdown } from "./markdown.ts";

const check = (text: string, facts: WeeklyFacts = green) =>
  groundingCheck(text, facts, weeklyMarkdown(facts));

const texts = (text: string, facts: WeeklyFacts = green) =>
  check(text, facts).unsupported.map((u) => [u.kind, u.text]);

describe("grounding check", () => {
  it.each([
    ["green", green],
    ["red", red],
    ["empty", empty],
  ])("accepts the template written from the %s facts, word for word", (_name, facts) => {
    expect(check(weeklyMarkdown(facts), facts)).toEqual({ ok: true, unsupported: [] });
  });

  it("rejects a number the facts do not hold, saying where it is", () => {
    const text = "We delivered 42 items this week.";
    expect(check(text)).toEqual({
      ok: false,
      unsupported: [{ kind: "number", text: "42", at: text.indexOf("42") }],
    });
  });

  it("rejects a date the facts do not hold, in any of the forms prose uses", () => {
    expect(texts("Beta ships on 5 Jan 2027.")).toEqual([["date", "5 Jan 2027"]]);
    expect(texts("Beta ships on January 5th, 2027.")).toEqual([["date", "January 5th, 2027"]]);
    expect(texts("Beta ships on 2027-01-05.")).toEqual([["date", "2027-01-05"]]);
    expect(texts("Beta ships on Dec 19.")).toEqual([["date", "Dec 19"]]);
    expect(texts("Beta ships on 19 December.")).toEqual([["date", "19 December"]]);
    expect(texts("Beta ships in March 2027.")).toEqual([["date", "March 2027"]]);
  });

  it("rejects a person or company the facts never name", () => {
    expect(texts("The keys came from Alice on Monday.")).toEqual([["name", "Alice"]]);
    expect(texts("We thank the Globex team.")).toEqual([["name", "Globex"]]);
    expect(texts("Omar Farouk and Alice Smith met.")).toEqual([["name", "Alice Smith"]]);
  });

  it("rejects invented item keys, escalation levels and decision numbers", () => {
    expect(texts("ACME-99 is done and ADR-7 is open.", red)).toEqual([
      ["name", "ACME-99"],
      ["name", "ADR-7"],
    ]);
    expect(texts("ACME-12 is done and ADR-3 waits for you (L2).", red)).toEqual([]);
  });

  it("accepts a rephrased week that uses only the facts' numbers, dates and names", () => {
    const text = [
      "Beta remains on track: at 85 % confidence it lands by 15 Dec, three days before its",
      "18 December target, and two days earlier than last week's forecast. 67% of its 12 items are",
      "done, with 4 left; the chance of making the target is 91 percent.",
      "",
      "This week the pod delivered five items, including ACME-12 (Sign in with passkeys), against",
      "about 4.3 a week lately. ACME Sprint 14 has 6 of 10 items done and ends on Friday, Dec 11th.",
      "Reviews: 90 % started within 8 working hours (9 of 10). Work typically takes 2.5 days",
      "from start to done, with 3 items in progress. Omar Farouk, for Acme Corp.",
    ].join("\n");
    expect(check(text)).toEqual({ ok: true, unsupported: [] });
  });

  it("rejects a percentage that is not a share in the facts, even when the number is", () => {
    // 12 is Beta's scope, not a percentage of anything.
    expect(texts("Code review is at 12 % adherence.")).toEqual([["number", "12 %"]]);
    expect(texts("Code review is at 95% adherence.")).toEqual([["number", "95%"]]);
  });

  it("accepts days between a report date and a fact's date, and whole weeks of them", () => {
    // 4 Dec (week end) to 18 Dec (target): 14 days, two weeks; 4 Dec to 11 Dec (sprint end): 7 days.
    expect(check("Beta is due in 14 days, two weeks from today; the sprint ends in 7 days.").ok).toBe(true);
    expect(texts("Beta is due in 23 days.")).toEqual([["number", "23"]]);
  });

  it("does not read list numbering, headings' title case or sentence openers as claims", () => {
    const text = "## Coming Up Next\n\n1. Sprint review.\n2. Thanks for the keys.\nTogether we ship Beta.";
    expect(check(text)).toEqual({ ok: true, unsupported: [] });
  });

  it("rejects a link, an address or a mention the facts do not hold", () => {
    expect(texts("See https://evil.example/pay for details.")).toEqual([
      ["name", "https://evil.example/pay"],
    ]);
    expect(texts("Write to billing@acme.example or ping @channel.")).toEqual([
      ["name", "billing@acme.example"],
      ["name", "@channel"],
    ]);
  });

  it("reports every unsupported claim in the order written", () => {
    const text = "Alice says 42 items ship on 5 Jan 2027 at 99 %.";
    expect(texts(`Today ${text}`)).toEqual([
      ["name", "Alice"],
      ["number", "42"],
      ["date", "5 Jan 2027"],
      ["number", "99 %"],
    ]);
  });
});
