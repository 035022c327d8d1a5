import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { hashPassword } from "../auth/password.ts";
import type { User } from "../domain/types.ts";
import { BatonError, conflict, invalidInput, notFound } from "../errors.ts";
import {
  type ApiTokenInfo,
  deleteExpiredSessions,
  deleteSession,
  findInvitation,
  findSession,
  findToken,
  getToken,
  insertInvitation,
  insertSession,
  insertToken,
  listTokens,
  markInvitationAccepted,
  revokeToken,
  type TokenScope,
  touchToken,
} from "../store/access.ts";
import { getCustomer } from "../store/engagements.ts";
import type { Store } from "../store/store.ts";
import { findUserByEmail, saveUser } from "../store/users.ts";
import { recordChange } from "./audit.ts";
import { authenticate } from "./users.ts";
import { parseInput } from "./validate.ts";

/** How a request proved who it is. */
export type CredentialKind = "session" | "token" | "cli";

/** The person behind a request, and what their credential allows. */
export interface Principal {
  readonly user: User;
  readonly via: CredentialKind;
  readonly scope: TokenScope;
  /** Sessions only: the token state-changing browser requests must echo. */
  readonly csrfToken?: string;
  readonly sessionId?: string;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const secret = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

export const SESSION_COOKIE = "baton_session";
export const TOKEN_PREFIX = "baton_pat_";
const INVITE_PREFIX = "baton_inv_";

/** Signs in with email and password; the returned secret goes into the session cookie. */
export const startSession = async (
  store: Store,
  input: { email: string; password: string },
  now: Date,
  ttlHours: number,
): Promise<{ secret: string; principal: Principal; expiresAt: string }> => {
  const user = await authenticate(store, input.email, input.password);
  const value = secret("");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000).toISOString();
  await deleteExpiredSessions(store.db, now.toISOString());
  await insertSession(store.db, {
    id: sha256(value),
    userId: user.id,
    csrfToken,
    createdAt: now.toISOString(),
    expiresAt,
  });
  return {
    secret: value,
    principal: { user, via: "session", scope: "write", csrfToken, sessionId: sha256(value) },
    expiresAt,
  };
};

export const sessionPrincipal = async (
  store: Store,
  value: string,
  now: Date,
): Promise<Principal | undefined> => {
  const id = sha256(value);
  const found = await findSession(store.db, id, now.toISOString());
  return (
    found && { user: found.user, via: "session", scope: "write", csrfToken: found.csrfToken, sessionId: id }
  );
};

export const endSession = (store: Store, sessionId: string) => deleteSession(store.db, sessionId);

/** The principal behind a personal API token, or undefined when it is unknown or revoked. */
export const tokenPrincipal = async (
  store: Store,
  token: string,
  now: Date,
): Promise<Principal | undefined> => {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const found = await findToken(store.db, sha256(token));
  if (!found) return undefined;
  // Recording use at most once a minute keeps token reads from becoming writes.
  const at = now.toISOString();
  if (!found.token.lastUsedAt || Date.parse(at) - Date.parse(found.token.lastUsedAt) > 60_000)
    await touchToken(store.db, found.token.id, at);
  return { user: found.user, via: "token", scope: found.token.scope };
};

export const createTokenInput = z.strictObject({
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  scope: z.enum(["read", "write"]).default("read"),
});

/** Creates a personal API token. The secret is returned once and stored only as its SHA-256. */
export const createToken = async (
  store: Store,
  actor: Principal,
  input: unknown,
  now: Date,
): Promise<{ token: string; info: ApiTokenInfo }> => {
  const data = parseInput(createTokenInput, input, "token");
  if (actor.via === "token" && actor.scope === "read" && data.scope === "write")
    throw new BatonError("forbidden", "a read-only token cannot create a write token");
  const token = secret(TOKEN_PREFIX);
  const info: ApiTokenInfo = {
    id: `tok_${randomBytes(6).toString("hex")}`,
    userId: actor.user.id,
    name: data.name,
    scope: data.scope,
    createdAt: now.toISOString(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await insertToken(store.db, { ...info, tokenHash: sha256(token) });
  await recordChange(store, actor, now, {
    action: "token.create",
    target: { type: "api_token", id: info.id },
    after: { name: info.name, scope: info.scope, userId: info.userId },
  });
  return { token, info };
};

/** A user's own tokens; admins may list anyone's. */
export const tokensOf = (store: Store, userId: string) => listTokens(store.db, userId);

/** Revokes a token: its owner or an admin may. */
export const revokeApiToken = async (store: Store, actor: Principal, id: string, now: Date) => {
  const token = await getToken(store.db, id);
  if (!token || (token.userId !== actor.user.id && actor.user.role !== "admin")) throw notFound("token", id);
  if (token.revokedAt) return token;
  await revokeToken(store.db, id, now.toISOString());
  await recordChange(store, actor, now, {
    action: "token.revoke",
    target: { type: "api_token", id },
    before: { revokedAt: null },
    after: { revokedAt: now.toISOString() },
  });
  return { ...token, revokedAt: now.toISOString() };
};

export const createInvitationInput = z.strictObject({
  email: z.email("must be an email address"),
  customer: z.string().min(1, "is required"),
  days: z.number().int().min(1).max(60).default(14),
});

/** Invites a customer's person: the returned secret, once, goes into the link they follow. */
export const inviteCustomer = async (store: Store, actor: Principal, input: unknown, now: Date) => {
  const data = parseInput(createInvitationInput, input, "invitation");
  if (!(await getCustomer(store.db, data.customer))) throw notFound("customer", data.customer);
  const email = data.email.toLowerCase();
  if (await findUserByEmail(store.db, email)) throw conflict(`${email} already has a login`);
  const token = secret(INVITE_PREFIX);
  const row = {
    id: `inv_${randomBytes(6).toString("hex")}`,
    tokenHash: sha256(token),
    email,
    customerId: data.customer,
    invitedBy: actor.user.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + data.days * 86_400_000).toISOString(),
    acceptedAt: null,
  };
  await insertInvitation(store.db, row);
  await recordChange(store, actor, now, {
    action: "invitation.create",
    target: { type: "invitation", id: row.id },
    after: { email, customerId: row.customerId, expiresAt: row.expiresAt },
  });
  return {
    token,
    invitation: { id: row.id, email, customerId: row.customerId, expiresAt: row.expiresAt },
  };
};

export const acceptInvitationInput = z.strictObject({
  token: z.string().min(1, "is required"),
  name: z.string().trim().min(1, "is required").max(200),
  password: z.string().min(10, "must be at least 10 characters").max(1000),
});

/** Turns an open invitation into a customer login. */
export const acceptInvitation = async (store: Store, input: unknown, now: Date): Promise<User> => {
  const data = parseInput(acceptInvitationInput, input, "invitation acceptance");
  const invitation = await findInvitation(store.db, sha256(data.token));
  if (!invitation || invitation.acceptedAt || invitation.expiresAt <= now.toISOString())
    throw invalidInput("this invitation is unknown, used or expired: ask for a new one");
  if (await findUserByEmail(store.db, invitation.email))
    throw conflict(`${invitation.email} already has a login`);
  const user: User = {
    id: `user:${invitation.email.replace(/[^a-z0-9]+/g, "-")}`,
    email: invitation.email,
    name: data.name,
    role: "customer",
    customerId: invitation.customerId,
    personId: null,
  };
  await saveUser(store.db, user, await hashPassword(data.password), now.toISOString());
  await markInvitationAccepted(store.db, invitation.id, now.toISOString());
  await recordChange(store, { user, via: "session", scope: "write" }, now, {
    action: "invitation.accept",
    target: { type: "user", id: user.id },
    before: { invitation: invitation.id },
    after: { email: user.email, role: user.role, customerId: user.customerId },
  });
  return user;
};
