import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { authenticate } from "../app/users.ts";
import type { User } from "../domain/types.ts";
import { BatonError } from "../errors.ts";
import type { Store } from "../store/store.ts";

export type AuthEnv = { Variables: { user: User } };

const CACHE_MS = 5 * 60_000;

/**
 * HTTP Basic authentication against Baton's users. Password hashing is deliberately slow, so a
 * verified credential is remembered (by its SHA-256, never in clear) for a few minutes.
 */
export const basicAuth = (store: Store, now: () => number = Date.now): MiddlewareHandler<AuthEnv> => {
  const verified = new Map<string, { user: User; until: number }>();
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!match) {
      c.header("WWW-Authenticate", 'Basic realm="Baton", charset="UTF-8"');
      throw new BatonError("unauthorized", "sign in with your Baton email and password");
    }
    const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    const email = colon >= 0 ? decoded.slice(0, colon) : decoded;
    const password = colon >= 0 ? decoded.slice(colon + 1) : "";
    const key = createHash("sha256").update(decoded).digest("hex");
    const cached = verified.get(key);
    let user: User;
    if (cached && cached.until > now()) user = cached.user;
    else {
      try {
        user = await authenticate(store, email, password);
      } catch (error) {
        c.header("WWW-Authenticate", 'Basic realm="Baton", charset="UTF-8"');
        throw error;
      }
      if (verified.size > 1000) verified.clear();
      verified.set(key, { user, until: now() + CACHE_MS });
    }
    c.set("user", user);
    await next();
  };
};

/** Whether a user may see an engagement of this customer: customers see only their own. */
export const maySeeCustomer = (user: User, customerId: string): boolean =>
  user.role !== "customer" || user.customerId === customerId;
