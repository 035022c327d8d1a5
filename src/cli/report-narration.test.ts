import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openStore } from "../store/store.ts";
import { seedBeta } from "../testing/beta.ts";
import { runCli, tempDbPath } from "../testing/cli.ts";
import { type LlmServer, startLlmServer } from "../testing/llm-server.ts";

const TEMPLATE_WEEK = "- Delivered 0 items, against an average of 0.3 a week over the last four weeks.";
const weekly = ["report", "weekly", "--engagement", "acme-mobile", "--week-ending", "2026-05-08"];

describe("baton report weekly with a narrating model", () => {
  let llm: LlmServer;
  let db: string;
  let template: string;
  beforeAll(async () => {
    llm = await startLlmServer();
    db = tempDbPath();
    const store = await openStore(db);
    await seedBeta(store);
    await store.close();
    const plain = await runCli(db, ...weekly);
    expect(plain.exitCode).toBe(0);
    template = `${plain.stdout.trimEnd()}\n`;
    expect(template).toContain(TEMPLATE_WEEK);
  });
  afterAll(() => llm.close());
  afterEach(() => {
    vi.unstubAllEnvs();
    llm.requests.length = 0;
  });

  const narrateWithModel = () => {
    vi.stubEnv("BATON_LLM_URL", llm.url);
    vi.stubEnv("BATON_LLM_MODEL", "qwen2.5:7b");
    vi.stubEnv("BATON_LLM_KEY", "sk-cli");
  };

  it("prints the model's text and says the model wrote it", async () => {
    narrateWithModel();
    const narrated = template.replace(
      TEMPLATE_WEEK,
      "- Nothing was delivered this week; the average is 0.3 a week.",
    );
    llm.reply({ content: narrated });
    const run = await runCli(db, ...weekly);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(narrated);
    expect(run.stderr).toContain("Written by qwen2.5:7b.\n");
    expect(llm.requests[0]?.headers.authorization).toBe("Bearer sk-cli");
  });

  it("prints the template and the reason when the model's text states a number the facts do not hold", async () => {
    narrateWithModel();
    llm.reply({ content: template.replace(TEMPLATE_WEEK, "- We delivered 42 items this week.") });
    const run = await runCli(db, ...weekly);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(template);
    expect(run.stderr).toContain(
      "Written from the template: narration rejected — narration stated 42, which is not in the facts.\n",
    );
    const shown = await runCli(db, "report", "show", "acme-mobile-weekly-2026-05-08");
    expect(shown.stdout).toBe(template);
    expect(shown.stderr).toBe(
      "Written from the template: narration rejected — narration stated 42, which is not in the facts.\n",
    );
  });

  it("does not ask the model with --no-narration", async () => {
    narrateWithModel();
    const run = await runCli(db, ...weekly, "--no-narration");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(template);
    expect(run.stderr).not.toContain("Written");
    expect(llm.requests).toEqual([]);
  });

  it("refuses a malformed BATON_LLM_URL, naming it", async () => {
    vi.stubEnv("BATON_LLM_URL", "127.0.0.1:11434");
    vi.stubEnv("BATON_LLM_MODEL", "qwen2.5:7b");
    const run = await runCli(db, ...weekly);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      'baton: BATON_LLM_URL "127.0.0.1:11434" is not an http:// or https:// URL; give the API base, e.g. http://127.0.0.1:11434/v1\n',
    );
  });
});
