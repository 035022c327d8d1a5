import { sourceRecordId } from "../../domain/ids.ts";

/** The GitHub connector's source kind, as stored on its sources and in every id it mints. */
export const GITHUB_KIND = "github";

/** Deterministic domain ids: `github:<entity>:<sourceId>:<owner/name>#<number or id>`. */
export const githubIds = {
  pullRequest: (sourceId: string, repo: string, number: number) =>
    sourceRecordId(GITHUB_KIND, "pr", sourceId, `${repo}#${number}`),
  issue: (sourceId: string, repo: string, number: number) =>
    sourceRecordId(GITHUB_KIND, "issue", sourceId, `${repo}#${number}`),
  milestone: (sourceId: string, repo: string, number: number) =>
    sourceRecordId(GITHUB_KIND, "milestone", sourceId, `${repo}#${number}`),
  deployment: (sourceId: string, repo: string, id: number) =>
    sourceRecordId(GITHUB_KIND, "deployment", sourceId, `${repo}#${id}`),
} as const;
