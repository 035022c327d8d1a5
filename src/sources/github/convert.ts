import type { Conversion } from "../../ingest/connector.ts";
import type { SourceRow } from "../../store/ingestion.ts";
import { convertDeployment } from "./deployments.ts";
import { convertIssue, convertMilestone } from "./issues.ts";
import { convertComment, convertPull, convertPullChange, convertReview } from "./pulls.ts";
import type { GithubRecord } from "./records.ts";

/** Converts one GitHub record to domain rows and events with deterministic ids. */
export const convertGithub = (record: GithubRecord, source: SourceRow): Conversion => {
  switch (record.type) {
    case "pull":
      return convertPull(record, source);
    case "pull_change":
      return convertPullChange(record, source);
    case "review":
      return convertReview(record, source);
    case "comment":
      return convertComment(record, source);
    case "issue":
      return convertIssue(record.issue, source);
    case "milestone":
      return convertMilestone(record.milestone, source);
    case "deployment":
      return convertDeployment(record.deployment, record.statuses, record.complete, record.created, source);
    case "release":
      return {
        skip: `release ${record.release.tag_name} kept in the raw layer: delivery figures read deployments`,
      };
    case "ignored":
      return { skip: record.reason };
  }
};
