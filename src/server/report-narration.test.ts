import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { UserRole } from "../domain/types.ts";
import type { Narration } from "../reports/narrate.ts";
import { openStore, type Store } from "../store/store.ts";
import { type LlmServer, startLlmServer } from "../testing/llm-server.ts";
import { bearer, type RecordIds, type ServerFixture, seedRecords, serverFixture } from "../testing/server.ts";
import { loadServerConfig, narratorOf } from "./config.ts";

interface ReportBody {
  id: string;
  markdown: string;
  narration: Narration | null;
}

describe("narrated weekly reports over HTTP", () => {
  let llm: LlmServer;
  let store: Store;
  let f: ServerFixture;
  let own: RecordIds;
  let template: string;
  beforeAll(async () => {
    llm = await startLlmServer();
  });
  afterAll(() => llm.close());
  beforeEach(async () => {
    store = await openStore(":memory:");
    const narrator = narratorOf(
      loadServerConfig({
        env: { BATON_LLM_URL: llm.url, BATON_LLM_MODEL: "mistral-small", BATON_LLM_KEY: "sk-srv" },
      }),
    );
    f = await serverFixture(store, { narrator });
    ({ own } = await seedRecords(store));
    template = ((await (await get("dm", `/reports/${own.draftId}`)).json()) as ReportBody).markdown;
    llm.requests.length = 0;
    return () => store.close();
  });

  const get = (role: UserRole, path: string) =>
    f.app.request(`/api/v1${path}`, { headers: bearer(f.tokens[role].read) });
  const prepare = async () => {
    const res = await f.app.request("/api/v1/engagements/acme-mobile/reports/weekly", {
      method: "POST",
      headers: bearer(f.tokens.dm.write, { "content-type": "application/json" }),
      body: JSON.stringify({ weekEnding: "2026-02-27" }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { report: ReportBody }).report;
  };

  it("lets the DM prepare a draft the configured model wrote, and tells them so", async () => {
    const narrated = template.replace("- Delivered ", "- This week we delivered ");
    expect(narrated).not.toBe(template);
    llm.reply({ content: narrated });
    const report = await prepare();
    expect(report).toMatchObject({
      markdown: narrated,
      narration: { source: "llm", model: "mistral-small" },
    });
    expect(llm.requests[0]).toMatchObject({
      headers: { authorization: "Bearer sk-srv" },
      body: { model: "mistral-small", temperature: 0 },
    });
  });

  it("gives the DM the template and the reason when the model invents a figure", async () => {
    llm.reply({ content: template.replace("- Delivered ", "- Delivered 9137 items; ") });
    const report = await prepare();
    expect(report).toMatchObject({
      markdown: template,
      narration: { source: "template", reason: "narration stated 9137, which is not in the facts" },
    });
  });

  it("shows the customer the published report without how it was written", async () => {
    llm.reply({ content: template.replace("- Delivered ", "- This week we delivered ") });
    await prepare();
    const published = await f.app.request(`/api/v1/reports/${own.draftId}/publish`, {
      method: "POST",
      headers: bearer(f.tokens.dm.write),
    });
    const { report } = (await published.json()) as { report: ReportBody };
    expect(report.narration).toMatchObject({ source: "llm" });
    const seen = (await (await get("customer", `/reports/${report.id}`)).json()) as ReportBody;
    expect(seen.markdown).toContain("- This week we delivered ");
    expect(seen.narration).toBeNull();
    const listed = (await (await get("customer", "/engagements/acme-mobile/reports")).json()) as {
      reports: ReportBody[];
    };
    expect(listed.reports.map((r) => r.narration)).toEqual([null]);
  });
});

describe("narrator in the server configuration", () => {
  it("is off unless llmUrl is set, and names the key that is wrong", () => {
    expect(narratorOf(loadServerConfig({ env: {} }))).toBeNull();
    expect(() =>
      narratorOf(loadServerConfig({ env: { BATON_LLM_URL: "ollama:11434", BATON_LLM_MODEL: "m" } })),
    ).toThrow('llmUrl (BATON_LLM_URL) "ollama:11434" is not an http:// or https:// URL');
    expect(() => narratorOf(loadServerConfig({ env: { BATON_LLM_URL: "http://127.0.0.1:11434" } }))).toThrow(
      "llmModel (BATON_LLM_MODEL) must name the model to narrate with when llmUrl (BATON_LLM_URL) is set",
    );
    expect(() => loadServerConfig({ env: { BATON_LLM_TIMEOUT_MS: "0" } })).toThrow("BATON_LLM_TIMEOUT_MS");
  });
});
