import type { Context, MiddlewareHandler } from "hono";
import { BatonError } from "../errors.ts";

/**
 * A token bucket per key: `perMinute` requests a minute, refilled continuously, with a burst of
 * the same size. Per instance: behind several instances the limit multiplies by their number.
 */
export const rateLimit = (
  perMinute: number,
  nowMs: () => number,
  keyOf: (c: Context) => string,
  what: string,
): MiddlewareHandler => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  return async (c, next) => {
    const key = keyOf(c);
    const at = nowMs();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (at - bucket.at) * ratePerMs);
    bucket.at = at;
    if (buckets.size > 10_000) buckets.clear();
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const waitSeconds = Math.ceil((1 - bucket.tokens) / ratePerMs / 1000);
      c.header("Retry-After", String(waitSeconds));
      throw new BatonError(
        "rate_limited",
        `too many ${what} for ${key}: at most ${perMinute} a minute; retry in ${waitSeconds} s`,
        { retryAfterSeconds: waitSeconds },
      );
    }
    bucket.tokens -= 1;
    await next();
  };
};

/** Webhook deliveries, per source. */
export const webhookRateLimit = (perMinute: number, nowMs: () => number) =>
  rateLimit(perMinute, nowMs, (c) => `${c.req.param("kind")}/${c.req.param("sourceId")}`, "deliveries");

/**
 * Sign-in attempts, per client address (the first `X-Forwarded-For` hop behind a proxy): password
 * checks are deliberately expensive, so guessing is slowed here too.
 */
export const signInRateLimit = (perMinute: number, nowMs: () => number) =>
  rateLimit(
    perMinute,
    nowMs,
    (c) =>
      c.req.header("x-forwarded-for")?.split(",")[0]?.trim() || c.req.header("x-real-ip") || "this client",
    "sign-in attempts",
  );
