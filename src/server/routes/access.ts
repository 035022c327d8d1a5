import { type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  acceptInvitation,
  acceptInvitationInput,
  createInvitationInput,
  createToken,
  createTokenInput,
  endSession,
  inviteCustomer,
  revokeApiToken,
  tokensOf,
} from "../../app/access.ts";
import { recordChange } from "../../app/audit.ts";
import { BatonError } from "../../errors.ts";
import { type AuthOptions, clearSessionCookie, signIn } from "../auth.ts";
import { LEADERSHIP, requirePrincipal, type ServerEnv } from "../policy.ts";
import { defineRoute, ERRORS, json, jsonBody } from "./define.ts";

const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(["admin", "director", "dm", "specialist", "customer"]),
    customerId: z.string().nullable(),
    personId: z.string().nullable(),
  })
  .openapi("User");

const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(["read", "write"]),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiToken");

const SessionSchema = z
  .object({
    user: UserSchema,
    csrfToken: z.string().openapi({ description: "Send as X-CSRF-Token on every state-changing request" }),
  })
  .openapi("Session");

const Tag = ["Access"];

const login = defineRoute(
  {
    method: "post",
    path: "/api/v1/session",
    tags: Tag,
    summary: "Sign in with email and password: sets the session cookie",
    request: {
      body: jsonBody(
        z.strictObject({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000) }),
      ),
    },
    responses: { 200: json(SessionSchema, "Signed in"), ...ERRORS },
  },
  { roles: "public", scope: "write" },
);

const current = defineRoute(
  {
    method: "get",
    path: "/api/v1/session",
    tags: Tag,
    summary: "Who is signed in, with the session's CSRF token",
    responses: {
      200: json(
        z.object({
          user: UserSchema,
          via: z.enum(["session", "token", "cli"]),
          scope: z.enum(["read", "write"]),
          csrfToken: z.string().nullable(),
        }),
        "The caller",
      ),
      ...ERRORS,
    },
  },
  { roles: "signedIn", scope: "read" },
);

const logout = defineRoute(
  {
    method: "delete",
    path: "/api/v1/session",
    tags: Tag,
    summary: "Sign out: ends the session",
    responses: { 200: json(z.object({ signedOut: z.boolean() }), "Signed out"), ...ERRORS },
  },
  { roles: "signedIn", scope: "write" },
);

const listTokens = defineRoute(
  {
    method: "get",
    path: "/api/v1/tokens",
    tags: Tag,
    summary: "The caller's personal API tokens (never their secrets)",
    responses: { 200: json(z.object({ tokens: z.array(TokenSchema) }), "Tokens"), ...ERRORS },
  },
  { roles: "signedIn", scope: "read" },
);

const createTokenRoute = defineRoute(
  {
    method: "post",
    path: "/api/v1/tokens",
    tags: Tag,
    summary: "Create a personal API token; the secret is in this answer only",
    request: { body: jsonBody(createTokenInput) },
    responses: {
      201: json(
        z.object({
          token: z.string().openapi({ description: "Shown once: store it now" }),
          info: TokenSchema,
        }),
        "Created",
      ),
      ...ERRORS,
    },
  },
  { roles: "signedIn", scope: "write" },
);

const revoke = defineRoute(
  {
    method: "delete",
    path: "/api/v1/tokens/{tokenId}",
    tags: Tag,
    summary: "Revoke one of the caller's tokens (admins: anyone's)",
    request: {
      params: z.object({
        tokenId: z
          .string()
          .min(1)
          .max(100)
          .openapi({ param: { name: "tokenId", in: "path" } }),
      }),
    },
    responses: { 200: json(TokenSchema, "Revoked"), ...ERRORS },
  },
  { roles: "signedIn", scope: "write" },
);

const invite = defineRoute(
  {
    method: "post",
    path: "/api/v1/invitations",
    tags: Tag,
    summary: "Invite a customer's person to create their login",
    request: { body: jsonBody(createInvitationInput) },
    responses: {
      201: json(
        z.object({
          token: z.string().openapi({ description: "Shown once: goes into the link the invitee follows" }),
          acceptUrl: z.string(),
          invitation: z.object({
            id: z.string(),
            email: z.string(),
            customerId: z.string(),
            expiresAt: z.string(),
          }),
        }),
        "Invited",
      ),
      ...ERRORS,
    },
  },
  { roles: LEADERSHIP, scope: "write" },
);

const accept = defineRoute(
  {
    method: "post",
    path: "/api/v1/invitations/accept",
    tags: Tag,
    summary: "Accept an invitation: creates the customer login",
    request: { body: jsonBody(acceptInvitationInput) },
    responses: { 201: json(UserSchema, "The new login"), ...ERRORS },
  },
  { roles: "public", scope: "write" },
);

const present = (t: {
  id: string;
  name: string;
  scope: "read" | "write";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}) => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

export const registerAccessRoutes = (app: OpenAPIHono<ServerEnv>, options: AuthOptions) => {
  app.openapi(login, async (c) => {
    const principal = await signIn(c, c.req.valid("json"), options);
    await recordChange(c.get("store"), principal, c.get("now")(), {
      action: "session.start",
      target: { type: "user", id: principal.user.id },
    });
    return c.json({ user: { ...principal.user }, csrfToken: principal.csrfToken ?? "" }, 200);
  });
  app.openapi(current, async (c) => {
    const p = requirePrincipal(c.get("principal"));
    return c.json({ user: { ...p.user }, via: p.via, scope: p.scope, csrfToken: p.csrfToken ?? null }, 200);
  });
  app.openapi(logout, async (c) => {
    const p = requirePrincipal(c.get("principal"));
    if (p.via !== "session")
      throw new BatonError(
        "invalid_input",
        "tokens are revoked, not signed out: DELETE /api/v1/tokens/{tokenId}",
      );
    await endSession(c.get("store"), p.sessionId ?? "");
    clearSessionCookie(c);
    return c.json({ signedOut: true }, 200);
  });
  app.openapi(listTokens, async (c) => {
    const p = requirePrincipal(c.get("principal"));
    return c.json({ tokens: (await tokensOf(c.get("store"), p.user.id)).map(present) }, 200);
  });
  app.openapi(createTokenRoute, async (c) => {
    const { token, info } = await createToken(
      c.get("store"),
      requirePrincipal(c.get("principal")),
      c.req.valid("json"),
      c.get("now")(),
    );
    return c.json({ token, info: present(info) }, 201);
  });
  app.openapi(revoke, async (c) => {
    const token = await revokeApiToken(
      c.get("store"),
      requirePrincipal(c.get("principal")),
      c.req.valid("param").tokenId,
      c.get("now")(),
    );
    return c.json(present(token), 200);
  });
  app.openapi(invite, async (c) => {
    const { token, invitation } = await inviteCustomer(
      c.get("store"),
      requirePrincipal(c.get("principal")),
      c.req.valid("json"),
      c.get("now")(),
    );
    const origin = new URL(c.req.url).origin;
    return c.json({ token, acceptUrl: `${origin}/invite/${token}`, invitation }, 201);
  });
  app.openapi(accept, async (c) => {
    const user = await acceptInvitation(c.get("store"), c.req.valid("json"), c.get("now")());
    return c.json({ ...user }, 201);
  });
};
