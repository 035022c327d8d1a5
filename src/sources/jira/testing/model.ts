import { createRng } from "../../../domain/random.ts";

/**
 * A small Jira site described forward in time (issues created with initial fields, then changes),
 * rendered into the documented REST shapes by the local server. Histories and current fields are
 * derived from the same changes, so they always agree, as on a real site.
 */

export const FIELD = {
  points: "customfield_10016",
  sprint: "customfield_10020",
  flagged: "customfield_10021",
  epicLink: "customfield_10014",
  rank: "customfield_10019",
} as const;

export interface ModelStatus {
  readonly id: string;
  readonly name: string;
  /** Jira's category key: new, indeterminate, done. */
  readonly category: "new" | "indeterminate" | "done";
}

export interface ModelSprint {
  readonly id: number;
  readonly name: string;
  readonly state: "future" | "active" | "closed";
  readonly createdDate?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly completeDate?: string;
  readonly goal?: string;
}

/** The fields a change may set. Sprints are Jira sprint ids, parent an issue id. */
export interface ModelFields {
  readonly status: string;
  readonly points: number | null;
  readonly assignee: string | null;
  readonly sprints: readonly number[];
  readonly flagged: boolean;
  readonly parent: string | null;
}

export interface ModelChange {
  readonly at: string;
  readonly set: Partial<ModelFields>;
  /** Adds a changelog item of a field Baton ignores (Rank), as real changelogs are full of them. */
  readonly noise?: boolean;
}

export interface ModelIssue {
  readonly id: string;
  readonly key: string;
  readonly type: string;
  readonly summary: string;
  readonly created: string;
  readonly initial: ModelFields;
  readonly changes: readonly ModelChange[];
  /** Deleted issues are not served. */
  readonly deleted?: boolean;
  /** Replaces fields in the served issue (malformed records). */
  readonly corrupt?: Readonly<Record<string, unknown>>;
}

export interface JiraModel {
  readonly board: number;
  readonly filterId: number;
  readonly timeZone: string;
  readonly statuses: readonly ModelStatus[];
  readonly sprints: readonly ModelSprint[];
  readonly issues: readonly ModelIssue[];
  /** People by account id. */
  readonly people: Readonly<Record<string, string>>;
}

export const STATUSES: readonly ModelStatus[] = [
  { id: "10000", name: "待办", category: "new" },
  { id: "3", name: "进行中", category: "indeterminate" },
  { id: "10001", name: "已完成", category: "done" },
  { id: "10002", name: "In Review", category: "indeterminate" },
];

export const TODO = "10000";
export const DOING = "3";
export const DONE = "10001";
export const REVIEW = "10002";

export const PEOPLE: Readonly<Record<string, string>> = {
  "acc-ana": "Ana Lima",
  "acc-ben": "Ben Okafor",
  "acc-chen": "Chen Wei",
};

export const defaultFields = (over: Partial<ModelFields> = {}): ModelFields => ({
  status: TODO,
  points: null,
  assignee: null,
  sprints: [],
  flagged: false,
  parent: null,
  ...over,
});

/** An issue's fields after every change. */
export const currentFields = (issue: ModelIssue): ModelFields => {
  const fields = { ...issue.initial };
  for (const change of issue.changes) Object.assign(fields, change.set);
  return fields;
};

export const lastUpdate = (issue: ModelIssue): string => issue.changes.at(-1)?.at ?? issue.created;

const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * A deterministic board of `count` issues with `changesPerIssue` changes each (for benchmarks):
 * three sprints, status moves, re-estimates, sprint moves and Rank noise.
 */
export const generatedModel = (count: number, changesPerIssue: number, seed = 7): JiraModel => {
  const rng = createRng(seed);
  const start = Date.parse("2025-01-06T09:00:00.000Z");
  const sprints: ModelSprint[] = [1, 2, 3].map((n) => ({
    id: n,
    name: `Sprint ${n}`,
    state: n === 1 ? "closed" : n === 2 ? "active" : "future",
    createdDate: new Date(start - 86_400_000).toISOString(),
    ...(n < 3 ? { startDate: new Date(start + (n - 1) * 14 * 86_400_000).toISOString() } : {}),
    ...(n < 3 ? { endDate: new Date(start + n * 14 * 86_400_000).toISOString() } : {}),
    ...(n === 1 ? { completeDate: new Date(start + 14 * 86_400_000).toISOString() } : {}),
  }));
  const accounts = Object.keys(PEOPLE);
  const issues: ModelIssue[] = [];
  for (let i = 0; i < count; i++) {
    const created = new Date(start - rng.int(0, 30) * 86_400_000 + i * 1000).toISOString();
    const changes: ModelChange[] = [];
    let at = created;
    const initialSprints: number[] = rng.chance(0.5) ? [1] : [];
    let sprints = initialSprints;
    for (let c = 0; c < changesPerIssue; c++) {
      at = addMs(at, rng.int(60_000, 6 * 3_600_000));
      const roll = rng.int(0, 4);
      if (roll === 0) changes.push({ at, set: { status: rng.pick([TODO, DOING, REVIEW, DONE]) } });
      else if (roll === 1) changes.push({ at, set: { points: rng.pick([1, 2, 3, 5, 8]) } });
      else if (roll === 2) {
        sprints = sprints.includes(2) ? sprints.filter((s) => s !== 2) : [...sprints, 2];
        changes.push({ at, set: { sprints } });
      } else if (roll === 3) changes.push({ at, set: { assignee: rng.pick(accounts) } });
      else changes.push({ at, set: {}, noise: true });
    }
    issues.push({
      id: String(20000 + i),
      key: `GEN-${i + 1}`,
      type: rng.pick(["Story", "Bug", "Task"]),
      summary: `Generated issue ${i + 1}`,
      created,
      initial: defaultFields({ sprints: initialSprints, points: rng.pick([null, 1, 2, 3]) }),
      changes,
    });
  }
  return { board: 8, filterId: 10040, timeZone: "UTC", statuses: STATUSES, sprints, issues, people: PEOPLE };
};
