import type { EventKind } from "../../domain/types.ts";
import type { SimItemType } from "./records.ts";

/**
 * Mutable drafts the generator builds before the history is cut at the simulated "now" and frozen
 * into records. Times are epoch milliseconds here; records carry ISO instants.
 */
export interface ChangeDraft {
  readonly at: number;
  readonly kind: EventKind;
  readonly from: string | null;
  readonly to: string | null;
  readonly fromLabel: string | null;
  readonly toLabel: string | null;
  readonly actor: string | null;
  readonly bot: boolean;
}

/** Optional parts of a change; anything left out is null (and `bot` false). */
export interface ChangeFields {
  readonly from?: string | null;
  readonly to?: string | null;
  readonly fromLabel?: string | null;
  readonly toLabel?: string | null;
  readonly actor?: string | null;
  readonly bot?: boolean;
}

export const change = (at: number, kind: EventKind, fields: ChangeFields = {}): ChangeDraft => ({
  at,
  kind,
  from: fields.from ?? null,
  to: fields.to ?? null,
  fromLabel: fields.fromLabel ?? null,
  toLabel: fields.toLabel ?? null,
  actor: fields.actor ?? null,
  bot: fields.bot ?? false,
});

/** The tracker's status names and the category each belongs to. */
export const STATUS = {
  todo: { name: "To Do", category: "todo" },
  inProgress: { name: "In Progress", category: "in_progress" },
  inReview: { name: "In Review", category: "in_progress" },
  done: { name: "Done", category: "done" },
} as const;

export type StatusKey = keyof typeof STATUS;

export interface ItemDraft {
  readonly key: string;
  readonly type: SimItemType;
  readonly title: string;
  readonly createdAt: number;
  readonly history: ChangeDraft[];
  status: StatusKey;
  points: number | null;
  assignee: string | null;
  parentKey: string | null;
  /** When work started, once it has. */
  startedAt: number | null;
  /** When it reaches Done; Infinity for an item that never will. */
  doneAt: number | null;
  /** The milestone this item was created for, if any. */
  milestoneIndex: number | null;
}

export interface SprintDraft {
  readonly number: number;
  readonly name: string;
  readonly goal: string;
  readonly createdAt: number;
  readonly startAt: number;
  readonly endAt: number;
  readonly completedAt: number;
  /** Keys of the items in the sprint right now, as the simulation advances. */
  readonly members: Set<string>;
}

export interface MilestoneDraft {
  readonly id: string;
  readonly name: string;
  readonly epicKey: string;
  readonly kickoffAt: number;
  readonly history: ChangeDraft[];
  targetDate: string;
}

export interface PullRequestDraft {
  readonly number: number;
  readonly title: string;
  readonly author: string;
  readonly itemKeys: readonly string[];
  readonly firstCommitAt: number;
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
  readonly history: ChangeDraft[];
  /** When it merged (or null when closed unmerged). */
  readonly mergedAt: number | null;
}

export interface DeploymentDraft {
  readonly id: string;
  readonly ref: string;
  readonly createdAt: number;
  readonly firstCommitAt: number | null;
  readonly history: ChangeDraft[];
}

/** Moves an item to a status, recording the transition. */
export const transition = (item: ItemDraft, at: number, to: StatusKey, actor: string | null): void => {
  if (item.status === to) return;
  const from = STATUS[item.status];
  const next = STATUS[to];
  item.history.push(
    change(at, "status", {
      from: from.category,
      to: next.category,
      fromLabel: from.name,
      toLabel: next.name,
      actor,
    }),
  );
  item.status = to;
};

export const assign = (item: ItemDraft, at: number, login: string | null, actor: string | null): void => {
  if (item.assignee === login) return;
  item.history.push(change(at, "assignee", { from: item.assignee, to: login, actor }));
  item.assignee = login;
};

export const reestimate = (item: ItemDraft, at: number, points: number, actor: string | null): void => {
  if (item.points === points) return;
  item.history.push(
    change(at, "estimate", {
      from: item.points === null ? null : String(item.points),
      to: String(points),
      actor,
    }),
  );
  item.points = points;
};
