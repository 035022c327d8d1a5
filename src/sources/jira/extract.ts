import type { ExtractedRecord, Extraction } from "../../ingest/connector.ts";
import { RecordError } from "../../ingest/connector.ts";
import type { RawRecord, RunProblem } from "../../store/ingestion.ts";
import { currentStatus, extractIssue, historyOf, looksLikeSprints, sprintFieldIds } from "./extract-issue.ts";
import { array, id, instant, isObject, object, optionalInstant, optionalText, text } from "./read.ts";
import type { IssueContext, IssuePageParams, JiraRecord, JiraSprint } from "./records.ts";

/** The streams a Jira source stores. `meta` pages (board, fields, statuses) yield no records. */
export const JIRA_STREAMS = {
  meta: "meta",
  sprints: "sprints",
  issues: "issues",
  webhook: "webhook",
} as const;

const SPRINT_STATES = new Set(["future", "active", "closed"]);

export const extractSprint = (value: unknown, path: string): JiraSprint => {
  const sprint = object(value, path);
  const state = text(sprint.state, `${path}.state`).toLowerCase();
  if (!SPRINT_STATES.has(state))
    throw new RecordError(`${path}.state "${state}" is not future, active or closed`);
  return {
    id: id(sprint.id, `${path}.id`),
    name: text(sprint.name, `${path}.name`),
    state: state as JiraSprint["state"],
    createdAt: optionalInstant(sprint.createdDate, `${path}.createdDate`),
    startAt: optionalInstant(sprint.startDate, `${path}.startDate`),
    activatedAt: optionalInstant(sprint.activatedDate, `${path}.activatedDate`),
    endAt: optionalInstant(sprint.endDate, `${path}.endDate`),
    completedAt: optionalInstant(sprint.completeDate, `${path}.completeDate`),
    goal: optionalText(sprint.goal, `${path}.goal`),
  };
};

type Result = { records: ExtractedRecord<JiraRecord>[]; problems: RunProblem[] };

const problem = (sourceRecordId: string, reason: string, location?: string): RunProblem => ({
  stage: "extract",
  sourceRecordId,
  reason,
  ...(location !== undefined ? { location } : {}),
});

const reasonOf = (error: unknown) => {
  if (error instanceof RecordError) return error.message;
  throw error;
};

/**
 * A payload that is not JSON (a response cut off mid-way): nothing of it lands, and every issue key
 * still readable in the text is reported, so the user knows which issues are missing.
 */
const unreadable = (raw: RawRecord, error: unknown): Result => {
  const why = `the page from ${raw.url} is not valid JSON (${error instanceof Error ? error.message : String(error)}; ${raw.payload.length} characters): nothing from it was stored`;
  const keys = [
    ...new Set([...raw.payload.matchAll(/"key"\s*:\s*"([A-Za-z][A-Za-z0-9_]*-\d+)"/g)].map((m) => m[1]!)),
  ];
  return {
    records: [],
    problems: keys.length > 0 ? keys.map((key) => problem(key, why)) : [problem(raw.stream, why, raw.url)],
  };
};

const parse = (raw: RawRecord): { ok: true; value: unknown } | { ok: false; result: Result } => {
  try {
    return { ok: true, value: JSON.parse(raw.payload) };
  } catch (error) {
    return { ok: false, result: unreadable(raw, error) };
  }
};

const extractSprintPage = (body: unknown): Result => {
  const result: Result = { records: [], problems: [] };
  let values: readonly unknown[];
  try {
    values = array(object(body, "page").values, "values");
  } catch (error) {
    return { records: [], problems: [problem("sprints", reasonOf(error))] };
  }
  values.forEach((value, i) => {
    const label = isObject(value) && value.id !== undefined ? `sprint ${String(value.id)}` : `values[${i}]`;
    try {
      result.records.push({
        sourceRecordId: label,
        location: `values[${i}]`,
        record: { kind: "sprint", sprint: extractSprint(value, "sprint") },
      });
    } catch (error) {
      result.problems.push(problem(label, reasonOf(error), `values[${i}]`));
    }
  });
  return result;
};

const extractIssuePage = (body: unknown, params: IssuePageParams): Result => {
  const result: Result = { records: [], problems: [] };
  let issues: readonly unknown[];
  try {
    issues = array(object(body, "page").issues, "issues");
  } catch (error) {
    return { records: [], problems: [problem(`issues page ${params.page}`, reasonOf(error))] };
  }
  issues.forEach((value, i) => {
    const key = isObject(value) && typeof value.key === "string" ? value.key : `issues[${i}]`;
    const issueId = isObject(value) ? String(value.id) : "";
    try {
      const issue = extractIssue(value, params.context, params.changelogs[issueId], true);
      result.records.push({
        sourceRecordId: key,
        location: `issues[${i}]`,
        record: { kind: "issue", issue },
      });
    } catch (error) {
      result.problems.push(problem(key, reasonOf(error), `issues[${i}]`));
    }
  });
  return result;
};

/** Parameters stored beside a webhook page. */
export interface WebhookPageParams {
  readonly event: string;
  readonly context: IssueContext;
}

/** The context of a pushed issue: the sprint field is found by the shape of its value. */
const webhookContext = (fields: Readonly<Record<string, unknown>>, context: IssueContext): IssueContext => {
  if (context.sprintField !== null) return context;
  const sprintField = Object.keys(fields).find((k) => looksLikeSprints(fields[k])) ?? null;
  return { ...context, sprintField };
};

const extractWebhook = (body: unknown, params: WebhookPageParams): Result => {
  const delivery = object(body, "delivery");
  const event = text(delivery.webhookEvent, "webhookEvent");
  if (event.startsWith("sprint_")) {
    const sprint = extractSprint(delivery.sprint, "sprint");
    return {
      records: [{ sourceRecordId: `sprint ${sprint.id}`, record: { kind: "sprint", sprint } }],
      problems: [],
    };
  }
  const issue = object(delivery.issue, "issue");
  const key = text(issue.key, "issue.key");
  const fields = object(issue.fields, "issue.fields");
  const context = webhookContext(fields, params.context);
  const at = instant(new Date(Number(delivery.timestamp)).toISOString(), "timestamp");
  const issueId = id(issue.id, "issue.id");
  const records: ExtractedRecord<JiraRecord>[] = [];
  if (event === "jira:issue_created") {
    records.push({
      sourceRecordId: key,
      record: { kind: "issue", issue: extractIssue(issue, context, undefined, false) },
    });
  } else if (event === "jira:issue_deleted") {
    const sprints =
      context.sprintField === null
        ? []
        : sprintFieldIds(fields[context.sprintField], "issue.fields (sprint)");
    records.push({ sourceRecordId: key, record: { kind: "issue_deleted", issueId, key, at, sprints } });
  } else if (delivery.changelog !== undefined && delivery.changelog !== null) {
    const changelog = object(delivery.changelog, "changelog");
    const history = historyOf(
      { ...changelog, created: at, author: delivery.user ?? null },
      "changelog",
      context,
      currentStatus(fields),
    );
    if (history.changes.length > 0)
      records.push({ sourceRecordId: key, record: { kind: "issue_change", issueId, key, history } });
  }
  return { records, problems: [] };
};

/** Extract stage: one stored Jira payload → typed records, or problems naming the issue key. */
export const extractJira = (raw: RawRecord): Extraction<JiraRecord> => {
  if (raw.stream === JIRA_STREAMS.meta) return { records: [], problems: [] };
  const parsed = parse(raw);
  if (!parsed.ok) return parsed.result;
  switch (raw.stream) {
    case JIRA_STREAMS.sprints:
      return extractSprintPage(parsed.value);
    case JIRA_STREAMS.issues:
      return extractIssuePage(parsed.value, raw.params as unknown as IssuePageParams);
    case JIRA_STREAMS.webhook: {
      try {
        return extractWebhook(parsed.value, raw.params as unknown as WebhookPageParams);
      } catch (error) {
        return { records: [], problems: [problem("webhook", reasonOf(error))] };
      }
    }
    default:
      return { records: [], problems: [problem(raw.stream, `unknown Jira stream "${raw.stream}"`)] };
  }
};
