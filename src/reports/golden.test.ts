import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHistory } from "../app/history.ts";
import { prepareReport } from "../app/reports.ts";
import { openStore, type Store } from "../store/store.ts";
import { GOLDEN_NOW, INTERNAL_TITLE, seedGolden } from "../testing/golden.ts";

/**
 * Golden reports: the fixed engagement of testing/golden.ts, as of 6 Mar 2026, gives exactly the
 * Markdown and facts stored in golden/, byte for byte, for each kind of report. When a change to
 * a report is intended, regenerate them with `UPDATE_GOLDEN=1 npx vitest run src/reports/golden.test.ts`
 * and read the diff before committing it.
 */
const GOLDEN = join(import.meta.dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const CASES = [
  { kind: "weekly", period: "2026-03-06" },
  { kind: "monthly", period: "2026-02" },
  { kind: "milestone", period: "Onboarding release" },
  { kind: "sprint", period: "ACME Sprint 8" },
] as const;

const compare = (file: string, actual: string) => {
  const path = join(GOLDEN, file);
  if (UPDATE || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
};

describe("golden reports of the fixed engagement", () => {
  let store: Store;
  const written = new Map<string, { markdown: string; facts: string }>();
  beforeAll(async () => {
    store = await openStore(":memory:");
    await seedGolden(store);
    for (const c of CASES) {
      const { report } = await prepareReport(store, "acme-mobile", c.kind, c.period, GOLDEN_NOW);
      written.set(c.kind, { markdown: report.markdown, facts: `${JSON.stringify(report.facts, null, 2)}\n` });
    }
  }, 60_000);
  afterAll(async () => store?.close());

  for (const c of CASES)
    it(`writes the ${c.kind} report and its facts exactly as stored`, () => {
      const report = written.get(c.kind)!;
      compare(`${c.kind}.md`, report.markdown);
      compare(`${c.kind}.json`, report.facts);
    });

  it("never names an internal escalation or a work item the customer cannot see", async () => {
    const history = await loadHistory(store, "acme-mobile");
    const hidden = history.items.filter((i) => !i.customerVisible && i.type.toLowerCase() !== "epic");
    expect(hidden.length).toBeGreaterThan(5);
    for (const [kind, report] of written) {
      const text = `${report.markdown}\n${report.facts}`;
      expect(text, kind).not.toContain(INTERNAL_TITLE);
      const named = hidden.filter((i) => new RegExp(`\\b${i.key}\\b`).test(text)).map((i) => i.key);
      expect(named, kind).toEqual([]);
    }
  });
});
