import { parseInstant } from "../../domain/time.ts";
import type { Instant } from "../../domain/types.ts";
import { RecordError } from "../../ingest/connector.ts";

/** Small readers for Jira's JSON that fail naming the path and the value they found. */

export type JsonObject = Readonly<Record<string, unknown>>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const shown = (value: unknown) => {
  const text = JSON.stringify(value);
  return text === undefined ? "missing" : text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

export const wrongType = (path: string, expected: string, value: unknown) =>
  new RecordError(
    value === undefined ? `${path} is missing` : `${path} is ${shown(value)}, expected ${expected}`,
  );

export const object = (value: unknown, path: string): JsonObject => {
  if (!isObject(value)) throw wrongType(path, "an object", value);
  return value;
};

export const text = (value: unknown, path: string): string => {
  if (typeof value !== "string" || value === "") throw wrongType(path, "text", value);
  return value;
};

/** Jira ids come as numbers in the Agile API and as strings in the platform API. */
export const id = (value: unknown, path: string): string => {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  throw wrongType(path, "an id", value);
};

export const optionalText = (value: unknown, path: string): string | null => {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw wrongType(path, "text", value);
  return value;
};

export const instant = (value: unknown, path: string): Instant => {
  const parsed = typeof value === "string" ? parseInstant(value) : null;
  if (parsed === null) throw wrongType(path, "a timestamp", value);
  return parsed;
};

export const optionalInstant = (value: unknown, path: string): Instant | null =>
  value === undefined || value === null || value === "" ? null : instant(value, path);

export const array = (value: unknown, path: string): readonly unknown[] => {
  if (!Array.isArray(value)) throw wrongType(path, "a list", value);
  return value;
};

/** A number field: null when empty; numeric text ("3.0" in changelogs) is read as its number. */
export const optionalNumber = (value: unknown, path: string): number | null => {
  if (value === undefined || value === null || value === "") return null;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n)) throw wrongType(path, "a number", value);
  return n;
};

/** A person: `accountId` on Cloud, `name` (or `key`) on Data Center. */
export const account = (value: unknown, path: string): string | null => {
  if (value === undefined || value === null) return null;
  const person = object(value, path);
  const who = person.accountId ?? person.name ?? person.key;
  if (typeof who !== "string" || who === "") throw wrongType(`${path}.accountId`, "an account id", who);
  return who;
};
