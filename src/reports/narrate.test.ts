import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LlmServer, startLlmServer } from "../testing/llm-server.ts";
import { greenWeek } from "../testing/weekly-facts.ts";
import { weeklyMarkdown } from "./markdown.ts";
import { completionsUrl, llmConfigFromEnv, type NarratorConfig, narrateReport } from "./narrate.ts";

const template = weeklyMarkdown(greenWeek);
const now = new Date("2026-12-04T08:00:00.000Z");

/** The template's prose rewritten by hand, as a model might: only the facts' figures. */
const FAITHFUL = `# Acme Mobile — weekly status

Week of 28 Nov 2026 to 4 Dec 2026 · Acme Corp · Omar Farouk, delivery manager

**🟢 On track.** Beta should land by 15 Dec 2026 at 85 % confidence, three days ahead of its 18 Dec 2026 target.

## Milestones

| Milestone | Target | Done | Forecast (85 %) | Since last week |
|---|---|---|---|---|
| Beta | 18 Dec 2026 | 67 % (4 items left) | 15 Dec 2026 | 2 days earlier |

## This week

- We delivered 5 items, a little above our recent average of 4.25 a week, including ACME-12 (Sign in with passkeys) and ACME-15 (Receipts as PDF).
- ACME Sprint 14 is 6 of 10 items done and ends on 11 Dec 2026.
- 90 % of review requests got a first review within 8 working hours.
- Work typically takes 2.5 days from start to done; 3 items are in progress.

## Coming up

- ACME Sprint 14 ends 11 Dec 2026, and Beta is due 18 Dec 2026.
`;

const INVENTED = FAITHFUL.replace("We delivered 5 items", "We delivered 42 items");

describe("narration through an OpenAI-compatible endpoint", () => {
  let llm: LlmServer;
  let config: NarratorConfig;
  beforeAll(async () => {
    llm = await startLlmServer();
  });
  afterAll(() => llm.close());
  beforeEach(() => {
    llm.requests.length = 0;
    config = { endpoint: `${llm.url}/chat/completions`, model: "llama3.1:8b", key: null, timeoutMs: 5000 };
  });

  const narrate = (overrides: Partial<NarratorConfig> = {}) =>
    narrateReport(greenWeek, template, { ...config, ...overrides }, { now });

  it("uses the model's text when it states only the facts", async () => {
    llm.reply({ content: FAITHFUL });
    expect(await narrate()).toEqual({
      markdown: FAITHFUL,
      narration: { source: "llm", model: "llama3.1:8b", at: now.toISOString() },
    });
  });

  it("sends the model, temperature 0, a system prompt and the facts with the template, and the key as a bearer token", async () => {
    llm.reply({ content: FAITHFUL });
    await narrate({ key: "sk-local-123" });
    const [request] = llm.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { authorization: "Bearer sk-local-123", "content-type": "application/json" },
      body: { model: "llama3.1:8b", temperature: 0 },
    });
    const [system, user] = request?.body.messages ?? [];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("Use only the facts");
    expect(user?.role).toBe("user");
    expect(user?.content).toContain(template);
    expect(user?.content).toContain(JSON.stringify(greenWeek));
  });

  it("sends no Authorization header when no key is configured", async () => {
    llm.reply({ content: FAITHFUL });
    await narrate();
    expect(llm.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("keeps the template and says why when the model invents a number", async () => {
    llm.reply({ content: INVENTED });
    const narrated = await narrate();
    expect(narrated.markdown).toBe(template);
    expect(narrated.narration).toEqual({
      source: "template",
      model: "llama3.1:8b",
      reason: "narration stated 42, which is not in the facts",
      unsupported: [{ kind: "number", text: "42", at: INVENTED.indexOf("42 items") }],
      rejected: INVENTED,
      at: now.toISOString(),
    });
  });

  it("keeps the template when the model names a date and a person the facts do not hold", async () => {
    llm.reply({ content: FAITHFUL.replace("and ends on 11 Dec 2026", "and ends on 5 Jan 2027 with Alice") });
    expect((await narrate()).narration.reason).toBe(
      "narration stated the date 5 Jan 2027, named Alice, which are not in the facts",
    );
  });

  it("keeps the template when the endpoint fails, times out or cannot be reached", async () => {
    llm.reply({ status: 500, body: JSON.stringify({ error: { message: "model crashed: out of memory" } }) });
    expect(await narrate()).toMatchObject({
      markdown: template,
      narration: {
        source: "template",
        reason: "the narration endpoint answered HTTP 500: model crashed: out of memory",
      },
    });

    llm.reply({ delayMs: 2000, content: FAITHFUL });
    expect(await narrate({ timeoutMs: 200 })).toMatchObject({
      markdown: template,
      narration: { source: "template", reason: "the narration endpoint did not answer within 0.2 s" },
    });

    const closed = await startLlmServer();
    await closed.close();
    expect(
      await narrateReport(
        greenWeek,
        template,
        { ...config, endpoint: `${closed.url}/chat/completions` },
        { now },
      ),
    ).toMatchObject({
      markdown: template,
      narration: { source: "template", reason: "the narration endpoint could not be reached (ECONNREFUSED)" },
    });
  });

  it("asks once more when the connection drops before an answer, and gives up after that", async () => {
    llm.reply({ reset: true }, { content: FAITHFUL });
    expect(await narrate()).toMatchObject({ markdown: FAITHFUL, narration: { source: "llm" } });
    expect(llm.requests).toHaveLength(2);

    llm.reply({ reset: true });
    const narrated = await narrate();
    expect(narrated.markdown).toBe(template);
    expect(narrated.narration.reason).toMatch(
      /^the narration endpoint could not be reached \((ECONNRESET|UND_ERR_SOCKET)\)$/,
    );
  });

  it("keeps the template when the model's text carries HTML or a link, drops a heading, changes a table, is empty or was cut off", async () => {
    const cases: [string, string, string?][] = [
      [
        FAITHFUL.replace("Receipts as PDF", "<img src=x onerror=alert(1)>"),
        "narration contained HTML (<img src=x onerror=alert(1)>), which reports never carry",
      ],
      [
        FAITHFUL.replace("ACME-12 (Sign in with passkeys)", "[ACME-12](https://evil.example/login)"),
        "narration contained a link ([ACME-12](https://evil.example/login)), which reports never carry",
      ],
      [FAITHFUL.replace("## Coming up\n", ""), 'narration dropped the heading "## Coming up"'],
      [
        FAITHFUL.replace("| 67 % (4 items left) |", "| 70 % (4 items left) |"),
        'narration changed the table row "| Beta | 18 Dec 2026 | 67 % (4 items left) | 15 Dec 2026 | 2 days earlier |"',
      ],
      ["   ", "the model answered with no text"],
      [FAITHFUL.slice(0, 200), "the narration was cut off at the model's length limit", "length"],
    ];
    for (const [content, reason, finishReason] of cases) {
      llm.reply({ content, ...(finishReason ? { finishReason } : {}) });
      expect(await narrate()).toMatchObject({
        markdown: template,
        narration: { source: "template", reason },
      });
    }
  });

  it("accepts a table laid out with other spacing", async () => {
    const spaced = FAITHFUL.replace("|---|---|---|---|---|", "| ----- | ----- | ----- | ----- | ----- |");
    llm.reply({ content: spaced });
    expect(await narrate()).toMatchObject({ markdown: spaced, narration: { source: "llm" } });
  });

  it("takes the report out of a code fence and drops a reasoning block before it", async () => {
    llm.reply({ content: `<think>The user wants calm prose.</think>\n\`\`\`markdown\n${FAITHFUL}\`\`\`` });
    expect(await narrate()).toMatchObject({ markdown: FAITHFUL, narration: { source: "llm" } });
  });
});

describe("narrator configuration", () => {
  it("is off without BATON_LLM_URL", () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ BATON_LLM_URL: "", BATON_LLM_MODEL: "qwen2.5" })).toBeNull();
  });

  it("reads the URL, model, key and timeout", () => {
    expect(
      llmConfigFromEnv({
        BATON_LLM_URL: "http://127.0.0.1:11434/v1",
        BATON_LLM_MODEL: "qwen2.5:7b",
        BATON_LLM_KEY: "sk-1",
        BATON_LLM_TIMEOUT_MS: "90000",
      }),
    ).toEqual({
      endpoint: "http://127.0.0.1:11434/v1/chat/completions",
      model: "qwen2.5:7b",
      key: "sk-1",
      timeoutMs: 90_000,
    });
  });

  it("finds the chat-completions URL from a base with /v1, a bare origin or the full URL", () => {
    expect(completionsUrl(new URL("http://127.0.0.1:11434"))).toBe(
      "http://127.0.0.1:11434/v1/chat/completions",
    );
    expect(completionsUrl(new URL("http://gpu-box:8000/v1/"))).toBe(
      "http://gpu-box:8000/v1/chat/completions",
    );
    expect(completionsUrl(new URL("https://openrouter.ai/api/v1"))).toBe(
      "https://openrouter.ai/api/v1/chat/completions",
    );
    expect(completionsUrl(new URL("http://localhost:8080/v1/chat/completions"))).toBe(
      "http://localhost:8080/v1/chat/completions",
    );
  });

  it("names the variable that is wrong", () => {
    expect(() => llmConfigFromEnv({ BATON_LLM_URL: "localhost:11434", BATON_LLM_MODEL: "m" })).toThrow(
      'BATON_LLM_URL "localhost:11434" is not an http:// or https:// URL; give the API base, e.g. http://127.0.0.1:11434/v1',
    );
    expect(() => llmConfigFromEnv({ BATON_LLM_URL: "http://", BATON_LLM_MODEL: "m" })).toThrow(
      'BATON_LLM_URL "http://" is not an http:// or https:// URL',
    );
    expect(() => llmConfigFromEnv({ BATON_LLM_URL: "http://127.0.0.1:11434/v1" })).toThrow(
      "BATON_LLM_MODEL must name the model to narrate with when BATON_LLM_URL is set",
    );
    expect(() =>
      llmConfigFromEnv({
        BATON_LLM_URL: "http://h/v1",
        BATON_LLM_MODEL: "m",
        BATON_LLM_TIMEOUT_MS: "1 minute",
      }),
    ).toThrow('BATON_LLM_TIMEOUT_MS "1 minute" must be a whole number of milliseconds from 1 to 600000');
  });
});
