import { BatonError } from "../../errors.ts";
import type { CollectContext, Progress } from "../../ingest/connector.ts";
import {
  HttpClient,
  type HttpClientOptions,
  type HttpResponse,
  nextLink,
  parseJson,
} from "../../ingest/http.ts";
import { configOf, GITHUB_API_URL, githubToken } from "./config.ts";

/** What tests (and callers that show waits) may inject into the connector's HTTP client. */
export type GithubClientOptions = Pick<HttpClientOptions, "sleep" | "onWait" | "maxWaitMs" | "timeoutMs">;

/**
 * A pull request or deployment updated this long before the last sync's high-water mark is read
 * again: GitHub's `updated_at` of a change made while the last sync was paging may lag its list.
 */
export const OVERLAP_MS = 5 * 60_000;

/** A stream's cursor: the newest `updated_at` seen and the ETag of the first page at `url`. */
interface Cursor {
  readonly updatedAt?: string;
  readonly etag?: string;
  readonly url?: string;
}

const readCursor = (value: string | null): Cursor => {
  if (!value) return {};
  try {
    return JSON.parse(value) as Cursor;
  } catch {
    return {};
  }
};

const writeCursor = (cursor: Cursor) => JSON.stringify(cursor);

/** The first page of a list, or null when GitHub answers 304: unchanged since the stored ETag. */
const firstPage = async (client: HttpClient, url: string, cursor: Cursor): Promise<HttpResponse | null> => {
  const conditional = cursor.etag && cursor.url === url;
  const response = await client.request(url, {
    ...(conditional ? { headers: { "if-none-match": cursor.etag as string } } : {}),
    accept: [304],
  });
  return response.status === 304 ? null : response;
};

/** The given page and every page after it, following `Link: <…>; rel="next"`. */
async function* pagesFrom(client: HttpClient, first: HttpResponse): AsyncGenerator<HttpResponse> {
  let page: HttpResponse | null = first;
  while (page) {
    yield page;
    const next = nextLink(page.headers.get("link"));
    page = next ? await client.request(next) : null;
  }
}

/**
 * Stores a list page that named nothing to fetch (an empty repository, or only changes older than
 * the cursor), so its ETag is kept and the next sync's request can answer 304.
 */
const saveListOnly = async (ctx: CollectContext, stream: string, page: HttpResponse, cursor: string) => {
  await ctx.save({ stream, url: page.url, params: { list: true }, payload: page.text, cursor });
};

/** Every item of a paginated list. */
const listAll = async <T>(client: HttpClient, path: string): Promise<T[]> => {
  const items: T[] = [];
  for await (const page of pagesFrom(client, await client.request(path, { query: { per_page: 100 } })))
    items.push(...parseJson<T[]>(page));
  return items;
};

const newer = (a: string | undefined, b: string | undefined) => (a && (!b || a > b) ? a : b);

interface Updated {
  readonly updated_at?: string;
  readonly created_at?: string;
}

/**
 * Pull requests, newest update first: the list is read until it reaches what the last sync saw
 * (minus the overlap), then each changed pull request is fetched whole — detail (sizes), timeline
 * (review requests, reviews, comments, draft changes, merge) and commits (the first commit time) —
 * and stored as one payload. The cursor commits with the last one.
 */
const collectPulls = async (ctx: CollectContext, client: HttpClient, repoPath: string) => {
  const stream = "pulls";
  const cursor = readCursor(await ctx.getCursor(stream));
  const url = client.url(`${repoPath}/pulls`, {
    state: "all",
    sort: "updated",
    direction: "desc",
    per_page: 100,
  });
  const first = await firstPage(client, url, cursor);
  if (!first) return;
  const since = cursor.updatedAt ? Date.parse(cursor.updatedAt) - OVERLAP_MS : null;
  // A pull request updated while the list is paged moves to its front and may be listed twice.
  const seen = new Set<number>();
  const changed: number[] = [];
  let highWater = cursor.updatedAt;
  pages: for await (const page of pagesFrom(client, first)) {
    for (const pull of parseJson<(Updated & { number: number })[]>(page)) {
      if (since !== null && pull.updated_at && Date.parse(pull.updated_at) < since) break pages;
      if (!seen.has(pull.number)) changed.push(pull.number);
      seen.add(pull.number);
      highWater = newer(pull.updated_at, highWater);
    }
  }
  const etag = first.headers.get("etag") ?? undefined;
  if (changed.length === 0)
    return saveListOnly(ctx, stream, first, writeCursor({ updatedAt: highWater, etag, url }));
  for (const [index, number] of changed.entries()) {
    ctx.progress({ stream, done: index, total: changed.length });
    const last = index === changed.length - 1;
    const cursorNow = last ? { cursor: writeCursor({ updatedAt: highWater, etag, url }) } : {};
    let page: { detail: HttpResponse; timeline: unknown[]; commits: unknown[] };
    try {
      page = {
        detail: await client.request(`${repoPath}/pulls/${number}`),
        timeline: await listAll<unknown>(client, `${repoPath}/issues/${number}/timeline`),
        // Commits come oldest first (up to 250); the first page holds the first commit.
        commits: parseJson<unknown[]>(
          await client.request(`${repoPath}/pulls/${number}/commits`, { query: { per_page: 100 } }),
        ),
      };
    } catch (error) {
      // Listed a moment ago, gone now (deleted as spam, repository moved): the rest still syncs.
      if (!(error instanceof BatonError && error.details?.status === 404)) throw error;
      ctx.problem({ stage: "collect", sourceRecordId: `#${number}`, reason: error.message });
      if (last) await saveListOnly(ctx, stream, first, cursorNow.cursor as string);
      continue;
    }
    await ctx.save({
      stream,
      url: page.detail.url,
      params: { number },
      payload: JSON.stringify({
        pull: parseJson(page.detail),
        timeline: page.timeline,
        commits: page.commits,
      }),
      ...cursorNow,
    });
  }
  ctx.progress({ stream, done: changed.length, total: changed.length });
};

/**
 * Issues updated since the cursor, oldest first (`since`, `sort=updated`): each page is stored
 * as received and moves the cursor, so an interrupted sync resumes where it stopped.
 */
const collectIssues = async (ctx: CollectContext, client: HttpClient, repoPath: string) => {
  const stream = "issues";
  const cursor = readCursor(await ctx.getCursor(stream));
  const url = client.url(`${repoPath}/issues`, {
    state: "all",
    sort: "updated",
    direction: "asc",
    per_page: 100,
    since: cursor.updatedAt,
  });
  const first = await firstPage(client, url, cursor);
  if (!first) return;
  const etag = first.headers.get("etag") ?? undefined;
  let highWater = cursor.updatedAt;
  let done = 0;
  for await (const page of pagesFrom(client, first)) {
    for (const issue of parseJson<Updated[]>(page)) highWater = newer(issue.updated_at, highWater);
    await ctx.save({
      stream,
      url: page.url,
      params: {},
      payload: page.text,
      cursor: writeCursor({ updatedAt: highWater, etag, url }),
    });
    ctx.progress({ stream, done: ++done, total: null });
  }
};

/** A short list read whole whenever its first page changed (milestones, releases). */
const collectList = async (
  ctx: CollectContext,
  client: HttpClient,
  stream: string,
  path: string,
  query = {},
) => {
  const cursor = readCursor(await ctx.getCursor(stream));
  const url = client.url(path, { per_page: 100, ...query });
  const first = await firstPage(client, url, cursor);
  if (!first) return;
  const etag = first.headers.get("etag") ?? undefined;
  const pages: HttpResponse[] = [];
  for await (const page of pagesFrom(client, first)) pages.push(page);
  for (const [index, page] of pages.entries()) {
    await ctx.save({
      stream,
      url: page.url,
      params: {},
      payload: page.text,
      ...(index === pages.length - 1 ? { cursor: writeCursor({ etag, url }) } : {}),
    });
    ctx.progress({ stream, done: index + 1, total: pages.length });
  }
};

/**
 * Deployments, newest first, each stored with all its statuses. A deployment is read again while
 * it changes (`updated_at` moves with every new status); paging stops at a page where none did.
 */
const collectDeployments = async (
  ctx: CollectContext,
  client: HttpClient,
  repoPath: string,
  environment: string | undefined,
) => {
  const stream = "deployments";
  const cursor = readCursor(await ctx.getCursor(stream));
  const url = client.url(`${repoPath}/deployments`, { per_page: 100, environment });
  const first = await firstPage(client, url, cursor);
  if (!first) return;
  const since = cursor.updatedAt ? Date.parse(cursor.updatedAt) - OVERLAP_MS : null;
  const changed: (Updated & { id: number })[] = [];
  let highWater = cursor.updatedAt;
  for await (const page of pagesFrom(client, first)) {
    let any = false;
    for (const deployment of parseJson<(Updated & { id: number })[]>(page)) {
      const updated = deployment.updated_at ?? deployment.created_at;
      if (since !== null && updated && Date.parse(updated) < since) continue;
      any = true;
      changed.push(deployment);
      highWater = newer(updated, highWater);
    }
    if (!any) break;
  }
  const etag = first.headers.get("etag") ?? undefined;
  if (changed.length === 0)
    return saveListOnly(ctx, stream, first, writeCursor({ updatedAt: highWater, etag, url }));
  for (const [index, deployment] of changed.entries()) {
    ctx.progress({ stream, done: index, total: changed.length });
    const statusesPath = `${repoPath}/deployments/${deployment.id}/statuses`;
    const statuses = await listAll<unknown>(client, statusesPath);
    await ctx.save({
      stream,
      url: client.url(statusesPath),
      params: { id: deployment.id },
      payload: JSON.stringify({ deployment, statuses }),
      ...(index === changed.length - 1 ? { cursor: writeCursor({ updatedAt: highWater, etag, url }) } : {}),
    });
  }
  ctx.progress({ stream, done: changed.length, total: changed.length });
};

/** Collects one repository: pull requests, issues, milestones, deployments and releases. */
export const collectGithub =
  (options: GithubClientOptions = {}) =>
  async (ctx: CollectContext): Promise<void> => {
    const config = configOf(ctx.source);
    const token = githubToken(config, ctx.source.id);
    // The stream in progress, so a rate-limit wait shows under its bar instead of looking hung.
    let current: Progress = { stream: "pulls", done: 0, total: null };
    const progress = (update: Progress) => {
      current = update;
      ctx.progress(update);
    };
    const client = new HttpClient({
      ...options,
      onWait: (wait) => {
        options.onWait?.(wait);
        if (wait.ms >= 5000)
          ctx.progress({ ...current, note: `${wait.reason}, resuming in ${Math.ceil(wait.ms / 1000)} s` });
      },
      baseUrl: config.apiUrl ?? GITHUB_API_URL,
      service: "GitHub",
      signal: ctx.signal,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${token}`,
        "user-agent": "baton",
        "x-github-api-version": "2022-11-28",
      },
      hints: {
        401: `the token in ${config.tokenEnv} was refused; check that it is valid and not expired`,
        403: `the token in ${config.tokenEnv} may not read ${config.repo}; it needs read access to contents, pull requests, issues and deployments`,
        404: `check that ${config.repo} exists and that the token in ${config.tokenEnv} can see it${config.apiUrl ? ` on ${config.apiUrl}` : ""}`,
      },
    });
    const repoPath = `/repos/${config.repo}`;
    const tracked: CollectContext = { ...ctx, progress };
    await collectPulls(tracked, client, repoPath);
    await collectIssues(tracked, client, repoPath);
    await collectList(tracked, client, "milestones", `${repoPath}/milestones`, { state: "all" });
    await collectDeployments(tracked, client, repoPath, config.environment);
    await collectList(tracked, client, "releases", `${repoPath}/releases`);
  };
