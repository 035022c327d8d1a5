import type { StatusCategory } from "../../domain/types.ts";

/**
 * Status names common to Jira, Linear, Azure Boards, Trello and spreadsheets, matched
 * case-insensitively. A source's own `statusMap` entries win over these.
 */
export const BUILT_IN_STATUS_MAP: Readonly<Record<string, StatusCategory>> = {
  "to do": "todo",
  todo: "todo",
  open: "todo",
  backlog: "todo",
  new: "todo",
  "selected for development": "todo",
  "in progress": "in_progress",
  "in review": "in_progress",
  review: "in_progress",
  qa: "in_progress",
  testing: "in_progress",
  doing: "in_progress",
  done: "done",
  closed: "done",
  resolved: "done",
  complete: "done",
  completed: "done",
};

/**
 * Names used for the steps a CSV row implies but does not name, e.g. the `To Do` an item was
 * created in before the row's `Done`.
 */
const BUILT_IN_NAMES: Readonly<Record<StatusCategory, string>> = {
  todo: "To Do",
  in_progress: "In Progress",
  done: "Done",
};

/** Resolves status names to categories for one source. */
export interface StatusMapper {
  /** The category of a status name, or null when neither the source nor the built-ins know it. */
  categoryOf(name: string): StatusCategory | null;
  /** The name to show for an implied step in `category`: the source's first such status, else the built-in one. */
  nameFor(category: StatusCategory): string;
}

const normalise = (name: string) => name.trim().toLowerCase();

export const statusMapper = (config: {
  readonly statusMap?: Readonly<Record<string, StatusCategory>>;
}): StatusMapper => {
  const own = Object.entries(config.statusMap ?? {});
  const map = new Map<string, StatusCategory>(Object.entries(BUILT_IN_STATUS_MAP));
  for (const [name, category] of own) map.set(normalise(name), category);
  const names = { ...BUILT_IN_NAMES };
  // Iterate backwards so that the first entry of each category ends up as its name.
  for (const [name, category] of [...own].reverse()) names[category] = name.trim();
  return {
    categoryOf: (name) => map.get(normalise(name)) ?? null,
    nameFor: (category) => names[category],
  };
};
