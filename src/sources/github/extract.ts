import type { z } from "zod";
import type { ExtractedRecord, Extraction } from "../../ingest/connector.ts";
import type { RawRecord, RunProblem, SourceRow } from "../../store/ingestion.ts";
import { configOf } from "./config.ts";
import {
  commentSchema,
  deploymentPageSchema,
  deploymentSchema,
  deploymentStatusSchema,
  type GithubRecord,
  issueSchema,
  milestoneSchema,
  type PullChange,
  pullPageSchema,
  pullSchema,
  releaseSchema,
  reviewSchema,
} from "./records.ts";

/** The streams a poll stores; pushed deliveries are stored under `webhook:<event>`. */
export const POLLED_STREAMS = ["pulls", "issues", "milestones", "deployments", "releases"] as const;

/** The webhook events Baton stores; any other event is acknowledged and ignored. */
export const WEBHOOK_EVENTS = [
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "issues",
  "issue_comment",
  "deployment",
  "deployment_status",
  "release",
] as const;

const describe = (error: z.ZodError): string =>
  error.issues
    .map((issue) => `${issue.path.map(String).join(".") || "(record)"}: ${issue.message}`)
    .join("; ");

class Extracted {
  readonly records: ExtractedRecord<GithubRecord>[] = [];
  readonly problems: RunProblem[] = [];

  /** Parses `value` with `schema`; a mismatch becomes a problem naming the record. */
  parse<T>(schema: z.ZodType<T>, value: unknown, id: string, location: string): T | null {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    this.problems.push({ stage: "extract", sourceRecordId: id, location, reason: describe(result.error) });
    return null;
  }

  add(sourceRecordId: string, location: string, record: GithubRecord) {
    this.records.push({ sourceRecordId, location, record });
  }
}

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

const idOf = (value: unknown, prefix: string, index: number): string => {
  const id = field(value, "number") ?? field(value, "id");
  return typeof id === "number" || typeof id === "string" ? `${prefix}${id}` : `${prefix}[${index}]`;
};

const listOf = (payload: unknown, out: Extracted, url: string): unknown[] => {
  if (Array.isArray(payload)) return payload;
  out.problems.push({ stage: "extract", sourceRecordId: url, reason: "payload is not a JSON array" });
  return [];
};

const extractPolled = (stream: string, payload: unknown, out: Extracted, url: string) => {
  // A bare list page of pull requests or deployments is kept for its ETag; the records come whole.
  if ((stream === "pulls" || stream === "deployments") && Array.isArray(payload)) return;
  switch (stream) {
    case "pulls": {
      const page = out.parse(pullPageSchema, payload, idOf(field(payload, "pull"), "#", 0), "pull request");
      if (page) out.add(`#${page.pull.number}`, "pull request", { type: "pull", ...page });
      return;
    }
    case "deployments": {
      const id = `deployment ${field(field(payload, "deployment"), "id") ?? "?"}`;
      const page = out.parse(deploymentPageSchema, payload, id, "deployment");
      if (page) out.add(id, "deployment", { type: "deployment", ...page, complete: true, created: true });
      return;
    }
    case "issues":
      listOf(payload, out, url).forEach((value, index) => {
        // The issues list includes pull requests; they are read from the pulls stream.
        if (field(value, "pull_request") !== undefined) return;
        const id = idOf(value, "#", index);
        const issue = out.parse(issueSchema, value, id, `issues[${index}]`);
        if (issue) out.add(id, `issues[${index}]`, { type: "issue", issue });
      });
      return;
    case "milestones":
      listOf(payload, out, url).forEach((value, index) => {
        const id = `milestone ${idOf(value, "", index)}`;
        const milestone = out.parse(milestoneSchema, value, id, `milestones[${index}]`);
        if (milestone) out.add(id, `milestones[${index}]`, { type: "milestone", milestone });
      });
      return;
    case "releases":
      listOf(payload, out, url).forEach((value, index) => {
        const id = `release ${idOf(value, "", index)}`;
        const release = out.parse(releaseSchema, value, id, `releases[${index}]`);
        if (release) out.add(id, `releases[${index}]`, { type: "release", release });
      });
      return;
    default:
      out.problems.push({ stage: "extract", sourceRecordId: url, reason: `unknown stream "${stream}"` });
  }
};

const pullChange = (action: string, payload: unknown): PullChange => {
  switch (action) {
    case "opened":
    case "closed":
      return { kind: action };
    case "reopened":
    case "ready_for_review":
    case "converted_to_draft":
      return { kind: action };
    case "review_requested":
    case "review_request_removed": {
      const reviewer = field(payload, "requested_reviewer") as { login: string; type?: string } | undefined;
      const team = field(field(payload, "requested_team"), "slug");
      return {
        kind: action,
        reviewer: reviewer && typeof reviewer.login === "string" ? reviewer : null,
        team: typeof team === "string" ? team : null,
      };
    }
    default:
      return { kind: "other" };
  }
};

/** One pushed delivery as records: what it changed, or why it changes nothing. */
const extractDelivery = (event: string, payload: unknown, out: Extracted, source: SourceRow) => {
  const action = String(field(payload, "action") ?? "");
  const what = action ? `${event}.${action}` : event;
  const ignore = (id: string, reason: string) => out.add(id, what, { type: "ignored", reason });
  const { repo, environment } = configOf(source);
  const from = field(field(payload, "repository"), "full_name");
  if (typeof from === "string" && from.toLowerCase() !== repo.toLowerCase())
    return ignore(what, `a delivery for ${from}; this source reads ${repo}`);

  switch (event) {
    case "pull_request": {
      const id = `#${field(field(payload, "pull_request"), "number") ?? "?"}`;
      const pull = out.parse(pullSchema, field(payload, "pull_request"), id, what);
      if (!pull) return;
      const sender = field(payload, "sender") as { login?: unknown; type?: unknown } | undefined;
      out.add(id, what, {
        type: "pull_change",
        pull,
        change: pullChange(action, payload),
        actor: typeof sender?.login === "string" ? sender.login : null,
        actorIsBot: sender?.type === "Bot",
      });
      return;
    }
    case "pull_request_review": {
      const number = Number(field(field(payload, "pull_request"), "number"));
      const review = out.parse(reviewSchema, field(payload, "review"), `#${number}`, what);
      if (review) out.add(`#${number} review ${review.id}`, what, { type: "review", number, review });
      return;
    }
    case "pull_request_review_comment":
      return ignore(
        `#${field(field(payload, "pull_request"), "number") ?? "?"}`,
        "review comments belong to a review, which its pull_request_review delivery carries",
      );
    case "issue_comment": {
      const issue = field(payload, "issue");
      const id = `#${field(issue, "number") ?? "?"}`;
      if (field(issue, "pull_request") === undefined) return ignore(id, "comments on issues are not tracked");
      if (action === "deleted")
        return ignore(id, "a deleted comment still happened; it stays until the next poll");
      const comment = out.parse(commentSchema, field(payload, "comment"), id, what);
      if (comment)
        out.add(`${id} comment ${comment.id}`, what, {
          type: "comment",
          number: Number(field(issue, "number")),
          comment,
        });
      return;
    }
    case "issues": {
      const id = `#${field(field(payload, "issue"), "number") ?? "?"}`;
      if (action === "deleted") return ignore(id, "a deleted issue keeps its last known state");
      const issue = out.parse(issueSchema, field(payload, "issue"), id, what);
      if (issue) out.add(id, what, { type: "issue", issue });
      return;
    }
    case "deployment":
    case "deployment_status": {
      const id = `deployment ${field(field(payload, "deployment"), "id") ?? "?"}`;
      const deployment = out.parse(deploymentSchema, field(payload, "deployment"), id, what);
      if (!deployment) return;
      if (environment && deployment.environment !== environment)
        return ignore(id, `environment ${deployment.environment}; this source reads ${environment}`);
      if (event === "deployment")
        return out.add(id, what, {
          type: "deployment",
          deployment,
          statuses: [],
          complete: false,
          created: true,
        });
      const status = out.parse(deploymentStatusSchema, field(payload, "deployment_status"), id, what);
      if (!status) return;
      if (status.state === "inactive") return ignore(id, "inactive: a later deployment superseded it");
      out.add(id, what, {
        type: "deployment",
        deployment,
        statuses: [status],
        complete: false,
        created: false,
      });
      return;
    }
    case "release": {
      const release = out.parse(releaseSchema, field(payload, "release"), what, what);
      if (release) out.add(`release ${release.id}`, what, { type: "release", release });
      return;
    }
    default:
      return ignore(what, `${event} deliveries are not read`);
  }
};

/** Parses one stored payload (a polled page or a pushed delivery) into GitHub records. */
export const extractGithub = (raw: RawRecord, source: SourceRow): Extraction<GithubRecord> => {
  const out = new Extracted();
  let payload: unknown;
  try {
    payload = JSON.parse(raw.payload);
  } catch (error) {
    const reason = `payload is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { records: [], problems: [{ stage: "extract", sourceRecordId: raw.url, reason }] };
  }
  if (raw.stream.startsWith("webhook:"))
    extractDelivery(raw.stream.slice("webhook:".length), payload, out, source);
  else extractPolled(raw.stream, payload, out, raw.url);
  return out;
};
