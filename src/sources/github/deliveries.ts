import type { PullFixture, RepoFixture } from "./test-server.ts";

/*
 * The webhook deliveries GitHub would have sent while the history in a repository fixture
 * happened, in the documented payload shapes: one per change, in order.
 */

type Json = Record<string, unknown>;

export interface Delivery {
  readonly event: string;
  readonly payload: Json;
}

const at = (entry: Json) => String(entry.created_at ?? entry.submitted_at);

const pullDeliveries = (repository: Json, { pull, timeline }: PullFixture): Delivery[] => {
  const firstDraftChange = timeline.find(
    (e) => e.event === "ready_for_review" || e.event === "convert_to_draft",
  );
  let draft = firstDraftChange ? firstDraftChange.event === "ready_for_review" : Boolean(pull.draft);
  const state = (updatedAt: string, extra: Json = {}): Json => ({
    ...pull,
    state: "open",
    draft,
    merged: false,
    merged_at: null,
    closed_at: null,
    updated_at: updatedAt,
    ...extra,
  });
  const sender = pull.user;
  const out: Delivery[] = [
    {
      event: "pull_request",
      payload: {
        action: "opened",
        number: pull.number,
        pull_request: state(String(pull.created_at)),
        repository,
        sender,
      },
    },
  ];
  for (const entry of timeline) {
    const when = at(entry);
    const action = (name: string, extra: Json = {}, pullExtra: Json = {}) =>
      out.push({
        event: "pull_request",
        payload: {
          action: name,
          number: pull.number,
          pull_request: state(when, pullExtra),
          repository,
          sender: entry.actor ?? sender,
          ...extra,
        },
      });
    switch (entry.event) {
      case "review_requested":
      case "review_request_removed":
        action(
          String(entry.event),
          entry.requested_team
            ? { requested_team: entry.requested_team }
            : { requested_reviewer: entry.requested_reviewer },
        );
        break;
      case "ready_for_review":
        draft = false;
        action("ready_for_review");
        break;
      case "convert_to_draft":
        draft = true;
        action("converted_to_draft");
        break;
      case "reopened":
        action("reopened");
        break;
      case "closed":
        // A merge is announced once, as `closed` with `merged: true`.
        if (timeline.some((e) => e.event === "merged" && at(e) === when)) break;
        action("closed", {}, { state: "closed", closed_at: when });
        break;
      case "merged":
        action("closed", {}, { ...pull, state: "closed", merged: true, updated_at: when });
        break;
      case "reviewed":
        out.push({
          event: "pull_request_review",
          payload: {
            action: "submitted",
            review: {
              id: entry.id,
              user: entry.user,
              body: entry.body,
              commit_id: entry.commit_id,
              submitted_at: entry.submitted_at,
              state: entry.state,
              author_association: "MEMBER",
            },
            pull_request: state(when),
            repository,
            sender: entry.user,
          },
        });
        break;
      case "commented":
        out.push({
          event: "issue_comment",
          payload: {
            action: "created",
            issue: {
              number: pull.number,
              title: pull.title,
              state: "open",
              pull_request: { url: pull.url },
            },
            comment: {
              id: entry.id,
              user: entry.user,
              created_at: entry.created_at,
              updated_at: entry.updated_at,
              body: entry.body,
            },
            repository,
            sender: entry.user,
          },
        });
        break;
    }
  }
  return out;
};

/** Every delivery of the fixture's history, pull request by pull request, then the rest. */
export const deliveriesOf = (repo: string, fixture: RepoFixture): Delivery[] => {
  const repository = { id: 1, name: repo.split("/")[1], full_name: repo, private: true };
  const out = fixture.pulls.flatMap((p) => pullDeliveries(repository, p));
  for (const issue of fixture.issues) {
    out.push({
      event: "issues",
      payload: {
        action: "opened",
        issue: { ...issue, state: "open", closed_at: null, state_reason: null, updated_at: issue.created_at },
        repository,
      },
    });
    if (issue.state === "closed")
      out.push({ event: "issues", payload: { action: "closed", issue, repository } });
  }
  for (const { deployment, statuses } of fixture.deployments) {
    out.push({ event: "deployment", payload: { action: "created", deployment, repository } });
    for (const status of statuses)
      out.push({
        event: "deployment_status",
        payload: { action: "created", deployment_status: status, deployment, repository },
      });
  }
  for (const release of fixture.releases)
    out.push({ event: "release", payload: { action: "published", release, repository } });
  return out;
};
