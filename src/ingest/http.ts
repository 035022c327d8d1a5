import { BatonError } from "../errors.ts";

/**
 * The HTTP client every polling connector uses: one request at a time, the body kept as received
 * text (the raw layer stores payloads verbatim), request timeouts, waiting out rate limits and
 * transient failures with bounded backoff, and errors that name the URL and what to check.
 */

export interface HttpClientOptions {
  /** Base URL the request paths are resolved against, e.g. `https://acme.atlassian.net`. */
  readonly baseUrl: string;
  /** Sent with every request (authorization, accept, user agent). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The service's name in messages, e.g. `Jira` or `GitHub`. */
  readonly service: string;
  /** Per-attempt timeout (default 30 s). */
  readonly timeoutMs?: number;
  /** Attempts per request, the first included (default 6). */
  readonly maxAttempts?: number;
  /** The longest single wait Baton accepts before giving up on a rate limit (default 15 min). */
  readonly maxWaitMs?: number;
  /** Cancels waiting and requests (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Waits; tests pass one that records the wait instead of sleeping. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Current time, for `Retry-After` dates and rate-limit reset instants. */
  readonly now?: () => Date;
  /** Told about every wait, e.g. to show "rate limited, waiting 30 s" under a progress bar. */
  readonly onWait?: (wait: HttpWait) => void;
  /** What to check when the service answers 401, 403 or 404, by status. */
  readonly hints?: Readonly<Partial<Record<401 | 403 | 404, string>>>;
}

export interface HttpWait {
  readonly url: string;
  readonly ms: number;
  readonly reason: string;
  readonly attempt: number;
}

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  /** The body as received. */
  readonly text: string;
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly method?: "GET" | "POST";
  /** JSON request body (e.g. Jira's POST search). */
  readonly body?: unknown;
  /** Statuses returned to the caller instead of failing, besides 2xx (e.g. 304 for ETags). */
  readonly accept?: readonly number[];
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const BASE_BACKOFF_MS = 1000;

export const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Milliseconds a `Retry-After` header asks for: delta seconds or an HTTP date. */
export const retryAfterMs = (value: string | null, now: Date): number | null => {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
};

/**
 * How long a response asks the client to wait before trying again, or null when it is not a
 * throttle. GitHub signals exhausted primary limits with 403/429 and `x-ratelimit-remaining: 0`.
 */
const throttleWaitMs = (response: Response, now: Date): number | null =>
  retryAfterMs(response.headers.get("retry-after"), now) ?? rateLimitResetMs(response, now);

/** With `x-ratelimit-remaining: 0`, milliseconds until `x-ratelimit-reset` (epoch seconds) plus one second. */
const rateLimitResetMs = (response: Response, now: Date): number | null => {
  if (response.headers.get("x-ratelimit-remaining") !== "0") return null;
  const reset = Number(response.headers.get("x-ratelimit-reset"));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now.getTime()) + 1000 : null;
};

const formatWait = (ms: number) =>
  ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;

export class HttpClient {
  private readonly options: HttpClientOptions;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => Date;
  /** When a success reported the rate limit used up: no request before its reset (epoch ms). */
  private resumeAt = 0;

  constructor(options: HttpClientOptions) {
    this.options = options;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => new Date());
  }

  /** The absolute URL for a path (or an absolute URL, e.g. a `Link` header's next page). */
  url(path: string, query?: RequestOptions["query"]): string {
    const base = this.options.baseUrl.endsWith("/") ? this.options.baseUrl : `${this.options.baseUrl}/`;
    const url = new URL(/^https?:\/\//.test(path) ? path : path.replace(/^\//, ""), base);
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  /** Requests a path; returns 2xx (and accepted statuses) and fails with a BatonError otherwise. */
  async request(path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const url = this.url(path, options.query);
    const { service } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 6;
    const maxWaitMs = this.options.maxWaitMs ?? 15 * 60_000;
    const timeoutMs = this.options.timeoutMs ?? 30_000;

    for (let attempt = 1; ; attempt++) {
      const pause = this.resumeAt - this.now().getTime();
      if (pause > 0) {
        if (pause > maxWaitMs)
          throw new BatonError(
            "source_failed",
            `${service}'s rate limit is used up for ${formatWait(pause)}; that is longer than the ${formatWait(maxWaitMs)} Baton waits. Sync again later.`,
            { url },
          );
        this.resumeAt = 0;
        await this.wait(url, pause, "rate limit used up until its reset", attempt);
      }
      const signals = [AbortSignal.timeout(timeoutMs), ...(this.options.signal ? [this.options.signal] : [])];
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: options.method ?? "GET",
          headers: {
            accept: "application/json",
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
            ...this.options.headers,
            ...options.headers,
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          signal: AbortSignal.any(signals),
        });
        text = await response.text();
      } catch (error) {
        if (this.options.signal?.aborted) throw error;
        const reason =
          error instanceof Error && error.name === "TimeoutError"
            ? `no answer within ${timeoutMs / 1000} s`
            : `could not connect (${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)})`;
        if (attempt >= maxAttempts)
          throw new BatonError("source_failed", `${service} at ${url}: ${reason}, ${attempt} attempts`, {
            url,
          });
        await this.wait(url, BASE_BACKOFF_MS * 2 ** (attempt - 1), reason, attempt);
        continue;
      }

      if (response.ok || options.accept?.includes(response.status)) {
        // The last request the limit allows succeeded: the next one waits for the reset instead of
        // being refused (services such as GitHub penalise clients that keep asking).
        const usedUp = rateLimitResetMs(response, this.now());
        if (usedUp !== null) this.resumeAt = this.now().getTime() + usedUp;
        return { url, status: response.status, headers: response.headers, text };
      }

      const throttle = throttleWaitMs(response, this.now());
      const throttled = throttle !== null && (response.status === 403 || response.status === 429);
      if (RETRYABLE.has(response.status) || throttled) {
        const ms = throttle ?? BASE_BACKOFF_MS * 2 ** (attempt - 1);
        const reason = `${response.status} ${response.statusText || "from server"}`.trim();
        if (ms > maxWaitMs)
          throw new BatonError(
            "source_failed",
            `${service} at ${url} asked Baton to wait ${formatWait(ms)} (${reason}); that is longer than the ${formatWait(maxWaitMs)} Baton waits. Sync again later.`,
            { url, status: response.status },
          );
        if (attempt >= maxAttempts)
          throw new BatonError(
            "source_failed",
            `${service} at ${url} kept answering ${reason} after ${attempt} attempts`,
            { url, status: response.status },
          );
        await this.wait(url, ms, reason, attempt);
        continue;
      }

      const status = response.status as 401 | 403 | 404;
      const hint = this.options.hints?.[status];
      const excerpt = text.length > 300 ? `${text.slice(0, 300)}…` : text;
      throw new BatonError(
        "source_failed",
        `${service} at ${url} answered ${response.status}${hint ? `: ${hint}` : ""}${excerpt ? ` (${excerpt.replace(/\s+/g, " ").trim()})` : ""}`,
        { url, status: response.status },
      );
    }
  }

  private async wait(url: string, ms: number, reason: string, attempt: number) {
    this.options.onWait?.({ url, ms, reason, attempt });
    await this.sleep(ms, this.options.signal);
  }
}

/** Parses a JSON body; a truncated or non-JSON body fails naming the URL. */
export const parseJson = <T = unknown>(response: HttpResponse): T => {
  try {
    return JSON.parse(response.text) as T;
  } catch (error) {
    throw new BatonError(
      "source_failed",
      `the response from ${response.url} is not valid JSON (${error instanceof Error ? error.message : String(error)}; ${response.text.length} characters received)`,
      { url: response.url },
    );
  }
};

/** The `rel="next"` URL of a `Link` header (RFC 8288), as GitHub paginates. */
export const nextLink = (link: string | null): string | null => {
  if (!link) return null;
  for (const part of link.split(",")) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match && /\brel="?([^";]*\s)?next(\s[^";]*)?"?/.test(match[2] ?? "")) return match[1] ?? null;
  }
  return null;
};
