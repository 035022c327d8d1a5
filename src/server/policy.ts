import type { MiddlewareHandler } from "hono";
import type { Principal } from "../app/access.ts";
import { today } from "../app/validate.ts";
import type { Engagement, User, UserRole } from "../domain/types.ts";
import { BatonError, notFound } from "../errors.ts";
import type { TokenScope } from "../store/access.ts";
import { getEngagement, listAssignments, listEngagements, listMemberships } from "../store/engagements.ts";
import { getSource } from "../store/ingestion.ts";
import { getReport } from "../store/reports.ts";
import { getSignal } from "../store/signals.ts";
import type { Store } from "../store/store.ts";
import { getBlocker, getDecision, getDependency, getEscalation, getMiss } from "../store/workflows.ts";

/**
 * Who may call a route. Every route declares one; `authorize` below is the only place that
 * enforces them, so the rules read as a table.
 */
export interface Access {
  /** Roles allowed, `signedIn` for any role, `public` for no sign-in at all. */
  readonly roles: readonly UserRole[] | "signedIn" | "public";
  /** `write` routes refuse read-only tokens and need the CSRF token from browser sessions. */
  readonly scope: TokenScope;
  /**
   * Which engagement the route touches, when it touches one: from the `{id}` path parameter, or
   * through the record a path parameter names (`source` → `{sourceId}`, `signal` → `{signalId}`, …;
   * see `RECORDS`). The caller must be in that engagement's scope and allowed to see the record.
   */
  readonly engagement?: "path" | RecordKind;
}

/** Records addressed by their own id, and how each leads to its engagement. */
export type RecordKind =
  | "source"
  | "signal"
  | "escalation"
  | "blocker"
  | "dependency"
  | "decision"
  | "miss"
  | "report";

interface RecordResolver {
  /** The path parameter carrying the record's id. */
  readonly param: string;
  /** The record's engagement, or undefined when it does not exist or the user may not see it. */
  readonly engagementOf: (store: Store, id: string, user: User) => Promise<string | undefined>;
}

const internalOnly =
  (load: (store: Store, id: string) => Promise<{ engagementId: string } | undefined>) =>
  async (store: Store, id: string, user: User) =>
    user.role === "customer" ? undefined : (await load(store, id))?.engagementId;

/**
 * The one table of record kinds. Customers see only what is meant for them: customer-visible
 * escalations and decisions, and published (latest) report versions; anything else answers 404 to
 * them, exactly like a record that does not exist.
 */
export const RECORDS: Record<RecordKind, RecordResolver> = {
  source: {
    param: "sourceId",
    engagementOf: async (store, id) => (await getSource(store.db, id))?.engagementId,
  },
  signal: { param: "signalId", engagementOf: internalOnly((store, id) => getSignal(store.db, id)) },
  blocker: { param: "blockerId", engagementOf: internalOnly((store, id) => getBlocker(store.db, id)) },
  dependency: {
    param: "dependencyId",
    engagementOf: internalOnly((store, id) => getDependency(store.db, id)),
  },
  miss: { param: "missId", engagementOf: internalOnly((store, id) => getMiss(store.db, id)) },
  escalation: {
    param: "escalationId",
    engagementOf: async (store, id, user) => {
      const e = await getEscalation(store.db, id);
      return e && (user.role !== "customer" || e.customerVisible) ? e.engagementId : undefined;
    },
  },
  decision: {
    param: "decisionId",
    engagementOf: async (store, id, user) => {
      const d = await getDecision(store.db, id);
      return d && (user.role !== "customer" || d.customerVisible) ? d.engagementId : undefined;
    },
  },
  report: {
    param: "reportId",
    engagementOf: async (store, id, user) => {
      const r = await getReport(store.db, id);
      return r && (user.role !== "customer" || r.status === "published") ? r.engagementId : undefined;
    },
  },
};

export const ALL_ROLES: readonly UserRole[] = ["admin", "director", "dm", "specialist", "customer"];
/** The vendor's people: everyone but customers. */
export const INTERNAL: readonly UserRole[] = ["admin", "director", "dm", "specialist"];
/** Who runs delivery: admins, directors and DMs. */
export const DELIVERY: readonly UserRole[] = ["admin", "director", "dm"];
export const LEADERSHIP: readonly UserRole[] = ["admin", "director"];

/** Values routes find on the context once they are authorized. */
export type ServerEnv = {
  Variables: {
    store: Store;
    now: () => Date;
    principal: Principal | undefined;
    /** The engagement an `engagement`-scoped route touches, once authorized. */
    engagement: Engagement;
    requestId: string;
  };
};

const isCurrent = (a: { from: string; to: string | null }, date: string) =>
  a.from <= date && (a.to === null || a.to >= date);

/**
 * The engagements a user may see on a date: all of them for admins and directors; those a DM
 * leads; those a specialist is in the pod of; their own customer's for customers.
 */
export const visibleEngagementIds = async (
  store: Store,
  user: User,
  date: string,
): Promise<Set<string> | "all"> => {
  switch (user.role) {
    case "admin":
    case "director":
      return "all";
    case "dm":
      return new Set(
        (await listAssignments(store.db))
          .filter((a) => a.personId === user.personId && isCurrent(a, date))
          .map((a) => a.engagementId),
      );
    case "specialist":
      return new Set(
        (await listMemberships(store.db))
          .filter((m) => m.personId === user.personId && isCurrent(m, date))
          .map((m) => m.engagementId),
      );
    case "customer":
      return new Set(
        (await listEngagements(store.db)).filter((e) => e.customerId === user.customerId).map((e) => e.id),
      );
  }
};

export const mayUseEngagement = async (store: Store, user: User, engagement: Engagement, date: string) => {
  if (user.role === "customer") return engagement.customerId === user.customerId;
  const visible = await visibleEngagementIds(store, user, date);
  return visible === "all" || visible.has(engagement.id);
};

/** Keeps what the user may see of a list of engagement-bound things. */
export const filterVisible = async <T>(
  store: Store,
  user: User,
  date: string,
  items: readonly T[],
  engagementOf: (item: T) => string,
): Promise<T[]> => {
  const visible = await visibleEngagementIds(store, user, date);
  return visible === "all" ? [...items] : items.filter((i) => visible.has(engagementOf(i)));
};

/**
 * Removes what a role may not see from an engagement as presented: staffing rules (DM-load
 * violations) are for admins, directors and DMs; sources and stored data counts are the vendor's.
 */
export const redactFor = <T extends { dmLoadViolations?: unknown; sources?: unknown; data?: unknown }>(
  user: User,
  presented: T,
): T => {
  const copy = { ...presented };
  if (!DELIVERY.includes(user.role)) delete copy.dmLoadViolations;
  if (user.role === "customer") {
    delete copy.sources;
    delete copy.data;
  }
  return copy;
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The signed-in principal, or 401. */
export const requirePrincipal = (principal: Principal | undefined): Principal => {
  if (!principal)
    throw new BatonError("unauthorized", "sign in (session cookie) or send `Authorization: Bearer <token>`");
  return principal;
};

/**
 * Enforces a route's `Access`: signed in, credential scope, CSRF for browser sessions, the
 * engagement in the caller's scope (else 404, so nobody learns what exists outside it), then the role.
 */
export const authorize =
  (access: Access): MiddlewareHandler<ServerEnv> =>
  async (c, next) => {
    if (access.roles === "public") return next();
    const principal = requirePrincipal(c.get("principal"));
    if (access.scope === "write" || !SAFE_METHODS.has(c.req.method)) {
      if (principal.scope !== "write")
        throw new BatonError("forbidden", "this token is read-only: create a token with --scope write");
      if (principal.via === "session") {
        const sent = c.req.header("x-csrf-token") ?? (await formField(c.req.raw.clone(), "_csrf"));
        if (!sent || sent !== principal.csrfToken)
          throw new BatonError(
            "forbidden",
            "missing or wrong CSRF token: send the session's csrfToken in the X-CSRF-Token header",
          );
      }
    }
    const store = c.get("store");
    if (access.engagement) {
      const what = access.engagement === "path" ? "engagement" : access.engagement;
      const shown = c.req.param(access.engagement === "path" ? "id" : RECORDS[access.engagement].param) ?? "";
      const id =
        access.engagement === "path"
          ? shown
          : await RECORDS[access.engagement].engagementOf(store, shown, principal.user);
      const engagement = id === undefined ? undefined : await getEngagement(store.db, id);
      if (!engagement || !(await mayUseEngagement(store, principal.user, engagement, today(c.get("now")()))))
        throw notFound(what, shown);
      c.set("engagement", engagement);
    }
    if (access.roles !== "signedIn" && !access.roles.includes(principal.user.role))
      throw new BatonError("forbidden", `${principal.user.role} users may not do this`, {
        allowedRoles: access.roles,
      });
    return next();
  };

const formField = async (request: Request, name: string): Promise<string | undefined> => {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data"))
    return undefined;
  try {
    const value = (await request.formData()).get(name);
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
};
