import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordChange } from "../../app/audit.ts";
import type { UserRole } from "../../domain/types.ts";
import { BatonError } from "../../errors.ts";
import { type Access, authorize, requirePrincipal, type ServerEnv } from "../policy.ts";

/** Every route of the API with the access it declares: the authorization matrix test walks these. */
export interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly access: Access;
}
export const DECLARED_ROUTES: DeclaredRoute[] = [];

const describeAccess = (access: Access) => {
  const who =
    access.roles === "public"
      ? "no sign-in needed"
      : access.roles === "signedIn"
        ? "any signed-in user"
        : `roles: ${(access.roles as readonly UserRole[]).join(", ")}`;
  const scope = access.engagement ? "; only engagements in the caller's scope (others answer 404)" : "";
  const write =
    access.roles !== "public" && access.scope === "write"
      ? "; needs a write token or a session with CSRF token"
      : "";
  return `Access: ${who}${scope}${write}.`;
};

const SECURITY: Record<string, string[]>[] = [{ session: [] }, { token: [] }];

/**
 * Declares a route: its OpenAPI description (request and response schemas) and who may call it.
 * `authorize` enforces the access before the handler runs; the access also appears in the
 * OpenAPI document as `x-baton-access`.
 */
export const defineRoute = <const R extends Omit<RouteConfig, "middleware">>(route: R, access: Access) => {
  DECLARED_ROUTES.push({ method: route.method.toUpperCase(), path: route.path, access });
  return createRoute({
    ...route,
    description: [route.description, describeAccess(access)].filter(Boolean).join("\n\n"),
    security: access.roles === "public" ? [] : SECURITY,
    "x-baton-access": {
      roles: access.roles,
      scope: access.scope,
      ...(access.engagement ? { engagement: access.engagement } : {}),
    },
    middleware: [authorize(access)] as const,
  });
};

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_input" }),
      message: z.string().openapi({ example: 'invalid token: scope: Invalid option (got "admin")' }),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi("Error");

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});

/** The answer of a workflow step that the record's state does not allow (resolved, published, …). */
export const CONFLICT = {
  409: errorResponse("The record's state does not allow this (already resolved, published, closed, …)"),
} as const;

/** The error answers every protected route can give. */
export const ERRORS = {
  400: errorResponse("Invalid input: the message names each bad field"),
  401: errorResponse("Not signed in, or the token is unknown or revoked"),
  403: errorResponse("Signed in, but this role or token scope may not do this"),
  404: errorResponse("Not found, or outside the caller's scope"),
} as const;

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** An engine report: its shape is documented in docs/api.md and METRICS.md rather than field by field. */
export const report = <T>(name: string, description: string) =>
  z.custom<T>(() => true).openapi(name, { type: "object", description });

export const EngagementParam = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: "id", in: "path" }, example: "acme-mobile" }),
});
export const SourceParam = z.object({
  sourceId: z
    .string()
    .min(1)
    .openapi({ param: { name: "sourceId", in: "path" }, example: "acme-mobile-jira" }),
});

export const datePattern = /^\d{4}-\d{2}-\d{2}$/;
export const DateQuery = z.object({
  date: z
    .string()
    .regex(datePattern, "must be YYYY-MM-DD")
    .optional()
    .openapi({ description: "Calendar date to evaluate on (default: today)", example: "2026-03-02" }),
});
export const WindowQuery = z.object({
  asOf: z.string().optional().openapi({ description: "Instant or date to compute as of (default: now)" }),
  from: z.string().optional().openapi({ description: "Window start date" }),
  to: z.string().optional().openapi({ description: "Window end date" }),
});
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: "Page size (1–500)" }),
  cursor: z.string().max(200).optional().openapi({ description: "`nextCursor` of the previous page" }),
});

/** The path parameter naming one record by its own id (`{signalId}`, `{escalationId}`, …). */
export const recordParam = <const N extends string>(name: N, example: string) =>
  z.object({
    [name]: z
      .string()
      .min(1)
      .max(200)
      .openapi({ param: { name, in: "path" }, example }),
  } as { [K in N]: z.ZodString });

/** Records a state change made through a route, by the caller, on the route's engagement. */
export const audit = (
  c: Context<ServerEnv>,
  change: { action: string; target: { type: string; id: string }; before: unknown; after: unknown },
) =>
  recordChange(c.get("store"), requirePrincipal(c.get("principal")), c.get("now")(), {
    ...change,
    engagementId: c.get("engagement").id,
  });

/** A body the use case parses itself (naming every bad field); its shape is documented in docs/. */
export const requestBody = (name: string) =>
  jsonBody(report<unknown>(name, `Parsed by the use case; see docs/workflows.md: ${name}`));

/** The request body as a JSON object, for use cases that parse their own input. */
export const objectBody = async (c: { req: { text: () => Promise<string> } }) => {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new BatonError("invalid_input", "the request body is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new BatonError("invalid_input", "the request body must be a JSON object");
  return body as Record<string, unknown>;
};
