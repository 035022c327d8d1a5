import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NarratorConfig } from "../reports/narrate.ts";
import { getReport } from "../store/reports.ts";
import type { Store } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { type LlmServer, startLlmServer } from "../testing/llm-server.ts";
import { TEST_BACKENDS } from "../testing/stores.ts";
import { editReport, prepareDueDraft, prepareWeekly, publishReport } from "./reports.ts";

const now = new Date("2026-05-09T12:00:00.000Z");

const TEMPLATE_WEEK = "- Delivered 0 items, against an average of 0.3 a week over the last four weeks.";
const CALM_WEEK =
  "- Nothing was delivered this week while ACME-3 waits; over the last four weeks the pod averaged 0.3 items a week, with 2 of Beta's items left.";
const INVENTED_WEEK = "- We delivered 42 items this week, well above the average of 0.3.";

describe.each(TEST_BACKENDS)("narrated weekly status on $name", (backend) => {
  let llm: LlmServer;
  let narrator: NarratorConfig;
  let store: Store;
  let template: string;
  beforeAll(async () => {
    llm = await startLlmServer();
    narrator = {
      endpoint: `${llm.url}/chat/completions`,
      model: "qwen2.5:7b",
      key: "sk-test",
      timeoutMs: 5000,
    };
  });
  afterAll(() => llm.close());
  beforeEach(async () => {
    store = await backend.open();
    await seedBeta(store);
    template = (await prepareWeekly(store, "acme-mobile", "2026-05-08", now)).report.markdown;
    expect(template).toContain(TEMPLATE_WEEK);
  });
  afterEach(async () => store?.close());

  it("stores the model's text as the draft when it states only the facts, and says the model wrote it", async () => {
    const narrated = template.replace(TEMPLATE_WEEK, CALM_WEEK);
    llm.reply({ content: narrated });
    const { report } = await prepareWeekly(store, "acme-mobile", "2026-05-08", now, { narrator });
    expect(report.markdown).toBe(narrated);
    const stored = await getReport(store.db, report.id);
    expect(stored).toMatchObject({
      markdown: narrated,
      narration: { source: "llm", model: "qwen2.5:7b", at: now.toISOString() },
    });
    expect(stored?.narration?.reason).toBeUndefined();

    // The published version carries the same text and the record of how it was written.
    const { report: published } = await publishReport(store, report.id, "Omar", now);
    expect(await getReport(store.db, published.id)).toMatchObject({
      version: 1,
      markdown: narrated,
      narration: { source: "llm", model: "qwen2.5:7b" },
    });
  });

  it("stores the template as the draft when the model invents a number, with the reason", async () => {
    const invented = template.replace(TEMPLATE_WEEK, INVENTED_WEEK);
    llm.reply({ content: invented });
    const { report } = await prepareWeekly(store, "acme-mobile", "2026-05-08", now, { narrator });
    expect(await getReport(store.db, report.id)).toMatchObject({
      markdown: template,
      narration: {
        source: "template",
        model: "qwen2.5:7b",
        reason: "narration stated 42, which is not in the facts",
        unsupported: [{ kind: "number", text: "42", at: invented.indexOf("42") }],
        rejected: invented,
      },
    });
  });

  it("stores the template with the reason when the endpoint fails", async () => {
    llm.reply({ status: 500, body: '{"error":{"message":"model not loaded"}}' });
    const { report } = await prepareWeekly(store, "acme-mobile", "2026-05-08", now, { narrator });
    expect(await getReport(store.db, report.id)).toMatchObject({
      markdown: template,
      narration: { source: "template", reason: "the narration endpoint answered HTTP 500: model not loaded" },
    });
  });

  it("does not ask the model again once the DM has edited the draft", async () => {
    const { report } = await prepareWeekly(store, "acme-mobile", "2026-05-08", now);
    expect(report.narration).toBeNull();
    await editReport(store, report.id, `${template}\nKeys arrived on Friday.\n`, now);
    const asked = llm.requests.length;
    const again = await prepareWeekly(store, "acme-mobile", "2026-05-08", now, { narrator });
    expect(again.regenerated).toBe(false);
    expect(llm.requests.length).toBe(asked);
  });

  it("narrates the draft prepared on report day", async () => {
    const narrated = template.replace(TEMPLATE_WEEK, CALM_WEEK);
    llm.reply({ content: narrated });
    // Acme Mobile reports on Fridays; 15 May 2026 is a Friday, and its draft does not exist yet.
    const draft = await prepareDueDraft(store, "acme-mobile", new Date("2026-05-15T06:00:00.000Z"), {
      narrator,
    });
    expect(draft?.id).toBe("acme-mobile-weekly-2026-05-15");
    expect(draft?.narration).toMatchObject({ model: "qwen2.5:7b" });
    expect(llm.requests.at(-1)?.body.messages?.[1]?.content).toContain("Week of 9 May 2026 to 15 May 2026");
  });
});
