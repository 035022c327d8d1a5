import type {
  Deployment,
  Engagement,
  HistoryEvent,
  Milestone,
  Person,
  PersonIdentity,
  PullRequest,
  Sprint,
  WorkItem,
  WorkingCalendar,
} from "../domain/types.ts";
import { compareEvents } from "./as-of.ts";
import { buildTimelines, EMPTY_TIMELINE, type Timeline } from "./timeline.ts";

/**
 * Everything the engine knows about one engagement, as plain data. Entity rows carry identity
 * and static attributes; whatever changes over time must be read from `eventsOf`, never from
 * the rows' current-state fields, so that every figure can be computed as of any instant.
 */
export interface EngagementHistory {
  readonly engagement: Engagement;
  readonly items: readonly WorkItem[];
  readonly sprints: readonly Sprint[];
  readonly pullRequests: readonly PullRequest[];
  readonly deployments: readonly Deployment[];
  readonly milestones: readonly Milestone[];
  /** The pod's people and leadership, with their working calendars. */
  readonly people: readonly Person[];
  /** Accounts in sources (GitHub logins, Jira account ids) that belong to people. */
  readonly identities: readonly PersonIdentity[];
  /** An entity's events in chronological order (empty when it has none). */
  eventsOf(entityId: string): readonly HistoryEvent[];
  /** The same events with their instants and kinds in typed arrays (see `Timeline`). */
  timelineOf(entityId: string): Timeline;
  /**
   * The timelines of the entity lists, aligned by position: `timelines.items[i]` is
   * `timelineOf(items[i].id)`. Loops over a whole list read these and skip the lookup by id.
   */
  readonly timelines: EntityTimelines;
}

export interface EntityTimelines {
  readonly items: readonly Timeline[];
  readonly sprints: readonly Timeline[];
  readonly pullRequests: readonly Timeline[];
  readonly deployments: readonly Timeline[];
  readonly milestones: readonly Timeline[];
}

/** Builds an EngagementHistory from flat lists; events are grouped and sorted once. */
export const buildHistory = (input: {
  readonly engagement: Engagement;
  readonly items?: readonly WorkItem[];
  readonly sprints?: readonly Sprint[];
  readonly pullRequests?: readonly PullRequest[];
  readonly deployments?: readonly Deployment[];
  readonly milestones?: readonly Milestone[];
  readonly people?: readonly Person[];
  readonly identities?: readonly PersonIdentity[];
  readonly events: readonly HistoryEvent[];
}): EngagementHistory => {
  const grouped = new Map<string, HistoryEvent[]>();
  for (const event of input.events) {
    const list = grouped.get(event.entityId);
    if (list) list.push(event);
    else grouped.set(event.entityId, [event]);
  }
  for (const list of grouped.values()) list.sort(compareEvents);
  // Timelines laid out in the order the engine walks entities: items, pull requests, the rest.
  const ordered = new Set<HistoryEvent[]>();
  for (const entities of [
    input.items,
    input.pullRequests,
    input.sprints,
    input.deployments,
    input.milestones,
  ])
    for (const entity of entities ?? []) {
      const list = grouped.get(entity.id);
      if (list !== undefined) ordered.add(list);
    }
  for (const list of grouped.values()) ordered.add(list);
  const byId = buildTimelines(ordered);
  const timelineOf = (entityId: string): Timeline => byId.get(entityId) ?? EMPTY_TIMELINE;
  const aligned = (entities: readonly { readonly id: string }[]) => entities.map((e) => timelineOf(e.id));
  const items = input.items ?? [];
  const sprints = input.sprints ?? [];
  const pullRequests = input.pullRequests ?? [];
  const deployments = input.deployments ?? [];
  const milestones = input.milestones ?? [];
  const none: readonly HistoryEvent[] = [];
  return {
    engagement: input.engagement,
    items,
    sprints,
    pullRequests,
    deployments,
    milestones,
    people: input.people ?? [],
    identities: input.identities ?? [],
    eventsOf: (entityId) => grouped.get(entityId) ?? none,
    timelineOf,
    timelines: {
      items: aligned(items),
      sprints: aligned(sprints),
      pullRequests: aligned(pullRequests),
      deployments: aligned(deployments),
      milestones: aligned(milestones),
    },
  };
};

/** The calendar used for accounts Baton cannot map to a person: the engagement's zone, Mon–Fri 09:00–17:00. */
export const defaultCalendar = (engagement: Engagement): WorkingCalendar => ({
  timeZone: engagement.timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: "09:00",
  workEnd: "17:00",
  holidays: [],
});

/**
 * Resolves a source account (a login, an email, a person id) to the person's working calendar:
 * by person id, then by a mapped identity in any source, then by email; else the default.
 */
export const calendarResolver = (history: EngagementHistory): ((account: string) => WorkingCalendar) => {
  const byId = new Map(history.people.map((p) => [p.id, p]));
  const byEmail = new Map(history.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
  const byAccount = new Map(history.identities.map((i) => [i.externalId, i.personId]));
  const fallback = defaultCalendar(history.engagement);
  return (account) => {
    const person =
      byId.get(account) ?? byId.get(byAccount.get(account) ?? "") ?? byEmail.get(account.toLowerCase());
    return person?.calendar ?? fallback;
  };
};
