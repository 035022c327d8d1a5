import { BatonError } from "../errors.ts";
import { groundingCheck, type Unsupported } from "./grounding.ts";

/**
 * Optional narration: an OpenAI-compatible chat-completions endpoint (Ollama, vLLM, a llama.cpp
 * server, a hosted API) rewrites the template's prose from the facts. Its answer is untrusted: it
 * is kept only when it carries no HTML and no link, keeps every heading of the template, and
 * passes the grounding check; otherwise the template stands and the reason is recorded.
 */

/** Where and how to ask for narration (`BATON_LLM_*`). */
export interface NarratorConfig {
  /** The chat-completions URL, resolved from `BATON_LLM_URL`. */
  readonly endpoint: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly key: string | null;
  readonly timeoutMs: number;
}

/** How a draft's text was written, stored with the draft and carried into its published versions. */
export interface Narration {
  /** `llm`: the model's text passed every check; `template`: the deterministic template's text. */
  readonly source: "llm" | "template";
  readonly model: string;
  /** Why the model's text was not used. */
  readonly reason?: string;
  /** What the model stated that the facts do not hold, when that was the reason. */
  readonly unsupported?: readonly Unsupported[];
  /** The model's text when it was not used; the offsets in `unsupported` point into it. */
  readonly rejected?: string;
  readonly at: string;
}

export interface Narrated {
  readonly markdown: string;
  readonly narration: Narration;
}

export const DEFAULT_LLM_TIMEOUT_MS = 60_000;

/** The variables (or configuration keys) the narrator's settings came from, for error messages. */
export interface NarratorSettingNames {
  readonly url: string;
  readonly model: string;
  readonly timeoutMs: string;
}

const ENV_NAMES: NarratorSettingNames = {
  url: "BATON_LLM_URL",
  model: "BATON_LLM_MODEL",
  timeoutMs: "BATON_LLM_TIMEOUT_MS",
};

/**
 * The chat-completions URL for a base URL: used as it is when it already ends in
 * `/chat/completions`; `/v1/chat/completions` is added to a bare origin (`http://127.0.0.1:11434`);
 * `/chat/completions` to any other path (`…/v1`, `https://openrouter.ai/api/v1`).
 */
export const completionsUrl = (base: URL): string => {
  const path = base.pathname.replace(/\/+$/, "");
  const full = path.endsWith("/chat/completions")
    ? path
    : path === ""
      ? "/v1/chat/completions"
      : `${path}/chat/completions`;
  return new URL(`${full}${base.search}`, base).toString();
};

/**
 * The narrator's settings, checked: null without a URL (narration is off). Errors name the
 * variable that is wrong and what it must be.
 */
export const narratorConfig = (
  input: {
    url?: string | undefined;
    model?: string | undefined;
    key?: string | undefined;
    timeoutMs?: string | number | undefined;
  },
  names: NarratorSettingNames = ENV_NAMES,
): NarratorConfig | null => {
  const raw = input.url?.trim();
  if (!raw) return null;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
    throw new BatonError(
      "config_invalid",
      `${names.url} "${raw}" is not an http:// or https:// URL; give the API base, e.g. http://127.0.0.1:11434/v1`,
    );
  const model = input.model?.trim();
  if (!model)
    throw new BatonError(
      "config_invalid",
      `${names.model} must name the model to narrate with when ${names.url} is set (e.g. llama3.1:8b)`,
    );
  const timeout =
    input.timeoutMs === undefined || input.timeoutMs === ""
      ? DEFAULT_LLM_TIMEOUT_MS
      : Number(input.timeoutMs);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 600_000)
    throw new BatonError(
      "config_invalid",
      `${names.timeoutMs} "${input.timeoutMs}" must be a whole number of milliseconds from 1 to 600000`,
    );
  return { endpoint: completionsUrl(url), model, key: input.key?.trim() || null, timeoutMs: timeout };
};

/** The narrator configured by `BATON_LLM_URL`, `BATON_LLM_MODEL`, `BATON_LLM_KEY` and `BATON_LLM_TIMEOUT_MS`. */
export const llmConfigFromEnv = (env: NodeJS.ProcessEnv): NarratorConfig | null =>
  narratorConfig({
    url: env.BATON_LLM_URL,
    model: env.BATON_LLM_MODEL,
    key: env.BATON_LLM_KEY,
    timeoutMs: env.BATON_LLM_TIMEOUT_MS,
  });

export const SYSTEM_PROMPT = `You edit the status report a delivery manager sends to their customer's leadership.
You receive the report's facts as JSON and a draft written from those facts by a template.
Rewrite the draft's prose so it reads as plain, specific and calm English for the customer.

Rules:
- Use only the facts. Every number, date, name and item key you write must appear in the facts or in the draft. Do not estimate, compute new figures, guess causes or add anything.
- Keep every heading of the draft, word for word and in the same order, and keep its tables as they are.
- Write dates as the draft does (4 Dec 2026).
- Write Markdown only: no HTML, no links, no code blocks.
- Answer with the report alone: no preamble, no notes about what you changed.`;

/** The chat messages asking for narration of one report. */
export const narrationMessages = (facts: unknown, template: string) => [
  { role: "system" as const, content: SYSTEM_PROMPT },
  {
    role: "user" as const,
    // Compact JSON: local models often run with small context windows.
    content: `Facts (JSON):\n\n${JSON.stringify(facts)}\n\nDraft (Markdown):\n\n${template}`,
  },
];

type Completion =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** A kept-alive connection the server had already closed: the request never reached it. */
const staleConnection = (error: unknown) => {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE";
};

/**
 * Asks the endpoint, once more if a reused connection turned out closed, all within the timeout;
 * every failure becomes a reason, never an exception.
 */
const complete = async (
  config: NarratorConfig,
  messages: ReturnType<typeof narrationMessages>,
  fetchImpl: typeof fetch,
): Promise<Completion> => {
  const signal = AbortSignal.timeout(config.timeoutMs);
  const post = () =>
    fetchImpl(config.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(config.key ? { authorization: `Bearer ${config.key}` } : {}),
      },
      body: JSON.stringify({ model: config.model, messages, temperature: 0, stream: false }),
      signal,
    });
  let body: unknown;
  try {
    const response = await post().catch((error: unknown) => {
      if (staleConnection(error) && !signal.aborted) return post();
      throw error;
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        const parsed = JSON.parse(text) as { error?: { message?: unknown } | string };
        const message = typeof parsed.error === "string" ? parsed.error : parsed.error?.message;
        if (typeof message === "string") detail = message;
      } catch {}
      detail = detail.replace(/\s+/g, " ").trim().slice(0, 200);
      return {
        ok: false,
        reason: `the narration endpoint answered HTTP ${response.status}${detail ? `: ${detail}` : ""}`,
      };
    }
    body = JSON.parse(text);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "TimeoutError" || name === "AbortError")
      return {
        ok: false,
        reason: `the narration endpoint did not answer within ${seconds(config.timeoutMs)}`,
      };
    if (error instanceof SyntaxError)
      return { ok: false, reason: "the narration endpoint's answer is not JSON" };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      ok: false,
      reason: `the narration endpoint could not be reached (${cause?.code ?? cause?.message ?? (error as Error).message})`,
    };
  }
  const choice = (body as { choices?: { message?: { content?: unknown }; finish_reason?: unknown }[] })
    ?.choices?.[0];
  if (!choice)
    return { ok: false, reason: "the narration endpoint's answer is not a chat completion (no choices)" };
  if (choice.finish_reason === "length")
    return { ok: false, reason: "the narration was cut off at the model's length limit" };
  const content = choice.message?.content ?? "";
  if (typeof content !== "string")
    return {
      ok: false,
      reason: "the narration endpoint's answer is not a chat completion (no message text)",
    };
  return { ok: true, text: content };
};

/**
 * The model's text as a report: a leading reasoning block (`<think>…</think>`, which some local
 * models emit) and a fence around the whole answer are removed; nothing else is changed.
 */
const unwrap = (text: string): string => {
  let out = text.replace(/^\s*<think>[\s\S]*?<\/think>/, "").trim();
  const fenced = /^```[\w-]*\n([\s\S]*?)\n```$/.exec(out);
  if (fenced) out = (fenced[1] ?? "").trim();
  return out === "" ? "" : `${out}\n`;
};

const HTML = /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>|<!--/;
const LINK = /!?\[[^\]\n]*\]\([^)\n]*\)/;
const heading = (line: string) =>
  line
    .replace(/^#+\s*/, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

const isTableRow = (line: string) => line.trimStart().startsWith("|");
/** A table row as written, spacing and the length of separator dashes aside. */
const tableRow = (line: string) => line.replace(/\s+/g, "").replace(/-{3,}/g, "---");

/** Why the model's text may not stand as the report, if it may not. */
const refusal = (
  text: string,
  facts: unknown,
  template: string,
): Pick<Narration, "reason" | "unsupported"> | null => {
  if (text === "") return { reason: "the model answered with no text" };
  const html = HTML.exec(text);
  if (html)
    return { reason: `narration contained HTML (${html[0].slice(0, 40)}), which reports never carry` };
  const link = LINK.exec(text);
  if (link)
    return { reason: `narration contained a link (${link[0].slice(0, 60)}), which reports never carry` };
  const kept = new Set(
    text
      .split("\n")
      .filter((l) => /^#{1,6}\s/.test(l))
      .map(heading),
  );
  const dropped = template.split("\n").find((l) => /^#{1,6}\s/.test(l) && !kept.has(heading(l)));
  if (dropped) return { reason: `narration dropped the heading "${dropped}"` };
  const rows = new Set(text.split("\n").filter(isTableRow).map(tableRow));
  const changed = template.split("\n").find((l) => isTableRow(l) && !rows.has(tableRow(l)));
  if (changed) return { reason: `narration changed the table row "${changed}"` };
  const grounding = groundingCheck(text, facts, template);
  if (grounding.ok) return null;
  const said = grounding.unsupported
    .slice(0, 3)
    .map((u) =>
      u.kind === "name"
        ? `named ${u.text}`
        : u.kind === "date"
          ? `stated the date ${u.text}`
          : `stated ${u.text}`,
    );
  const more = grounding.unsupported.length - said.length;
  return {
    reason: `narration ${said.join(", ")}${more > 0 ? ` and ${more} more` : ""}, which ${grounding.unsupported.length === 1 ? "is" : "are"} not in the facts`,
    unsupported: grounding.unsupported,
  };
};

/**
 * Asks the narrator to write the report from `facts`, starting from the `template`'s Markdown. The
 * model's text is returned only when it passes every check; otherwise the template is, with the
 * reason. Never throws for the endpoint's failures: narration is optional.
 */
export const narrateReport = async (
  facts: unknown,
  template: string,
  config: NarratorConfig,
  io: { readonly fetch?: typeof fetch; readonly now?: Date } = {},
): Promise<Narrated> => {
  const at = (io.now ?? new Date()).toISOString();
  const answer = await complete(config, narrationMessages(facts, template), io.fetch ?? fetch);
  if (!answer.ok)
    return {
      markdown: template,
      narration: { source: "template", model: config.model, reason: answer.reason, at },
    };
  const text = unwrap(answer.text);
  const refused = refusal(text, facts, template);
  if (refused)
    return {
      markdown: template,
      narration: {
        source: "template",
        model: config.model,
        ...refused,
        ...(text ? { rejected: text } : {}),
        at,
      },
    };
  return { markdown: text, narration: { source: "llm", model: config.model, at } };
};
