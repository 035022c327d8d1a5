import { usableTimeZone, utcOffsetMs } from "../../domain/zone.ts";
import { BatonError } from "../../errors.ts";
import { type CollectContext, RecordError } from "../../ingest/connector.ts";
import { type HttpClient, type HttpResponse, parseJson } from "../../ingest/http.ts";
import { jiraClient } from "./client.ts";
import { parseJiraConfig } from "./config.ts";
import { boardFilterId, discoverContext } from "./discover.ts";
import { JIRA_STREAMS } from "./extract.ts";
import { extractIssue } from "./extract-issue.ts";
import { isObject } from "./read.ts";
import type { IssueContext, IssuePageParams } from "./records.ts";

const SPRINT_PAGE = 50;
const CHANGELOG_PAGE = 100;
const DEFAULT_PAGE = 100;
const DEFAULT_OVERLAP_MINUTES = 5;
const BASE_FIELDS = [
  "summary",
  "issuetype",
  "status",
  "assignee",
  "parent",
  "labels",
  "created",
  "updated",
  "resolutiondate",
];

/** `yyyy/MM/dd HH:mm` in the user's time zone: JQL reads dates in the zone of the account asking. */
export const jqlTime = (instant: string, timeZone: string): string => {
  const ms = Date.parse(instant);
  const local = new Date(ms + utcOffsetMs(usableTimeZone(timeZone), ms)).toISOString();
  return `${local.slice(0, 10).replaceAll("-", "/")} ${local.slice(11, 16)}`;
};

const json = (response: HttpResponse): unknown => parseJson(response);

const get = (value: unknown, key: string): unknown => (isObject(value) ? value[key] : undefined);

/** Fetches a page; a body that is not JSON is fetched once more before it counts as broken. */
const fetchPage = async (http: HttpClient, path: string, query: Record<string, string | number>) => {
  let response = await http.request(path, { query });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return { response, body: JSON.parse(response.text) as unknown };
    } catch {
      if (attempt === 0) response = await http.request(path, { query });
    }
  }
  return { response, body: null };
};

/**
 * Walks a `startAt`/`maxResults` listing of `values` (Agile API, changelog endpoint) to its end:
 * `isLast`, an empty page, or `total` reached. Hands each response to `onPage` in order.
 */
const eachValuesPage = async (
  http: HttpClient,
  path: string,
  maxResults: number,
  onPage: (response: HttpResponse, startAt: number, page: number) => Promise<void>,
) => {
  for (let startAt = 0, page = 0; ; page++) {
    const response = await http.request(path, { query: { startAt, maxResults } });
    const body = json(response);
    await onPage(response, startAt, page);
    const values = get(body, "values");
    const count = Array.isArray(values) ? values.length : 0;
    const total = Number(get(body, "total"));
    startAt += count;
    if (get(body, "isLast") === true || count === 0 || (Number.isFinite(total) && startAt >= total)) return;
  }
};

/** Every changelog page of an issue whose search result carried only the first entries. */
const fetchChangelog = async (http: HttpClient, api: string, issueId: string, version: string) => {
  if (version === "2") {
    // Data Center returns the whole changelog with a single issue.
    const response = await http.request(`${api}/issue/${issueId}`, {
      query: { expand: "changelog", fields: "created" },
    });
    json(response);
    return [response.text];
  }
  const pages: string[] = [];
  await eachValuesPage(http, `${api}/issue/${issueId}/changelog`, CHANGELOG_PAGE, async (response) => {
    pages.push(response.text);
  });
  return pages;
};

/** The changelogs of a search page that need their own pagination, by issue id. */
const completeChangelogs = async (
  http: HttpClient,
  api: string,
  version: string,
  issues: readonly unknown[],
) => {
  const changelogs: Record<string, string[]> = {};
  for (const issue of issues) {
    const changelog = get(issue, "changelog");
    const histories = get(changelog, "histories");
    const total = Number(get(changelog, "total"));
    const id = get(issue, "id");
    if (
      (typeof id === "string" || typeof id === "number") &&
      Array.isArray(histories) &&
      total > histories.length
    )
      changelogs[String(id)] = await fetchChangelog(http, api, String(id), version);
  }
  return changelogs;
};

const updatedOf = (issue: unknown): string | null => {
  const updated = get(get(issue, "fields"), "updated");
  const ms =
    typeof updated === "string" ? Date.parse(updated.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null || a < b ? a : b);
const later = (a: string | null, b: string | null) => (a === null ? b : b === null || a > b ? a : b);

/**
 * Where the cursor may move after a page: to its newest update, but never past an issue that
 * cannot be stored, so the next sync reads that issue again instead of losing it. Returns
 * `undefined` when the cursor must not move at all (a bad issue without a readable update).
 */
const pageCursor = (issues: readonly unknown[], params: IssuePageParams, high: string | null) => {
  let newest = high;
  let hold: string | null | undefined = null;
  for (const issue of issues) {
    const updated = updatedOf(issue);
    newest = later(newest, updated);
    try {
      const id = get(issue, "id");
      extractIssue(issue, params.context, params.changelogs[String(id)], true);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      if (updated === null) return { newest, hold: undefined };
      hold = earlier(hold, new Date(Date.parse(updated) - 1).toISOString());
    }
  }
  return { newest, hold };
};

interface Site {
  readonly http: HttpClient;
  readonly api: string;
  readonly version: "2" | "3";
  readonly timeZone: string;
}

const openSite = async (
  ctx: CollectContext,
): Promise<Site & { board: number; filterId: string; sprints: boolean; context: IssueContext }> => {
  const config = parseJiraConfig(ctx.source.config);
  const http = jiraClient(config, { signal: ctx.signal });
  let version = config.apiVersion;
  if (version === "auto") {
    const info = json(await http.request("/rest/api/2/serverInfo"));
    version = get(info, "deploymentType") === "Cloud" ? "3" : "2";
  }
  const api = `/rest/api/${version}`;
  const myself = json(await http.request(`${api}/myself`));
  const timeZone = typeof get(myself, "timeZone") === "string" ? (get(myself, "timeZone") as string) : "UTC";

  const meta = async (path: string) => {
    const response = await http.request(path);
    const body = json(response);
    await ctx.save({
      stream: JIRA_STREAMS.meta,
      url: response.url,
      params: { path },
      payload: response.text,
    });
    return body;
  };
  const board = config.board;
  const boardInfo = await meta(`/rest/agile/1.0/board/${board}`);
  const configuration = await meta(`/rest/agile/1.0/board/${board}/configuration`);
  const fields = await meta(`${api}/field`);
  const statuses = await meta(`${api}/status`);
  return {
    http,
    api,
    version,
    timeZone,
    board,
    filterId: boardFilterId(configuration, board),
    // Kanban boards have no sprints; Jira answers 400 when asked for them.
    sprints: get(boardInfo, "type") !== "kanban",
    context: discoverContext(fields, statuses, configuration, config),
  };
};

/** Every sprint of the board, all states; re-read on every run (dates and states change). */
const collectSprints = (ctx: CollectContext, http: HttpClient, board: number) =>
  eachValuesPage(
    http,
    `/rest/agile/1.0/board/${board}/sprint`,
    SPRINT_PAGE,
    async (response, startAt, page) => {
      await ctx.save({
        stream: JIRA_STREAMS.sprints,
        url: response.url,
        params: { startAt },
        payload: response.text,
      });
      ctx.progress({ stream: JIRA_STREAMS.sprints, done: page + 1, total: null });
    },
  );

/**
 * The board's issues updated since the cursor (all of them on a first or full sync), oldest
 * update first, each page with the complete changelogs of its issues. Each page commits with the
 * newest update it holds (held back before any issue that cannot be stored), so an interrupted
 * sync starts again from there, minus the overlap, and a bad issue is read again next time.
 */
const collectIssues = async (ctx: CollectContext, site: Awaited<ReturnType<typeof openSite>>) => {
  const config = parseJiraConfig(ctx.source.config);
  const pageSize = config.pageSize ?? DEFAULT_PAGE;
  const overlapMs = (config.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES) * 60_000;
  const stored = await ctx.getCursor(JIRA_STREAMS.issues);
  const since = stored === null ? null : new Date(Date.parse(stored) - overlapMs).toISOString();
  const jql = `filter = ${site.filterId}${since === null ? "" : ` AND updated >= "${jqlTime(since, site.timeZone)}"`} ORDER BY updated ASC, key ASC`;
  const { context } = site;
  const fields = [
    ...BASE_FIELDS,
    context.pointsField,
    context.sprintField,
    context.flaggedField,
    context.epicLinkField,
  ]
    .filter((f): f is string => f !== null)
    .join(",");

  let total: number | null = null;
  if (site.version === "3") {
    const count = json(
      await site.http.request(`${site.api}/search/approximate-count`, { method: "POST", body: { jql } }),
    );
    total =
      typeof get(count, "count") === "number" ? Math.ceil((get(count, "count") as number) / pageSize) : null;
  }
  // The newest update stored, and the instant the cursor is held at by an issue that failed.
  let high = stored;
  let hold: string | null | undefined = null;
  let startAt = 0;
  let token: string | null = null;
  for (let page = 0; ; page++) {
    const path = site.version === "3" ? `${site.api}/search/jql` : `${site.api}/search`;
    const query: Record<string, string | number> = { jql, fields, expand: "changelog", maxResults: pageSize };
    if (site.version === "3" && token !== null) query.nextPageToken = token;
    if (site.version === "2") query.startAt = startAt;
    const { response, body } = await fetchPage(site.http, path, query);
    const issues = get(body, "issues");
    const list = Array.isArray(issues) ? issues : [];
    const changelogs = await completeChangelogs(site.http, site.api, site.version, list);
    const params: IssuePageParams = { jql, page, context, changelogs };
    const checked = pageCursor(list, params, high);
    high = checked.newest;
    hold = hold === undefined || checked.hold === undefined ? undefined : earlier(hold, checked.hold);
    const next = hold === undefined ? null : earlier(high, hold);
    await ctx.save({
      stream: JIRA_STREAMS.issues,
      url: response.url,
      params: { ...params, ...(token !== null ? { nextPageToken: token } : { startAt }) },
      payload: response.text,
      ...(body !== null && next !== null ? { cursor: next } : {}),
    });
    if (body === null)
      throw new BatonError(
        "source_failed",
        `Jira sent a page that is not valid JSON twice (${response.url}); the issues it names are listed in the run's problems. Run \`baton sync\` again.`,
        { url: response.url },
      );
    if (site.version === "2") {
      const reported = Number(get(body, "total"));
      if (Number.isFinite(reported)) total = Math.ceil(reported / pageSize);
    }
    ctx.progress({
      stream: JIRA_STREAMS.issues,
      done: page + 1,
      total: total === null ? null : Math.max(total, page + 1),
    });
    if (site.version === "3") {
      const nextToken = get(body, "nextPageToken");
      if (get(body, "isLast") === true || typeof nextToken !== "string" || list.length === 0) return;
      token = nextToken;
    } else {
      startAt += list.length;
      const reported = Number(get(body, "total"));
      if (list.length === 0 || (Number.isFinite(reported) && startAt >= reported)) return;
    }
  }
};

/** Collect stage: the board, its sprints and its issues with complete changelogs. */
export const collectJira = async (ctx: CollectContext): Promise<void> => {
  const site = await openSite(ctx);
  if (site.sprints) await collectSprints(ctx, site.http, site.board);
  await collectIssues(ctx, site);
};
