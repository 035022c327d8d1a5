import type { MiddlewareHandler } from "hono";
import { BatonError } from "../errors.ts";

/**
 * A token bucket per source: `perMinute` deliveries a minute, refilled continuously, with a burst
 * of the same size. Per instance: behind several instances the limit multiplies by their number.
 */
export const webhookRateLimit = (perMinute: number, nowMs: () => number): MiddlewareHandler => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  return async (c, next) => {
    const key = `${c.req.param("kind")}/${c.req.param("sourceId")}`;
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
        `too many deliveries for ${key}: at most ${perMinute} a minute; retry in ${waitSeconds} s`,
        { retryAfterSeconds: waitSeconds },
      );
    }
    bucket.tokens -= 1;
    await next();
  };
};
