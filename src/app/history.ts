import { buildHistory, type EngagementHistory } from "../engine/history.ts";
import { listIdentities, listPeople } from "../store/engagements.ts";
import {
  listDeployments,
  listMilestones,
  listPullRequests,
  listSprints,
  listWorkItems,
  loadEvents,
} from "../store/history.ts";
import type { Store } from "../store/store.ts";
import { requireEngagement } from "./engagements.ts";

/**
 * Reads one engagement's whole history into memory in the shape the engine computes on. One
 * query per table; everything after this is pure.
 */
export const loadHistory = async (store: Store, engagementId: string): Promise<EngagementHistory> => {
  const engagement = await requireEngagement(store, engagementId);
  const [items, sprints, pullRequests, deployments, milestones, events, people, identities] =
    await Promise.all([
      listWorkItems(store.db, engagementId),
      listSprints(store.db, engagementId),
      listPullRequests(store.db, engagementId),
      listDeployments(store.db, engagementId),
      listMilestones(store.db, engagementId),
      loadEvents(store.db, engagementId),
      // Reviewers may sit outside the pod, so every person's calendar is at hand.
      listPeople(store.db),
      listIdentities(store.db),
    ]);
  return buildHistory({
    engagement,
    items,
    sprints,
    pullRequests,
    deployments,
    milestones,
    events,
    people,
    identities,
  });
};
