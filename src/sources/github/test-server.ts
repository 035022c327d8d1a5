import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A local server speaking GitHub's REST API v3 for one repository, from fixtures in the documented
 * shapes: `Link` pagination (per_page capped like GitHub caps it at 100), strong ETags with 304s
 * on `If-None-Match`, bearer-token authentication, and throttles a test queues up (403 with
 * `retry-after`, 403 with `x-ratelimit-remaining: 0`). Tests of the real connector run against it.
 */

type Json = Record<string, unknown>;

/** One pull request as GitHub serves it across its endpoints. */
export interface PullFixture {
  /** `GET /repos/{o}/{r}/pulls/{n}`: the full pull request (sizes included). */
  readonly pull: Json;
  /** `GET /repos/{o}/{r}/issues/{n}/timeline`. */
  readonly timeline: readonly Json[];
  /** `GET /repos/{o}/{r}/pulls/{n}/commits`, oldest first. */
  readonly commits: readonly Json[];
}

export interface RepoFixture {
  readonly pulls: PullFixture[];
  readonly issues: Json[];
  readonly milestones: Json[];
  readonly deployments: { readonly deployment: Json; readonly statuses: readonly Json[] }[];
  readonly releases: Json[];
}

export interface LoggedRequest {
  readonly path: string;
  readonly status: number;
}

export interface Throttle {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface GithubTestServer {
  /** The API base URL, as `--api-url` takes it. */
  readonly url: string;
  readonly requests: LoggedRequest[];
  /**
   * Answers the next request whose path starts with `prefix` with `throttle` instead; a 200
   * throttle serves the request as usual with the throttle's headers added.
   */
  throttle(prefix: string, throttle: Throttle): void;
  close(): Promise<void>;
}

const user = (login: string): Json => ({
  login,
  id: Number.parseInt(createHash("sha256").update(login).digest("hex").slice(0, 7), 16),
  node_id: `U_${login}`,
  type: login.endsWith("[bot]") ? "Bot" : "User",
  site_admin: false,
  url: `https://api.github.com/users/${encodeURIComponent(login)}`,
});

/** The pull request's entry in `GET /repos/{o}/{r}/issues` (pull requests are issues there). */
const asIssue = (pull: Json): Json => ({
  number: pull.number,
  title: pull.title,
  user: pull.user,
  state: pull.state,
  created_at: pull.created_at,
  updated_at: pull.updated_at,
  closed_at: pull.closed_at,
  assignee: null,
  labels: [],
  pull_request: { url: pull.url, merged_at: pull.merged_at },
});

const byUpdated = (a: Json, b: Json) =>
  String(a.updated_at).localeCompare(String(b.updated_at)) || Number(a.number) - Number(b.number);

export const startGithubServer = async (
  repo: string,
  fixture: RepoFixture,
  options: { readonly token: string; readonly maxPerPage?: number },
): Promise<GithubTestServer> => {
  const requests: LoggedRequest[] = [];
  const throttles: { prefix: string; throttle: Throttle }[] = [];
  const base = `/api/v3/repos/${repo}`;
  let origin = "";
  const added = new WeakMap<ServerResponse, Readonly<Record<string, string>>>();

  const send = (res: ServerResponse, path: string, status: number, body: string, headers: Json = {}) => {
    requests.push({ path, status });
    const all = { "content-type": "application/json; charset=utf-8", ...headers, ...added.get(res) };
    res.writeHead(status, all as never);
    res.end(body);
  };

  const list = (req: IncomingMessage, res: ServerResponse, url: URL, items: readonly unknown[]) => {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), options.maxPerPage ?? 100);
    const page = Number(url.searchParams.get("page") ?? 1);
    const body = JSON.stringify(items.slice((page - 1) * perPage, page * perPage));
    const pages = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const next = new URL(url);
      next.searchParams.set("page", String(n));
      return `<${origin}${next.pathname}${next.search}>; rel="${rel}"`;
    };
    const links = [
      ...(page < pages ? [link(page + 1, "next"), link(pages, "last")] : []),
      ...(page > 1 ? [link(1, "first"), link(page - 1, "prev")] : []),
    ];
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
    const headers = { etag, ...(links.length ? { link: links.join(", ") } : {}) };
    // GitHub answers a matching If-None-Match with 304 and no body; it does not count against the limit.
    if (req.headers["if-none-match"] === etag) return send(res, url.pathname + url.search, 304, "", headers);
    send(res, url.pathname + url.search, 200, body, headers);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname + url.search;
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return send(res, path, 401, JSON.stringify({ message: "Bad credentials" }));
    const queued = throttles.findIndex((t) => url.pathname.startsWith(t.prefix));
    if (queued >= 0) {
      const { throttle } = throttles.splice(queued, 1)[0]!;
      if (throttle.status === 200) added.set(res, throttle.headers);
      else
        return send(
          res,
          path,
          throttle.status,
          JSON.stringify({
            message: throttle.status === 404 ? "Not Found" : "You have exceeded a secondary rate limit.",
          }),
          throttle.headers,
        );
    }
    const route = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : null;
    const pullOf = (pattern: RegExp) => {
      const number = route?.match(pattern)?.[1];
      return fixture.pulls.find((p) => String(p.pull.number) === number);
    };
    if (route === "/pulls") {
      const sorted = fixture.pulls.map((p) => p.pull).sort(byUpdated);
      return list(req, res, url, url.searchParams.get("direction") === "asc" ? sorted : sorted.reverse());
    }
    const detail = pullOf(/^\/pulls\/(\d+)$/);
    if (detail) return send(res, path, 200, JSON.stringify(detail.pull));
    const commits = pullOf(/^\/pulls\/(\d+)\/commits$/);
    if (commits) return list(req, res, url, commits.commits);
    const timeline = pullOf(/^\/issues\/(\d+)\/timeline$/);
    if (timeline) return list(req, res, url, timeline.timeline);
    if (route === "/issues") {
      const since = url.searchParams.get("since");
      const all = [...fixture.issues, ...fixture.pulls.map((p) => asIssue(p.pull))]
        .filter((i) => !since || String(i.updated_at) >= since)
        .sort(byUpdated);
      return list(req, res, url, url.searchParams.get("direction") === "desc" ? all.reverse() : all);
    }
    if (route === "/milestones") return list(req, res, url, fixture.milestones);
    if (route === "/releases") return list(req, res, url, fixture.releases);
    if (route === "/deployments") {
      const environment = url.searchParams.get("environment");
      const deployments = fixture.deployments
        .map((d) => d.deployment)
        .filter((d) => !environment || d.environment === environment)
        .sort((a, b) => Number(b.id) - Number(a.id));
      return list(req, res, url, deployments);
    }
    const deploymentId = route?.match(/^\/deployments\/(\d+)\/statuses$/)?.[1];
    const found = fixture.deployments.find((d) => String(d.deployment.id) === deploymentId);
    if (found)
      return list(
        req,
        res,
        url,
        [...found.statuses].sort((a, b) => Number(b.id) - Number(a.id)),
      );
    send(res, path, 404, JSON.stringify({ message: "Not Found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/api/v3`,
    requests,
    throttle: (prefix, throttle) => throttles.push({ prefix: `/api/v3/repos/${repo}${prefix}`, throttle }),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
};

/** Builders of GitHub's documented payload shapes, so fixtures read like the history they describe. */
export const gh = {
  user,
  pull: (spec: {
    readonly repo: string;
    readonly number: number;
    readonly title: string;
    readonly author: string;
    readonly createdAt: string;
    readonly updatedAt: string;
    readonly draft?: boolean;
    readonly head?: string;
    readonly body?: string | null;
    readonly base?: string;
    readonly mergedAt?: string | null;
    readonly closedAt?: string | null;
    readonly additions?: number;
    readonly deletions?: number;
    readonly changedFiles?: number;
  }): Json => ({
    url: `https://api.github.com/repos/${spec.repo}/pulls/${spec.number}`,
    id: 1_000_000 + spec.number,
    node_id: `PR_${spec.number}`,
    number: spec.number,
    state: spec.closedAt || spec.mergedAt ? "closed" : "open",
    locked: false,
    title: spec.title,
    user: user(spec.author),
    body: spec.body ?? null,
    created_at: spec.createdAt,
    updated_at: spec.updatedAt,
    closed_at: spec.closedAt ?? spec.mergedAt ?? null,
    merged_at: spec.mergedAt ?? null,
    draft: spec.draft ?? false,
    head: {
      label: `acme:${spec.head ?? `pr-${spec.number}`}`,
      ref: spec.head ?? `pr-${spec.number}`,
      sha: "a".repeat(40),
    },
    base: { label: `acme:${spec.base ?? "main"}`, ref: spec.base ?? "main", sha: "b".repeat(40) },
    merged: Boolean(spec.mergedAt),
    additions: spec.additions ?? 10,
    deletions: spec.deletions ?? 2,
    changed_files: spec.changedFiles ?? 1,
  }),
  commit: (sha: string, date: string, author = "alice"): Json => ({
    sha: sha.padEnd(40, "0"),
    node_id: `C_${sha}`,
    commit: {
      author: { name: author, email: `${author}@acme.test`, date },
      committer: { name: author, email: `${author}@acme.test`, date },
      message: "work",
    },
    author: user(author),
    committer: user(author),
  }),
  /** A timeline event with only an actor (ready_for_review, convert_to_draft, merged, closed, reopened). */
  event: (id: number, event: string, at: string, actor: string): Json => ({
    id,
    node_id: `E_${id}`,
    url: `https://api.github.com/repos/acme/events/${id}`,
    actor: user(actor),
    event,
    commit_id: null,
    commit_url: null,
    created_at: at,
  }),
  reviewRequested: (
    id: number,
    at: string,
    actor: string,
    reviewer: { readonly user: string } | { readonly team: string },
    event = "review_requested",
  ): Json => ({
    id,
    node_id: `RRE_${id}`,
    url: `https://api.github.com/repos/acme/events/${id}`,
    actor: user(actor),
    event,
    commit_id: null,
    commit_url: null,
    created_at: at,
    review_requester: user(actor),
    ...("user" in reviewer
      ? { requested_reviewer: user(reviewer.user) }
      : { requested_team: { id: 42, node_id: "T_42", name: reviewer.team, slug: reviewer.team } }),
  }),
  reviewed: (
    id: number,
    at: string,
    reviewer: string,
    state: "approved" | "changes_requested" | "commented",
  ): Json => ({
    id,
    node_id: `PRR_${id}`,
    user: user(reviewer),
    body: "",
    commit_id: "c".repeat(40),
    submitted_at: at,
    state,
    html_url: `https://github.com/acme/pull#pullrequestreview-${id}`,
    pull_request_url: "https://api.github.com/repos/acme/pulls/1",
    author_association: "MEMBER",
    _links: {},
    event: "reviewed",
  }),
  commented: (id: number, at: string, author: string): Json => ({
    url: `https://api.github.com/repos/acme/issues/comments/${id}`,
    id,
    node_id: `IC_${id}`,
    user: user(author),
    created_at: at,
    updated_at: at,
    author_association: "MEMBER",
    body: "looks good",
    event: "commented",
    actor: user(author),
  }),
};
