import { RecordError } from "../../ingest/connector.ts";
import {
  account,
  array,
  id,
  instant,
  isObject,
  type JsonObject,
  object,
  optionalInstant,
  optionalNumber,
  optionalText,
  text,
} from "./read.ts";
import {
  categoryOf,
  type IssueContext,
  type JiraChange,
  type JiraHistory,
  type JiraIssue,
  type JiraStatus,
} from "./records.ts";

const POINT_FIELDS = new Set(["Story Points", "Story point estimate"]);
const PARENT_FIELDS = new Set(["Epic Link", "Parent", "IssueParentAssociation", "parent"]);
const SPRINT_ID_IN_TEXT = /\[id=(\d+)[,\]]/;

/** A status of the site by id, else by name; one the site no longer lists counts as in progress. */
const statusOf = (
  statusId: unknown,
  name: unknown,
  context: IssueContext,
  current: { readonly id: string; readonly status: JiraStatus },
): JiraStatus | null => {
  if ((statusId === null || statusId === undefined) && (name === null || name === undefined)) return null;
  const byId = typeof statusId === "string" ? context.statuses[statusId] : undefined;
  if (byId) return byId;
  if (statusId === current.id) return current.status;
  const label = typeof name === "string" && name !== "" ? name : String(statusId);
  const byName = Object.values(context.statuses).find((s) => s.name === label);
  return byName ?? { name: label, category: "in_progress" };
};

/** Sprint ids of a Sprint changelog value: `"12, 14"`. */
const sprintIdList = (value: unknown, path: string): string[] => {
  if (value === undefined || value === null || value === "") return [];
  if (typeof value !== "string")
    throw new RecordError(`${path} is ${JSON.stringify(value)}, expected sprint ids`);
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new RecordError(`${path} "${value}" is not a list of sprint ids`);
      return s;
    });
};

/** The current value of the sprint field: Cloud gives objects, older Data Center gives strings. */
export const sprintFieldIds = (value: unknown, path: string): string[] => {
  if (value === undefined || value === null) return [];
  return array(value, path).map((entry, i) => {
    if (isObject(entry)) return id(entry.id, `${path}[${i}].id`);
    const match = typeof entry === "string" ? SPRINT_ID_IN_TEXT.exec(entry) : null;
    if (!match) throw new RecordError(`${path}[${i}] is ${JSON.stringify(entry)}, expected a sprint`);
    return match[1]!;
  });
};

/** True when a field value looks like Jira's sprint field (for payloads that come without field ids). */
export const looksLikeSprints = (value: unknown): boolean =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (v) =>
      (isObject(v) && "boardId" in v && "state" in v && "id" in v) ||
      (typeof v === "string" && v.includes("greenhopper.service.sprint.Sprint")),
  );

/** Turns one changelog item into the change Baton tracks, or null for fields Baton does not follow. */
export const changeOf = (
  item: JsonObject,
  path: string,
  context: IssueContext,
  current: { readonly id: string; readonly status: JiraStatus },
): JiraChange | null => {
  const field = typeof item.field === "string" ? item.field : "";
  const fieldId = typeof item.fieldId === "string" ? item.fieldId : null;
  const is = (contextField: string | null) => fieldId !== null && fieldId === contextField;
  if (fieldId === "status" || (fieldId === null && field === "status"))
    return {
      field: "status",
      from: statusOf(item.from, item.fromString, context, current),
      to: statusOf(item.to, item.toString, context, current),
    };
  if (is(context.sprintField) || field === "Sprint")
    return {
      field: "sprint",
      from: sprintIdList(item.from, `${path}.from`),
      to: sprintIdList(item.to, `${path}.to`),
    };
  if (is(context.pointsField) || POINT_FIELDS.has(field))
    return {
      field: "points",
      from: optionalNumber(item.fromString ?? item.from, `${path}.fromString`),
      to: optionalNumber(item.toString ?? item.to, `${path}.toString`),
    };
  if (fieldId === "assignee" || field === "assignee")
    return {
      field: "assignee",
      from: optionalText(item.from, `${path}.from`),
      to: optionalText(item.to, `${path}.to`),
    };
  if (is(context.flaggedField) || field === "Flagged")
    return {
      field: "flagged",
      from: optionalText(item.fromString, `${path}.fromString`) !== null,
      to: optionalText(item.toString, `${path}.toString`) !== null,
    };
  if (is(context.epicLinkField) || fieldId === "parent" || PARENT_FIELDS.has(field))
    return {
      field: "parent",
      from:
        item.from === null || item.from === undefined || item.from === ""
          ? null
          : id(item.from, `${path}.from`),
      to: item.to === null || item.to === undefined || item.to === "" ? null : id(item.to, `${path}.to`),
    };
  return null;
};

export const historyOf = (
  value: unknown,
  path: string,
  context: IssueContext,
  current: { readonly id: string; readonly status: JiraStatus },
): JiraHistory => {
  const history = object(value, path);
  const items = array(history.items, `${path}.items`);
  const changes: JiraChange[] = [];
  items.forEach((item, i) => {
    const change = changeOf(object(item, `${path}.items[${i}]`), `${path}.items[${i}]`, context, current);
    if (change) changes.push(change);
  });
  return {
    id: id(history.id, `${path}.id`),
    at: instant(history.created, `${path}.created`),
    actor: account(history.author, `${path}.author`),
    changes,
  };
};

const byTimeThenId = (a: JiraHistory, b: JiraHistory) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : Number(a.id) - Number(b.id);

/** The histories of the changelog pages fetched separately (`values` in v3, `changelog.histories` in v2). */
const historiesOfPage = (payload: string, path: string): readonly unknown[] => {
  let page: unknown;
  try {
    page = JSON.parse(payload);
  } catch {
    throw new RecordError(`${path} is not valid JSON (${payload.length} characters)`);
  }
  const body = object(page, path);
  if (Array.isArray(body.values)) return body.values;
  return array(object(body.changelog, `${path}.changelog`).histories, `${path}.changelog.histories`);
};

export const currentStatus = (fields: JsonObject): { id: string; status: JiraStatus } => {
  const status = object(fields.status, "fields.status");
  const category = object(status.statusCategory, "fields.status.statusCategory");
  const key = text(category.key, "fields.status.statusCategory.key");
  const mapped = categoryOf(key);
  if (mapped === null)
    throw new RecordError(`fields.status.statusCategory.key "${key}" is not a Jira status category`);
  return {
    id: id(status.id, "fields.status.id"),
    status: { name: text(status.name, "fields.status.name"), category: mapped },
  };
};

/**
 * Checks one issue of a search page and reads what Baton keeps: current fields and every
 * changelog entry (the embedded ones plus the pages fetched for a long changelog), oldest first.
 * Throws a RecordError naming the first bad field.
 */
export const extractIssue = (
  value: unknown,
  context: IssueContext,
  changelogPages: readonly string[] | undefined,
  complete: boolean,
): JiraIssue => {
  const issue = object(value, "issue");
  const fields = object(issue.fields, "fields");
  const current = currentStatus(fields);
  const embedded = issue.changelog === undefined ? null : object(issue.changelog, "changelog");
  const raw: unknown[] = embedded ? [...array(embedded.histories, "changelog.histories")] : [];
  (changelogPages ?? []).forEach((payload, i) => {
    raw.push(...historiesOfPage(payload, `changelog page ${i + 1}`));
  });
  const seen = new Map<string, JiraHistory>();
  raw.forEach((h, i) => {
    const history = historyOf(h, `changelog.histories[${i}]`, context, current);
    seen.set(history.id, history);
  });
  const histories = [...seen.values()].sort(byTimeThenId);
  if (embedded && complete) {
    const total = optionalNumber(embedded.total, "changelog.total") ?? histories.length;
    if (histories.length < total)
      throw new RecordError(`changelog has ${total} entries but only ${histories.length} were read`);
  }

  const points =
    context.pointsField === null
      ? null
      : optionalNumber(fields[context.pointsField], `fields.${context.pointsField} (story points)`);
  const sprints =
    context.sprintField === null
      ? []
      : sprintFieldIds(fields[context.sprintField], `fields.${context.sprintField} (sprint)`);
  const flagged =
    context.flaggedField !== null &&
    fields[context.flaggedField] !== null &&
    fields[context.flaggedField] !== undefined &&
    array(fields[context.flaggedField], `fields.${context.flaggedField} (flagged)`).length > 0;
  const parent =
    fields.parent === undefined || fields.parent === null ? null : object(fields.parent, "fields.parent");
  let parentId = parent ? id(parent.id, "fields.parent.id") : null;
  if (parentId === null && context.epicLinkField !== null && fields[context.epicLinkField]) {
    // The Epic Link field holds the epic's key; the changelog holds its id.
    const last = histories
      .flatMap((h) => h.changes)
      .filter((c) => c.field === "parent")
      .at(-1);
    parentId = last?.field === "parent" ? last.to : null;
  }
  return {
    id: id(issue.id, "id"),
    key: text(issue.key, "key"),
    title: text(fields.summary, "fields.summary"),
    type: text(object(fields.issuetype, "fields.issuetype").name, "fields.issuetype.name"),
    created: instant(fields.created, "fields.created"),
    resolved: optionalInstant(fields.resolutiondate, "fields.resolutiondate"),
    status: current.status,
    points,
    assignee: account(fields.assignee, "fields.assignee"),
    sprints,
    flagged,
    parentId,
    histories,
    complete,
  };
};
