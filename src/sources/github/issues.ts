import type { Conversion } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { configOf } from "./config.ts";
import { eventOf, instant } from "./events.ts";
import { githubIds } from "./ids.ts";
import type { GithubIssue, GithubMilestone } from "./records.ts";

/** Issues become work items; milestones with a due date become milestones. */

export const convertIssue = (issue: GithubIssue, source: SourceRow): Conversion => {
  const { repo } = configOf(source);
  const id = githubIds.issue(source.id, repo, issue.number);
  const createdAt = instant(issue.created_at, "created_at");
  const closed = issue.state ? issue.state === "closed" : Boolean(issue.closed_at);
  const closedAt = closed ? instant(issue.closed_at, "closed_at") : null;
  const labels = (issue.labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? "")).toLowerCase());
  const status = closed ? (issue.state_reason ? `closed (${issue.state_reason})` : "closed") : "open";
  const event = eventOf(source, "item", id);
  const events = [event({ at: createdAt, kind: "created", to: "todo", toLabel: "open", actor: issue.user })];
  if (closedAt)
    events.push(
      event({ at: closedAt, kind: "status", from: "todo", to: "done", fromLabel: "open", toLabel: status }),
    );
  return {
    batch: {
      workItems: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          key: `${repo.split("/")[1]}#${issue.number}`,
          title: issue.title,
          type: labels.includes("bug") ? "Bug" : "Issue",
          status,
          statusCategory: closedAt ? "done" : "todo",
          createdAt,
          resolvedAt: closedAt,
          points: null,
          assignee: issue.assignee?.login ?? null,
          parentId: null,
          customerVisible: true,
        },
      ],
      events,
      replaceEventsOf: [id],
    },
  };
};

export const convertMilestone = (milestone: GithubMilestone, source: SourceRow): Conversion => {
  if (!milestone.due_on) return { skip: `milestone "${milestone.title}" has no due date` };
  const { repo } = configOf(source);
  const id = githubIds.milestone(source.id, repo, milestone.number);
  const targetDate = instant(milestone.due_on, "due_on").slice(0, 10);
  const closedAt = milestone.state === "closed" ? instant(milestone.closed_at, "closed_at") : null;
  const event = eventOf(source, "milestone", id);
  const events = [
    event({ at: instant(milestone.created_at, "created_at"), kind: "created", to: targetDate }),
  ];
  if (closedAt) events.push(event({ at: closedAt, kind: "closed" }));
  return {
    batch: {
      milestones: [
        {
          id,
          engagementId: source.engagementId,
          sourceId: source.id,
          name: milestone.title,
          targetDate,
          epicId: null,
          closedAt,
        },
      ],
      events,
      replaceEventsOf: [id],
    },
  };
};
