import { BatonError } from "../../errors.ts";
import type { JiraSourceConfig } from "./config.ts";
import { isObject, type JsonObject } from "./read.ts";
import { categoryOf, type IssueContext, type JiraStatus } from "./records.ts";

/**
 * Reads the site's field list, status list and board configuration into the context every issue
 * page is converted with. Custom fields are found by their type, never by a hard-coded id.
 */

const SPRINT_TYPE = "com.pyxis.greenhopper.jira:gh-sprint";
const EPIC_LINK_TYPE = "com.pyxis.greenhopper.jira:gh-epic-link";
const FLOAT_TYPE = "com.atlassian.jira.plugin.system.customfieldtypes:float";
const POINT_NAMES = ["story points", "story point estimate"];

const custom = (field: JsonObject) =>
  isObject(field.schema) && typeof field.schema.custom === "string" ? field.schema.custom : null;

const nameOf = (field: JsonObject) => (typeof field.name === "string" ? field.name : "");

const idOf = (field: JsonObject) => (typeof field.id === "string" ? field.id : null);

/** The board's estimation field, when the board is estimated by a field (not issue count). */
export const boardEstimationField = (configuration: unknown): string | null => {
  if (!isObject(configuration) || !isObject(configuration.estimation)) return null;
  const { estimation } = configuration;
  return estimation.type === "field" &&
    isObject(estimation.field) &&
    typeof estimation.field.fieldId === "string"
    ? estimation.field.fieldId
    : null;
};

/** The board's saved filter, whose JQL selects the board's issues. */
export const boardFilterId = (configuration: unknown, board: number): string => {
  const filter =
    isObject(configuration) && isObject(configuration.filter) ? configuration.filter.id : undefined;
  if (typeof filter === "string" || typeof filter === "number") return String(filter);
  throw new BatonError(
    "source_failed",
    `board ${board}'s configuration names no filter; is it a Scrum or Kanban board?`,
  );
};

export const discoverContext = (
  fields: unknown,
  statuses: unknown,
  configuration: unknown,
  config: JiraSourceConfig,
): IssueContext => {
  const list = Array.isArray(fields) ? fields.filter(isObject) : [];
  const byType = (type: string) => list.filter((f) => custom(f) === type);
  const points =
    config.storyPointsField ??
    boardEstimationField(configuration) ??
    byType(FLOAT_TYPE)
      .filter((f) => POINT_NAMES.includes(nameOf(f).toLowerCase()))
      // "Story Points" (company-managed) before "Story point estimate" (team-managed).
      .sort(
        (a, b) => POINT_NAMES.indexOf(nameOf(a).toLowerCase()) - POINT_NAMES.indexOf(nameOf(b).toLowerCase()),
      )
      .map(idOf)[0] ??
    null;
  const sprint = byType(SPRINT_TYPE).map(idOf)[0] ?? null;
  const epicLink = byType(EPIC_LINK_TYPE).map(idOf)[0] ?? null;
  const flagged = list.filter((f) => nameOf(f) === "Flagged" && custom(f) !== null).map(idOf)[0] ?? null;

  const byId: Record<string, JiraStatus> = {};
  for (const status of Array.isArray(statuses) ? statuses.filter(isObject) : []) {
    const category = isObject(status.statusCategory) ? categoryOf(String(status.statusCategory.key)) : null;
    if (
      (typeof status.id === "string" || typeof status.id === "number") &&
      typeof status.name === "string" &&
      category
    )
      byId[String(status.id)] = { name: status.name, category };
  }
  return {
    pointsField: points,
    sprintField: sprint,
    flaggedField: flagged,
    epicLinkField: epicLink,
    statuses: byId,
  };
};
