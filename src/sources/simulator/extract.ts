import type { z } from "zod";
import type { ExtractedRecord, Extraction } from "../../ingest/connector.ts";
import type { RawRecord, RunProblem } from "../../store/ingestion.ts";
import {
  SIM_STREAMS,
  type SimRecord,
  type SimStream,
  simDeploymentSchema,
  simItemSchema,
  simMilestoneSchema,
  simPullRequestSchema,
  simSprintSchema,
} from "./records.ts";

const isStream = (stream: string): stream is SimStream => (SIM_STREAMS as readonly string[]).includes(stream);

/** The record's own id, for problem reports, read leniently from a record that may be malformed. */
const idOf = (stream: SimStream, value: unknown, index: number): string => {
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const pick = (key: string) =>
    typeof record[key] === "string" || typeof record[key] === "number" ? String(record[key]) : null;
  const id =
    stream === "items"
      ? pick("key")
      : stream === "sprints"
        ? pick("number") && `sprint ${pick("number")}`
        : stream === "pull_requests"
          ? pick("number") && `${pick("repo") ?? "?"}#${pick("number")}`
          : pick("id");
  return id ?? `${stream}[${index}]`;
};

type Tagged = { readonly record: SimRecord } | { readonly error: z.ZodError };

const check = <T>(schema: z.ZodType<T>, value: unknown, wrap: (parsed: T) => SimRecord): Tagged => {
  const result = schema.safeParse(value);
  return result.success ? { record: wrap(result.data) } : { error: result.error };
};

const tag = (stream: SimStream, value: unknown): Tagged => {
  switch (stream) {
    case "sprints":
      return check(simSprintSchema, value, (sprint) => ({ stream, sprint }));
    case "milestones":
      return check(simMilestoneSchema, value, (milestone) => ({ stream, milestone }));
    case "items":
      return check(simItemSchema, value, (item) => ({ stream, item }));
    case "pull_requests":
      return check(simPullRequestSchema, value, (pullRequest) => ({ stream, pullRequest }));
    case "deployments":
      return check(simDeploymentSchema, value, (deployment) => ({ stream, deployment }));
  }
};

const describe = (error: z.ZodError): string =>
  error.issues
    .map((issue) => `${issue.path.map(String).join(".") || "(record)"}: ${issue.message}`)
    .join("; ");

/**
 * Parses one page of simulated records. A record that does not match its stream's schema becomes
 * one problem naming its id and what was wrong; the others are extracted.
 */
export const extractSimulated = (raw: RawRecord): Extraction<SimRecord> => {
  const problems: RunProblem[] = [];
  const records: ExtractedRecord<SimRecord>[] = [];
  const stream = raw.stream;
  if (!isStream(stream)) {
    return {
      records,
      problems: [{ stage: "extract", sourceRecordId: raw.url, reason: `unknown stream "${stream}"` }],
    };
  }
  let values: unknown;
  try {
    values = JSON.parse(raw.payload);
  } catch (error) {
    const reason = `payload is not JSON: ${error instanceof Error ? error.message : String(error)}`;
    return { records, problems: [{ stage: "extract", sourceRecordId: raw.url, reason }] };
  }
  if (!Array.isArray(values)) {
    return {
      records,
      problems: [{ stage: "extract", sourceRecordId: raw.url, reason: "payload is not a JSON array" }],
    };
  }
  values.forEach((value, index) => {
    const sourceRecordId = idOf(stream, value, index);
    const location = `${stream}[${index}]`;
    const tagged = tag(stream, value);
    if ("record" in tagged) records.push({ sourceRecordId, location, record: tagged.record });
    else problems.push({ stage: "extract", sourceRecordId, location, reason: describe(tagged.error) });
  });
  return { records, problems };
};
