import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  type Principal,
  SESSION_COOKIE,
  sessionPrincipal,
  startSession,
  tokenPrincipal,
} from "../app/access.ts";
import { BatonError } from "../errors.ts";
import type { ServerEnv } from "./policy.ts";

export interface AuthOptions {
  readonly secureCookies: "auto" | "always" | "never";
  readonly sessionHours: number;
}

/**
 * Finds who is calling: a personal API token (`Authorization: Bearer …`, or `?token=` for
 * calendar feeds, which cannot send headers) or a session cookie. A token that is unknown or
 * revoked is refused outright; a stale cookie just means nobody is signed in.
 */
export const authenticate: MiddlewareHandler<ServerEnv> = async (c, next) => {
  const store = c.get("store");
  const now = c.get("now")();
  const header = c.req.header("authorization");
  const queryToken = c.req.path.endsWith(".ics") ? c.req.query("token") : undefined;
  let principal: Principal | undefined;
  if (header !== undefined || queryToken !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
    const token = match?.[1] ?? queryToken;
    if (!token) throw new BatonError("unauthorized", "the Authorization header must be `Bearer <token>`");
    principal = await tokenPrincipal(store, token, now);
    if (!principal) throw new BatonError("unauthorized", "this API token is unknown or revoked");
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) principal = await sessionPrincipal(store, cookie, now);
  }
  c.set("principal", principal);
  await next();
};

const isSecure = (c: Context, mode: AuthOptions["secureCookies"]) => {
  if (mode !== "auto") return mode === "always";
  const forwarded = c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || new URL(c.req.url).protocol === "https:";
};

/** Signs in and sets the session cookie: HttpOnly, SameSite=Lax, Secure behind TLS. */
export const signIn = async (
  c: Context<ServerEnv>,
  credentials: { email: string; password: string },
  options: AuthOptions,
): Promise<Principal> => {
  const { secret, principal, expiresAt } = await startSession(
    c.get("store"),
    credentials,
    c.get("now")(),
    options.sessionHours,
  );
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isSecure(c, options.secureCookies),
    path: "/",
    expires: new Date(expiresAt),
  });
  return principal;
};

export const clearSessionCookie = (c: Context<ServerEnv>) => deleteCookie(c, SESSION_COOKIE, { path: "/" });
