import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport, reportChart } from "../app/report-formats.ts";
import type { StoredReport } from "../store/reports.ts";
import { openStore, type Store } from "../store/store.ts";
import { HOSTILE_TITLE, SAMPLE_CHARTS, seedHostileWeekly, testChart } from "../testing/reports.ts";
import { isStaticSvg, markdownHtml, reportHtml, reportText } from "./html.ts";

let store: Store;
let report: StoredReport;
beforeAll(async () => {
  store = await openStore(":memory:");
  report = await seedHostileWeekly(store);
});
afterAll(async () => store.close());

const html = () => reportHtml(report, { chart: reportChart });

/** Opening tags with their attributes, e.g. `<td style="…">`. */
const tags = (doc: string) => [...doc.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?>/g)];

describe("the HTML of a report", () => {
  it("is email-safe: no scripts, no event handlers, no style blocks, every text element styled inline", () => {
    const doc = html();
    expect(doc.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(doc).not.toMatch(/<script/i);
    expect(doc).not.toMatch(/<style/i);
    expect(doc).not.toMatch(/<link/i);
    const names = tags(doc).flatMap((t) =>
      [...(t[2] ?? "").matchAll(/\s([a-zA-Z:-]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)].map((a) => a[1]),
    );
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((n) => /^on/i.test(n ?? ""))).toEqual([]);
    const unstyled = tags(doc)
      .filter((t) => /^(p|h1|h2|h3|table|td|th|ul|li|a|strong)$/i.test(t[1] ?? ""))
      .filter((t) => !/\sstyle="/.test(t[2] ?? ""));
    expect(unstyled.map((t) => t[0])).toEqual([]);
  });

  it("draws the status symbols without needing an emoji font, keeping their meaning", () => {
    const doc = markdownHtml("**🟢 On track.** 🟠 🔴 — ✅ Delivered, ⚠️ Delivered late. `🟢` in code too");
    for (const symbol of ["🟢", "🟠", "🔴", "✅", "\u{FE0F}"]) expect(doc).not.toContain(symbol);
    expect(doc).toContain('aria-label="green"');
    expect(doc).toContain('aria-label="amber"');
    expect(doc).toContain('aria-label="red"');
    expect(doc).toContain("✓</span> Delivered");
    expect(doc).toContain("⚠</span> Delivered late");
    expect(doc).toContain("<strong");
  });

  it("shows engagement, customer, period, version and the RAG status in its header", () => {
    const doc = html();
    expect(doc).toContain("Acme · Acme Mobile");
    expect(doc).toContain("Weekly status · Week ending 8 May 2026 · Draft");
    expect(doc).toContain(">At risk</span>");
    expect(doc).toContain("<title>Acme Mobile — Weekly status, week ending 8 May 2026</title>");
  });

  it("keeps a hostile title and comment as visible text, and drops a javascript: link", () => {
    const doc = html();
    expect(doc).not.toContain("<img");
    expect(doc).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(doc).toContain("&lt;script&gt;alert(&quot;comment&quot;)&lt;/script&gt;");
    expect(doc).not.toMatch(/href="javascript/i);
    expect(doc).toContain("[click](javascript:alert(2))");
  });

  it("draws each chart with a caption and a table of its data", () => {
    const doc = html();
    expect(doc.match(/<svg /g)).toHaveLength(2);
    expect(doc).toContain("Figure 1. Beta burn-up &lt;img src=x onerror=alert(1)&gt;");
    expect(doc).toContain("target 15 May 2026, forecast P50 14 May 2026, P85 20 May 2026, P95 26 May 2026");
    expect(doc).toMatch(/<th[^>]*>Done \(items\)<\/th>/);
    expect(doc).toMatch(/<td[^>]*>8 May 2026<\/td><td[^>]*>4<\/td><td[^>]*>3<\/td>/);
  });

  it("leaves out chart markup that is not a plain picture, keeping its table", () => {
    const doc = reportHtml(report, {
      chart: () => '<svg onload="alert(1)"><circle r="3"/></svg>',
    });
    expect(doc).not.toContain("onload");
    expect(doc).toContain("Figure 2. Code review within the SLA");
    expect(isStaticSvg(testChart(SAMPLE_CHARTS[0]!))).toBe(true);
    expect(isStaticSvg('<svg><foreignObject><div onclick="x()"/></foreignObject></svg>')).toBe(false);
    expect(isStaticSvg('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>')).toBe(false);
  });

  it("has a plain-text alternative that reads the hostile text literally, with each chart's rows", () => {
    const text = reportText(report);
    expect(text).toContain("Acme Mobile — weekly status\n===========");
    expect(text).toContain(`Escalation (L2): ${HOSTILE_TITLE}.`);
    expect(text).toContain("Figure 2. Code review within the SLA\nWeek ending | Within 24 h | Late");
    expect(text).not.toContain("&lt;");
  });
});

describe("a hostile title in every format", () => {
  it("is escaped in Markdown, kept as data in JSON, and never markup in HTML", async () => {
    const md = (await renderReport(report, "md")).body as string;
    expect(md).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(md).not.toContain(HOSTILE_TITLE);
    const json = JSON.parse((await renderReport(report, "json")).body as string);
    expect(json.escalations[0].title).toBe(HOSTILE_TITLE);
    const doc = (await renderReport(report, "html")).body as string;
    expect(tags(doc).filter((t) => t[1]?.toLowerCase() === "img")).toEqual([]);
  });
});
