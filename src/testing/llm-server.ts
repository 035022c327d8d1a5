import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible chat-completions server for narration tests: it answers
 * `POST /v1/chat/completions` with the documented response shape, and records every request.
 * Each test says what the model answers next (text, an HTTP error, silence for a while, or a
 * dropped connection).
 */
export type LlmReply =
  | { readonly content: string; readonly finishReason?: string }
  | { readonly status: number; readonly body: string }
  | { readonly delayMs: number; readonly content: string }
  /** The connection is closed without an answer, as a server does with a kept-alive connection it dropped. */
  | { readonly reset: true };

export interface LlmRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: {
    readonly model?: string;
    readonly temperature?: number;
    readonly messages?: readonly { readonly role: string; readonly content: string }[];
  };
}

export interface LlmServer {
  /** The API base, ending in /v1, as BATON_LLM_URL takes it. */
  readonly url: string;
  readonly requests: LlmRequest[];
  /** What the next requests are answered with (the last one repeats). */
  reply(...replies: LlmReply[]): void;
  close(): Promise<void>;
}

export const startLlmServer = async (): Promise<LlmServer> => {
  const requests: LlmRequest[] = [];
  let replies: LlmReply[] = [{ content: "" }];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body: LlmRequest["body"] = {};
      try {
        body = JSON.parse(text) as LlmRequest["body"];
      } catch {}
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      const reply = (replies.length > 1 ? replies.shift() : replies[0]) as LlmReply;
      if ("reset" in reply) {
        req.socket.destroy();
        return;
      }
      if ("status" in reply) {
        res.writeHead(reply.status, { "content-type": "application/json" });
        res.end(reply.body);
        return;
      }
      const answer = () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: "chat.completion",
            created: 1_790_000_000,
            model: body.model ?? "",
            choices: [
              {
                index: 0,
                message: { role: "assistant", content: reply.content },
                finish_reason: "finishReason" in reply ? (reply.finishReason ?? "stop") : "stop",
              },
            ],
            usage: { prompt_tokens: 812, completion_tokens: 240, total_tokens: 1052 },
          }),
        );
      };
      if ("delayMs" in reply) setTimeout(answer, reply.delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...next) => {
      replies = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
