import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { BatonError } from "../errors.ts";
import { HttpClient, type HttpWait, nextLink, parseJson, retryAfterMs } from "./http.ts";

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

/** A local server answering with `handler`; `hit` counts requests from 1. */
const serve = async (handler: Handler) => {
  let hit = 0;
  const listening = createServer((req, res) => handler(req, res, ++hit));
  server = listening;
  await new Promise<void>((done) => listening.listen(0, "127.0.0.1", () => done()));
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
};

const recordingClient = (
  baseUrl: string,
  extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {},
) => {
  const waits: HttpWait[] = [];
  const client = new HttpClient({
    baseUrl,
    service: "Jira",
    sleep: async () => {},
    onWait: (w) => waits.push(w),
    now: () => new Date("2026-03-04T12:00:00.000Z"),
    ...extra,
  });
  return { client, waits };
};

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as BatonError;
  }
  throw new Error("expected the request to fail");
};

describe("HTTP client for connectors", () => {
  it("waits as long as Retry-After says, then returns the body as received", async () => {
    const base = await serve((_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(429, { "retry-after": "7" }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok": true}');
    });
    const { client, waits } = recordingClient(base);
    const response = await client.request("/rest/api/3/myself");
    expect(response.text).toBe('{"ok": true}');
    expect(waits.map((w) => [w.ms, w.reason])).toEqual([[7000, "429 Too Many Requests"]]);
  });

  it("waits until GitHub's rate-limit reset when the remaining quota is zero", async () => {
    const reset = Date.parse("2026-03-04T12:01:00.000Z") / 1000;
    const base = await serve((_req, res, hit) => {
      if (hit === 1)
        res.writeHead(403, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) }).end("{}");
      else res.writeHead(200).end("[]");
    });
    const { client, waits } = recordingClient(base);
    await client.request("/repos/acme/app/pulls");
    expect(waits[0]?.ms).toBe(61_000);
  });

  it("backs off exponentially on 503 and gives up after the attempts it was given", async () => {
    const base = await serve((_req, res) => res.writeHead(503).end());
    const { client, waits } = recordingClient(base, { maxAttempts: 4 });
    const error = await failureOf(client.request("/rest/agile/1.0/board/8"));
    expect(error.code).toBe("source_failed");
    expect(error.message).toContain("kept answering 503");
    expect(error.message).toContain("/rest/agile/1.0/board/8");
    expect(waits.map((w) => w.ms)).toEqual([1000, 2000, 4000]);
  });

  it("refuses to wait longer than its limit and says when to try again", async () => {
    const base = await serve((_req, res) => res.writeHead(429, { "retry-after": "7200" }).end());
    const { client } = recordingClient(base);
    const error = await failureOf(client.request("/search"));
    expect(error.message).toContain("asked Baton to wait 120 min");
  });

  it("names the URL and what to check on 401, 403 and 404", async () => {
    const base = await serve((_req, res) => res.writeHead(401).end('{"errorMessages":["bad token"]}'));
    const { client } = recordingClient(base, {
      hints: { 401: "check the email and the API token in JIRA_TOKEN" },
    });
    const error = await failureOf(client.request("/rest/api/3/field"));
    expect(error.message).toBe(
      `Jira at ${base}/rest/api/3/field answered 401: check the email and the API token in JIRA_TOKEN ({"errorMessages":["bad token"]})`,
    );
  });

  it("returns 304 to a caller that sent If-None-Match", async () => {
    const base = await serve((req, res) => {
      if (req.headers["if-none-match"] === '"abc"') res.writeHead(304).end();
      else res.writeHead(200, { etag: '"abc"' }).end("[]");
    });
    const { client } = recordingClient(base);
    const first = await client.request("/repos/a/b/pulls");
    expect(first.headers.get("etag")).toBe('"abc"');
    const second = await client.request("/repos/a/b/pulls", {
      headers: { "if-none-match": '"abc"' },
      accept: [304],
    });
    expect(second.status).toBe(304);
  });

  it("times out a request that never answers and retries it", async () => {
    const base = await serve((_req, res, hit) => {
      if (hit === 1) return; // never answers
      res.writeHead(200).end("{}");
    });
    const { client, waits } = recordingClient(base, { timeoutMs: 200 });
    const response = await client.request("/slow");
    expect(response.status).toBe(200);
    expect(waits[0]?.reason).toBe("no answer within 0.2 s");
  });

  it("stops at once when the user interrupts", async () => {
    const base = await serve((_req, res) => res.writeHead(503).end());
    const controller = new AbortController();
    const client = new HttpClient({ baseUrl: base, service: "Jira", signal: controller.signal });
    setTimeout(() => controller.abort(new Error("interrupted")), 50);
    await expect(client.request("/x")).rejects.toThrow("interrupted");
  });

  it("sends JSON bodies and query parameters", async () => {
    const base = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => res.writeHead(200).end(JSON.stringify({ url: req.url, body })));
    });
    const { client } = recordingClient(`${base}/jira/`);
    const response = await client.request("rest/api/3/search/jql", {
      method: "POST",
      query: { startAt: 50, skip: undefined },
      body: { jql: "project = ACME" },
    });
    expect(parseJson(response)).toEqual({
      url: "/jira/rest/api/3/search/jql?startAt=50",
      body: '{"jql":"project = ACME"}',
    });
  });

  it("reports a truncated JSON body naming the URL", () => {
    expect(() =>
      parseJson({ url: "http://x/issues", status: 200, headers: new Headers(), text: '{"a":' }),
    ).toThrow(/the response from http:\/\/x\/issues is not valid JSON/);
  });
});

describe("response headers", () => {
  it("finds the next page in a Link header", () => {
    const link =
      '<https://api.github.com/repositories/1/pulls?page=2>; rel="next", <https://api.github.com/repositories/1/pulls?page=9>; rel="last"';
    expect(nextLink(link)).toBe("https://api.github.com/repositories/1/pulls?page=2");
    expect(nextLink('<https://x/?page=1>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = new Date("2026-03-04T12:00:00.000Z");
    expect(retryAfterMs("30", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 04 Mar 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("soon", now)).toBeNull();
  });
});
