import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { utcOffsetMs } from "../../../domain/zone.ts";
import {
  currentFields,
  FIELD,
  type JiraModel,
  lastUpdate,
  type ModelChange,
  type ModelFields,
  type ModelIssue,
  type ModelSprint,
} from "./model.ts";

/**
 * A local Jira that speaks the documented REST API (platform v2/v3 and Agile 1.0) over HTTP, from a
 * model. Tests and the benchmark point the real connector at it; faults are switched on per test.
 */

export type Flavor = "cloud" | "datacenter";

export interface LocalJiraOptions {
  readonly model: JiraModel;
  readonly flavor?: Flavor;
  /** Cloud: email + token (Basic); Data Center: a PAT (Bearer). */
  readonly credentials?: { readonly email: string; readonly token: string } | { readonly pat: string };
  /** Changelog entries embedded in a search result (Jira embeds at most 100). */
  readonly embeddedChangelog?: number;
  /** Largest page the changelog endpoint serves. */
  readonly changelogPageCap?: number;
}

export interface Faults {
  /** Answer the next N requests whose path matches with 429 and `Retry-After`. */
  rateLimit?: { readonly path: RegExp; remaining: number; readonly retryAfter: string };
  /** Serve this search page (0-based, counted per search) cut off mid-way. */
  truncatePage?: number;
}

export interface LocalJira {
  readonly url: string;
  model: JiraModel;
  readonly faults: Faults;
  /** Every request served, as `METHOD path?query`, with its status. */
  readonly log: { readonly request: string; readonly status: number }[];
  /** Called after each search page is written. */
  onSearchPage?: (served: number) => void;
  close(): Promise<void>;
}

/** Jira's timestamp form: `2026-01-05T10:00:00.000+0000`. */
export const jiraTime = (iso: string) => iso.replace(/Z$/, "+0000");

const statusOf = (model: JiraModel, id: string) => {
  const status = model.statuses.find((s) => s.id === id);
  if (!status) throw new Error(`model has no status ${id}`);
  return status;
};

const sprintName = (model: JiraModel, id: number) =>
  model.sprints.find((s) => s.id === id)?.name ?? `Sprint ${id}`;

const person = (model: JiraModel, flavor: Flavor, accountId: string | null) =>
  accountId === null
    ? null
    : flavor === "cloud"
      ? { accountId, displayName: model.people[accountId] ?? accountId, active: true }
      : { name: accountId, key: accountId, displayName: model.people[accountId] ?? accountId, active: true };

const renderSprintValue = (model: JiraModel, flavor: Flavor, ids: readonly number[]) => {
  if (ids.length === 0) return null;
  return ids.map((id) => {
    const sprint = model.sprints.find((s) => s.id === id);
    const state = sprint?.state ?? "future";
    return flavor === "cloud"
      ? { id, name: sprintName(model, id), state, boardId: model.board, goal: sprint?.goal ?? "" }
      : `com.atlassian.greenhopper.service.sprint.Sprint@1f${id}[id=${id},rapidViewId=${model.board},state=${state.toUpperCase()},name=${sprintName(model, id)},startDate=<null>,endDate=<null>,completeDate=<null>,sequence=${id},goal=]`;
  });
};

const historyItems = (
  model: JiraModel,
  issues: readonly ModelIssue[],
  before: ModelFields,
  after: ModelFields,
  noise: boolean,
) => {
  const items: Record<string, unknown>[] = [];
  const keyOf = (id: string | null) => (id === null ? null : (issues.find((i) => i.id === id)?.key ?? id));
  if (before.status !== after.status)
    items.push({
      field: "status",
      fieldtype: "jira",
      fieldId: "status",
      from: before.status,
      fromString: statusOf(model, before.status).name,
      to: after.status,
      toString: statusOf(model, after.status).name,
    });
  if (before.sprints.join() !== after.sprints.join())
    items.push({
      field: "Sprint",
      fieldtype: "custom",
      fieldId: FIELD.sprint,
      from: before.sprints.length ? before.sprints.join(", ") : null,
      fromString: before.sprints.length ? before.sprints.map((s) => sprintName(model, s)).join(", ") : null,
      to: after.sprints.length ? after.sprints.join(", ") : null,
      toString: after.sprints.length ? after.sprints.map((s) => sprintName(model, s)).join(", ") : null,
    });
  if (before.points !== after.points)
    items.push({
      field: "Story Points",
      fieldtype: "custom",
      fieldId: FIELD.points,
      from: null,
      fromString: before.points === null ? null : String(before.points),
      to: null,
      toString: after.points === null ? null : String(after.points),
    });
  if (before.assignee !== after.assignee)
    items.push({
      field: "assignee",
      fieldtype: "jira",
      fieldId: "assignee",
      from: before.assignee,
      fromString: before.assignee === null ? null : model.people[before.assignee],
      to: after.assignee,
      toString: after.assignee === null ? null : model.people[after.assignee],
    });
  if (before.flagged !== after.flagged)
    items.push({
      field: "Flagged",
      fieldtype: "custom",
      fieldId: FIELD.flagged,
      from: null,
      fromString: before.flagged ? "Impediment" : null,
      to: null,
      toString: after.flagged ? "Impediment" : null,
    });
  if (before.parent !== after.parent)
    items.push({
      field: "IssueParentAssociation",
      fieldtype: "jira",
      from: before.parent,
      fromString: keyOf(before.parent),
      to: after.parent,
      toString: keyOf(after.parent),
    });
  if (noise)
    items.push({
      field: "Rank",
      fieldtype: "custom",
      fieldId: FIELD.rank,
      from: "",
      fromString: "",
      to: "",
      toString: "Ranked higher",
    });
  return items;
};

/** Every changelog entry of an issue, oldest first. */
export const historiesOf = (model: JiraModel, issue: ModelIssue, flavor: Flavor) => {
  let fields = issue.initial;
  return issue.changes.map((change, n) => {
    const next = { ...fields, ...change.set };
    const items = historyItems(model, model.issues, fields, next, change.noise ?? false);
    fields = next;
    return {
      id: String(Number(issue.id) * 1000 + n),
      author: person(model, flavor, "acc-ana"),
      created: jiraTime(change.at),
      items,
    };
  });
};

const renderFields = (model: JiraModel, issue: ModelIssue, flavor: Flavor) => {
  const f = currentFields(issue);
  const status = statusOf(model, f.status);
  const parent = f.parent === null ? null : model.issues.find((i) => i.id === f.parent);
  const done = status.category === "done";
  return {
    summary: issue.summary,
    issuetype: { id: "10001", name: issue.type, subtask: false },
    status: {
      id: status.id,
      name: status.name,
      statusCategory: { id: { new: 2, indeterminate: 4, done: 3 }[status.category], key: status.category },
    },
    assignee: person(model, flavor, f.assignee),
    parent: parent ? { id: parent.id, key: parent.key, fields: { summary: parent.summary } } : null,
    labels: [],
    created: jiraTime(issue.created),
    updated: jiraTime(lastUpdate(issue)),
    resolutiondate: done ? jiraTime(lastUpdate(issue)) : null,
    [FIELD.points]: f.points,
    [FIELD.sprint]: renderSprintValue(model, flavor, f.sprints),
    [FIELD.flagged]: f.flagged ? [{ id: "10019", value: "Impediment" }] : null,
    ...(issue.corrupt ?? {}),
  };
};

/** A webhook delivery body as Jira Cloud sends it for an issue event, with the issue as it is now. */
export const issueWebhookBody = (
  model: JiraModel,
  key: string,
  event: "jira:issue_created" | "jira:issue_updated" | "jira:issue_deleted",
  timestamp: string,
  changelog?: { readonly id: string; readonly items: readonly Record<string, unknown>[] },
): string => {
  const issue = model.issues.find((i) => i.key === key);
  if (!issue) throw new Error(`model has no issue ${key}`);
  return JSON.stringify({
    timestamp: Date.parse(timestamp),
    webhookEvent: event,
    issue_event_type_name: event === "jira:issue_updated" ? "issue_generic" : event.slice(5),
    user: person(model, "cloud", "acc-chen"),
    issue: {
      id: issue.id,
      self: `/rest/api/2/issue/${issue.id}`,
      key: issue.key,
      fields: renderFields(model, issue, "cloud"),
    },
    ...(changelog ? { changelog } : {}),
  });
};

/**
 * The `jira:issue_updated` body Jira sends when `change` happens to an issue: the issue as it
 * stands after it, and the changelog entry it makes.
 */
export const issueUpdatedBody = (model: JiraModel, key: string, change: ModelChange): string => {
  const after: JiraModel = {
    ...model,
    issues: model.issues.map((i) => (i.key === key ? { ...i, changes: [...i.changes, change] } : i)),
  };
  const issue = after.issues.find((i) => i.key === key)!;
  const entry = historiesOf(after, issue, "cloud").at(-1)!;
  return issueWebhookBody(after, key, "jira:issue_updated", change.at, { id: entry.id, items: entry.items });
};

/** A sprint webhook delivery body (`sprint_started`, `sprint_closed`, …). */
export const sprintWebhookBody = (
  model: JiraModel,
  sprint: ModelSprint,
  event: string,
  timestamp: string,
): string =>
  JSON.stringify({
    timestamp: Date.parse(timestamp),
    webhookEvent: event,
    sprint: renderSprint(model, sprint),
  });

const renderIssue = (model: JiraModel, issue: ModelIssue, flavor: Flavor, embedded: number) => {
  const histories = historiesOf(model, issue, flavor);
  // Jira embeds the newest entries, newest first, and says how many there are in all.
  const shown = histories.slice(-embedded).reverse();
  return {
    expand: "operations,changelog",
    id: issue.id,
    self: `/rest/api/2/issue/${issue.id}`,
    key: issue.key,
    changelog: { startAt: 0, maxResults: shown.length, total: histories.length, histories: shown },
    fields: renderFields(model, issue, flavor),
  };
};

const renderSprint = (model: JiraModel, sprint: ModelSprint) => ({
  id: sprint.id,
  self: `/rest/agile/1.0/sprint/${sprint.id}`,
  state: sprint.state,
  name: sprint.name,
  ...(sprint.startDate ? { startDate: sprint.startDate } : {}),
  ...(sprint.endDate ? { endDate: sprint.endDate } : {}),
  ...(sprint.completeDate ? { completeDate: sprint.completeDate } : {}),
  ...(sprint.createdDate ? { createdDate: sprint.createdDate } : {}),
  originBoardId: model.board,
  goal: sprint.goal ?? "",
});

/** UTC milliseconds of a wall-clock time in a time zone. */
const zonedMs = (y: number, mo: number, d: number, h: number, mi: number, timeZone: string) => {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  return wall - utcOffsetMs(timeZone, wall - utcOffsetMs(timeZone, wall));
};

const JQL =
  /^filter = (\d+)(?: AND updated >= "(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})")? ORDER BY updated ASC, key ASC$/;

export const startLocalJira = async (options: LocalJiraOptions): Promise<LocalJira> => {
  const flavor = options.flavor ?? "cloud";
  const embedded = options.embeddedChangelog ?? 100;
  const changelogCap = options.changelogPageCap ?? 100;
  const faults: Faults = {};
  const log: { request: string; status: number }[] = [];
  let searchesServed = 0;
  let sorted: { model: JiraModel; issues: ModelIssue[] } | null = null;

  const boardIssues = (model: JiraModel) => {
    if (sorted?.model !== model) {
      const issues = model.issues
        .filter((i) => !i.deleted)
        .sort((a, b) => {
          const x = lastUpdate(a);
          const y = lastUpdate(b);
          return x < y ? -1 : x > y ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        });
      sorted = { model, issues };
    }
    return sorted.issues;
  };

  const authorized = (req: IncomingMessage) => {
    const credentials = options.credentials;
    if (!credentials) return true;
    const expected =
      "pat" in credentials
        ? `Bearer ${credentials.pat}`
        : `Basic ${Buffer.from(`${credentials.email}:${credentials.token}`).toString("base64")}`;
    return req.headers.authorization === expected;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, local: LocalJira) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const q = url.searchParams;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ request: `${req.method} ${path}${url.search}`, status });
      const text = typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json;charset=UTF-8", ...headers });
      res.end(text);
    };
    let body = "";
    for await (const chunk of req) body += String(chunk);
    if (!authorized(req))
      return send(401, {
        errorMessages: ["You are not authenticated. Authentication required to perform this operation."],
        errors: {},
      });
    if (faults.rateLimit && faults.rateLimit.remaining > 0 && faults.rateLimit.path.test(path)) {
      faults.rateLimit.remaining--;
      return send(
        429,
        { errorMessages: ["Rate limit exceeded."] },
        { "retry-after": faults.rateLimit.retryAfter },
      );
    }
    const model = local.model;
    const api = /^\/rest\/api\/([23])\//.exec(path)?.[1];
    if (path === "/rest/api/2/serverInfo")
      return send(200, {
        baseUrl: local.url,
        version: flavor === "cloud" ? "1001.0.0-SNAPSHOT" : "9.12.0",
        deploymentType: flavor === "cloud" ? "Cloud" : "Server",
      });
    if (api && path === `/rest/api/${api}/myself`)
      return send(200, { ...person(model, flavor, "acc-ana"), timeZone: model.timeZone });
    if (path === `/rest/agile/1.0/board/${model.board}`)
      return send(200, { id: model.board, self: `${local.url}${path}`, name: "ACME board", type: "scrum" });
    if (path === `/rest/agile/1.0/board/${model.board}/configuration`)
      return send(200, {
        id: model.board,
        name: "ACME board",
        filter: { id: String(model.filterId), self: `${local.url}/rest/api/2/filter/${model.filterId}` },
        columnConfig: {
          columns: [
            {
              name: "To Do",
              statuses: model.statuses.filter((s) => s.category === "new").map((s) => ({ id: s.id })),
            },
            {
              name: "In Progress",
              statuses: model.statuses
                .filter((s) => s.category === "indeterminate")
                .map((s) => ({ id: s.id })),
            },
            {
              name: "Done",
              statuses: model.statuses.filter((s) => s.category === "done").map((s) => ({ id: s.id })),
            },
          ],
          constraintType: "issueCount",
        },
        estimation: { type: "field", field: { fieldId: FIELD.points, displayName: "Story Points" } },
        ranking: { rankCustomFieldId: 10019 },
      });
    if (path.startsWith("/rest/agile/1.0/board/") && !path.startsWith(`/rest/agile/1.0/board/${model.board}`))
      return send(404, {
        errorMessages: ["Board does not exist or you do not have permission to see it."],
        errors: {},
      });
    if (api && path === `/rest/api/${api}/field`)
      return send(200, [
        { id: "summary", name: "Summary", custom: false, schema: { type: "string", system: "summary" } },
        { id: "status", name: "Status", custom: false, schema: { type: "status", system: "status" } },
        {
          id: FIELD.points,
          name: "Story Points",
          custom: true,
          schema: {
            type: "number",
            custom: "com.atlassian.jira.plugin.system.customfieldtypes:float",
            customId: 10016,
          },
        },
        {
          id: "customfield_10099",
          name: "Budget",
          custom: true,
          schema: {
            type: "number",
            custom: "com.atlassian.jira.plugin.system.customfieldtypes:float",
            customId: 10099,
          },
        },
        {
          id: FIELD.sprint,
          name: "Sprint",
          custom: true,
          schema: {
            type: "array",
            items: "json",
            custom: "com.pyxis.greenhopper.jira:gh-sprint",
            customId: 10020,
          },
        },
        {
          id: FIELD.flagged,
          name: "Flagged",
          custom: true,
          schema: {
            type: "array",
            items: "option",
            custom: "com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes",
            customId: 10021,
          },
        },
        {
          id: FIELD.epicLink,
          name: "Epic Link",
          custom: true,
          schema: { type: "any", custom: "com.pyxis.greenhopper.jira:gh-epic-link", customId: 10014 },
        },
        {
          id: FIELD.rank,
          name: "Rank",
          custom: true,
          schema: { type: "any", custom: "com.pyxis.greenhopper.jira:gh-lexo-rank", customId: 10019 },
        },
      ]);
    if (api && path === `/rest/api/${api}/status`)
      return send(
        200,
        model.statuses.map((s) => ({
          id: s.id,
          name: s.name,
          statusCategory: {
            id: { new: 2, indeterminate: 4, done: 3 }[s.category],
            key: s.category,
            name: s.category,
          },
        })),
      );
    if (path === `/rest/agile/1.0/board/${model.board}/sprint`) {
      const startAt = Number(q.get("startAt") ?? 0);
      const max = Math.min(Number(q.get("maxResults") ?? 50), 2);
      const values = model.sprints.slice(startAt, startAt + max).map((s) => renderSprint(model, s));
      return send(200, { maxResults: max, startAt, isLast: startAt + max >= model.sprints.length, values });
    }
    if (path === "/rest/api/3/search/approximate-count" && req.method === "POST") {
      const jql = String(JSON.parse(body || "{}").jql ?? "");
      const selected = select(model, jql);
      if (!selected) return send(400, { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} });
      return send(200, { count: selected.length });
    }
    const search = (path === "/rest/api/3/search/jql" && flavor === "cloud") || path === `/rest/api/2/search`;
    if (search) {
      const jql = q.get("jql") ?? "";
      const selected = select(model, jql);
      if (!selected) return send(400, { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} });
      const max = Math.min(Number(q.get("maxResults") ?? 50), 100);
      const token = q.get("nextPageToken");
      const startAt = path.endsWith("/jql")
        ? token
          ? Number(Buffer.from(token, "base64url").toString())
          : 0
        : Number(q.get("startAt") ?? 0);
      const page = selected.slice(startAt, startAt + max).map((i) => renderIssue(model, i, flavor, embedded));
      const isLast = startAt + max >= selected.length;
      const payload = path.endsWith("/jql")
        ? {
            issues: page,
            ...(isLast ? {} : { nextPageToken: Buffer.from(String(startAt + max)).toString("base64url") }),
            isLast,
          }
        : { expand: "schema,names", startAt, maxResults: max, total: selected.length, issues: page };
      const index = searchesServed++;
      let text = JSON.stringify(payload);
      if (faults.truncatePage === Math.floor(startAt / max))
        text = text.slice(0, Math.floor(text.length * 0.6));
      send(200, text);
      local.onSearchPage?.(index + 1);
      return;
    }
    const changelog = /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/.exec(path);
    if (changelog && flavor === "cloud") {
      const issue = model.issues.find((i) => (i.id === changelog[1] || i.key === changelog[1]) && !i.deleted);
      if (!issue)
        return send(404, {
          errorMessages: ["Issue does not exist or you do not have permission to see it."],
          errors: {},
        });
      const histories = historiesOf(model, issue, flavor);
      const startAt = Number(q.get("startAt") ?? 0);
      const max = Math.min(Number(q.get("maxResults") ?? 100), changelogCap);
      const values = histories.slice(startAt, startAt + max);
      return send(200, {
        self: `${local.url}${path}`,
        maxResults: max,
        startAt,
        total: histories.length,
        isLast: startAt + max >= histories.length,
        values,
      });
    }
    const single = /^\/rest\/api\/2\/issue\/([^/]+)$/.exec(path);
    if (single && flavor === "datacenter") {
      const issue = model.issues.find((i) => (i.id === single[1] || i.key === single[1]) && !i.deleted);
      if (!issue) return send(404, { errorMessages: ["Issue Does Not Exist"], errors: {} });
      const histories = historiesOf(model, issue, flavor);
      return send(200, {
        id: issue.id,
        key: issue.key,
        fields: { created: jiraTime(issue.created) },
        changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
      });
    }
    return send(404, { errorMessages: [`No resource at ${path}`], errors: {} });
  };

  const select = (model: JiraModel, jql: string) => {
    const match = JQL.exec(jql);
    if (!match || Number(match[1]) !== model.filterId) return null;
    const issues = boardIssues(model);
    if (match[2] === undefined) return issues;
    const from = zonedMs(+match[2], +match[3]!, +match[4]!, +match[5]!, +match[6]!, model.timeZone);
    return issues.filter((i) => Date.parse(lastUpdate(i)) >= from);
  };

  let server: Server;
  const local: LocalJira = {
    url: "",
    model: options.model,
    faults,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  server = createServer((req, res) => {
    handle(req, res, local).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ errorMessages: [String(error)] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  (local as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return local;
};
